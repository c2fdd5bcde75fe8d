import type { EntityManager } from "@medusajs/framework/mikro-orm/knex"
import type { Context } from "@medusajs/framework/types"
import { mikroOrmBaseRepositoryFactory } from "@medusajs/framework/utils"
import PushDevice from "../models/push-device"
import type { PushDeviceRow } from "../types"
import { newId } from "../utils/ids"
import { query } from "../utils/query"

/**
 * Registers a token or refreshes it (bindings: id, customer, token, platform, time), in one
 * statement so two registrations at once cannot both insert; a token registered by another
 * customer moves to this one.
 */
const REGISTER = `
  insert into journey_push_device (id, customer_id, token, platform, last_seen_at) values (?, ?, ?, ?, ?)
  on conflict (token) where deleted_at is null do update set
         customer_id = excluded.customer_id, platform = excluded.platform, last_seen_at = excluded.last_seen_at,
         updated_at = now()
  returning id, customer_id, token, platform, last_seen_at`

/** Bindings: tokens, the owner (null: whoever owns them). */
const REMOVE = `
  delete from journey_push_device
   where deleted_at is null and token = any(?) and customer_id = coalesce(?, customer_id)
  returning token`

/** Customers' push device tokens. */
export class PushDeviceRepository extends mikroOrmBaseRepositoryFactory(PushDevice) {
  async register(device: Omit<PushDeviceRow, "id" | "last_seen_at">, at: Date, context: Context): Promise<PushDeviceRow> {
    const [row] = await query<PushDeviceRow>(this.getActiveManager<EntityManager>(context), REGISTER, [
      newId("jpdv"),
      device.customer_id,
      device.token,
      device.platform,
      at,
    ])
    return row
  }

  async remove(tokens: string[], customerId: string | null, context: Context): Promise<string[]> {
    if (!tokens.length) return []
    const rows = await query<{ token: string }>(this.getActiveManager<EntityManager>(context), REMOVE, [tokens, customerId])
    return rows.map((row) => row.token)
  }
}
