import { validateAndTransformBody, validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { EmptyBody } from "../validators"
import { ListOutboxEffectsQuery, ListOutboxMessagesQuery } from "./validators"

const empty = validateAndTransformBody(EmptyBody)

/** The outbox page's routes: the lists' filters, and retry / cancel take no body. */
export const adminOutboxRoutesMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/admin/journeys/outbox/messages",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(ListOutboxMessagesQuery, {})],
  },
  {
    matcher: "/admin/journeys/outbox/effects",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(ListOutboxEffectsQuery, {})],
  },
  { matcher: "/admin/journeys/outbox/messages/:id/retry", methods: ["POST"], middlewares: [empty] },
  { matcher: "/admin/journeys/outbox/messages/:id/cancel", methods: ["POST"], middlewares: [empty] },
  { matcher: "/admin/journeys/outbox/effects/:id/retry", methods: ["POST"], middlewares: [empty] },
  { matcher: "/admin/journeys/outbox/effects/:id/cancel", methods: ["POST"], middlewares: [empty] },
]
