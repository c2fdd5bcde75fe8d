import { MedusaError } from "@medusajs/framework/utils"
import { checkTemplate, type MessageTemplateContent, type TemplateSummary } from "../../engine"
import type { JourneyModuleService } from "../../modules/journey"

/** Throws 400 for missing fields of the template's channel or a Liquid syntax error. */
export function assertValidTemplate(template: MessageTemplateContent, label = "message template") {
  const problems = checkTemplate(template)
  if (problems.length) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Invalid ${label}: ${problems.map(({ path, message }) => `${path} ${message}`).join("; ")}`
    )
  }
}

/** The templates a definition may use, keyed by id, for the validator. */
export async function templateSummaries(service: JourneyModuleService) {
  const templates = await service.listMessageTemplates({}, { select: ["id", "channel", "status"] })
  return new Map<string, TemplateSummary>(
    templates.map((template) => [template.id, { channel: template.channel, status: template.status }])
  )
}
