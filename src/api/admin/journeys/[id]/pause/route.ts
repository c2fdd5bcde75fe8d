import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { setJourneyPausedWorkflow } from "../../../../../workflows"
import { retrieveJourney, runOrConflict } from "../../helpers"

export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const done = await runOrConflict(res, () =>
    setJourneyPausedWorkflow(req.scope).run({ input: { id: req.params.id, paused: true } })
  )
  if (done) res.json({ journey: await retrieveJourney(req.scope, req.params.id) })
}
