import type { ClaimedEffect, EffectRecord, ExpiredEffect } from "../../modules/journey"
import { lostAttempt, nextAttemptAt, type RetryPolicy } from "../retry-policy"

/** What became of one claimed attempt; `attempts` identifies the claim. */
export type EffectOutcome = { id: string; attempts: number; response_status?: number | null } & (
  /** `detail` tells the timeline what was done. */
  | { result: "done"; detail: string }
  /** Worth trying again (network, timeout, 408/429/5xx), until `max_attempts`. */
  | { result: "retry"; error: string }
  /** Will never succeed as it is (a 4xx, a missing customer or group). */
  | { result: "failed"; error: string }
)

type Attempted = Pick<ClaimedEffect, "id" | "type" | "enrollment_id" | "node_id" | "attempts">

/**
 * What an outcome writes, with the same backoff and `max_attempts` as messages: done; queued for
 * another try; failed at once or after the last attempt. An effect that ends says so on its
 * enrollment's timeline.
 */
export function effectRecord(outcome: EffectOutcome, effect: Attempted, now: Date, retry: RetryPolicy): EffectRecord {
  const next = outcome.result === "retry" ? nextAttemptAt(outcome.attempts, retry, now) : null
  const record = {
    id: outcome.id,
    attempts: outcome.attempts,
    next_attempt_at: next,
    completed_at: next ? null : now,
    response_status: outcome.response_status ?? null,
  }
  if (outcome.result === "done") return { ...record, status: "done", error: null, ...ended(effect, "done", outcome.detail, record, now) }
  if (next) return { ...record, status: "queued", error: outcome.error }
  return { ...record, status: "failed", error: outcome.error, ...ended(effect, "failed", outcome.error, record, now) }
}

/** An effect whose lease expired (see lostAttempt): a webhook receiver may see the same delivery id twice. */
export function lostEffect(expired: ExpiredEffect, maxAttempts: number, now: Date): EffectRecord {
  const lost = lostAttempt(expired, maxAttempts, now, "the attempt was not recorded before its lease expired (a worker stopped); it may have taken place")
  const record = { ...lost, completed_at: lost.status === "failed" ? now : null, response_status: expired.response_status }
  return lost.status === "failed" ? { ...record, ...ended(expired, "failed", lost.error, record, now) } : record
}

/** The timeline line of an effect that ended: what was done, or why it failed for good. */
function ended(
  effect: Pick<ClaimedEffect, "id" | "type" | "enrollment_id" | "node_id">,
  status: "done" | "failed",
  detail: string,
  record: { attempts: number; response_status: number | null },
  now: Date
): Pick<EffectRecord, "activity"> {
  if (!effect.enrollment_id) return {}
  const what = effect.type === "webhook" ? "webhook" : "customer update"
  const tries = record.attempts > 1 ? ` after ${record.attempts} attempts` : ""
  return {
    activity: {
      enrollment_id: effect.enrollment_id,
      node_id: effect.node_id,
      type: status === "failed" ? "error" : effect.type === "webhook" ? "webhook" : "customer_updated",
      reason: status === "failed" ? `${what} failed${tries}: ${detail}` : detail,
      data: { effect_id: effect.id, attempts: record.attempts, response_status: record.response_status },
      occurred_at: now,
    },
  }
}
