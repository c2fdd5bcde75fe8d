import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { assertJourneyExists, journeyService } from "../../helpers"

/** Live counts for the canvas: per node of any of the journey's versions, and in total. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await assertJourneyExists(req.scope, req.params.id)
  res.json({ stats: await journeyService(req.scope).journeyStats(req.params.id) })
}
