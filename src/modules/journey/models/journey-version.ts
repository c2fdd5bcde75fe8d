import { model } from "@medusajs/framework/utils"
import Enrollment from "./enrollment"
import Journey from "./journey"

/**
 * One numbered definition of a journey. The definition is editable only while the version is a
 * draft (a database trigger refuses any other change); publishing freezes it, and a newer
 * publication either drains it (no new entries, the ones inside finish) or stops it.
 */
const JourneyVersion = model
  .define({ name: "JourneyVersion", tableName: "journey_version" }, {
    id: model.id({ prefix: "jver" }).primaryKey(),
    number: model.number(),
    status: model
      .enum(["draft", "published", "draining", "stopped", "archived"])
      .default("draft"),
    definition: model.json(),
    published_at: model.dateTime().nullable(),
    ended_at: model.dateTime().nullable(),
    journey: model.belongsTo(() => Journey, { mappedBy: "versions" }),
    enrollments: model.hasMany(() => Enrollment, { mappedBy: "version" }),
  })
  .indexes([
    { on: ["journey_id", "number"], unique: true, where: "deleted_at IS NULL" },
    // One published and one draft per journey, enforced by the database, not by the caller.
    {
      name: "IDX_journey_version_one_published",
      on: ["journey_id"],
      unique: true,
      where: "deleted_at IS NULL AND status = 'published'",
    },
    {
      name: "IDX_journey_version_one_draft",
      on: ["journey_id"],
      unique: true,
      where: "deleted_at IS NULL AND status = 'draft'",
    },
  ])
  .checks([
    {
      name: "CHK_journey_version_number_positive",
      expression: (columns) => `${columns.number} > 0`,
    },
    {
      name: "CHK_journey_version_published_at",
      expression: (columns) =>
        `${columns.status} IN ('draft', 'archived') OR ${columns.published_at} IS NOT NULL`,
    },
  ])

export default JourneyVersion
