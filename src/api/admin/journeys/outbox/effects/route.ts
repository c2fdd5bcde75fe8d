import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { listOutboxEffects } from "../helpers"
import type { ListOutboxEffectsQuery } from "../validators"

/** The outbox's effects (customer updates, webhooks) by status, type and journey, newest first. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, ListOutboxEffectsQuery>, res: MedusaResponse) {
  res.json(await listOutboxEffects(req.scope, req.validatedQuery as ListOutboxEffectsQuery))
}
