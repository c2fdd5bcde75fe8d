import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { checkSegmentRule, type SegmentRule } from "../../../../../engine"
import { journeyService } from "../../helpers"
import type { PreviewSegmentBody } from "../validators"

/**
 * Counts and samples the customers of an unsaved rule, as the merchant edits it. An invalid rule
 * answers 200 `{ valid: false, errors }`, like a journey's validate route: the builder calls this
 * as the merchant types, and a 400 would show as an error in the browser's console.
 */
export async function POST(req: AuthenticatedMedusaRequest<PreviewSegmentBody>, res: MedusaResponse) {
  const { rule } = req.validatedBody
  const errors = checkSegmentRule(rule, "rule")
  if (errors.length) {
    res.json({ valid: false, errors })
    return
  }
  res.json({ valid: true, ...(await journeyService(req.scope).previewSegment(rule as SegmentRule)) })
}
