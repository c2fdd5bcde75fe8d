import type { MedusaContainer } from "@medusajs/framework/types"
import { dispatchOutboxWorkflow, executeEffectsWorkflow } from "../workflows"
import { jobSchedule } from "../utils/job-schedule"

/**
 * Every minute (or every JOURNEYS_JOB_INTERVAL_SECONDS): send every queued message and carry out every queued effect (customer updates,
 * webhooks) that is due. Safe on several workers at once. The two outboxes run side by side, so
 * a slow webhook receiver does not hold up messages; a failure of either is reported after both.
 */
export default async function dispatchOutbox(container: MedusaContainer) {
  const input = { now: new Date().toISOString() }
  const runs = await Promise.allSettled([
    dispatchOutboxWorkflow(container).run({ input }),
    executeEffectsWorkflow(container).run({ input }),
  ])
  const errors = runs.flatMap((run) => (run.status === "rejected" ? [run.reason] : []))
  if (errors.length === 1) throw errors[0]
  if (errors.length) throw new AggregateError(errors, "both the message outbox and the effect outbox failed")
}

export const config = { name: "journeys-dispatch-outbox", schedule: jobSchedule() }
