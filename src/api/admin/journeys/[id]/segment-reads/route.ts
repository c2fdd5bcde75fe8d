import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { assertJourneyExists, journeyService, segmentReadView } from "../../helpers"

/** The journey's segment reads (one per published segment-trigger version), newest first, with their pace. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await assertJourneyExists(req.scope, req.params.id)
  const reads = await journeyService(req.scope).listJourneySegmentReads(
    { journey_id: req.params.id },
    { order: { created_at: "DESC", id: "DESC" } }
  )
  const now = new Date()
  res.json({ segment_reads: reads.map((read) => segmentReadView(read, now)) })
}
