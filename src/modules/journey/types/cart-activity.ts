/** What a cart subscriber saw of a cart. */
export type CartSnapshot = {
  id: string
  customer_id: string | null
  email: string | null
  item_count: number
  fingerprint: string
  completed_at: string | null
}

export type IdleCart = { id: string; customer_id: string | null; email: string | null; last_activity_at: Date }
