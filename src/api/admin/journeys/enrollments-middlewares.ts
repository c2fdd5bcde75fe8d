import { validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { ListEnrollmentsQuery } from "./enrollments-validators"

export const enrollmentRoutes: MiddlewareRoute[] = [
  {
    matcher: "/admin/journeys/:id/enrollments",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(ListEnrollmentsQuery, {})],
  },
]
