import { model } from "@medusajs/framework/utils"
import { CHANNELS } from "../../../engine/delivery"

/**
 * A Liquid template for one channel: subject, html and text for email; body for SMS; title,
 * body and data for push. Journeys may only send published templates. `handle` names it
 * across stores, so exported journeys re-link to their templates on import.
 */
const MessageTemplate = model
  .define({ name: "MessageTemplate", tableName: "journey_message_template" }, {
    id: model.id({ prefix: "jtpl" }).primaryKey(),
    handle: model.text(),
    name: model.text().searchable(),
    channel: model.enum([...CHANNELS]),
    status: model.enum(["draft", "published"]).default("draft"),
    subject: model.text().nullable(),
    html: model.text().nullable(),
    text: model.text().nullable(),
    title: model.text().nullable(),
    body: model.text().nullable(),
    data: model.json().nullable(),
  })
  .indexes([
    {
      name: "IDX_journey_message_template_handle",
      on: ["handle"],
      unique: true,
      where: "deleted_at IS NULL",
    },
  ])

export default MessageTemplate
