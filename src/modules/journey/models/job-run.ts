import { model } from "@medusajs/framework/utils"

/**
 * One run of one of the plugin's scheduled jobs on one worker (see src/utils/job-runs.ts): what
 * an operator of several workers reads to see that every job runs, where, how long it takes and
 * what it did. Recorded when the run starts, completed when it ends; a row never completed is a
 * run in progress, or one whose worker stopped. Kept a week.
 */
const JourneyJobRun = model
  .define({ name: "JourneyJobRun", tableName: "journey_job_run" }, {
    id: model.id({ prefix: "jrun" }).primaryKey(),
    // The job's config name, e.g. "journeys-wake-due-enrollments".
    job: model.text(),
    // `host:pid` of the process that ran it.
    worker: model.text(),
    started_at: model.dateTime(),
    finished_at: model.dateTime().nullable(),
    // The counts the job's workflows returned (woken, sent, retried, failed…), also those of the
    // part done before a failure.
    outcome: model.json().nullable(),
    error: model.text().nullable(),
  })
  .indexes([
    // A job's last run and its runs of the last hour; the week-old runs deleted job by job.
    { on: ["job", "started_at"], where: "deleted_at IS NULL" },
  ])

export default JourneyJobRun
