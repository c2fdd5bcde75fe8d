import { model } from "@medusajs/framework/utils"

/**
 * The enrolment of a segment's members into a segment-trigger version, recorded when the version
 * is published and worked through by the segment-read job in batches of customers by id. A worker
 * leases the read while it works; a crashed worker's read is resumed from `cursor` by the next one
 * (entries are keyed, so a repeated batch enrolls nobody twice). A trigger that repeats gets its
 * next read, due at the next `repeat` time, when a read is done.
 */
const JourneySegmentRead = model
  .define({ name: "JourneySegmentRead", tableName: "journey_segment_read" }, {
    id: model.id({ prefix: "jsread" }).primaryKey(),
    // The progress route lists a journey's reads.
    journey_id: model.text(),
    // The version whose members these are: a newer version or a stopped journey cancels the read.
    version_id: model.text(),
    segment_id: model.text(),
    status: model.enum(["queued", "running", "done", "failed", "cancelled"]).default("queued"),
    // Members counted when the read started, for its progress (null until then).
    total: model.number().nullable(),
    // Members who entered, and those refused (already inside by the same key, re-entry, dates, unknown).
    entered: model.number().default(0),
    skipped: model.number().default(0),
    // The last customer id handled: the next batch starts after it.
    cursor: model.text().nullable(),
    // Why it failed, or the last error a worker met before the read was resumed.
    error: model.text().nullable(),
    // Not claimed before: the start date or the publication, then each `repeat` time of the trigger.
    due_at: model.dateTime(),
    // Also the instant the segment's rule is read at, the same for every batch.
    started_at: model.dateTime().nullable(),
    finished_at: model.dateTime().nullable(),
    // On the engine clock: while it is ahead, a worker owns the read.
    lease_until: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["journey_id"], where: "deleted_at IS NULL" },
    // The claim looks among reads not yet ended, by due time.
    { on: ["due_at"], where: "deleted_at IS NULL AND status IN ('queued', 'running')" },
  ])

export default JourneySegmentRead
