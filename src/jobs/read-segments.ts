import type { MedusaContainer } from "@medusajs/framework/types"
import { readSegmentsWorkflow } from "../workflows"
import { jobSchedule } from "../utils/job-schedule"
import { recordJobRun } from "../utils/job-runs"

/** Every minute (or every JOURNEYS_JOB_INTERVAL_SECONDS): enroll the members of newly published segment journeys, resuming unfinished reads. Safe on several workers. */
export default async function readSegments(container: MedusaContainer) {
  return recordJobRun(container, config.name, async () => {
    const { result } = await readSegmentsWorkflow(container).run({ input: { now: new Date().toISOString() } })
    return { reads: result.reads.length, entered: result.entered }
  })
}

export const config = { name: "journeys-read-segments", schedule: jobSchedule() }
