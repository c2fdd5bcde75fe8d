import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { createSegmentWorkflow } from "../../../../workflows"
import { journeyService } from "../helpers"
import { runOrRefuse, SEGMENT_COLUMNS } from "./helpers"
import type { CreateSegmentBody, ListSegmentsQuery } from "./validators"

/** `q` matches a part of the name, in any case, as typed (LIKE wildcards taken literally). */
export async function GET(req: AuthenticatedMedusaRequest<unknown, ListSegmentsQuery>, res: MedusaResponse) {
  const { limit, offset, q } = req.validatedQuery as ListSegmentsQuery
  const [segments, count] = await journeyService(req.scope).listAndCountJourneySegments(
    q ? { name: { $ilike: `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` } } : {},
    { select: SEGMENT_COLUMNS, take: limit, skip: offset, order: { created_at: "DESC" } }
  )
  res.json({ segments, count, limit, offset })
}

export async function POST(req: AuthenticatedMedusaRequest<CreateSegmentBody>, res: MedusaResponse) {
  const created = await runOrRefuse(res, () => createSegmentWorkflow(req.scope).run({ input: req.validatedBody }))
  if (created) res.status(201).json({ segment: created.result })
}
