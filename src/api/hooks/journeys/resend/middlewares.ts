import type { MiddlewareRoute } from "@medusajs/framework/http"

// The Svix signature covers the exact bytes Resend sent, not the parsed and re-serialized JSON.
export const resendWebhookRoutes: MiddlewareRoute[] = [
  { matcher: "/hooks/journeys/resend", methods: ["POST"], bodyParser: { preserveRawBody: true } },
]
