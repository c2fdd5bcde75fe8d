import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { journeyService } from "../../../helpers"
import { retrieveSegment } from "../../helpers"
import type { ListSegmentMembersQuery } from "../../validators"

/** A page of the segment's customers by id, computed now from its rule. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, ListSegmentMembersQuery>, res: MedusaResponse) {
  const { limit, offset } = req.validatedQuery as ListSegmentMembersQuery
  const segment = await retrieveSegment(req.scope, req.params.id)
  const { members, count } = await journeyService(req.scope).listSegmentMembers(segment.rule, { limit, offset })
  res.json({ members, count, limit, offset })
}
