import type { ClaimedEnrollment } from "./enrollments"

export type JourneyEnrollmentCounts = {
  entered: number
  in_progress: number
  completed: number
  exited: number
  converted: number
}

export type JourneyEnrollmentFilters = {
  status?: ClaimedEnrollment["status"][]
  /** The node the enrollment is at (or ended at). */
  node?: string
  email?: string
  is_test: boolean
}

/** An enrollment as the admin lists it. */
export type JourneyEnrollmentRow = {
  id: string
  customer_id: string | null
  email: string | null
  status: ClaimedEnrollment["status"]
  current_node: string | null
  wake_at: Date | null
  exit_reason: string | null
  is_test: boolean
  entered_at: Date
  ended_at: Date | null
  converted_at: Date | null
  conversion_value: number | null
  version: { id: string; number: number }
}

export type JourneyNodeStats = {
  /** Different enrollments that reached the node. */
  entered: number
  /** Enrollments at the node now. */
  active: number
  waiting: number
  /** Enrollments that left the journey at the node: completed there (an exit step, an open end) or exited (a goal, a stop). */
  exited: number
  /** Of those that reached the node, how many converted, and their revenue. */
  converted: number
  revenue: number
  /** The node's messages by status (a partition), and how many were opened / clicked. */
  messages: {
    queued: number
    sending: number
    sent: number
    delivered: number
    failed: number
    skipped: number
    cancelled: number
    opened: number
    clicked: number
  }
}

export type JourneyStatsTotals = {
  entered: number
  in_progress: number
  completed: number
  exited: number
  exited_by_reason: Record<string, number>
  failed: number
  /** Different enrollments whose messages were sent (or opened), opened, clicked: the funnel's steps. */
  messaged: number
  opened: number
  clicked: number
  converted: number
  /** Sum of the conversions' order totals, in whatever currencies the orders were in. */
  revenue: number
}

export type JourneyStats = { nodes: Record<string, JourneyNodeStats>; totals: JourneyStatsTotals }
