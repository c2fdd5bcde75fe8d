import { model } from "@medusajs/framework/utils"

/**
 * Every customer event the engine has processed (commerce events and custom ones), keyed by
 * its id: a re-delivered event finds its id taken and changes nothing. Also the log of what
 * the store sent to the journeys.
 */
const JourneyEvent = model
  .define({ name: "JourneyEvent", tableName: "journey_event" }, {
    id: model.id({ prefix: "jevt" }).primaryKey(),
    name: model.text(),
    customer_id: model.text().nullable(),
    email: model.text().nullable(),
    data: model.json().nullable(),
    occurred_at: model.dateTime(),
  })
  .indexes([{ on: ["customer_id", "occurred_at"], where: "deleted_at IS NULL" }])

export default JourneyEvent
