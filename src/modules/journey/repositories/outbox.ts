import type { EntityManager } from "@medusajs/framework/mikro-orm/knex"
import type { Context } from "@medusajs/framework/types"
import { MikroOrmBase } from "@medusajs/framework/utils"
import type { Decide, ExpiredAttempt, OutboxChange, OutboxRecord } from "../types"
import { query } from "../utils/query"
import { activityRecords, insertActivitiesSql } from "../utils/timeline"

/** How an outbox table differs from the other: the rest of its claim, record and requeue is shared. */
type OutboxTable = {
  table: "journey_message" | "journey_effect"
  /** The status of a row while a claimed attempt is under way. */
  running: "sending" | "running"
  /** A further condition on a due row `d`. */
  due: string
  /** The columns of a claimed row `o`, then what a claim returns from them (CTE `claimed`). */
  returning: string
  read: string
  /** The columns a record writes besides status, next_attempt_at, attempts and error: as JSON, then as set. */
  columns: string
  set: string
  /** What a requeue's decision reads of an expired row. */
  expired: string
}

/**
 * The claim (bindings: lease end, now, limit): up to `limit` queued rows due at `now`, oldest
 * first, skipping rows another worker holds, made `running` with one more attempt; their
 * next_attempt_at becomes the end of the lease.
 */
const claimSql = (o: OutboxTable) => `
  with claimed as (
    update ${o.table} o set status = '${o.running}', attempts = o.attempts + 1, next_attempt_at = ?, updated_at = now()
      from (select d.id from ${o.table} d
             where d.deleted_at is null and d.status = 'queued' and d.next_attempt_at <= ? ${o.due}
             order by d.next_attempt_at, d.id
             limit ? for update skip locked) due
     where o.id = due.id
     returning ${o.returning}
  )
  ${o.read}`

/**
 * Records decided attempts (bindings: the records, their timeline lines as activityRecords, each
 * line's `of` its record), only where the claim recorded still holds. An uncounted attempt gives
 * its attempt back and keeps the error of the one before.
 */
const recordSql = (o: OutboxTable) => `
  with written as (
    update ${o.table} o set status = x.status, next_attempt_at = x.next_attempt_at,
           attempts = case when x.uncounted then o.attempts - 1 else o.attempts end,
           error = case when x.uncounted then o.error else x.error end,
           ${o.set}, updated_at = now()
      from json_to_recordset(?::json) as x(id text, attempts integer, status text, next_attempt_at timestamptz,
           error text, uncounted boolean, ${o.columns})
     where o.id = x.id and o.status = '${o.running}' and o.attempts = x.attempts
     returning o.id, o.status
  ), timeline as (${insertActivitiesSql("journey_enrollment", "where x.of in (select id from written)")}
  )
  select id, status from written`

/** Rows left running past their lease (binding: now), locked for the requeue's record. */
const expiredSql = (o: OutboxTable) => `
  select ${o.expired} from ${o.table}
   where deleted_at is null and status = '${o.running}' and next_attempt_at <= ?
   for update skip locked`

/**
 * An admin's change of one row (bindings: status, next_attempt_at, id, the statuses it may leave,
 * its timeline line as activityRecords): a row that left those statuses meanwhile (a worker claimed
 * it) is left alone. The row's error stays: the last one until the next attempt is recorded.
 */
const changeSql = (o: OutboxTable) => `
  with changed as (
    update ${o.table} o set status = ?, next_attempt_at = ?, updated_at = now()
     where o.id = ? and o.deleted_at is null and o.status = any(?)
     returning o.id, o.status
  ), timeline as (${insertActivitiesSql("journey_enrollment", "where x.of in (select id from changed)")}
  )
  select id, status from changed`

const statements = (o: OutboxTable) => ({ claim: claimSql(o), record: recordSql(o), expired: expiredSql(o), change: changeSql(o) })

export type Outbox = ReturnType<typeof statements>

/**
 * Messages, claimed with their enrollment's context, their journey's zone, what their send node
 * enriches them with and their template.
 */
