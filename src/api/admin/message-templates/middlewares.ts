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

// Email HTML (inlined CSS, compiled MJML) often exceeds the default 100 KB JSON body limit.
const templateBody = { sizeLimit: "2mb" }

export const messageTemplateRoutes: MiddlewareRoute[] = [
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
    middlewares: [validateAndTransformBody(PreviewMessageTemplateBody)],
  },
]
