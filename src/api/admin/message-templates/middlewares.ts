import {
  validateAndTransformBody,
  validateAndTransformQuery,
  type MiddlewareRoute,
} from "@medusajs/framework/http"
import {
  CreateMessageTemplateBody,
  ListMessageTemplatesQuery,
  PreviewMessageTemplateBody,
  UpdateMessageTemplateBody,
} from "./validators"
import { nestingLimited, TEMPLATE_BODY_LIMIT } from "../../limits"

const templateBody = { sizeLimit: TEMPLATE_BODY_LIMIT }

export const adminMessageTemplateRoutesMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/admin/message-templates",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(ListMessageTemplatesQuery, {})],
  },
  {
    matcher: "/admin/message-templates",
    methods: ["POST"],
    bodyParser: templateBody,
    middlewares: [validateAndTransformBody(CreateMessageTemplateBody)],
  },
  {
    matcher: "/admin/message-templates/:id",
    methods: ["POST"],
    bodyParser: templateBody,
    middlewares: [validateAndTransformBody(UpdateMessageTemplateBody)],
  },
  {
    matcher: "/admin/message-templates/:id/preview",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(nestingLimited(PreviewMessageTemplateBody))],
  },
]
