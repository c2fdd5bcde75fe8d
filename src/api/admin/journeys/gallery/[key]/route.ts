import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { importJourneyWorkflow } from "../../../../../workflows"
import { GALLERY } from "../../../../../workflows/journeys/gallery"
import { retrieveJourney, runOrConflict } from "../../helpers"

/** Installs a gallery journey as a new draft, with its templates (existing handles are reused). */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const entry = GALLERY.find(({ key }) => key === req.params.key)
  if (!entry) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `There is no gallery journey "${req.params.key}"`)
  }
  const installed = await runOrConflict(res, () => importJourneyWorkflow(req.scope).run({ input: entry.document }))
  if (installed) res.status(201).json({ journey: await retrieveJourney(req.scope, installed.result.id) })
}
