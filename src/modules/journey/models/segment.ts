import { model } from "@medusajs/framework/utils"

/**
 * A named audience: the customers its rule selects, computed by the store's database whenever it
 * is read (see repositories/segments.ts), so membership is never stale and nothing is stored per
 * customer.
 */
const JourneySegment = model
  .define({ name: "JourneySegment", tableName: "journey_segment" }, {
    id: model.id({ prefix: "jseg" }).primaryKey(),
    // What the merchant calls it; the list route searches it.
    name: model.text().searchable(),
    description: model.text().nullable(),
    // A segment rule (engine/segments.ts), valid when saved: the workflows check it.
    rule: model.json(),
  })

export default JourneySegment
