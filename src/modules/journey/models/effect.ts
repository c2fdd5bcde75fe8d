import { model } from "@medusajs/framework/utils"
import Enrollment from "./enrollment"

/**
 * The outbox of effects other than messages (customer updates, webhooks): written in the same
 * transaction as the transition that decided them, then carried out by the dispatcher with
 * retries. Its id is the idempotency key a webhook receiver sees.
 */
const Effect = model
  .define({ name: "Effect", tableName: "journey_effect" }, {
    id: model.id({ prefix: "jefx" }).primaryKey(),
    journey_id: model.text().nullable(),
    node_id: model.text().nullable(),
    customer_id: model.text().nullable(),
    type: model.enum(["update_customer", "webhook"]),
    // What to do: the node's settings plus, for webhooks, the context the body renders over.
    payload: model.json(),
    // cancelled: an admin stopped a queued effect before it ran.
    status: model.enum(["queued", "running", "done", "failed", "cancelled"]).default("queued"),
    attempts: model.number().default(0),
    next_attempt_at: model.dateTime().nullable(),
    error: model.text().nullable(),
    // The last HTTP status a webhook answered with.
    response_status: model.number().nullable(),
    is_test: model.boolean().default(false),
    queued_at: model.dateTime(),
    completed_at: model.dateTime().nullable(),
    enrollment: model.belongsTo(() => Enrollment, { mappedBy: "effects" }).nullable(),
  })
  .indexes([
    {
      name: "IDX_journey_effect_dispatch",
      on: ["status", "next_attempt_at"],
      where: "deleted_at IS NULL AND status IN ('queued', 'running')",
    },
    { on: ["enrollment_id"], where: "deleted_at IS NULL" },
  ])
  .checks([
    {
      name: "CHK_journey_effect_queued_due",
      expression: (columns) => `${columns.status} <> 'queued' OR ${columns.next_attempt_at} IS NOT NULL`,
    },
  ])

export default Effect
