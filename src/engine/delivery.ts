/**
 * Whether a message may go out now: consent, quiet hours and channel-wide frequency caps,
 * decided at send time (consent can change while a message waits in the outbox).
 */
import { isWithinWindow, nextWindowStart } from "./time"

/**
 * The channels journeys send on, each with the customer field that addresses a customer there.
 * Adding a channel is an entry here and its Notification provider; the validators, the models'
 * enums (then a generated migration), the dispatcher and the store's preferences follow.
 */
export const CHANNEL_ADDRESSES = {
  email: { field: "email", noun: "email address" },
  sms: { field: "phone", noun: "phone number" },
  push: { field: "id", noun: "customer" },
} as const
export type Channel = keyof typeof CHANNEL_ADDRESSES
export const CHANNELS = Object.keys(CHANNEL_ADDRESSES) as [Channel, ...Channel[]]
export type Category = "marketing" | "transactional"
export type ConsentStatus = "subscribed" | "unsubscribed" | "suppressed"
export type ConsentPolicy = "opt_in" | "opt_out"

/**
 * - A suppression (hard bounce, complaint) stops everything on that address: sending again
 *   harms deliverability and the sender's reputation.
 * - An SMS opt-out (STOP) stops every SMS, transactional included: carriers require it.
 * - Marketing needs a "subscribed" under opt_in, and no "unsubscribed" under opt_out.
 * - Otherwise transactional messages (receipts, shipping) go out.
 */
export function consentVerdict(
  policy: ConsentPolicy,
  channel: Channel,
  category: Category,
  status: ConsentStatus | undefined
): { send: true } | { send: false; reason: string } {
  if (status === "suppressed") return { send: false, reason: `the ${channel} address is suppressed (hard bounce or complaint)` }
  if (channel === "sms" && status === "unsubscribed") return { send: false, reason: "the number opted out of SMS (STOP)" }
  if (category === "transactional") return { send: true }
  if (status === "unsubscribed") return { send: false, reason: `the recipient unsubscribed from marketing ${channel}` }
  if (policy === "opt_in" && status !== "subscribed") {
    return { send: false, reason: `no marketing consent for ${channel} (the store's consent policy is opt-in)` }
  }
  return { send: true }
}

/** Local hours during which a channel stays silent, e.g. 21:00–08:00 (overnight when to ≤ from). */
export type QuietHours = { from: string; to: string }

/** When `at` falls in the quiet hours in `zone`, the instant they end; otherwise null. */
export function quietHoursEnd(at: Date, quiet: QuietHours, zone: string): Date | null {
  if (!isWithinWindow(at, quiet, zone)) return null
  return nextWindowStart(at, { from: quiet.to, to: quiet.from }, zone)
}
