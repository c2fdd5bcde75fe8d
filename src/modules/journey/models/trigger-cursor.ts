import { model } from "@medusajs/framework/utils"

/**
 * How far the abandonment job has looked for each published cart_abandoned version: carts whose
 * last activity is at or before `position` have been considered. Starts at publication minus the
 * idle time, so carts that went idle before the journey was published never fire. A worker
 * leases the row while it scans; a crashed worker's lease expires and the scan is repeated
 * (entries are keyed, so a repeat enrolls nobody twice).
 */
const TriggerCursor = model.define({ name: "TriggerCursor", tableName: "journey_trigger_cursor" }, {
  // The version's id.
  id: model.id().primaryKey(),
  position: model.dateTime(),
  leased_until: model.dateTime().nullable(),
})

export default TriggerCursor
