import {
  authenticate,
  defineMiddlewares,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import { AdminCustomerEventBody, StoreCustomerEventBody } from "./journey-events"
import {
  CreateJourneyBody,
  EmptyBody,
  ExportJourneyQuery,
  ListJourneysQuery,
  PublishJourneyBody,
  SaveDraftBody,
  StopJourneyBody,
  TestJourneyBody,
  AdvanceTestBody,
  UpdateJourneyBody,
  ValidateJourneyBody,
} from "./admin/journeys/validators"
import { enrollmentRoutes } from "./admin/journeys/enrollments-middlewares"
import { messageTemplateRoutes } from "./admin/message-templates/middlewares"
import { twilioWebhookRoutes } from "./hooks/journeys/twilio/middlewares"
import { pushRoutes } from "./store/journeys/push-middlewares"
import { resendWebhookRoutes } from "./hooks/journeys/resend/middlewares"
import { journeyDocumentSchema } from "../workflows/journeys/document"
import { DOCUMENT_BODY_LIMIT, nestingLimited } from "./limits"

export default defineMiddlewares({
  routes: [
    { matcher: "/admin/journeys", methods: ["GET"], middlewares: [validateAndTransformQuery(ListJourneysQuery, {})] },
    { matcher: "/admin/journeys", methods: ["POST"], middlewares: [validateAndTransformBody(nestingLimited(CreateJourneyBody))] },
    { matcher: "/admin/journeys/:id", methods: ["POST"], middlewares: [validateAndTransformBody(UpdateJourneyBody)] },
    { matcher: "/admin/journeys/:id/draft", methods: ["POST"], middlewares: [validateAndTransformBody(nestingLimited(SaveDraftBody))] },
    {
      matcher: "/admin/journeys/:id/validate",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(nestingLimited(ValidateJourneyBody))],
    },
    {
      matcher: "/admin/journeys/:id/publish",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(PublishJourneyBody)],
    },
    { matcher: "/admin/journeys/:id/stop", methods: ["POST"], middlewares: [validateAndTransformBody(StopJourneyBody)] },
    {
      matcher: "/admin/journeys/:id/export",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(ExportJourneyQuery, {})],
    },
    { matcher: "/admin/journeys/gallery/:key", methods: ["POST"], middlewares: [validateAndTransformBody(EmptyBody)] },
    {
      matcher: "/admin/journeys/events",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(nestingLimited(AdminCustomerEventBody))],
    },
    {
      matcher: "/store/journeys/events",
      methods: ["POST"],
      middlewares: [authenticate("customer", ["session", "bearer"]), validateAndTransformBody(nestingLimited(StoreCustomerEventBody))],
    },
    {
      matcher: "/admin/journeys/import",
      methods: ["POST"],
      bodyParser: { sizeLimit: DOCUMENT_BODY_LIMIT },
      middlewares: [validateAndTransformBody(nestingLimited(journeyDocumentSchema))],
    },
    { matcher: "/admin/journeys/:id/test", methods: ["POST"], middlewares: [validateAndTransformBody(TestJourneyBody)] },
    {
      matcher: "/admin/journeys/:id/test/advance",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdvanceTestBody)],
    },
    { matcher: "/admin/journeys/:id/pause", methods: ["POST"], middlewares: [validateAndTransformBody(EmptyBody)] },
    { matcher: "/admin/journeys/:id/resume", methods: ["POST"], middlewares: [validateAndTransformBody(EmptyBody)] },
    ...messageTemplateRoutes,
    ...enrollmentRoutes,
    ...twilioWebhookRoutes,
    ...pushRoutes,
    ...resendWebhookRoutes,
  ],
})
