import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123174646 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "journey_cart_activity" ("id" text not null, "customer_id" text null, "email" text null, "item_count" integer not null default 0, "last_activity_at" timestamptz not null, "completed_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "journey_cart_activity_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_cart_activity_deleted_at" ON "journey_cart_activity" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_cart_activity_idle" ON "journey_cart_activity" ("last_activity_at") WHERE deleted_at IS NULL AND completed_at IS NULL AND email IS NOT NULL AND item_count > 0;`);

    this.addSql(`create table if not exists "journey_effect" ("id" text not null, "journey_id" text null, "node_id" text null, "customer_id" text null, "type" text check ("type" in ('update_customer', 'webhook')) not null, "payload" jsonb not null, "status" text check ("status" in ('queued', 'running', 'done', 'failed')) not null default 'queued', "attempts" integer not null default 0, "next_attempt_at" timestamptz null, "error" text null, "response_status" integer null, "is_test" boolean not null default false, "queued_at" timestamptz not null, "completed_at" timestamptz null, "enrollment_id" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "journey_effect_pkey" primary key ("id"), constraint CHK_journey_effect_queued_due check (status <> 'queued' OR next_attempt_at IS NOT NULL));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_effect_enrollment_id" ON "journey_effect" ("enrollment_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_effect_deleted_at" ON "journey_effect" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_effect_dispatch" ON "journey_effect" ("status", "next_attempt_at") WHERE deleted_at IS NULL AND status IN ('queued', 'running');`);

    this.addSql(`create table if not exists "journey_trigger_cursor" ("id" text not null, "position" timestamptz not null, "leased_until" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "journey_trigger_cursor_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_trigger_cursor_deleted_at" ON "journey_trigger_cursor" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "journey_effect" add constraint "journey_effect_enrollment_id_foreign" foreign key ("enrollment_id") references "journey_enrollment" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "journey_cart_activity" cascade;`);

    this.addSql(`drop table if exists "journey_effect" cascade;`);

    this.addSql(`drop table if exists "journey_trigger_cursor" cascade;`);
  }

}
