import type { MedusaContainer } from "@medusajs/framework/types"
import { wakeDueEnrollmentsWorkflow } from "../workflows"
import { jobSchedule } from "../utils/job-schedule"

/** Every minute (or every JOURNEYS_JOB_INTERVAL_SECONDS): advance every enrollment whose wait is due. Safe on several workers at once. */
export default async function wakeDueEnrollments(container: MedusaContainer) {
  await wakeDueEnrollmentsWorkflow(container).run({ input: { now: new Date().toISOString() } })
}

export const config = { name: "journeys-wake-due-enrollments", schedule: jobSchedule() }
