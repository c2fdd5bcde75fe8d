import { model } from "@medusajs/framework/utils"
import Enrollment from "./enrollment"
import { CHANNELS } from "../../../engine/delivery"

/**
 * The outbox: a message is written in the same transaction as the state change that decided
 * it, then a dispatcher claims it, checks consent and quiet hours, renders and sends it.
 * Its id is the idempotency key of every send attempt.
 */
const Message = model
  .define({ name: "Message", tableName: "journey_message" }, {
    id: model.id({ prefix: "jmsg" }).primaryKey(),
    journey_id: model.text().nullable(),
    node_id: model.text().nullable(),
    customer_id: model.text().nullable(),
    channel: model.enum([...CHANNELS]),
    template_id: model.text(),
    // Email address, E.164 phone number, or the customer id whose devices get a push.
    recipient: model.text(),
    category: model.enum(["marketing", "transactional"]).default("marketing"),
    tag: model.text().nullable(),
    status: model
      .enum(["queued", "sending", "sent", "delivered", "failed", "skipped", "cancelled"])
      .default("queued"),
    attempts: model.number().default(0),
    next_attempt_at: model.dateTime().nullable(),
    provider_message_id: model.text().nullable(),
    notification_id: model.text().nullable(),
    error: model.text().nullable(),
    // Why a message was not sent (consent, quiet hours, frequency cap, suppression).
    skip_reason: model.text().nullable(),
    // Render context captured when queued (cart, order, event data).
    data: model.json().nullable(),
    // What the last attempt that reached the provider handed it (a RenderedMessage): the outbox shows
    // what the customer received even after the template changed. Each such attempt overwrites it.
    content: model.json().nullable(),
    is_test: model.boolean().default(false),
    queued_at: model.dateTime(),
    sent_at: model.dateTime().nullable(),
    delivered_at: model.dateTime().nullable(),
    opened_at: model.dateTime().nullable(),
    clicked_at: model.dateTime().nullable(),
    enrollment: model.belongsTo(() => Enrollment, { mappedBy: "messages" }).nullable(),
  })
  .indexes([
    // The dispatcher claims what is queued and due, and requeues sends whose lease expired.
    {
      name: "IDX_journey_message_dispatch",
      on: ["status", "next_attempt_at"],
      where: "deleted_at IS NULL AND status IN ('queued', 'sending')",
    },
    {
      name: "IDX_journey_message_provider_id",
      on: ["provider_message_id"],
      where: "deleted_at IS NULL AND provider_message_id IS NOT NULL",
    },
    // Frequency caps count a recipient's recent messages per channel and tag.
    { on: ["recipient", "channel", "queued_at"], where: "deleted_at IS NULL" },
    { on: ["customer_id", "tag", "queued_at"], where: "deleted_at IS NULL" },
    { on: ["enrollment_id"], where: "deleted_at IS NULL" },
    { on: ["journey_id", "node_id", "status"], where: "deleted_at IS NULL" },
  ])
  .checks([
    {
      name: "CHK_journey_message_queued_due",
      expression: (columns) =>
        `${columns.status} <> 'queued' OR ${columns.next_attempt_at} IS NOT NULL`,
    },
    {
      name: "CHK_journey_message_attempts",
      expression: (columns) => `${columns.attempts} >= 0`,
    },
  ])

export default Message
