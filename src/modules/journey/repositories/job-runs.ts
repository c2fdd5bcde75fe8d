import type { EntityManager } from "@medusajs/framework/mikro-orm/knex"
import type { Context } from "@medusajs/framework/types"
import { MikroOrmBase } from "@medusajs/framework/utils"
import { query } from "../utils/query"
import { newId } from "../utils/ids"

/** What a job run did: the counts its workflows returned (see the journey_job_run model). */
export type JobOutcome = Record<string, unknown>

export type JobRun = {
  started_at: Date
  finished_at: Date | null
  duration_ms: number | null
  worker: string
  outcome: JobOutcome | null
  error: string | null
}

export type JobSummary = { last_run: JobRun | null; runs_last_hour: number; failed_last_hour: number }

export type JobRunStatus = {
  jobs: Record<string, JobSummary>
  /** The processes that started a job in the last 10 minutes, the latest start of each. */
  workers: { worker: string; last_run_at: Date }[]
}

/** The work due and not yet done at an instant, as the jobs would claim it. */
export type Backlog = {
  enrollments: { due: number; oldest_due_at: Date | null; sweep_lag_seconds: number }
  messages: { due: number; oldest_due_at: Date | null; sending: number; failed_last_24h: number }
  effects: { due: number }
  segment_reads: { running: number }
}

/**
 * A run starts: its row is written, and the job's runs from before `keepSince` are deleted in the
 * same statement, through the (job, started_at) index (bindings: job, keepSince, id, job, worker,
 * started_at).
 */
const START = `
  with pruned as (delete from journey_job_run where job = ? and deleted_at is null and started_at < ?)
  insert into journey_job_run (id, job, worker, started_at) values (?, ?, ?, ?)`

/** Bindings: finished_at, outcome (JSON), error, id. */
const FINISH = `update journey_job_run set finished_at = ?, outcome = ?::jsonb, error = ?, updated_at = now() where id = ?`

/**
 * Per job: its last run, and its runs (failed ones apart) since an instant, each read through the
 * (job, started_at) index (bindings: job names, since).
 */
const JOBS = `
  select j.job, r.started_at, r.finished_at, r.worker, r.outcome, r.error,
         h.runs::int as runs_last_hour, h.failed::int as failed_last_hour
    from unnest(?::text[]) as j(job)
    left join lateral (
      select started_at, finished_at, worker, outcome, error from journey_job_run
       where job = j.job and deleted_at is null order by started_at desc limit 1) r on true
    cross join lateral (
      select count(*) as runs, count(*) filter (where error is not null) as failed from journey_job_run
       where job = j.job and deleted_at is null and started_at >= ?) h`

/** Bindings: job names, since. */
const WORKERS = `
  select worker, max(started_at) as last_run_at from journey_job_run
   where job = any(?) and deleted_at is null and started_at >= ?
   group by worker order by worker`

/**
 * The backlog at an instant in one statement, each part read through the partial index of its
 * claim: waiting enrollments by wake_at (those of paused journeys stay put, as in the sweep),
 * queued and sending messages and queued effects by (status, next_attempt_at), segment reads by
 * their due index. Messages failed lately are those the dispatch job's runs counted failed: the
 * messages table has no index to count them by (bindings: dispatch job, since, now, now, now).
 */
const BACKLOG = `
  select e.due::int as enrollments_due, e.oldest as enrollments_oldest_due_at,
         m.due::int as messages_due, m.oldest as messages_oldest_due_at,
         (select count(*) from journey_message where deleted_at is null and status = 'sending')::int as messages_sending,
         (select coalesce(sum((outcome->'messages'->>'failed')::int), 0) from journey_job_run
           where job = ? and deleted_at is null and started_at >= ?)::int as messages_failed_last_24h,
         (select count(*) from journey_effect
           where deleted_at is null and status = 'queued' and next_attempt_at <= ?)::int as effects_due,
         (select count(*) from journey_segment_read
           where deleted_at is null and status = 'running')::int as segment_reads_running
    from (select count(*) as due, min(c.wake_at) as oldest from journey_enrollment c
           where c.deleted_at is null and c.status = 'waiting' and c.wake_at is not null and c.wake_at <= ?
             and exists (select 1 from journey j where j.id = c.journey_id and j.status <> 'paused')) e,
         (select count(*) as due, min(next_attempt_at) as oldest from journey_message
           where deleted_at is null and status = 'queued' and next_attempt_at <= ?) m`

const date = (value: Date | string | null) => (value === null ? null : new Date(value))

/** The record of the plugin's scheduled job runs, and the figures an operator watches. */
export class JobRunRepository extends MikroOrmBase {
  constructor(dependencies: { manager: unknown }) {
    super(dependencies)
  }

  async start(job: string, worker: string, startedAt: Date, keepSince: Date, context: Context): Promise<string> {
    const id = newId("jrun")
    await query(this.getActiveManager<EntityManager>(context), START, [job, keepSince, id, job, worker, startedAt])
    return id
  }

  async finish(
    id: string,
    end: { finished_at: Date; outcome: JobOutcome | null; error: string | null },
    context: Context
  ): Promise<void> {
    const outcome = end.outcome === null ? null : JSON.stringify(end.outcome)
    await query(this.getActiveManager<EntityManager>(context), FINISH, [end.finished_at, outcome, end.error, id])
  }

  async status(jobs: string[], now: Date, context: Context): Promise<JobRunStatus> {
    const manager = this.getActiveManager<EntityManager>(context)
    const ago = (ms: number) => new Date(now.getTime() - ms)
    const [rows, workers] = await Promise.all([
      query<Record<string, any>>(manager, JOBS, [jobs, ago(3_600_000)]),
      query<{ worker: string; last_run_at: Date | string }>(manager, WORKERS, [jobs, ago(600_000)]),
    ])
    const summaries: Record<string, JobSummary> = {}
    for (const { job, started_at, finished_at, worker, outcome, error, runs_last_hour, failed_last_hour } of rows) {
      const started = date(started_at)
      const finished = date(finished_at)
      summaries[job] = {
        last_run: started && {
          started_at: started,
          finished_at: finished,
          duration_ms: finished && finished.getTime() - started.getTime(),
          worker,
          outcome,
          error,
        },
        runs_last_hour,
        failed_last_hour,
      }
    }
    return { jobs: summaries, workers: workers.map(({ worker, last_run_at }) => ({ worker, last_run_at: date(last_run_at)! })) }
  }

  /** `dispatchJob`: the job whose runs count the messages failed (over the last 24 hours). */
  async backlog(now: Date, dispatchJob: string, context: Context): Promise<Backlog> {
    const since = new Date(now.getTime() - 86_400_000)
    const [row] = await query<Record<string, any>>(this.getActiveManager<EntityManager>(context), BACKLOG, [
      dispatchJob,
      since,
      now,
      now,
      now,
    ])
    const oldestWake = date(row.enrollments_oldest_due_at)
    return {
      enrollments: {
        due: row.enrollments_due,
        oldest_due_at: oldestWake,
        sweep_lag_seconds: oldestWake ? Math.max(0, Math.round((now.getTime() - oldestWake.getTime()) / 1000)) : 0,
      },
      messages: {
        due: row.messages_due,
        oldest_due_at: date(row.messages_oldest_due_at),
        sending: row.messages_sending,
        failed_last_24h: row.messages_failed_last_24h,
      },
      effects: { due: row.effects_due },
      segment_reads: { running: row.segment_reads_running },
    }
  }
}
