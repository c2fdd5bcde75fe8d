import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { changeOutboxWorkflow } from "../../../../../../../workflows"
import { runOrConflict } from "../../../../helpers"
import { retrieveOutboxMessage } from "../../../helpers"

/** See OUTBOX_ACTIONS.retry: 404 for an unknown message, 409 with the reason when its status does not allow it. */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const input = { kind: "message" as const, id: req.params.id, action: "retry" as const, now: new Date().toISOString() }
  const done = await runOrConflict(res, () => changeOutboxWorkflow(req.scope).run({ input }))
  if (done) res.json({ message: await retrieveOutboxMessage(req.scope, req.params.id) })
}
