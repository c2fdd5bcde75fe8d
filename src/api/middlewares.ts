import { defineMiddlewares } from "@medusajs/framework/http"
import { adminJourneyRoutesMiddlewares } from "./admin/journeys/middlewares"
import { adminOutboxRoutesMiddlewares } from "./admin/journeys/outbox/middlewares"
import { adminSegmentRoutesMiddlewares } from "./admin/journeys/segments/middlewares"
import { adminCustomerJourneyRoutesMiddlewares } from "./admin/customers/middlewares"
import { adminMessageTemplateRoutesMiddlewares } from "./admin/message-templates/middlewares"
import { hookJourneyRoutesMiddlewares } from "./hooks/journeys/middlewares"
import { storeJourneyRoutesMiddlewares } from "./store/journeys/middlewares"

/**
 * Medusa loads only this file. Each area of routes keeps its middlewares — validators, body
 * limits, authentication — in a `middlewares.ts` beside its routes, as Medusa's own API does;
 * they are assembled here. `/journeys/unsubscribe` has none: its signed token is its check.
 */
export default defineMiddlewares({
  routes: [
    ...adminJourneyRoutesMiddlewares,
    ...adminOutboxRoutesMiddlewares,
    ...adminSegmentRoutesMiddlewares,
    ...adminMessageTemplateRoutesMiddlewares,
    ...adminCustomerJourneyRoutesMiddlewares,
    ...storeJourneyRoutesMiddlewares,
    ...hookJourneyRoutesMiddlewares,
  ],
})
