import { notFound } from "../../../workflows/errors"
import { journeyService } from "./helpers"

/** 404 unless the journey exists: a lighter check than retrieveJourney, which also counts and validates. */
export async function assertJourneyExists(scope: { resolve: <T>(key: string) => T }, id: string) {
  const [journey] = await journeyService(scope).listJourneys({ id }, { select: ["id"] })
  if (!journey) throw notFound("Journey", id)
}
