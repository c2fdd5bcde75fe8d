import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { resolveJourneyModule } from "../../../../../modules/journey"
import { customerAddresses } from "../../../../utils/customer-consent"

const ENROLLMENT_FIELDS = [
  "id", "status", "current_node", "exit_reason", "is_test", "entered_at", "ended_at", "converted_at", "wake_at",
  "journey.id", "journey.name", "version.id", "version.number", "version.definition",
]
const MESSAGE_FIELDS = [
  "id", "journey_id", "enrollment_id", "node_id", "channel", "template_id", "recipient", "category", "status", "skip_reason",
  "error", "is_test", "queued_at", "sent_at", "delivered_at", "opened_at", "clicked_at",
]
const MESSAGES = 50

type Definition = { nodes?: { id: string; type: string }[] }

/**
 * GET /admin/customers/:id/journeys — the journeys the customer is in or has been in (newest
 * entry first, test runs flagged) with the step they are at, and their last 50 messages.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { id } = req.params
  await customerAddresses(req.scope, id)
  const service = resolveJourneyModule(req.scope)
  const [enrollments, messages] = await Promise.all([
    service.listEnrollments(
      { customer_id: id },
      { relations: ["journey", "version"], select: ENROLLMENT_FIELDS, order: { entered_at: "DESC", id: "DESC" }, take: 200 }
    ),
    service.listMessages({ customer_id: id }, { select: MESSAGE_FIELDS, order: { queued_at: "DESC", id: "DESC" }, take: MESSAGES }),
  ])
  const templateIds = [...new Set(messages.map((message) => message.template_id))]
  const journeyIds = [...new Set(messages.flatMap((message) => (message.journey_id ? [message.journey_id] : [])))]
  const [templates, journeys] = await Promise.all([
    templateIds.length ? service.listMessageTemplates({ id: templateIds }, { select: ["id", "name"] }) : [],
    journeyIds.length ? service.listJourneys({ id: journeyIds }, { select: ["id", "name"] }) : [],
  ])
  const templateName = new Map(templates.map((template) => [template.id, template.name]))
  const journeyName = new Map(journeys.map((journey) => [journey.id, journey.name]))

  res.json({
    enrollments: enrollments.map((enrollment) => {
      const definition = (enrollment.version?.definition ?? {}) as Definition
      const node = definition.nodes?.find((candidate) => candidate.id === enrollment.current_node)
      return {
        id: enrollment.id,
        journey: { id: enrollment.journey.id, name: enrollment.journey.name },
        version: { id: enrollment.version.id, number: enrollment.version.number },
        status: enrollment.status,
        current_node: enrollment.current_node ? { id: enrollment.current_node, type: node?.type ?? null } : null,
        exit_reason: enrollment.exit_reason,
        wake_at: enrollment.wake_at,
        entered_at: enrollment.entered_at,
        ended_at: enrollment.ended_at,
        converted: !!enrollment.converted_at,
        converted_at: enrollment.converted_at,
        is_test: enrollment.is_test,
      }
    }),
    messages: messages.map(({ template_id, journey_id, ...message }) => ({
      ...message,
      journey: journey_id ? { id: journey_id, name: journeyName.get(journey_id) ?? null } : null,
      template: { id: template_id, name: templateName.get(template_id) ?? null },
    })),
  })
}
