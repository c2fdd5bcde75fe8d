import type { EntityManager } from "@medusajs/framework/mikro-orm/knex"
import type { Context } from "@medusajs/framework/types"
import { mikroOrmBaseRepositoryFactory } from "@medusajs/framework/utils"
import Consent from "../models/consent"
import type { ConsentEntry, ConsentStatus } from "../types"
import { newId } from "../utils/ids"
import { query } from "../utils/query"
import { normalizeAddress } from "../tokens"

/**
 * Upserts answers from a JSON array (binding), one per channel and address. A suppression (hard
 * bounce, complaint) is only lifted by the admin: a shopper's or a provider's "subscribed" leaves it.
 */
const UPSERT_CONSENT = `
  insert into journey_consent as c (id, channel, address, customer_id, status, source, reason)
  select id, channel, address, customer_id, status, source, reason
    from json_to_recordset(?::json) as x(id text, channel text, address text, customer_id text, status text,
         source text, reason text)
  on conflict (channel, address) where deleted_at is null do update set
         status = case when c.status = 'suppressed' and excluded.status <> 'suppressed' and excluded.source <> 'admin'
                       then c.status else excluded.status end,
         source = excluded.source, reason = excluded.reason,
         customer_id = coalesce(excluded.customer_id, c.customer_id), updated_at = now()
  returning channel, address, status`

/** Bindings: channel, normalized addresses. */
const CONSENT_OF = `select address, status from journey_consent where deleted_at is null and channel = ? and address = any(?)`

/** Recipients' consent per channel and address, addresses compared normalized. */
export class ConsentRepository extends mikroOrmBaseRepositoryFactory(Consent) {
  async setConsent(entries: ConsentEntry[], context: Context): Promise<{ channel: string; address: string; status: string }[]> {
    if (!entries.length) return []
    // One row per address (the last answer wins): an upsert cannot touch the same row twice.
    const latest = new Map<string, ConsentEntry>()
    for (const entry of entries) {
      const address = normalizeAddress(entry.channel, entry.address)
      latest.delete(`${entry.channel}:${address}`)
      latest.set(`${entry.channel}:${address}`, { ...entry, address })
    }
    const rows = [...latest.values()].map((entry) => ({
      ...entry,
      id: newId("jcon"),
      customer_id: entry.customer_id ?? null,
      reason: entry.reason ?? null,
    }))
    return query(this.getActiveManager<EntityManager>(context), UPSERT_CONSENT, [JSON.stringify(rows)])
  }

  async consentOf(channel: ConsentEntry["channel"], addresses: string[], context: Context): Promise<Map<string, ConsentStatus>> {
    const statuses = new Map<string, ConsentStatus>()
    if (!addresses.length) return statuses
    const normalized = [...new Set(addresses.map((address) => normalizeAddress(channel, address)))]
    const rows = await query<{ address: string; status: ConsentStatus }>(this.getActiveManager<EntityManager>(context), CONSENT_OF, [channel, normalized])
    for (const row of rows) statuses.set(row.address, row.status)
    return statuses
  }
}
