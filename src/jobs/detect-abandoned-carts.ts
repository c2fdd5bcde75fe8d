import type { MedusaContainer } from "@medusajs/framework/types"
import { detectAbandonedCartsWorkflow } from "../workflows"
import { jobSchedule } from "../utils/job-schedule"
import { recordJobRun } from "../utils/job-runs"

/** Every minute (or every JOURNEYS_JOB_INTERVAL_SECONDS): enter the carts that went idle into cart_abandoned journeys. Safe on several workers. */
export default async function detectAbandonedCarts(container: MedusaContainer) {
  return recordJobRun(container, config.name, async () => {
    const { result } = await detectAbandonedCartsWorkflow(container).run({ input: { now: new Date().toISOString() } })
    return { entered: result }
  })
}

export const config = { name: "journeys-detect-abandoned-carts", schedule: jobSchedule() }
