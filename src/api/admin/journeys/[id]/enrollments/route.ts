import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { ListEnrollmentsQuery } from "../../validators"
import { assertJourneyExists, journeyService } from "../../helpers"

/** Who is in the journey and where: one page of its enrollments, newest first. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, ListEnrollmentsQuery>, res: MedusaResponse) {
  const { limit, offset, ...filters } = req.validatedQuery as ListEnrollmentsQuery
  await assertJourneyExists(req.scope, req.params.id)
  const [enrollments, count] = await journeyService(req.scope).listJourneyEnrollments(req.params.id, filters, {
    limit,
    offset,
  })
  res.json({ enrollments, count, limit, offset })
}
