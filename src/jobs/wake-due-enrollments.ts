import type { MedusaContainer } from "@medusajs/framework/types"
import { wakeDueEnrollmentsWorkflow } from "../workflows"
import { jobSchedule } from "../utils/job-schedule"
import { recordJobRun } from "../utils/job-runs"

/** Every minute (or every JOURNEYS_JOB_INTERVAL_SECONDS): advance every enrollment whose wait is due. Safe on several workers at once. */
export default async function wakeDueEnrollments(container: MedusaContainer) {
  return recordJobRun(container, config.name, async () => {
    const { result } = await wakeDueEnrollmentsWorkflow(container).run({ input: { now: new Date().toISOString() } })
    return { woken: result }
  })
}

export const config = { name: "journeys-wake-due-enrollments", schedule: jobSchedule() }
