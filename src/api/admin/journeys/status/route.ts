import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { resolveJourneyModule } from "../../../../modules/journey"

/**
 * GET /admin/journeys/status — what an operator checks first: the effective plugin options
 * (the secret is never shown) and how much work is live or stuck.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const journeys = resolveJourneyModule(req.scope)
  const countEnrollments = async (status: "active" | "waiting") =>
    (await journeys.listAndCountEnrollments({ status }, { take: 1, select: ["id"] }))[1]
  const countMessages = async (status: "queued" | "failed") =>
    (await journeys.listAndCountMessages({ status }, { take: 1, select: ["id"] }))[1]

  const [[, journeyCount], active, waiting, queued, failed] = await Promise.all([
    journeys.listAndCountJourneys({}, { take: 1, select: ["id"] }),
    countEnrollments("active"),
    countEnrollments("waiting"),
    countMessages("queued"),
    countMessages("failed"),
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
  })
}
