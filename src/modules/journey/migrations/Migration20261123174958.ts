import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123174958 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "journey_cart_activity" add column if not exists "fingerprint" text not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "journey_cart_activity" drop column if exists "fingerprint";`);
  }

}
