import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteMessageTemplateWorkflow, updateMessageTemplateWorkflow } from "../../../../workflows"
import { runOrConflict } from "../../journeys/helpers"
import { retrieveMessageTemplate } from "../helpers"
import type { UpdateMessageTemplateBody } from "../validators"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json({ message_template: await retrieveMessageTemplate(req.scope, req.params.id) })
}

export async function POST(req: AuthenticatedMedusaRequest<UpdateMessageTemplateBody>, res: MedusaResponse) {
  const updated = await runOrConflict(res, () =>
    updateMessageTemplateWorkflow(req.scope).run({ input: { id: req.params.id, ...req.validatedBody } })
  )
  if (updated) res.json({ message_template: await retrieveMessageTemplate(req.scope, req.params.id) })
}

export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const deleted = await runOrConflict(res, () =>
    deleteMessageTemplateWorkflow(req.scope).run({ input: { id: req.params.id } })
  )
  if (deleted) res.json({ id: req.params.id, object: "message_template", deleted: true })
}
