/** A customer in a segment, as the member list and the export show them. */
export type SegmentMember = {
  id: string
  email: string | null
  first_name: string | null
  last_name: string | null
  created_at: Date
}

export type SegmentPreview = {
  count: number
  sample: Omit<SegmentMember, "created_at">[]
  elapsed_ms: number
}
