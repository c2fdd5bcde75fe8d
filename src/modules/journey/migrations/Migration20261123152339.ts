import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123152339 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "journey_version" drop constraint if exists "journey_version_journey_id_number_unique";`);
    this.addSql(`create table if not exists "journey_consent" ("id" text not null, "channel" text check ("channel" in ('email', 'sms', 'push')) not null, "address" text not null, "customer_id" text null, "status" text check ("status" in ('subscribed', 'unsubscribed', 'suppressed')) not null, "source" text null, "reason" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "journey_consent_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_consent_deleted_at" ON "journey_consent" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_journey_consent_address" ON "journey_consent" ("channel", "address") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_consent_customer_id" ON "journey_consent" ("customer_id") WHERE deleted_at IS NULL AND customer_id IS NOT NULL;`);

    this.addSql(`create table if not exists "journey" ("id" text not null, "name" text not null, "description" text null, "status" text check ("status" in ('draft', 'live', 'paused', 'stopped')) not null default 'draft', "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "journey_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_deleted_at" ON "journey" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_status" ON "journey" ("status") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "journey_version" ("id" text not null, "number" integer not null, "status" text check ("status" in ('draft', 'published', 'draining', 'stopped', 'archived')) not null default 'draft', "definition" jsonb not null, "published_at" timestamptz null, "ended_at" timestamptz null, "journey_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "journey_version_pkey" primary key ("id"), constraint CHK_journey_version_number_positive check (number > 0), constraint CHK_journey_version_published_at check (status IN ('draft', 'archived') OR published_at IS NOT NULL));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_version_journey_id" ON "journey_version" ("journey_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_version_deleted_at" ON "journey_version" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_journey_version_journey_id_number_unique" ON "journey_version" ("journey_id", "number") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_journey_version_one_published" ON "journey_version" ("journey_id") WHERE deleted_at IS NULL AND status = 'published';`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_journey_version_one_draft" ON "journey_version" ("journey_id") WHERE deleted_at IS NULL AND status = 'draft';`);

    this.addSql(`create table if not exists "journey_enrollment" ("id" text not null, "customer_id" text null, "email" text null, "status" text check ("status" in ('active', 'waiting', 'completed', 'exited', 'failed')) not null default 'active', "current_node" text null, "wake_at" timestamptz null, "awaiting" text[] null, "context" jsonb not null, "state" jsonb null, "exit_reason" text null, "is_test" boolean not null default false, "trigger_key" text not null, "entry_guard" text null, "entered_at" timestamptz not null, "ended_at" timestamptz null, "converted_at" timestamptz null, "conversion_order_id" text null, "conversion_value" numeric null, "journey_id" text not null, "version_id" text not null, "raw_conversion_value" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "journey_enrollment_pkey" primary key ("id"), constraint CHK_journey_enrollment_ended check ((status IN ('completed', 'exited', 'failed')) = (ended_at IS NOT NULL)), constraint CHK_journey_enrollment_recipient check (customer_id IS NOT NULL OR email IS NOT NULL));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_enrollment_journey_id" ON "journey_enrollment" ("journey_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_enrollment_version_id" ON "journey_enrollment" ("version_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_enrollment_deleted_at" ON "journey_enrollment" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_journey_enrollment_trigger_key" ON "journey_enrollment" ("journey_id", "trigger_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_journey_enrollment_entry_guard" ON "journey_enrollment" ("journey_id", "entry_guard") WHERE deleted_at IS NULL AND entry_guard IS NOT NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_enrollment_wake_at" ON "journey_enrollment" ("wake_at") WHERE deleted_at IS NULL AND status = 'waiting' AND wake_at IS NOT NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_enrollment_awaiting" ON "journey_enrollment" ("customer_id") WHERE deleted_at IS NULL AND status = 'waiting' AND awaiting IS NOT NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_enrollment_journey_id_status_current_node" ON "journey_enrollment" ("journey_id", "status", "current_node") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_enrollment_customer_id" ON "journey_enrollment" ("customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_enrollment_email" ON "journey_enrollment" ("email") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "journey_activity" ("id" text not null, "journey_id" text not null, "node_id" text null, "type" text check ("type" in ('entered', 'node', 'branch', 'message_queued', 'message_skipped', 'waiting', 'woke', 'reaction', 'goal', 'customer_updated', 'webhook', 'completed', 'exited', 'error')) not null, "reason" text null, "data" jsonb null, "occurred_at" timestamptz not null, "enrollment_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "journey_activity_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_activity_enrollment_id" ON "journey_activity" ("enrollment_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_activity_deleted_at" ON "journey_activity" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_activity_enrollment_id_occurred_at" ON "journey_activity" ("enrollment_id", "occurred_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_activity_journey_id_node_id_type" ON "journey_activity" ("journey_id", "node_id", "type") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "journey_message" ("id" text not null, "journey_id" text null, "node_id" text null, "customer_id" text null, "channel" text check ("channel" in ('email', 'sms', 'push')) not null, "template_id" text not null, "recipient" text not null, "category" text check ("category" in ('marketing', 'transactional')) not null default 'marketing', "tag" text null, "status" text check ("status" in ('queued', 'sending', 'sent', 'delivered', 'failed', 'skipped', 'cancelled')) not null default 'queued', "attempts" integer not null default 0, "next_attempt_at" timestamptz null, "provider_message_id" text null, "notification_id" text null, "error" text null, "skip_reason" text null, "data" jsonb null, "is_test" boolean not null default false, "queued_at" timestamptz not null, "sent_at" timestamptz null, "delivered_at" timestamptz null, "opened_at" timestamptz null, "clicked_at" timestamptz null, "enrollment_id" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "journey_message_pkey" primary key ("id"), constraint CHK_journey_message_queued_due check (status <> 'queued' OR next_attempt_at IS NOT NULL), constraint CHK_journey_message_attempts check (attempts >= 0));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_message_enrollment_id" ON "journey_message" ("enrollment_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_message_deleted_at" ON "journey_message" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_message_due" ON "journey_message" ("next_attempt_at") WHERE deleted_at IS NULL AND status = 'queued';`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_message_provider_id" ON "journey_message" ("provider_message_id") WHERE deleted_at IS NULL AND provider_message_id IS NOT NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_message_recipient_channel_queued_at" ON "journey_message" ("recipient", "channel", "queued_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_message_customer_id_tag_queued_at" ON "journey_message" ("customer_id", "tag", "queued_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_message_journey_id_node_id_status" ON "journey_message" ("journey_id", "node_id", "status") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "journey_message_template" ("id" text not null, "handle" text not null, "name" text not null, "channel" text check ("channel" in ('email', 'sms', 'push')) not null, "status" text check ("status" in ('draft', 'published')) not null default 'draft', "subject" text null, "html" text null, "text" text null, "title" text null, "body" text null, "data" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "journey_message_template_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_message_template_deleted_at" ON "journey_message_template" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_journey_message_template_handle" ON "journey_message_template" ("handle") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "journey_version" add constraint "journey_version_journey_id_foreign" foreign key ("journey_id") references "journey" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table if exists "journey_enrollment" add constraint "journey_enrollment_journey_id_foreign" foreign key ("journey_id") references "journey" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table if exists "journey_enrollment" add constraint "journey_enrollment_version_id_foreign" foreign key ("version_id") references "journey_version" ("id") on update cascade;`);

    this.addSql(`alter table if exists "journey_activity" add constraint "journey_activity_enrollment_id_foreign" foreign key ("enrollment_id") references "journey_enrollment" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table if exists "journey_message" add constraint "journey_message_enrollment_id_foreign" foreign key ("enrollment_id") references "journey_enrollment" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "journey_version" drop constraint if exists "journey_version_journey_id_foreign";`);

    this.addSql(`alter table if exists "journey_enrollment" drop constraint if exists "journey_enrollment_journey_id_foreign";`);

    this.addSql(`alter table if exists "journey_enrollment" drop constraint if exists "journey_enrollment_version_id_foreign";`);

    this.addSql(`alter table if exists "journey_activity" drop constraint if exists "journey_activity_enrollment_id_foreign";`);

    this.addSql(`alter table if exists "journey_message" drop constraint if exists "journey_message_enrollment_id_foreign";`);

    this.addSql(`drop table if exists "journey_consent" cascade;`);

    this.addSql(`drop table if exists "journey" cascade;`);

    this.addSql(`drop table if exists "journey_version" cascade;`);

    this.addSql(`drop table if exists "journey_enrollment" cascade;`);

    this.addSql(`drop table if exists "journey_activity" cascade;`);

    this.addSql(`drop table if exists "journey_message" cascade;`);

    this.addSql(`drop table if exists "journey_message_template" cascade;`);
  }

}
