import type { EntityManager } from "@medusajs/framework/mikro-orm/knex"
import type { Context } from "@medusajs/framework/types"
import { InjectManager, InjectTransactionManager, MedusaContext } from "@medusajs/framework/utils"
import type { Backlog, JobOutcome, JobRunRepository, JobRunStatus } from "./repositories"

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ServiceClass = new (...args: any[]) => object

/**
 * The service's operations layer (as ./segments, so service.ts stays a list of thin calls): the
 * record of the scheduled jobs' runs (src/utils/job-runs.ts writes it) and the figures of
 * GET /admin/journeys/status, all through the job-run repository.
 */
export function withJobRuns<T extends ServiceClass>(Base: T) {
  class JobRuns extends Base {
    readonly #runs: JobRunRepository

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    constructor(...args: any[]) {
      super(...args)
      this.#runs = (args[0] as { jobRunRepository: JobRunRepository }).jobRunRepository
    }

    /** Records that `worker` started `job`, deleting the job's runs from before `keepSince`; returns the run's id. */
    @InjectTransactionManager()
    async startJobRun(
      job: string,
      worker: string,
      startedAt: Date,
      keepSince: Date,
      @MedusaContext() sharedContext: Context<EntityManager> = {}
    ): Promise<string> {
      return this.#runs.start(job, worker, startedAt, keepSince, sharedContext)
    }

    /** Records how a run ended: what it did, and its error when it failed. */
    @InjectTransactionManager()
    async finishJobRun(
      id: string,
      end: { finished_at: Date; outcome: JobOutcome | null; error: string | null },
      @MedusaContext() sharedContext: Context<EntityManager> = {}
    ): Promise<void> {
      return this.#runs.finish(id, end, sharedContext)
    }

    /** Each of these jobs' last run and its runs of the hour before `now`, and the workers of the last 10 minutes. */
    @InjectManager()
    async jobRunStatus(
      jobs: string[],
      now: Date,
      @MedusaContext() sharedContext: Context<EntityManager> = {}
    ): Promise<JobRunStatus> {
      return this.#runs.status(jobs, now, sharedContext)
    }

    /**
     * The work due at `now` and not yet done — enrollments, messages, effects, segment reads — in
     * one statement on the claims' indexes; `dispatchJob` names the job whose runs count failed messages.
     */
    @InjectManager()
    async backlog(
      now: Date,
      dispatchJob: string,
      @MedusaContext() sharedContext: Context<EntityManager> = {}
    ): Promise<Backlog> {
      return this.#runs.backlog(now, dispatchJob, sharedContext)
    }
  }
  return JobRuns
}
