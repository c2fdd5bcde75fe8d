import { Modules } from "@medusajs/framework/utils"
import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import detectAbandonedCarts, { config as detectConfig } from "../../src/jobs/detect-abandoned-carts"
import dispatchOutbox, { config as dispatchConfig } from "../../src/jobs/dispatch-outbox"
import readSegments, { config as readConfig } from "../../src/jobs/read-segments"
import wakeDueEnrollments, { config as wakeConfig } from "../../src/jobs/wake-due-enrollments"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import { PartialRunError, WORKER, recordJobRun } from "../../src/utils/job-runs"
import { adminSession } from "../helpers/admin-session"
import { atClock } from "../helpers/clock"
import { emitAndWait } from "../helpers/events"

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/**
 * Each scheduled job recorded run by run, and what GET /admin/journeys/status makes of the runs
 * and of the work due. The jobs run as Medusa runs them (their default export, given the app's
 * container) on a test clock three hours ahead (the admin session lasts ten): the app's own
 * every-minute jobs, on the real clock, neither find the work due nor count in the last hour there.
 * They start on the minute, and would see the test clock if they started within it: it is set away
 * from the minute.
 */
export default ({ api, getContainer }: MedusaSuiteOptions) => {
  let session: { headers: Record<string, string> }
  const journeys = () => getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
  const post = (url: string, body: unknown = {}) => api.post(url, body, session).catch((e: any) => e.response)
  const status = async () => {
    const response = await api.get("/admin/journeys/status", session)
    expect(response.status).toBe(200)
    return response.data
  }

  beforeEach(async () => {
    session = await adminSession(api, getContainer())
  })

  /** `run` on the test clock `at`, begun a few seconds after the app's jobs started when they are about to. */
  async function atTestClock<T>(at: Date, run: () => Promise<T>) {
    const untilMinute = MINUTE - (Date.now() % MINUTE)
    if (untilMinute < 6_000) await new Promise((resolve) => setTimeout(resolve, untilMinute + 2_000))
    return atClock(at, run)
  }

  /** A live welcome journey and a customer in its two-hour wait: returns when the wait ends. */
  async function waitingCustomer() {
    const template = await journeys().createMessageTemplates({
      handle: "welcome",
      name: "Welcome mail",
      channel: "email",
      status: "published",
      subject: "Welcome, {{ customer.first_name }}",
      html: "<p>Hello {{ customer.first_name }}</p>",
    })
    const created = await post("/admin/journeys", {
      name: "Welcome",
      definition: {
        schema_version: 1,
        trigger: { type: "customer_created" },
        settings: { reentry: "once", timezone: "UTC" },
        entry_node: "w1",
        nodes: [
          { id: "w1", type: "wait", duration: "PT2H" },
          { id: "s1", type: "send", channel: "email", template_id: template.id, category: "transactional" },
          { id: "x1", type: "exit" },
        ],
        edges: [
          { from: "w1", port: "next", to: "s1" },
          { from: "s1", port: "next", to: "x1" },
        ],
      },
    })
    expect((await post(`/admin/journeys/${created.data.journey.id}/publish`)).status).toBe(200)
    const [customer] = await getContainer()
      .resolve(Modules.CUSTOMER)
      .createCustomers([{ first_name: "Jane", email: "jane@example.com" }])
    await emitAndWait(getContainer(), "customer.created", { id: customer.id })
    const [enrollment] = await journeys().listEnrollments({ customer_id: customer.id })
    expect(enrollment).toMatchObject({ status: "waiting" })
    return enrollment.wake_at as Date
  }

  it("records every run with its worker and counts, and shows the backlog before and after the sweep", async () => {
    const wakeAt = await waitingCustomer()
    const now = new Date(Date.now() + 3 * HOUR)
    const container = getContainer()

    await atTestClock(now, async () => {
      const before = await status()
      expect(before.backlog).toEqual({
        enrollments: { due: 1, oldest_due_at: wakeAt.toISOString(), sweep_lag_seconds: expect.any(Number) },
        messages: { due: 0, oldest_due_at: null, sending: 0, failed_last_24h: 0 },
        effects: { due: 0 },
        segment_reads: { running: 0 },
      })
      // An hour late: the wait ended an hour before the test clock.
      expect(before.backlog.enrollments.sweep_lag_seconds).toBeGreaterThanOrEqual(HOUR / 1000 - 5)
      expect(Object.keys(before.jobs).sort()).toEqual([detectConfig.name, dispatchConfig.name, readConfig.name, wakeConfig.name].sort())
      for (const job of Object.values(before.jobs)) expect(job).toMatchObject({ runs_last_hour: 0, failed_last_hour: 0 })
      expect(before.workers).toEqual([])

      expect(await wakeDueEnrollments(container)).toEqual({ woken: 1 })
      const swept = await status()
      expect(swept.backlog.enrollments).toEqual({ due: 0, oldest_due_at: null, sweep_lag_seconds: 0 })
      // The wake queued the welcome mail, due at once.
      expect(swept.backlog.messages).toMatchObject({ due: 1, sending: 0 })
      expect(new Date(swept.backlog.messages.oldest_due_at).getTime()).toBeGreaterThanOrEqual(now.getTime())

      const dispatched = await dispatchOutbox(container)
      expect(dispatched).toEqual({
        messages: { sent: 1, retried: 0, failed: 0, requeued: 0, skipped: 0, deferred: 0 },
        effects: { done: 0, retried: 0, failed: 0, requeued: 0 },
      })
      expect(await detectAbandonedCarts(container)).toEqual({ entered: 0 })
      expect(await readSegments(container)).toEqual({ reads: 0, entered: 0 })

      const after = await status()
      expect(after.backlog.messages).toEqual({ due: 0, oldest_due_at: null, sending: 0, failed_last_24h: 0 })
      const outcomes = {
        [wakeConfig.name]: { woken: 1 },
        [dispatchConfig.name]: dispatched,
        [detectConfig.name]: { entered: 0 },
        [readConfig.name]: { reads: 0, entered: 0 },
      }
      for (const [job, outcome] of Object.entries(outcomes)) {
        const { last_run, runs_last_hour, failed_last_hour } = after.jobs[job]
        expect([job, runs_last_hour, failed_last_hour]).toEqual([job, 1, 0])
        expect(last_run).toEqual({
          started_at: expect.any(String),
          finished_at: expect.any(String),
          duration_ms: new Date(last_run.finished_at).getTime() - new Date(last_run.started_at).getTime(),
          worker: WORKER,
          outcome,
          error: null,
        })
        expect(new Date(last_run.started_at).getTime()).toBeGreaterThanOrEqual(now.getTime())
      }
      expect(after.workers).toEqual([{ worker: WORKER, last_run_at: after.jobs[readConfig.name].last_run.started_at }])
    })

    // The rows themselves: one per run, each completed.
    const runs = await journeys().listJourneyJobRuns({ started_at: { $gte: now } }, { order: { job: "ASC" } })
    expect(runs.map(({ job, worker, finished_at }) => [job, worker, finished_at !== null])).toEqual(
      [detectConfig.name, dispatchConfig.name, readConfig.name, wakeConfig.name].sort().map((job) => [job, WORKER, true])
    )
  })

  it("records a failed run's error with what it did, deletes week-old runs, and keeps working when the record fails", async () => {
    const now = new Date(Date.now() + 3 * HOUR)
    const container = getContainer()
    // A run of a week and a minute before: the next run of the same job deletes it.
    const [old] = await journeys().createJourneyJobRuns([
      { job: dispatchConfig.name, worker: "gone:1", started_at: new Date(now.getTime() - 7 * DAY - MINUTE), finished_at: null },
    ])

    await atTestClock(now, async () => {
      const failure = recordJobRun(container, dispatchConfig.name, async () => {
        throw new PartialRunError([new Error("the effect outbox is unreachable")], {
          messages: { sent: 2, retried: 0, failed: 3, requeued: 0, skipped: 0, deferred: 0 },
          effects: null,
        })
      })
      // Thrown again, for Medusa to log the job's failure.
      await expect(failure).rejects.toThrow("the effect outbox is unreachable")

      // An outcome that cannot be stored: the run's result still comes back, its row stays open.
      expect(await recordJobRun(container, wakeConfig.name, async () => ({ woken: BigInt(1) }))).toEqual({ woken: BigInt(1) })

      const { jobs, backlog, workers } = await status()
      expect(jobs[dispatchConfig.name]).toEqual({
        last_run: {
          started_at: expect.any(String),
          finished_at: expect.any(String),
          duration_ms: expect.any(Number),
          worker: WORKER,
          outcome: { messages: { sent: 2, retried: 0, failed: 3, requeued: 0, skipped: 0, deferred: 0 }, effects: null },
          error: "the effect outbox is unreachable",
        },
        runs_last_hour: 1,
        failed_last_hour: 1,
      })
      expect(jobs[wakeConfig.name]).toMatchObject({
        last_run: { finished_at: null, duration_ms: null, outcome: null, error: null },
        runs_last_hour: 1,
        failed_last_hour: 0,
      })
      // The dispatch runs of the last day counted three messages failed.
      expect(backlog.messages.failed_last_24h).toBe(3)
      expect(workers).toEqual([{ worker: WORKER, last_run_at: expect.any(String) }])
    })
    expect(await journeys().listJourneyJobRuns({ id: old.id })).toEqual([])
  })
}
