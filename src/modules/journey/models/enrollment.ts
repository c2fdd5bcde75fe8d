import { model } from "@medusajs/framework/utils"
import Activity from "./activity"
import Effect from "./effect"
import Journey from "./journey"
import JourneyVersion from "./journey-version"
import Message from "./message"

/**
 * One customer's passage through one journey, pinned to the version it entered. All of its
 * state lives here (nothing in process memory), so any worker can pick it up.
 */
const Enrollment = model
  .define({ name: "Enrollment", tableName: "journey_enrollment" }, {
    id: model.id({ prefix: "jenr" }).primaryKey(),
    customer_id: model.text().nullable(),
    email: model.text().nullable(),
    status: model
      .enum(["active", "waiting", "completed", "exited", "failed"])
      .default("active"),
    current_node: model.text().nullable(),
    // When a waiting enrollment is due; null while it waits only for an event (no timeout).
    wake_at: model.dateTime().nullable(),
    // Event names a waiting enrollment reacts to (wait_for_event ports, goal).
    awaiting: model.array().nullable(),
    // What triggered the entry (order, cart, event payload), frozen at entry.
    context: model.json(),
    // Interpreter bookkeeping that must survive restarts (e.g. join arrivals, split draws).
    state: model.json().nullable(),
    exit_reason: model.text().nullable(),
    is_test: model.boolean().default(false),
    // Idempotency of the trigger: a re-delivered event carries the same key.
    trigger_key: model.text(),
    // Re-entry rule as a constraint: the customer id while the rule forbids another entry
    // ("once": always, "after_exit": until this enrollment ends), null otherwise.
    entry_guard: model.text().nullable(),
    entered_at: model.dateTime(),
    ended_at: model.dateTime().nullable(),
    converted_at: model.dateTime().nullable(),
    conversion_order_id: model.text().nullable(),
    conversion_value: model.bigNumber().nullable(),
    journey: model.belongsTo(() => Journey, { mappedBy: "enrollments" }),
    version: model.belongsTo(() => JourneyVersion, { mappedBy: "enrollments" }),
    activities: model.hasMany(() => Activity, { mappedBy: "enrollment" }),
    messages: model.hasMany(() => Message, { mappedBy: "enrollment" }),
    effects: model.hasMany(() => Effect, { mappedBy: "enrollment" }),
  })
  .cascades({ delete: ["activities"] })
  .indexes([
    {
      name: "IDX_journey_enrollment_trigger_key",
      on: ["journey_id", "trigger_key"],
      unique: true,
      where: "deleted_at IS NULL",
    },
    {
      name: "IDX_journey_enrollment_entry_guard",
      on: ["journey_id", "entry_guard"],
      unique: true,
      where: "deleted_at IS NULL AND entry_guard IS NOT NULL",
    },
    // The timer sweep reads only due rows: cost grows with what is due, not with what waits.
    {
      name: "IDX_journey_enrollment_wake_at",
      on: ["wake_at"],
      where: "deleted_at IS NULL AND status = 'waiting' AND wake_at IS NOT NULL",
    },
    // Reactions: an incoming event finds the enrollments of its customer that await it.
    {
      name: "IDX_journey_enrollment_awaiting",
      on: ["customer_id"],
      where: "deleted_at IS NULL AND status = 'waiting' AND awaiting IS NOT NULL",
    },
    { on: ["journey_id", "status", "current_node"], where: "deleted_at IS NULL" },
    { on: ["customer_id"], where: "deleted_at IS NULL" },
    // A customer's enrollments are found by customer_id; by email only a guest's (no customer).
    // Every update of an enrollment adds an entry to each index that covers it (none is HOT),
    // and email keys are long: over every enrollment, this index was among the most written
    // (measured: bench/README.md, sweep, session 7).
    { on: ["email"], where: "deleted_at IS NULL AND customer_id IS NULL" },
  ])
  .checks([
    {
      name: "CHK_journey_enrollment_ended",
      expression: (columns) =>
        `(${columns.status} IN ('completed', 'exited', 'failed')) = (${columns.ended_at} IS NOT NULL)`,
    },
    {
      name: "CHK_journey_enrollment_recipient",
      expression: (columns) => `${columns.customer_id} IS NOT NULL OR ${columns.email} IS NOT NULL`,
    },
  ])

export default Enrollment
