import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261206041138 extends Migration {

  override async up(): Promise<void> {
    // Reads recorded before this column were due at once: when they were recorded.
    this.addSql(`alter table if exists "journey_segment_read" add column if not exists "due_at" timestamptz null;`);
    this.addSql(`update "journey_segment_read" set "due_at" = "created_at" where "due_at" is null;`);
    this.addSql(`alter table if exists "journey_segment_read" alter column "due_at" set not null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_segment_read_due_at" ON "journey_segment_read" ("due_at") WHERE deleted_at IS NULL AND status IN ('queued', 'running');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_journey_segment_read_due_at";`);
    this.addSql(`alter table if exists "journey_segment_read" drop column if exists "due_at";`);
  }

}
