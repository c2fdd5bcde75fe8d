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

/** A segment read a worker has just leased: where it stands. */
export type ClaimedSegmentRead = {
  id: string
  journey_id: string
  version_id: string
  segment_id: string
  total: number | null
  cursor: string | null
  started_at: Date
}

/** One batch of a segment read, from the cursor `from` to the last customer id handled `to`. */
export type SegmentReadProgress = {
  from: string | null
  to: string | null
  entered: number
  skipped: number
  /** The last batch: the read ends `done` at `now`. */
  done: boolean
  /** With the last batch, a repeating trigger's next read of the version, due then. */
  next?: Date | null
  now: Date
  leaseUntil: Date
}
