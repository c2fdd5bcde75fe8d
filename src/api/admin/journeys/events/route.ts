import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { recordCustomerEvent } from "../../../utils/record-customer-event"
import type { AdminCustomerEventBody } from "../validators"

/**
 * POST /admin/journeys/events — a custom event of a customer (by id or email), from the
 * store's back office or its other systems. Sending the same `id` twice changes nothing.
 */
export async function POST(req: AuthenticatedMedusaRequest<AdminCustomerEventBody>, res: MedusaResponse) {
  res.json({ event: await recordCustomerEvent(req.scope, req.validatedBody) })
}
