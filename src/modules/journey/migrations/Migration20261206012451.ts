import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/** The outbox shows what a message's send handed to the provider, not the template as it is now. */
export class Migration20261206012451 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "journey_message" add column if not exists "content" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "journey_message" drop column if exists "content";`);
  }

}
