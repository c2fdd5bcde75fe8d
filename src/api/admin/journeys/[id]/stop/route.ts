import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { stopJourneyWorkflow } from "../../../../../workflows"
import { retrieveJourney, runOrConflict } from "../../helpers"
import type { StopJourneyBody } from "../../validators"

/** Nobody enters any more; "drain" lets those inside finish, "stop" exits them now. */
export async function POST(req: AuthenticatedMedusaRequest<StopJourneyBody>, res: MedusaResponse) {
  const done = await runOrConflict(res, () =>
    stopJourneyWorkflow(req.scope).run({ input: { id: req.params.id, mode: req.validatedBody.mode } })
  )
  if (done) res.json({ journey: await retrieveJourney(req.scope, req.params.id) })
}
