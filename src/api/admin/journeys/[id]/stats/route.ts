import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { JourneyStatsQuery } from "../../validators"
import { assertJourneyExists, journeyService } from "../../helpers"

const DAY = 24 * 60 * 60 * 1000
const PERIOD_DAYS: Record<JourneyStatsQuery["since"], number | null> = { "7d": 7, "30d": 30, "90d": 90, all: null }

/**
 * Live counts for the canvas: per node of any of the journey's versions, and in total; `since`
 * (7d, 30d, 90d, all) keeps what happened in the last days, who is where being always now.
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, JourneyStatsQuery>, res: MedusaResponse) {
  const { since } = req.validatedQuery as JourneyStatsQuery
  await assertJourneyExists(req.scope, req.params.id)
  const days = PERIOD_DAYS[since]
  const options = days === null ? {} : { since: new Date(Date.now() - days * DAY) }
  res.json({ stats: await journeyService(req.scope).journeyStats(req.params.id, options) })
}
