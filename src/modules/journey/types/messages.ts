import type { Channel } from "../../../engine"
/** What a provider or a tracking call reports about a sent message. */
export type MessageEvent = {
  /** Our message id (signed tracking calls) or the provider's id (webhooks). */
  message_id?: string
  provider_message_id?: string
  type: "delivered" | "opened" | "clicked" | "bounced" | "complained" | "failed"
  at: Date
  /** The provider's words for a failure or a bounce. */
  detail?: string | null
}

export type ReportedMessage = {
  id: string
  journey_id: string | null
  enrollment_id: string | null
  node_id: string | null
  customer_id: string | null
  channel: Channel
  recipient: string
  category: "marketing" | "transactional"
  tag: string | null
  is_test: boolean
}
