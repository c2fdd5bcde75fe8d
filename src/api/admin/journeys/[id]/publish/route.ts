import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { publishJourneyWorkflow } from "../../../../../workflows"
import { retrieveJourney, runOrConflict } from "../../helpers"
import type { PublishJourneyBody } from "../../validators"

/** Publishes the draft; the current version drains (default) or stops. 409 with errors when invalid. */
export async function POST(req: AuthenticatedMedusaRequest<PublishJourneyBody>, res: MedusaResponse) {
  const published = await runOrConflict(res, () =>
    publishJourneyWorkflow(req.scope).run({ input: { journey_id: req.params.id, mode: req.validatedBody.mode } })
  )
  if (published) res.json({ journey: await retrieveJourney(req.scope, req.params.id) })
}
