import type { MiddlewareRoute } from "@medusajs/framework/http"

/**
 * Providers' webhooks, outside /admin and /store: no login, each request verified by its
 * provider's signature over the body exactly as it arrived.
 */
export const hookJourneyRoutesMiddlewares: MiddlewareRoute[] = [
  // The Svix signature covers the exact bytes Resend sent, not the parsed and re-serialized JSON.
  { matcher: "/hooks/journeys/resend", methods: ["POST"], bodyParser: { preserveRawBody: true } },
  // Twilio posts form-encoded bodies signed over their exact fields: the route verifies the raw
  // body's fields, not the `qs`-parsed `req.body`, which would nest bracketed keys.
  { matcher: "/hooks/journeys/twilio", methods: ["POST"], bodyParser: { preserveRawBody: true } },
]
