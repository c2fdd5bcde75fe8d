import {
  validateAndTransformBody,
  validateAndTransformQuery,
  type MiddlewareRoute,
} from "@medusajs/framework/http"
import { journeyDocumentSchema } from "../../../workflows/journeys/document"
import { DOCUMENT_BODY_LIMIT, nestingLimited } from "../../limits"
import {
  AdminCustomerEventBody,
  AdvanceTestBody,
  CreateJourneyBody,
  EmptyBody,
  ExportJourneyQuery,
  JourneyStatsQuery,
  ListEnrollmentsQuery,
  ListJourneysQuery,
  PublishJourneyBody,
  SaveDraftBody,
  StopJourneyBody,
  TestJourneyBody,
  UpdateJourneyBody,
  ValidateJourneyBody,
} from "./validators"

export const adminJourneyRoutesMiddlewares: MiddlewareRoute[] = [
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
  {
    matcher: "/admin/journeys/:id/enrollments",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(ListEnrollmentsQuery, {})],
  },
  {
    matcher: "/admin/journeys/:id/stats",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(JourneyStatsQuery, {})],
  },
]
