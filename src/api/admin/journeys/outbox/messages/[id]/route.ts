import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { retrieveOutboxMessage } from "../../helpers"

/** One message with its rendered content. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json({ message: await retrieveOutboxMessage(req.scope, req.params.id) })
}
