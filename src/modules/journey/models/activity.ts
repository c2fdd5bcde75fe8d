import { model } from "@medusajs/framework/utils"
import Enrollment from "./enrollment"

/**
 * The append-only log of an enrollment: one row per node visited and per decision, with the
 * reason (branch and rule, why a message was skipped, when a wait wakes). A trigger refuses
 * edits, so the timeline shown to the merchant is what happened.
 */
const Activity = model
  .define({ name: "Activity", tableName: "journey_activity" }, {
    id: model.id({ prefix: "jact" }).primaryKey(),
    journey_id: model.text(),
    node_id: model.text().nullable(),
    type: model.enum([
      "entered",
      "node",
      "branch",
      "message_queued",
      "message_skipped",
      "waiting",
      "woke",
      "reaction",
      "goal",
      "customer_updated",
      "webhook",
      "completed",
      "exited",
      "error",
      // An admin retried or cancelled one of the enrollment's messages or effects (the outbox page).
      "admin_action",
    ]),
    reason: model.text().nullable(),
    data: model.json().nullable(),
    // The engine's clock, which tests and test mode move; created_at stays wall time.
    occurred_at: model.dateTime(),
    enrollment: model.belongsTo(() => Enrollment, { mappedBy: "activities" }),
  })
  .indexes([
    { on: ["enrollment_id", "occurred_at"], where: "deleted_at IS NULL" },
    { on: ["journey_id", "node_id", "type"], where: "deleted_at IS NULL" },
  ])

export default Activity
