import type { Channel } from "../../../engine"

export type ConsentEntry = {
  channel: Channel
  address: string
  status: "subscribed" | "unsubscribed" | "suppressed"
  /** Where the answer came from: unsubscribe_link, sms_keyword, provider, store, admin. */
  source: string
  reason?: string | null
  customer_id?: string | null
}

export type ConsentStatus = ConsentEntry["status"]
