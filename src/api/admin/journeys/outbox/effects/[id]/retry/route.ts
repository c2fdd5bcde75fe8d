import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { changeOutboxWorkflow } from "../../../../../../../workflows"
import { runOrConflict } from "../../../../helpers"
import { retrieveOutboxEffect } from "../../../helpers"

/** See OUTBOX_ACTIONS.retry: 404 for an unknown effect, 409 with the reason when its status does not allow it. */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const input = { kind: "effect" as const, id: req.params.id, action: "retry" as const, now: new Date().toISOString() }
  const done = await runOrConflict(res, () => changeOutboxWorkflow(req.scope).run({ input }))
  if (done) res.json({ effect: await retrieveOutboxEffect(req.scope, req.params.id) })
}
