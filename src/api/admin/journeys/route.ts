import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { createJourneyWorkflow } from "../../../workflows"
import { journeyService, journeyView, retrieveJourney, runOrConflict } from "./helpers"
import type { CreateJourneyBody, ListJourneysQuery } from "./validators"

export async function GET(req: AuthenticatedMedusaRequest<unknown, ListJourneysQuery>, res: MedusaResponse) {
  const { limit, offset, status, q } = req.validatedQuery as ListJourneysQuery
  const service = journeyService(req.scope)
  const [journeys, count] = await service.listAndCountJourneys(
    { ...(status ? { status } : {}), ...(q ? { q } : {}) },
    {
      take: limit,
      skip: offset,
      order: { created_at: "DESC" },
      relations: ["versions"],
      select: [
        "id", "name", "description", "status", "created_at", "updated_at",
        "versions.id", "versions.number", "versions.status", "versions.published_at",
        "versions.ended_at", "versions.created_at", "versions.updated_at",
      ],
    }
  )
  const counts = await service.countEnrollmentsByJourney(journeys.map((journey) => journey.id))
  res.json({
    journeys: journeys.map((journey) => journeyView(journey, counts[journey.id])),
    count,
    limit,
    offset,
  })
}

export async function POST(req: AuthenticatedMedusaRequest<CreateJourneyBody>, res: MedusaResponse) {
  const created = await runOrConflict(res, () => createJourneyWorkflow(req.scope).run({ input: req.validatedBody }))
  if (created) res.status(201).json({ journey: await retrieveJourney(req.scope, created.result.id) })
}
