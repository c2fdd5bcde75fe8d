import type { MedusaContainer } from "@medusajs/framework/types"
import { dispatchOutboxWorkflow, executeEffectsWorkflow } from "../workflows"
import { jobSchedule } from "../utils/job-schedule"
import { PartialRunError, recordJobRun } from "../utils/job-runs"

/**
 * Every minute (or every JOURNEYS_JOB_INTERVAL_SECONDS): send every queued message and carry out every queued effect (customer updates,
 * webhooks) that is due. Safe on several workers at once. The two outboxes run side by side, so
 * a slow webhook receiver does not hold up messages; a failure of either is reported after both,
 * with what the other did.
 */
export default async function dispatchOutbox(container: MedusaContainer) {
  return recordJobRun(container, config.name, async () => {
    const input = { now: new Date().toISOString() }
    const [messages, effects] = await Promise.allSettled([
      dispatchOutboxWorkflow(container).run({ input }),
      executeEffectsWorkflow(container).run({ input }),
    ])
    const outcome = {
      messages: messages.status === "fulfilled" ? messages.value.result : null,
      effects: effects.status === "fulfilled" ? effects.value.result : null,
    }
    const errors = [messages, effects].flatMap((run) => (run.status === "rejected" ? [run.reason] : []))
    if (errors.length) throw new PartialRunError(errors, outcome)
    return outcome
  })
}

export const config = { name: "journeys-dispatch-outbox", schedule: jobSchedule() }
