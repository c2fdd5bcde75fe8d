import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { saveJourneyDraftWorkflow } from "../../../../../workflows"
import { retrieveJourney } from "../../helpers"
import type { SaveDraftBody } from "../../validators"

/** Saves the draft, valid or not (the editor saves work in progress); the answer says which. */
export async function POST(req: AuthenticatedMedusaRequest<SaveDraftBody>, res: MedusaResponse) {
  await saveJourneyDraftWorkflow(req.scope).run({
    input: { journey_id: req.params.id, definition: req.validatedBody.definition },
  })
  res.json({ journey: await retrieveJourney(req.scope, req.params.id) })
}
