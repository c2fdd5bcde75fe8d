import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { revertJourneyVersionWorkflow } from "../../../../../../../workflows"
import { retrieveJourney, runOrConflict } from "../../../../helpers"

/** Copies an earlier version into the draft; publish it to go back to it. */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const reverted = await runOrConflict(res, () =>
    revertJourneyVersionWorkflow(req.scope).run({
      input: { journey_id: req.params.id, version_id: req.params.version_id },
    })
  )
  if (reverted) res.json({ journey: await retrieveJourney(req.scope, req.params.id) })
}
