import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { resolveJourneyModule, type ClaimedEffect } from "../../modules/journey"
import { mapConcurrently } from "../../utils/map-concurrently"
import { leaseEnd } from "../retry-policy"
import { effectRecord, lostEffect, type EffectOutcome } from "./outcomes"
import { updateCustomer } from "./update-customer"
import { deliverWebhook } from "./webhook"

export type ExecuteEffectsInput = {
  /** ISO time of the run (the engine clock). */
  now: string
  /** Effects claimed per batch; the plugin's `batch_size` by default. */
  batch_size?: number
}

export type EffectTotals = { done: number; retried: number; failed: number; requeued: number }

/**
 * Effects in flight at once. With webhooks timing out after 10 s, a batch of 500 takes at most
 * 500 s, within the claim's 10-minute lease.
 */
const EFFECT_CONCURRENCY = 10

async function execute(container: MedusaContainer, effect: ClaimedEffect, secret: string | undefined): Promise<EffectOutcome> {
  try {
    return effect.type === "webhook" ? await deliverWebhook(effect, secret) : await updateCustomer(container, effect)
  } catch (error) {
    // Unexpected (the database, a Medusa workflow): worth another try, with the reason kept.
    return { id: effect.id, attempts: effect.attempts, result: "retry", error: error instanceof Error ? error.message : String(error) }
  }
}

/**
 * Carries out every effect due at `now` — customer updates and webhooks — batch after batch until
 * none is left, after requeueing those whose lease expired. Like messages: claimed (committed
 * `running`), executed outside any transaction, then recorded in one statement, so an effect runs
 * at least once; customer updates change only what is not already so, and webhooks carry a stable
 * delivery id for receivers to deduplicate on.
 */
export const executeEffectsStep = createStep(
  "journeys-execute-due-effects",
  async (input: ExecuteEffectsInput, { container }) => {
    const service = resolveJourneyModule(container)
    const { batch_size, secret, max_attempts } = service.getOptions()
    const now = new Date(input.now)
    const size = input.batch_size ?? batch_size
    const totals: EffectTotals = { done: 0, retried: 0, failed: 0, requeued: 0 }
    const lost = await service.requeueExpiredEffects(now, (expired) => expired.map((row) => lostEffect(row, max_attempts, now)))
    for (const { status } of lost) totals[status === "queued" ? "requeued" : "failed"]++
    for (;;) {
      const claimed = await service.claimDueEffects(now, size, leaseEnd(now, service.getOptions().claim_lease_seconds))
      const outcomes = await mapConcurrently(claimed, EFFECT_CONCURRENCY, (effect) => execute(container, effect, secret))
      const records = outcomes.map((outcome, index) => effectRecord(outcome, claimed[index], now, service.getOptions()))
      for (const { status } of await service.recordEffects(records)) {
        totals[status === "done" ? "done" : status === "queued" ? "retried" : "failed"]++
      }
      if (claimed.length < size) return new StepResponse(totals)
    }
  }
)
