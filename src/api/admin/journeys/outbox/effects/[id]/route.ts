import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { retrieveOutboxEffect } from "../../helpers"

/** One effect with its payload. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json({ effect: await retrieveOutboxEffect(req.scope, req.params.id) })
}
