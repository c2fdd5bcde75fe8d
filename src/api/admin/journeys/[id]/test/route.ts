import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { testJourneyWorkflow } from "../../../../../workflows"
import { retrieveJourney, runOrConflict } from "../../helpers"
import type { TestJourneyBody } from "../../validators"

/** Runs the journey for up to 100 chosen customers, as tests (left out of analytics). */
export async function POST(req: AuthenticatedMedusaRequest<TestJourneyBody>, res: MedusaResponse) {
  await retrieveJourney(req.scope, req.params.id)
  const tested = await runOrConflict(res, () =>
    testJourneyWorkflow(req.scope).run({
      input: { journey_id: req.params.id, ...req.validatedBody, now: new Date().toISOString() },
    })
  )
  if (tested) res.status(201).json({ enrollment_ids: tested.result })
}
