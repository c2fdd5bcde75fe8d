import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/** The outbox page: an admin may cancel a queued effect, and retries and cancels are on the timeline. */
export class Migration20261205140132 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "journey_effect" drop constraint if exists "journey_effect_status_check";`);

    this.addSql(`alter table if exists "journey_effect" add constraint "journey_effect_status_check" check("status" in ('queued', 'running', 'done', 'failed', 'cancelled'));`);

    this.addSql(`alter table if exists "journey_activity" drop constraint if exists "journey_activity_type_check";`);

    this.addSql(`alter table if exists "journey_activity" add constraint "journey_activity_type_check" check("type" in ('entered', 'node', 'branch', 'message_queued', 'message_skipped', 'waiting', 'woke', 'reaction', 'goal', 'customer_updated', 'webhook', 'completed', 'exited', 'error', 'admin_action'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "journey_activity" drop constraint if exists "journey_activity_type_check";`);

    this.addSql(`alter table if exists "journey_activity" add constraint "journey_activity_type_check" check("type" in ('entered', 'node', 'branch', 'message_queued', 'message_skipped', 'waiting', 'woke', 'reaction', 'goal', 'customer_updated', 'webhook', 'completed', 'exited', 'error'));`);

    this.addSql(`alter table if exists "journey_effect" drop constraint if exists "journey_effect_status_check";`);

    this.addSql(`alter table if exists "journey_effect" add constraint "journey_effect_status_check" check("status" in ('queued', 'running', 'done', 'failed'));`);
  }

}
