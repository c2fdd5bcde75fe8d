import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { saveJourneyDraftWorkflow } from "../../../../../workflows"
import { retrieveJourney, runOrConflict } from "../../helpers"
import type { SaveDraftBody } from "../../validators"

/** Saves the draft, valid or not (the editor saves work in progress); the answer says which. */
export async function POST(req: AuthenticatedMedusaRequest<SaveDraftBody>, res: MedusaResponse) {
  const saved = await runOrConflict(res, () =>
    saveJourneyDraftWorkflow(req.scope).run({
      input: { journey_id: req.params.id, definition: req.validatedBody.definition },
    })
  )
  if (saved) res.json({ journey: await retrieveJourney(req.scope, req.params.id) })
}
