import type { NewActivity, UpdateCustomerPayload, WebhookPayload } from "./enrollments"
import type { Channel, Enrichment, RenderedMessage } from "../../../engine"

/** A message claimed for sending, with what rendering it needs. */
export type ClaimedMessage = {
  id: string
  journey_id: string | null
  enrollment_id: string | null
  customer_id: string | null
  node_id: string | null
  channel: Channel
  template_id: string
  recipient: string
  category: "marketing" | "transactional"
  tag: string | null
  data: Record<string, unknown> | null
  is_test: boolean
  /** Attempts so far, this one included. */
  attempts: number
  /** The enrollment's context (customer, cart, order, event); null without an enrollment. */
  context: Record<string, unknown> | null
  /** The zone of the journey version that queued it. */
  journey_timezone: string | null
  /** What its send node loads for the template (ENRICHMENTS); null when nothing. */
  enrich: Enrichment[] | null
  /** Null when the template was deleted. */
  template: {
    status: "draft" | "published"
    channel: Channel
    subject: string | null
    html: string | null
    text: string | null
    title: string | null
    body: string | null
    data: Record<string, unknown> | null
  } | null
}

/** An effect claimed for execution, with what it needs. */
export type ClaimedEffect = {
  id: string
  journey_id: string | null
  enrollment_id: string | null
  customer_id: string | null
  node_id: string | null
  is_test: boolean
  /** Attempts so far, this one included. */
  attempts: number
} & ({ type: "update_customer"; payload: UpdateCustomerPayload } | { type: "webhook"; payload: WebhookPayload })

/**
 * What the caller decided for one claimed attempt, written only while that claim holds: a row
 * claimed again since (its lease expired and it was requeued) is left alone.
 */
export type OutboxRecord<Status extends string> = {
  id: string
  /** The attempts of the claim this records. */
  attempts: number
  status: Status
  next_attempt_at: Date | null
  error: string | null
  /** A line for the enrollment's timeline, written with the record. */
  activity?: NewActivity & { enrollment_id: string }
}

export type MessageRecord = OutboxRecord<"sent" | "queued" | "failed" | "skipped"> & {
  notification_id?: string | null
  provider_message_id?: string | null
  sent_at?: Date | null
  skip_reason?: string | null
  /** What this attempt handed to the provider; absent when it reached none (the last one's stays). */
  content?: RenderedMessage
  /** The attempt does not count (deferred before sending): attempts and error go back to what they were. */
  uncounted?: boolean
}

export type EffectRecord = OutboxRecord<"done" | "queued" | "failed"> & {
  completed_at: Date | null
  response_status: number | null
}

/** An attempt left claimed past its lease: its worker stopped between the claim and the record. */
export type ExpiredAttempt = {
  id: string
  attempts: number
  enrollment_id: string | null
  node_id: string | null
}

export type ExpiredEffect = ExpiredAttempt & { type: ClaimedEffect["type"]; response_status: number | null }

/** An admin's change of one message or effect (retry, cancel): applied only while its status is one of `from`. */
export type OutboxChange = {
  id: string
  from: string[]
  status: string
  next_attempt_at: Date | null
  activity?: NewActivity & { enrollment_id: string }
}