export const MESSAGE_OUTBOX: Outbox = statements({
  table: "journey_message",
  running: "sending",
  due: "",
  returning: `o.id, o.journey_id, o.enrollment_id, o.customer_id, o.node_id, o.channel, o.template_id, o.recipient,
              o.category, o.tag, o.data, o.is_test, o.attempts, o.queued_at`,
  read: `
  select c.*, e.context, v.definition->'settings'->>'timezone' as journey_timezone,
         (select n->'enrich' from jsonb_array_elements(v.definition->'nodes') n where n->>'id' = c.node_id limit 1) as enrich,
         case when t.id is null then null else jsonb_build_object('status', t.status, 'channel', t.channel,
           'subject', t.subject, 'html', t.html, 'text', t.text, 'title', t.title, 'body', t.body, 'data', t.data)
         end as template
    from claimed c
    left join journey_enrollment e on e.id = c.enrollment_id and e.deleted_at is null
    left join journey_version v on v.id = e.version_id
    left join journey_message_template t on t.id = c.template_id and t.deleted_at is null
   order by c.queued_at, c.id`,
  columns: "notification_id text, provider_message_id text, sent_at timestamptz, skip_reason text, content jsonb",
  set: `notification_id = x.notification_id, provider_message_id = x.provider_message_id, sent_at = x.sent_at,
           skip_reason = x.skip_reason, content = coalesce(x.content, o.content)`,
  expired: "id, attempts, enrollment_id, node_id",
})

/**
 * Effects. A customer update waits while an earlier one of the same customer is pending: each
 * reads the metadata it merges into, so two at once could lose one's keys, and the later node's
 * values must win.
 */
export const EFFECT_OUTBOX: Outbox = statements({
  table: "journey_effect",
  running: "running",
  due: `and (d.type <> 'update_customer' or not exists (
                   select 1 from journey_effect earlier
                    where earlier.deleted_at is null and earlier.type = 'update_customer'
                      and earlier.status in ('queued', 'running')
                      and earlier.customer_id = d.customer_id and earlier.id < d.id))`,
  returning: "o.id, o.journey_id, o.enrollment_id, o.customer_id, o.node_id, o.type, o.payload, o.is_test, o.attempts",
  read: "select * from claimed",
  columns: "completed_at timestamptz, response_status integer",
  set: "completed_at = x.completed_at, response_status = x.response_status",
  expired: "id, attempts, enrollment_id, node_id, type, response_status",
})

/**
 * The outboxes of messages and effects: claimed in one transaction, carried out outside any,
 * recorded in another; a claim whose worker stopped is requeued once its lease is over.
 */
export class OutboxRepository extends MikroOrmBase {
  constructor(dependencies: { manager: unknown }) {
    super(dependencies)
  }

  async claim<T>(outbox: Outbox, now: Date, leaseUntil: Date, limit: number, context: Context): Promise<T[]> {
    return query(this.getActiveManager<EntityManager>(context), outbox.claim, [leaseUntil, now, Math.max(1, Math.floor(limit))])
  }

  async record<R extends OutboxRecord<string>>(
    outbox: Outbox,
    records: R[],
    context: Context
  ): Promise<{ id: string; status: R["status"] }[]> {
    if (!records.length) return []
    const activities = records.flatMap((record) => (record.activity ? [{ ...record.activity, of: record.id }] : []))
    return query(this.getActiveManager<EntityManager>(context), outbox.record, [
      JSON.stringify(records.map(({ activity: _activity, ...record }) => record)),
      activityRecords(activities),
    ])
  }

  /** Changes one row's status if it is still one of `from`, with a timeline line; returns it, or null. */
  async change(outbox: Outbox, change: OutboxChange, context: Context): Promise<{ id: string; status: string } | null> {
    const { id, from, status, next_attempt_at, activity } = change
    const [row] = await query<{ id: string; status: string }>(this.getActiveManager<EntityManager>(context), outbox.change, [
      status,
      next_attempt_at,
      id,
      from,
      activityRecords(activity ? [{ ...activity, of: id }] : []),
    ])
    return row ?? null
  }

  /** Locks the rows whose lease expired and records what `decide` makes of them. */
  async requeueExpired<E extends ExpiredAttempt, R extends OutboxRecord<string>>(
    outbox: Outbox,
    now: Date,
    decide: Decide<E, R>,
    context: Context
  ): Promise<{ id: string; status: R["status"] }[]> {
    const expired = await query<E>(this.getActiveManager<EntityManager>(context), outbox.expired, [now])
    return expired.length ? this.record(outbox, await decide(expired), context) : []
  }
}
