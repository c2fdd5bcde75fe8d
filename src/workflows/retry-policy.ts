import type { ExpiredAttempt, OutboxRecord } from "../modules/journey"

/** How long a claimed message, effect or segment read may stay under way before it is presumed lost and taken again. */
export const SEND_LEASE_MS = 10 * 60_000

/** The plugin options that say how often and how soon a failed send or effect is tried again. */
export type RetryPolicy = { max_attempts: number; retry_delay_seconds: number }

/** Wait before the next attempt: `firstSeconds` (1 min by default) after the first failure, doubling, at most 6 h. */
export const retryDelayMs = (attempts: number, firstSeconds = 60) =>
  Math.min(firstSeconds * 1000 * 2 ** (attempts - 1), 6 * 3_600_000)

/** The end of the lease of attempts claimed at `now`. */
export const leaseEnd = (now: Date) => new Date(now.getTime() + SEND_LEASE_MS)

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
