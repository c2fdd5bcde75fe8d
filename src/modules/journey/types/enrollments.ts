import type { Channel } from "../../../engine"
/** What the execution store hands to the engine and takes back, one enrollment at a time. */

/** An enrollment claimed for a transition, with its pinned version's definition. */
export type ClaimedEnrollment = {
  id: string
  journey_id: string
  version_id: string
  customer_id: string | null
  email: string | null
  status: "active" | "waiting" | "completed" | "exited" | "failed"
  current_node: string | null
  wake_at: Date | null
  awaiting: string[] | null
  context: Record<string, unknown>
  state: Record<string, unknown> | null
  exit_reason: string | null
  entry_guard: string | null
  entered_at: Date
  is_test: boolean
  definition: unknown
}

export type NewActivity = {
  type: string
  node_id: string | null
  reason: string | null
  data?: unknown
  occurred_at: Date
}

export type NewMessage = {
  node_id: string
  channel: Channel
  template_id: string
  recipient: string
  category: "marketing" | "transactional"
  tag: string | null
  data?: unknown
  queued_at: Date
}

/** A customer update or webhook decided by a transition, carried out later by the effect executor. */
export type NewEffect = {
  node_id: string
  queued_at: Date
} & (
  | { type: "update_customer"; payload: UpdateCustomerPayload }
  | { type: "webhook"; payload: WebhookPayload }
)

/** The node's changes, merged into the customer as they are when the effect runs. */
export type UpdateCustomerPayload = { metadata?: Record<string, unknown>; add_to_group?: string; add_to_group_named?: string }

/**
 * A webhook as decided: its body template and the context it renders over, frozen at the
 * transition so a retry sends the same document.
 */
export type WebhookPayload = { url: string; body: string | null; context: WebhookContext }

/** What a webhook body renders over; with no body, the default document is built from it. */
export type WebhookContext = {
  journey_id: string
  enrollment_id: string
  node_id: string
  is_test: boolean
  /** ISO time the enrollment reached the node. */
  occurred_at: string
  customer: Record<string, unknown> | null
  cart: Record<string, unknown> | null
  order: Record<string, unknown> | null
  event: Record<string, unknown> | null
}

/** The new state of one enrollment and what it did, written in the claim's transaction. */
export type Transition = Pick<
  ClaimedEnrollment,
  "id" | "status" | "current_node" | "wake_at" | "awaiting" | "state" | "exit_reason" | "entry_guard"
> & {
  /** The new context, or null when it did not change (most transitions: the row keeps its value). */
  context: Record<string, unknown> | null
  ended_at: Date | null
  conversion?: { at: Date; order_id: string | null; value: number | null }
  activities: NewActivity[]
  messages: NewMessage[]
  effects: NewEffect[]
}

export type NewEnrollment = {
  journey_id: string
  version_id: string
  customer_id: string | null
  email: string | null
  context: Record<string, unknown>
  trigger_key: string
  entry_guard: string | null
  entered_at: Date
  is_test?: boolean
}

/**
 * The module's callback for decisions. A method that claims rows (locked, in its transaction)
 * hands them to the caller's `decide` and writes what it returns in the same transaction: the
 * workflows decide (the interpreter's transitions, the retry policy), the module only stores.
 * A claimed row absent from the decisions is left as it is.
 */
export type Decide<Claimed, Decision> = (claimed: Claimed[]) => Decision[] | Promise<Decision[]>

/** Decides the next transition of claimed enrollments (see JourneyModuleService.enroll / transitionDue). */
export type DecideTransitions<T extends ClaimedEnrollment = ClaimedEnrollment> = Decide<T, Transition>

/** A customer's event as recorded (journey_event) and matched against what enrollments await. */
export type CustomerEvent = {
  id: string
  name: string
  customer_id: string | null
  email: string | null
  data: unknown
  occurred_at: Date
}

/** An enrollment claimed by an event of a batch: `event` is that event's index. */
export type ReactingEnrollment = ClaimedEnrollment & { event: number }

/** What a batch of events does once recorded (see handleCustomerEvents). */
export type EventBatchPlan = {
  /** Events (indexes) whose customer does not exist: their records are withdrawn, nothing reacts to them. */
  absent: number[]
  react: DecideTransitions<ReactingEnrollment>
  /** The journeys the events start, and their versions' definitions when the caller has them. */
  entries: NewEnrollment[]
  definitions: Map<string, unknown> | null
}

/** What handleCustomerEvents did: per event whether it was new, then who reacted and who entered. */
export type EventBatchResult = {
  recorded: boolean[]
  reacted: { event: number; id: string }[]
  entered: { trigger_key: string; id: string }[]
}

/** A published version of a live journey; `definition` is null when the caller said it has it. */
export type LiveVersion = { id: string; journey_id: string; published_at: Date | null; definition: unknown }
