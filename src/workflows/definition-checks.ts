import type { ValidateOptions } from "../engine"
import type { JourneyModuleService } from "../modules/journey"
import { templateSummaries } from "./message-templates"

/** What the validator checks a definition against in this store: its templates and its segments. */
export async function storeChecks(service: JourneyModuleService): Promise<ValidateOptions> {
  const [templates, segments] = await Promise.all([
    templateSummaries(service),
    service.listJourneySegments({}, { select: ["id"] }),
  ])
  return { templates, segments: new Set(segments.map(({ id }) => id)) }
}
