import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { registerPushDeviceWorkflow } from "../../../../workflows"
import type { StorePushDeviceBody } from "../validators"

/** POST /store/journeys/push-devices — registers the signed-in customer's device (again: refreshes it). */
export async function POST(req: AuthenticatedMedusaRequest<StorePushDeviceBody>, res: MedusaResponse) {
  const { result } = await registerPushDeviceWorkflow(req.scope).run({
    input: { ...req.validatedBody, customer_id: req.auth_context.actor_id, at: new Date().toISOString() },
  })
  const { token, platform, last_seen_at } = result
  res.json({ push_device: { token, platform, last_seen_at } })
}
