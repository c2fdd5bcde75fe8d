import type { MiddlewareRoute } from "@medusajs/framework/http"

/**
 * Twilio posts form-encoded bodies signed over their exact fields: the route verifies the raw body's
 * fields, not the `qs`-parsed `req.body`, which would nest bracketed keys.
 */
export const twilioWebhookRoutes: MiddlewareRoute[] = [
  { matcher: "/hooks/journeys/twilio", methods: ["POST"], bodyParser: { preserveRawBody: true } },
]
