import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261206023336 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "journey_segment" ("id" text not null, "name" text not null, "description" text null, "rule" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "journey_segment_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_segment_deleted_at" ON "journey_segment" ("deleted_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "journey_segment" cascade;`);
  }

}
