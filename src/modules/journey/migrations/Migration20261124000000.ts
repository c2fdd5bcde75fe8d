import { Migration } from "@medusajs/framework/mikro-orm/migrations"

const ENROLLMENT_CHILDREN = [
  { table: "journey_activity", onDelete: "cascade" },
  { table: "journey_message", onDelete: "set null" },
  { table: "journey_effect", onDelete: "set null" },
] as const

/**
 * Drops the foreign keys from the timeline, the outbox and the effects to their enrollment,
 * written by hand because model relations always declare one. Each row's check locked its
 * enrollment (`FOR KEY SHARE`), and with two batches in flight those checks took a large share
 * of PostgreSQL's time per event (measured by the latency benchmark: bench/README.md, session 5).
 * The rows stay tied to existing enrollments without them: the service inserts them only by joining
 * the enrollment, in the transaction that holds it, and enrollments are only ever soft-deleted
 * (the relations still cascade that). The snapshot keeps the relations, so a generated
 * migration will not add the constraints back.
 */
export class Migration20261124000000 extends Migration {
  override async up(): Promise<void> {
    for (const { table } of ENROLLMENT_CHILDREN) {
      this.addSql(`alter table if exists "${table}" drop constraint if exists "${table}_enrollment_id_foreign";`)
    }
  }

  override async down(): Promise<void> {
    for (const { table, onDelete } of ENROLLMENT_CHILDREN) {
      this.addSql(
        `alter table if exists "${table}" add constraint "${table}_enrollment_id_foreign" foreign key ("enrollment_id") ` +
          `references "journey_enrollment" ("id") on update cascade on delete ${onDelete};`
      )
    }
  }
}
