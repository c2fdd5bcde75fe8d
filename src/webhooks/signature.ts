/**
 * Signatures of the webhooks journeys send, for receivers to verify:
 * `import { verifyWebhookSignature } from "medusa-plugin-journeys/webhooks/signature"`.
 * Depends on node:crypto only, so a receiver outside Medusa can import it (or copy it).
 *
 * X-Journeys-Signature is `v1=` + hex HMAC-SHA256(secret, `${timestamp}.${raw body}`), where the
 * timestamp is X-Journeys-Timestamp (unix seconds): signing the time with the body lets a receiver
 * refuse a captured request replayed later.
 */
import { createHmac, timingSafeEqual } from "node:crypto"

export const WEBHOOK_HEADERS = {
  /** The delivery's id, the same on every retry: the receiver's idempotency key. */
  delivery: "x-journeys-delivery",
  timestamp: "x-journeys-timestamp",
  signature: "x-journeys-signature",
  /** "true" when the enrollment is a test (test mode in the admin). */
  test: "x-journeys-test",
} as const

/** Five minutes either way, for clocks that drift. */
export const DEFAULT_TOLERANCE_SECONDS = 300

/** The X-Journeys-Signature value of `body` sent at `timestamp` (unix seconds). */
export function signWebhook(secret: string, timestamp: number, body: string | Buffer): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex")}`
}

export type VerifyWebhookInput = {
  /** The plugin's `secret` option. */
  secret: string
  /** The request body exactly as received (not re-serialized JSON). */
  body: string | Buffer
  /** The X-Journeys-Timestamp header. */
  timestamp: string | null | undefined
  /** The X-Journeys-Signature header. */
  signature: string | null | undefined
  toleranceSeconds?: number
  /** The receiver's clock, ms since the epoch; Date.now() by default. */
  now?: number
}

/** True when the signature is the secret's for this body and timestamp, and the timestamp is recent. */
export function verifyWebhookSignature({
  secret,
  body,
  timestamp,
  signature,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
  now = Date.now(),
}: VerifyWebhookInput): boolean {
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false
  const sentAt = Number(timestamp)
  if (Math.abs(now / 1000 - sentAt) > toleranceSeconds) return false
  const expected = Buffer.from(signWebhook(secret, sentAt, body))
  const given = Buffer.from(signature)
  return given.length === expected.length && timingSafeEqual(given, expected)
}
