import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { journeyService, retrieveJourney } from "../../helpers"

/** Every version of the journey, newest first, with its definition. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await retrieveJourney(req.scope, req.params.id)
  const versions = await journeyService(req.scope).listJourneyVersions(
    { journey_id: req.params.id },
    { order: { number: "DESC" } }
  )
  res.json({ versions })
}
