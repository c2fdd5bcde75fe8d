import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { removePushDevicesWorkflow } from "../../../../../workflows"

/** DELETE /store/journeys/push-devices/:token — the signed-in customer's own device only. */
export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { token } = req.params
  const { result } = await removePushDevicesWorkflow(req.scope).run({
    input: { tokens: [token], customer_id: req.auth_context.actor_id },
  })
  // Someone else's token reads as unknown: whether it exists is none of this customer's business.
  if (!result.length) throw new MedusaError(MedusaError.Types.NOT_FOUND, "No such push device")
  res.json({ token, object: "push_device", deleted: true })
}
