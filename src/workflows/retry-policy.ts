import type { ExpiredAttempt, OutboxRecord } from "../modules/journey"

/** How long a claimed message, effect or segment read may stay under way before it is presumed lost and taken again. */
export const SEND_LEASE_MS = 10 * 60_000

/** Wait before the next attempt: 1 min after the first failure, doubling, at most 6 h. */
export const retryDelayMs = (attempts: number) => Math.min(60_000 * 2 ** (attempts - 1), 6 * 3_600_000)

/** The end of the lease of attempts claimed at `now`. */
export const leaseEnd = (now: Date) => new Date(now.getTime() + SEND_LEASE_MS)

/** When a failed attempt is tried again (after its backoff, at least `atLeastMs`), or null once `maxAttempts` are used. */
export function nextAttemptAt(attempts: number, maxAttempts: number, now: Date, atLeastMs = 0): Date | null {
  return attempts < maxAttempts ? new Date(now.getTime() + Math.max(retryDelayMs(attempts), atLeastMs)) : null
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
