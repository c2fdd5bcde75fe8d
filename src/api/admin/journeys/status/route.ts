import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { config as detectAbandonedCarts } from "../../../../jobs/detect-abandoned-carts"
import { config as dispatchOutbox } from "../../../../jobs/dispatch-outbox"
import { config as readSegments } from "../../../../jobs/read-segments"
import { config as wakeDueEnrollments } from "../../../../jobs/wake-due-enrollments"
import { resolveJourneyModule } from "../../../../modules/journey"

const JOBS = [wakeDueEnrollments, dispatchOutbox, detectAbandonedCarts, readSegments].map(({ name }) => name)

/**
 * GET /admin/journeys/status — what an operator checks first: the effective plugin options
 * (the secret is never shown), how much work is live or stuck, each scheduled job's last run and
 * its runs of the last hour, the workers seen in the last 10 minutes, and the backlog: the work
 * due now that the jobs have not done yet. The jobs', workers' and backlog figures are read
 * through indexes; the older `counts` (all waiting enrollments, all failed messages) are plain
 * counts, ~170 ms at 1,000,000 enrollments.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const journeys = resolveJourneyModule(req.scope)
  const countEnrollments = async (status: "active" | "waiting") =>
    (await journeys.listAndCountEnrollments({ status }, { take: 1, select: ["id"] }))[1]
  const countMessages = async (status: "queued" | "failed") =>
    (await journeys.listAndCountMessages({ status }, { take: 1, select: ["id"] }))[1]

  const now = new Date()
  const [[, journeyCount], active, waiting, queued, failed, { jobs, workers }, backlog] = await Promise.all([
    journeys.listAndCountJourneys({}, { take: 1, select: ["id"] }),
    countEnrollments("active"),
    countEnrollments("waiting"),
    countMessages("queued"),
    countMessages("failed"),
    journeys.jobRunStatus(JOBS, now),
    journeys.backlog(now, dispatchOutbox.name),
  ])
  const { secret, webhooks, ...options } = journeys.getOptions()
  const shown = (value: string | undefined) => (value ? "set" : "not set")

  res.json({
    options: {
      ...options,
      secret: shown(secret),
      webhooks: {
        resend_signing_secret: shown(webhooks.resend_signing_secret),
        twilio_auth_token: shown(webhooks.twilio_auth_token),
      },
    },
    counts: {
      journeys: journeyCount,
      enrollments: { active, waiting },
      messages: { queued, failed },
    },
    jobs,
    workers,
    backlog,
  })
}
