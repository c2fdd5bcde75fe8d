import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Drops indexes that Medusa's model generator adds to every table and relation but that no
 * query of the plugin can use: `deleted_at` indexes restricted to `deleted_at IS NULL` (one
 * entry per live row, all the same key), and the enrollment's `journey_id` and the timeline's
 * `enrollment_id` indexes, which are the first column of a wider index on the same table. Every
 * enrollment, timeline row, message and event wrote an entry into each, for nothing (their share
 * of the index writes: bench/README.md, session 5). The snapshot keeps them, so a generated
 * migration will not add them back.
 */
const REDUNDANT = [
  "IDX_journey_enrollment_deleted_at",
  "IDX_journey_enrollment_journey_id",
  "IDX_journey_activity_deleted_at",
  "IDX_journey_activity_enrollment_id",
  "IDX_journey_message_deleted_at",
  "IDX_journey_event_deleted_at",
  "IDX_journey_effect_deleted_at",
]

export class Migration20261124010000 extends Migration {
  override async up(): Promise<void> {
    for (const index of REDUNDANT) this.addSql(`drop index if exists "${index}";`)
  }

  override async down(): Promise<void> {
    for (const index of REDUNDANT) {
      const [, table, column] = /^IDX_(journey_[a-z]+)_(deleted_at|journey_id|enrollment_id)$/.exec(index)!
      this.addSql(`create index if not exists "${index}" on "${table}" ("${column}") where deleted_at is null;`)
    }
  }
}
