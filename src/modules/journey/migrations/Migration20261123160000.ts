import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Guarantees that no code path can break, written by hand because model definitions cannot
 * express triggers: a published definition never changes (publish a new version instead) and
 * the activity log is append-only (only soft deletion, by cascade, may touch a row).
 */
export class Migration20261123160000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create or replace function journey_version_guard() returns trigger as $$
      begin
        if OLD.status <> 'draft' and NEW.definition is distinct from OLD.definition then
          raise exception 'journey version % is %: its definition cannot change; save a draft and publish it as a new version', OLD.id, OLD.status
            using errcode = 'check_violation', constraint = 'CHK_journey_version_immutable';
        end if;
        if OLD.status <> 'draft' and NEW.status = 'draft' then
          raise exception 'journey version % is %: it cannot become a draft again; revert copies it into a new draft', OLD.id, OLD.status
            using errcode = 'check_violation', constraint = 'CHK_journey_version_immutable';
        end if;
        return NEW;
      end;
      $$ language plpgsql;`)
    this.addSql(`drop trigger if exists journey_version_guard on "journey_version";`)
    this.addSql(`create trigger journey_version_guard before update on "journey_version" for each row execute function journey_version_guard();`)

    this.addSql(`
      create or replace function journey_activity_append_only() returns trigger as $$
      begin
        if (to_jsonb(NEW) - 'deleted_at' - 'updated_at') is distinct from (to_jsonb(OLD) - 'deleted_at' - 'updated_at') then
          raise exception 'journey activity % is append-only', OLD.id
            using errcode = 'check_violation', constraint = 'CHK_journey_activity_append_only';
        end if;
        return NEW;
      end;
      $$ language plpgsql;`)
    this.addSql(`drop trigger if exists journey_activity_append_only on "journey_activity";`)
    this.addSql(`create trigger journey_activity_append_only before update on "journey_activity" for each row execute function journey_activity_append_only();`)
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists journey_activity_append_only on "journey_activity";`)
    this.addSql(`drop function if exists journey_activity_append_only();`)
    this.addSql(`drop trigger if exists journey_version_guard on "journey_version";`)
    this.addSql(`drop function if exists journey_version_guard();`)
  }
}
