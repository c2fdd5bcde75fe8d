import type { EntityManager } from "@medusajs/framework/mikro-orm/knex"
import type { Context } from "@medusajs/framework/types"
import { mikroOrmBaseRepositoryFactory } from "@medusajs/framework/utils"
import CartActivity from "../models/cart-activity"
import type { CartSnapshot, IdleCart } from "../types"
import { query } from "../utils/query"

/**
 * Upserts carts from a JSON array (bindings: time, carts): a changed fingerprint starts a new
 * idle period at that time, the same one changes nothing; a completed cart stays completed.
 */
const RECORD_CARTS = `
  insert into journey_cart_activity as a (id, customer_id, email, item_count, fingerprint, completed_at, last_activity_at)
  select x.id, x.customer_id, x.email, x.item_count, x.fingerprint, x.completed_at, ?
    from json_to_recordset(?::json) as x(id text, customer_id text, email text, item_count integer,
         fingerprint text, completed_at timestamptz)
  on conflict (id) do update set
         customer_id = excluded.customer_id, email = excluded.email, item_count = excluded.item_count,
         fingerprint = excluded.fingerprint, completed_at = coalesce(a.completed_at, excluded.completed_at),
         last_activity_at = greatest(a.last_activity_at, excluded.last_activity_at), updated_at = now()
   where a.fingerprint is distinct from excluded.fingerprint
      or (a.completed_at is null and excluded.completed_at is not null)
  returning a.id`

/** Bindings: time, cart ids. */
const COMPLETE_CARTS = `
  update journey_cart_activity set completed_at = ?, updated_at = now()
   where id = any(?) and completed_at is null returning id`

/**
 * Open carts with an email and items, after a keyset position and up to a time, oldest first,
 * read through the partial idle index (bindings: after time, after id, until, limit).
 */
const IDLE_CARTS = `
  select id, customer_id, email, last_activity_at from journey_cart_activity
   where deleted_at is null and completed_at is null and email is not null and item_count > 0
     and (last_activity_at, id) > (?, ?) and last_activity_at <= ?
   order by last_activity_at, id limit ?`

/** Bindings: version id, initial position. */
const CREATE_CURSOR = `insert into journey_trigger_cursor (id, position) values (?, ?) on conflict (id) do nothing`

/** Leases a cursor nobody holds for a wall-clock time (bindings: lease ms, version id). */
const LEASE_CURSOR = `
  update journey_trigger_cursor set leased_until = now() + (?::float8 * interval '1 millisecond'), updated_at = now()
   where id = ? and (leased_until is null or leased_until < now()) returning position`

/** Moves a cursor forward (bindings: position, lease ms — null ends the lease —, version id). */
const MOVE_CURSOR = `
  update journey_trigger_cursor set position = greatest(position, ?),
         leased_until = now() + (?::float8 * interval '1 millisecond'), updated_at = now()
   where id = ?`

/** What the cart subscribers saw, and the abandonment scans' cursors (one per journey version). */
export class CartActivityRepository extends mikroOrmBaseRepositoryFactory(CartActivity) {
  async record(carts: CartSnapshot[], at: Date, context: Context): Promise<number> {
    if (!carts.length) return 0
    return (await query(this.getActiveManager<EntityManager>(context), RECORD_CARTS, [at, JSON.stringify(carts)])).length
  }

  async complete(cartIds: string[], at: Date, context: Context): Promise<number> {
    if (!cartIds.length) return 0
    return (await query(this.getActiveManager<EntityManager>(context), COMPLETE_CARTS, [at, cartIds])).length
  }

  async listIdle(after: { at: Date; id: string }, until: Date, limit: number, context: Context): Promise<IdleCart[]> {
    const rows = await query<IdleCart>(this.getActiveManager<EntityManager>(context), IDLE_CARTS, [
      after.at,
      after.id,
      until,
      Math.max(1, Math.floor(limit)),
    ])
    return rows.map((row) => ({ ...row, last_activity_at: new Date(row.last_activity_at) }))
  }

  async leaseCursor(versionId: string, initial: Date, leaseMs: number, context: Context): Promise<Date | null> {
    const manager = this.getActiveManager<EntityManager>(context)
    await query(manager, CREATE_CURSOR, [versionId, initial])
    const [leased] = await query<{ position: string }>(manager, LEASE_CURSOR, [leaseMs, versionId])
    return leased ? new Date(leased.position) : null
  }

  async moveCursor(versionId: string, position: Date, leaseMs: number | null, context: Context): Promise<void> {
    await query(this.getActiveManager<EntityManager>(context), MOVE_CURSOR, [position, leaseMs, versionId])
  }
}
