import type { RenderedMessage } from "../../engine"
import type { ClaimedMessage, ExpiredAttempt, MessageRecord } from "../../modules/journey"
import { lostAttempt, nextAttemptAt, type RetryPolicy } from "../retry-policy"

/**
 * What became of one claimed attempt; `attempts` identifies the claim. An attempt that reached the
 * provider carries the `content` it handed over.
 */
export type DispatchOutcome = { id: string; attempts: number } & (
  | { result: "sent"; notification_id: string; provider_message_id: string | null; content: RenderedMessage }
  /**
   * Worth trying again (the provider failed), until `max_attempts`; not before `retry_after_ms`
   * when the provider said so (a 429's Retry-After).
   */
  | { result: "retry"; error: string; retry_after_ms?: number; content: RenderedMessage }
  /** Will never succeed as it is (template deleted or not rendering). */
  | { result: "failed"; error: string }
  /** Not to be sent (consent, frequency cap): ends `skipped` with the reason. */
  | { result: "skipped"; reason: string }
  /** Not now (quiet hours): queued again for `until`, this attempt not counted. */
  | { result: "deferred"; reason: string; until: Date }
)

/**
 * What an outcome writes: sent; retried with exponential backoff (back to `queued`); failed for
 * good, or after `max_attempts`; skipped (consent, cap) or deferred to the end of quiet hours
 * (queued again, the attempt given back), each of those two with a line in its enrollment's timeline.
 */
export function messageRecord(
  outcome: DispatchOutcome,
  message: Pick<ClaimedMessage, "enrollment_id" | "node_id"> | undefined,
  now: Date,
  retry: RetryPolicy
): MessageRecord {
  const claim = { id: outcome.id, attempts: outcome.attempts }
  const line = (type: string, reason: string) =>
    message?.enrollment_id
      ? { activity: { enrollment_id: message.enrollment_id, node_id: message.node_id, type, reason, data: { message_id: outcome.id }, occurred_at: now } }
      : {}
  switch (outcome.result) {
    case "sent":
      return {
        ...claim,
        status: "sent",
        notification_id: outcome.notification_id,
        provider_message_id: outcome.provider_message_id,
        sent_at: now,
        next_attempt_at: null,
        error: null,
        content: outcome.content,
      }
    case "skipped":
      return { ...claim, status: "skipped", next_attempt_at: null, error: null, skip_reason: outcome.reason, ...line("message_skipped", outcome.reason) }
    case "deferred":
      return {
        ...claim,
        status: "queued",
        next_attempt_at: outcome.until,
        error: null,
        uncounted: true,
        ...line("waiting", `${outcome.reason}: sent at ${outcome.until.toISOString()}`),
      }
    default: {
      const next = outcome.result === "retry" ? nextAttemptAt(outcome.attempts, retry, now, outcome.retry_after_ms) : null
      return {
        ...claim,
        status: next ? "queued" : "failed",
        next_attempt_at: next,
        error: outcome.error,
        ...(outcome.result === "retry" && { content: outcome.content }),
      }
    }
  }
}

/** A send whose lease expired (see lostAttempt); the provider deduplicates by message id where it can. */
export const lostSend = (expired: ExpiredAttempt, maxAttempts: number, now: Date): MessageRecord =>
  lostAttempt(expired, maxAttempts, now, "the send was not recorded before its lease expired (a worker stopped); it may have been sent")
