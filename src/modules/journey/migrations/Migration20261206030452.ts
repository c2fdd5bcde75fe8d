import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261206030452 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "journey_segment_read" ("id" text not null, "journey_id" text not null, "version_id" text not null, "segment_id" text not null, "status" text check ("status" in ('queued', 'running', 'done', 'failed', 'cancelled')) not null default 'queued', "total" integer null, "entered" integer not null default 0, "skipped" integer not null default 0, "cursor" text null, "error" text null, "started_at" timestamptz null, "finished_at" timestamptz null, "lease_until" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "journey_segment_read_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_segment_read_deleted_at" ON "journey_segment_read" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_segment_read_journey_id" ON "journey_segment_read" ("journey_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "journey_segment_read" cascade;`);
  }

}
