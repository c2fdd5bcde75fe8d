import type { ExpiredAttempt, OutboxRecord } from "../modules/journey"


/** The plugin options that say how often and how soon a failed send or effect is tried again. */
export type RetryPolicy = { max_attempts: number; retry_delay_seconds: number }

/** Wait before the next attempt: `firstSeconds` (1 min by default) after the first failure, doubling, at most 6 h. */
export const retryDelayMs = (attempts: number, firstSeconds = 60) =>
  Math.min(firstSeconds * 1000 * 2 ** (attempts - 1), 6 * 3_600_000)

/**
 * The end of the lease of what is claimed at `now` (a send, an effect, a segment read): how long it
 * may stay under way before it is presumed lost (its worker stopped) and taken again. The plugin
 * option `claim_lease_seconds`, 10 minutes by default.
 */
export const leaseEnd = (now: Date, leaseSeconds = 600) => new Date(now.getTime() + leaseSeconds * 1000)

/** When a failed attempt is tried again (after its backoff, at least `atLeastMs`), or null once `max_attempts` are used. */
export function nextAttemptAt(attempts: number, retry: RetryPolicy, now: Date, atLeastMs = 0): Date | null {
  return attempts < retry.max_attempts
    ? new Date(now.getTime() + Math.max(retryDelayMs(attempts, retry.retry_delay_seconds), atLeastMs))
    : null
}

/**
 * An attempt whose lease expired: due again at once under the same id, or failed when it was the
 * last. Whether it reached the provider or the receiver is unknown: `error` says so.
 */
export function lostAttempt(expired: ExpiredAttempt, maxAttempts: number, now: Date, error: string) {
  const last = expired.attempts >= maxAttempts
  return {
    id: expired.id,
    attempts: expired.attempts,
    status: last ? "failed" : "queued",
    next_attempt_at: last ? null : now,
    error,
  } satisfies OutboxRecord<"failed" | "queued">
}
