import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Statistics on the sweep's lane expression for 2 lanes (SWEEP_LANES in repositories/enrollments.ts:
 * a new lane count needs a new migration), written by hand because model definitions cannot
 * express them. Without them PostgreSQL falls back to its default estimate for an expression it
 * has no statistics on (a lane would hold 0.5% of the due rows, not half), so each
 * claim reads every due row (a bitmap scan, then a sort) instead of walking the wake_at index and
 * stopping at its limit: quadratic in the due count.
 */
export class Migration20261123230000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create statistics if not exists "STAT_journey_enrollment_sweep_lane"
        on (mod(abs(hashtext(coalesce(customer_id, email, id))), 2)) from "journey_enrollment";`)
    // Samples a fixed number of rows, whatever the table's size: the plan is right at once.
    this.addSql(`analyze "journey_enrollment";`)
  }

  override async down(): Promise<void> {
    this.addSql(`drop statistics if exists "STAT_journey_enrollment_sweep_lane";`)
  }
}
