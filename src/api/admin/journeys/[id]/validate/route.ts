import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { retrieveJourney, validateWithStore } from "../../helpers"
import type { ValidateJourneyBody } from "../../validators"

/** Validates the given definition (unsaved editor state) or else the saved draft. */
export async function POST(req: AuthenticatedMedusaRequest<ValidateJourneyBody>, res: MedusaResponse) {
  const journey = await retrieveJourney(req.scope, req.params.id)
  const definition = req.validatedBody.definition ?? journey.draft?.definition
  if (definition === undefined) {
    res.json({ valid: false, errors: [{ node_id: null, path: "", message: "This journey has no draft to validate" }] })
    return
  }
  res.json(await validateWithStore(req.scope, definition))
}
