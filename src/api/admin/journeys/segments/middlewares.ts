import { validateAndTransformBody, validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { nestingLimited } from "../../../limits"
import {
  CreateSegmentBody,
  ExportSegmentQuery,
  ListSegmentMembersQuery,
  ListSegmentsQuery,
  PreviewSegmentBody,
  UpdateSegmentBody,
} from "./validators"

/** The segments' routes; rules are nested JSON, so their bodies are depth-limited like definitions. */
export const adminSegmentRoutesMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/admin/journeys/segments",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(ListSegmentsQuery, {})],
  },
  {
    matcher: "/admin/journeys/segments",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(nestingLimited(CreateSegmentBody))],
  },
  {
    matcher: "/admin/journeys/segments/preview",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(nestingLimited(PreviewSegmentBody))],
  },
  {
    matcher: "/admin/journeys/segments/:id",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(nestingLimited(UpdateSegmentBody))],
  },
  {
    matcher: "/admin/journeys/segments/:id/members",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(ListSegmentMembersQuery, {})],
  },
  {
    matcher: "/admin/journeys/segments/:id/members/export",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(ExportSegmentQuery, {})],
  },
]
