import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteJourneyWorkflow, updateJourneyWorkflow } from "../../../../workflows"
import { retrieveJourney, runOrConflict } from "../helpers"
import type { UpdateJourneyBody } from "../validators"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json({ journey: await retrieveJourney(req.scope, req.params.id) })
}

export async function POST(req: AuthenticatedMedusaRequest<UpdateJourneyBody>, res: MedusaResponse) {
  const updated = await runOrConflict(res, () =>
    updateJourneyWorkflow(req.scope).run({ input: { id: req.params.id, ...req.validatedBody } })
  )
  if (updated) res.json({ journey: await retrieveJourney(req.scope, req.params.id) })
}

export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const deleted = await runOrConflict(res, () =>
    deleteJourneyWorkflow(req.scope).run({ input: { id: req.params.id } })
  )
  if (deleted) res.json({ id: req.params.id, object: "journey", deleted: true })
}
