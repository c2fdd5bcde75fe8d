import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { importJourneyWorkflow } from "../../../../workflows"
import type { JourneyDocument } from "../../../../workflows/journeys/document"
import { retrieveJourney, runOrConflict } from "../helpers"

/** Imports an exported journey document as a new journey (draft), with its templates. */
export async function POST(req: AuthenticatedMedusaRequest<JourneyDocument>, res: MedusaResponse) {
  const imported = await runOrConflict(res, () => importJourneyWorkflow(req.scope).run({ input: req.validatedBody }))
  if (imported) res.status(201).json({ journey: await retrieveJourney(req.scope, imported.result.id) })
}
