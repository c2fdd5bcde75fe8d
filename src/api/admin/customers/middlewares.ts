import { validateAndTransformBody, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminCustomerConsentBody } from "./validators"

/** The plugin's routes on Medusa's customers (Medusa has no `/journeys` or `/consent` under them). */
export const adminCustomerJourneyRoutesMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/admin/customers/:id/consent",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminCustomerConsentBody)],
  },
]
