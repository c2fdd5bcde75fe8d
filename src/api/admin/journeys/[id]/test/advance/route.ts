import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { advanceTestJourneyWorkflow } from "../../../../../../workflows"
import { retrieveJourney } from "../../../helpers"
import type { AdvanceTestBody } from "../../../validators"

/** Fast-forwards the journey's test enrollments by `duration` and runs what became due. */
export async function POST(req: AuthenticatedMedusaRequest<AdvanceTestBody>, res: MedusaResponse) {
  await retrieveJourney(req.scope, req.params.id)
  const { result } = await advanceTestJourneyWorkflow(req.scope).run({
    input: { journey_id: req.params.id, duration: req.validatedBody.duration, now: new Date().toISOString() },
  })
  res.json(result)
}
