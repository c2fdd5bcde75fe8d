import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123164105 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "journey_event" ("id" text not null, "name" text not null, "customer_id" text null, "email" text null, "data" jsonb null, "occurred_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "journey_event_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_event_deleted_at" ON "journey_event" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_event_customer_id_occurred_at" ON "journey_event" ("customer_id", "occurred_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "journey_event" cascade;`);
  }

}
