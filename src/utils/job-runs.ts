import os from "node:os"
import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { resolveJourneyModule, type JobOutcome } from "../modules/journey"

/** This process, as a job run records it. */
export const WORKER = `${os.hostname()}:${process.pid}`

/** How long runs are kept: each run of a job deletes that job's runs older than this. */
export const JOB_RUN_RETENTION_MS = 7 * 86_400_000

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

/**
 * A run that failed after doing part of its work: `outcome`, what was done, is recorded with the
 * errors' messages.
 */
export class PartialRunError extends AggregateError {
  constructor(errors: unknown[], readonly outcome: JobOutcome) {
    super(errors, errors.map(messageOf).join("; "))
  }
}

/**
 * Runs a scheduled job's work and records the run (journey_job_run): its row is written when it
 * starts, then completed with what `run` returned, or with its error, which is thrown again for
 * Medusa to log. The record is for operators: a failure to write it is logged and the work goes on.
 */
export async function recordJobRun<T extends JobOutcome>(
  container: { resolve: <R>(key: string) => R },
  job: string,
  run: () => Promise<T>
): Promise<T> {
  const journeys = resolveJourneyModule(container)
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const unrecorded = (error: unknown) => {
    logger.warn(`Journeys: the run of ${job} was not recorded: ${messageOf(error)}`)
    return null
  }
  const started = new Date()
  const id = await journeys
    .startJobRun(job, WORKER, started, new Date(started.getTime() - JOB_RUN_RETENTION_MS))
    .catch(unrecorded)
  const finish = async (outcome: JobOutcome | null, error: string | null) => {
    if (id) await journeys.finishJobRun(id, { finished_at: new Date(), outcome, error }).catch(unrecorded)
  }
  try {
    const outcome = await run()
    await finish(outcome, null)
    return outcome
  } catch (error) {
    await finish(error instanceof PartialRunError ? error.outcome : null, messageOf(error))
    throw error
  }
}
