import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { notFound } from "../../../../../../workflows/errors"
import { assertJourneyExists, journeyService } from "../../../helpers"

const ENROLLMENT_FIELDS = [
  "id", "customer_id", "email", "status", "current_node", "wake_at", "awaiting", "exit_reason", "is_test",
  "trigger_key", "context", "entered_at", "ended_at", "converted_at", "conversion_order_id", "conversion_value",
  "version.id", "version.number",
]
const ACTIVITY_FIELDS = ["id", "type", "node_id", "reason", "data", "occurred_at"]
const MESSAGE_FIELDS = [
  "id", "node_id", "channel", "template_id", "recipient", "category", "tag", "status", "attempts", "error",
  "skip_reason", "queued_at", "sent_at", "delivered_at", "opened_at", "clicked_at",
]

const EFFECT_FIELDS = [
  "id", "node_id", "type", "status", "attempts", "error", "response_status", "queued_at", "next_attempt_at", "completed_at",
]

/**
 * One enrollment of the journey with its timeline (what happened, and why), its messages and its
 * effects (customer updates and webhooks, with their attempts).
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { id, enrollment_id } = req.params
  await assertJourneyExists(req.scope, id)
  const service = journeyService(req.scope)
  const [enrollment] = await service.listEnrollments(
    { id: enrollment_id, journey_id: id },
    { relations: ["version"], select: ENROLLMENT_FIELDS }
  )
  if (!enrollment) throw notFound("Enrollment", enrollment_id)
  // Storage details the ORM adds: the foreign key (the version is there) and the big number's raw form.
  const { version_id: _versionId, raw_conversion_value: _raw, ...view } = enrollment as typeof enrollment & {
    raw_conversion_value?: unknown
  }
  const [activities, messages, effects] = await Promise.all([
    // Steps of one transition share both instants; the id keeps their order stable between reads.
    service.listActivities(
      { enrollment_id },
      { select: ACTIVITY_FIELDS, order: { occurred_at: "ASC", created_at: "ASC", id: "ASC" } }
    ),
    service.listMessages(
      { enrollment_id },
      { select: MESSAGE_FIELDS, order: { queued_at: "ASC", created_at: "ASC", id: "ASC" } }
    ),
    service.listEffects({ enrollment_id }, { select: EFFECT_FIELDS, order: { queued_at: "ASC", id: "ASC" } }),
  ])
  res.json({ enrollment: { ...view, activities, messages, effects } })
}
