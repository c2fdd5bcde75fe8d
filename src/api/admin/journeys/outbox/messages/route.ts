import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { listOutboxMessages } from "../helpers"
import type { ListOutboxMessagesQuery } from "../validators"

/** The outbox's messages by status, channel, journey and recipient, newest first, with the provider's error. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, ListOutboxMessagesQuery>, res: MedusaResponse) {
  res.json(await listOutboxMessages(req.scope, req.validatedQuery as ListOutboxMessagesQuery))
}
