import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteSegmentWorkflow, updateSegmentWorkflow } from "../../../../../workflows"
import { runOrConflict } from "../../helpers"
import { retrieveSegment, runOrRefuse } from "../helpers"
import type { UpdateSegmentBody } from "../validators"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json({ segment: await retrieveSegment(req.scope, req.params.id) })
}

export async function POST(req: AuthenticatedMedusaRequest<UpdateSegmentBody>, res: MedusaResponse) {
  const updated = await runOrRefuse(res, () =>
    updateSegmentWorkflow(req.scope).run({ input: { id: req.params.id, ...req.validatedBody } })
  )
  if (updated) res.json({ segment: await retrieveSegment(req.scope, req.params.id) })
}

export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const deleted = await runOrConflict(res, () => deleteSegmentWorkflow(req.scope).run({ input: { id: req.params.id } }))
  if (deleted) res.json({ id: req.params.id, object: "journey_segment", deleted: true })
}
