import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { recordCustomerEvent } from "../../../utils/record-customer-event"
import type { StoreCustomerEventBody } from "../validators"

/** POST /store/journeys/events — an event of the signed-in customer, e.g. `product.viewed`. */
export async function POST(req: AuthenticatedMedusaRequest<StoreCustomerEventBody>, res: MedusaResponse) {
  const { name, data, id } = req.validatedBody
  res.json({ event: await recordCustomerEvent(req.scope, { name, data, id, customer_id: req.auth_context.actor_id }, { ownId: true }) })
}
