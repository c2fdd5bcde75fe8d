import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261206072953 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "journey_job_run" ("id" text not null, "job" text not null, "worker" text not null, "started_at" timestamptz not null, "finished_at" timestamptz null, "outcome" jsonb null, "error" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "journey_job_run_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_job_run_deleted_at" ON "journey_job_run" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_job_run_job_started_at" ON "journey_job_run" ("job", "started_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "journey_job_run" cascade;`);
  }

}
