import { model } from "@medusajs/framework/utils"
import Enrollment from "./enrollment"
import JourneyVersion from "./journey-version"

/** A customer journey: a name and its versions; at most one version is published at a time. */
const Journey = model
  .define({ name: "Journey", tableName: "journey" }, {
    id: model.id({ prefix: "jrny" }).primaryKey(),
    name: model.text().searchable(),
    description: model.text().nullable(),
    // draft: never published; live: a published version enrols; paused: nobody enters or
    // moves until resumed; stopped: no published version, everyone inside has left.
    status: model.enum(["draft", "live", "paused", "stopped"]).default("draft"),
    metadata: model.json().nullable(),
    versions: model.hasMany(() => JourneyVersion, { mappedBy: "journey" }),
    enrollments: model.hasMany(() => Enrollment, { mappedBy: "journey" }),
  })
  .cascades({ delete: ["versions", "enrollments"] })
  .indexes([{ on: ["status"], where: "deleted_at IS NULL" }])

export default Journey
