import type { EntityManager } from "@medusajs/framework/mikro-orm/knex"
import type { Context } from "@medusajs/framework/types"
import { mikroOrmBaseRepositoryFactory } from "@medusajs/framework/utils"
import Message from "../models/message"
import type { MessageEvent, ReportedMessage } from "../types"
import { query } from "../utils/query"

/** Marketing messages sent on a channel to recipients since a time (bindings: channel, recipients, since). */
const COUNT_RECENT_SENDS = `
  select recipient, count(*)::int as count from journey_message
   where deleted_at is null and channel = ? and recipient = any(?) and category = 'marketing'
     and status in ('sent', 'delivered') and sent_at >= ?
   group by recipient`

/** A reported message, locked, found by `key` (binding). */
const reportedSql = (key: "id" | "provider_message_id") => `
  select id, journey_id, enrollment_id, node_id, customer_id, channel, recipient, category, tag, status, is_test,
         delivered_at, opened_at, clicked_at
    from journey_message where deleted_at is null and ${key} = ? order by queued_at limit 1 for update`
const REPORTED_BY_ID = reportedSql("id")
const REPORTED_BY_PROVIDER_ID = reportedSql("provider_message_id")

/**
 * Stamps a delivery, an open or a click (bindings: type, time, id) where not stamped yet: a click
 * implies the message was opened (images off, or a text-only client); a delivery moves `sent` on.
 */
const STAMP = `
  update journey_message m set
         delivered_at = case when x.type = 'delivered' then coalesce(m.delivered_at, x.at) else m.delivered_at end,
         opened_at = case when x.type in ('opened', 'clicked') then coalesce(m.opened_at, x.at) else m.opened_at end,
         clicked_at = case when x.type = 'clicked' then coalesce(m.clicked_at, x.at) else m.clicked_at end,
         status = case when m.status = 'sent' and x.type = 'delivered' then 'delivered' else m.status end,
         updated_at = now()
    from (select ?::text as type, ?::timestamptz as at, ?::text as id) x
   where m.id = x.id`

/** Bindings: error, id. */
const MARK_FAILED = `update journey_message set status = 'failed', error = ?, updated_at = now() where id = ?`

const STAMPS = { delivered: "delivered_at", opened: "opened_at", clicked: "clicked_at" } as const

type Reported = ReportedMessage & { status: string; delivered_at: Date | null; opened_at: Date | null; clicked_at: Date | null }

/** What is known of messages after they are sent: providers' reports, recent sends. */
export class MessageRepository extends mikroOrmBaseRepositoryFactory(Message) {
  async countRecentSends(channel: string, recipients: string[], since: Date, context: Context): Promise<Map<string, number>> {
    if (!recipients.length) return new Map()
    const rows = await query<{ recipient: string; count: number }>(this.getActiveManager<EntityManager>(context), COUNT_RECENT_SENDS, [
      channel,
      [...new Set(recipients)],
      since,
    ])
    return new Map(rows.map((row) => [row.recipient, row.count]))
  }

  async recordEvent(event: MessageEvent, context: Context): Promise<{ message: ReportedMessage; first: boolean } | null> {
    const manager = this.getActiveManager<EntityManager>(context)
    const key = event.message_id ?? event.provider_message_id
    if (!key) return null
    const [message] = await query<Reported>(manager, event.message_id ? REPORTED_BY_ID : REPORTED_BY_PROVIDER_ID, [key])
    if (!message) return null
    const stamp = STAMPS[event.type as keyof typeof STAMPS]
    let first: boolean
    if (stamp) {
      // A replayed report writes nothing, not even updated_at.
      first = message[stamp] == null
      if (first) await query(manager, STAMP, [event.type, event.at, message.id])
    } else if (event.type === "complained") {
      first = true
    } else {
      first = message.status !== "failed"
      if (first) await query(manager, MARK_FAILED, [event.detail ?? event.type, message.id])
    }
    const { delivered_at: _d, opened_at: _o, clicked_at: _c, status: _s, ...reported } = message
    return { message: reported, first }
  }
}
