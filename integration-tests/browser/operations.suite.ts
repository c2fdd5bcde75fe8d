/** Issue 18: what an operator watches on the configuration page — the jobs' runs, the workers, the backlog. */
import detectAbandonedCarts from "../../src/jobs/detect-abandoned-carts"
import { config as dispatchConfig } from "../../src/jobs/dispatch-outbox"
import readSegments from "../../src/jobs/read-segments"
import wakeDueEnrollments from "../../src/jobs/wake-due-enrollments"
import { JOURNEY_MODULE, type JourneyModuleService } from "../../src/modules/journey"
import { WORKER, recordJobRun } from "../../src/utils/job-runs"
import type { AdminBrowser } from "./harness"
import { expectText } from "./helpers"

const worker = new RegExp(WORKER.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))

export default function operationsSuite(admin: AdminBrowser) {
  it("shows each job's last run with its worker and result, the workers and the backlog", async () => {
    const page = await admin.login()
    const container = admin.medusa.getContainer()
    // A message due a minute ago, for the backlog; the app's every-minute dispatch may send it first.
    await container.resolve<JourneyModuleService>(JOURNEY_MODULE).createMessages({
      channel: "email",
      template_id: "tmpl_none",
      recipient: "ada@example.com",
      queued_at: new Date(),
      next_attempt_at: new Date(Date.now() - 60_000),
    })
    // Three jobs run as Medusa runs them; the dispatch fails (recorded as a run whose work threw).
    await wakeDueEnrollments(container)
    await detectAbandonedCarts(container)
    await readSegments(container)
    await recordJobRun(container, dispatchConfig.name, async () => {
      throw new Error("the email provider refused the API key")
    }).catch(() => undefined)

    await page.goto("/app/journeys/settings")
    const jobs = page.getByTestId("journeys-jobs")
    await expectText(jobs.getByTestId("job-journeys-dispatch-outbox"), /the email provider refused the API key/)
    expect(await jobs.getByRole("row").count()).toBe(5)
    await expectText(jobs.getByTestId("job-journeys-wake-due-enrollments"), worker)
    await expectText(page.getByTestId("journeys-workers"), worker)
    await expectText(page.getByTestId("journeys-backlog"), /Messages due/)
    await page.getByTestId("journeys-operations").scrollIntoViewIfNeeded()
    await admin.screenshot("operations")
  })
}
