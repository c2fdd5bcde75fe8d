import { notFound } from "../../../workflows/errors"
import { journeyService } from "../journeys/helpers"

/** One message template, or 404. */
export async function retrieveMessageTemplate(scope: { resolve: <T>(key: string) => T }, id: string) {
  const [template] = await journeyService(scope).listMessageTemplates({ id })
  if (!template) throw notFound("Message template", id)
  return template
}
