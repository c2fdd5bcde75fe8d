import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123165631 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index if exists "IDX_journey_message_due";`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_message_dispatch" ON "journey_message" ("status", "next_attempt_at") WHERE deleted_at IS NULL AND status IN ('queued', 'sending');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_journey_message_dispatch";`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_journey_message_due" ON "journey_message" ("next_attempt_at") WHERE deleted_at IS NULL AND status = 'queued';`);
  }

}
