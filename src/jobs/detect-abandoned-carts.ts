import type { MedusaContainer } from "@medusajs/framework/types"
import { detectAbandonedCartsWorkflow } from "../workflows"
import { jobSchedule } from "../utils/job-schedule"

/** Every minute (or every JOURNEYS_JOB_INTERVAL_SECONDS): enter the carts that went idle into cart_abandoned journeys. Safe on several workers. */
export default async function detectAbandonedCarts(container: MedusaContainer) {
  await detectAbandonedCartsWorkflow(container).run({ input: { now: new Date().toISOString() } })
}

export const config = { name: "journeys-detect-abandoned-carts", schedule: jobSchedule() }
