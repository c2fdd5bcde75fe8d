import type { Context } from "@medusajs/framework/types"
import {
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaService,
} from "@medusajs/framework/utils"
import type { EntityManager } from "@medusajs/framework/mikro-orm/knex"
import { randomFillSync } from "node:crypto"
import { monotonicFactory } from "ulid"
import Activity from "./models/activity"
import CartActivity from "./models/cart-activity"
import Consent from "./models/consent"
import Effect from "./models/effect"
import Enrollment from "./models/enrollment"
import Journey from "./models/journey"
import JourneyEvent from "./models/journey-event"
import JourneyVersion from "./models/journey-version"
import Message from "./models/message"
import MessageTemplate from "./models/message-template"
import PushDevice from "./models/push-device"
import TriggerCursor from "./models/trigger-cursor"
import type {
  ClaimedEnrollment,
  NewActivity,
  NewEnrollment,
  Transition,
  UpdateCustomerPayload,
  WebhookPayload,
} from "./execution-types"
import { JourneyOptions, parseJourneyOptions } from "./options"
import { normalizeAddress } from "./tokens"

// Monotonic ulids: a transition's rows read back in the order they were written, and an id is
// cheap — the random part is drawn once per millisecond, where a plain ulid (generateEntityId)
// makes 16 crypto calls per id (~0.5 ms, half the interpreter's time in a sweep). Those draws come
// from a pool of crypto-random numbers refilled 1,024 at a time, not a crypto call per character.
const randomPool = new Uint32Array(1024)
let randomNext = randomPool.length
const nextUlid = monotonicFactory(() => {
  if (randomNext === randomPool.length) {
    randomFillSync(randomPool)
    randomNext = 0
  }
  return randomPool[randomNext++] / 2 ** 32
})

// Rows travel as one JSON array per statement, read with json_to_recordset: unlike jsonb's, json's
// input is not parsed into a tree first (half the cost on a batch's 1,500 timeline rows).

/**
 * Runs a statement in the manager's transaction with its values sent as parameters. MikroORM's
 * execute() inlines them into the SQL text instead, an escape pass in Node over each batch's
 * JSON (a measured tenth of the sweep's CPU). Arrays bind as one PostgreSQL array: `= any(?)`.
 */
async function query<T>(manager: EntityManager, sql: string, bindings: unknown[]): Promise<T[]> {
  const statement = manager.getKnex().raw(sql, bindings as never[])
  const transaction = manager.getTransactionContext()
  if (transaction) statement.transacting(transaction)
  return (await statement).rows as T[]
}

const REPLACEABLE_JSON = {
  journey_version: ["definition"],
  journey_message_template: ["data"],
} as const

type Decide<T extends ClaimedEnrollment = ClaimedEnrollment> = (claimed: T[]) => Transition[] | Promise<Transition[]>

/** A customer's event as recorded (journey_event) and matched against what enrollments await. */
export type CustomerEvent = {
  id: string
  name: string
  customer_id: string | null
  email: string | null
  data: unknown
  occurred_at: Date
}

/** An enrollment claimed by an event of a batch: `event` is that event's index. */
export type ReactingEnrollment = ClaimedEnrollment & { event: number }

/** What a batch of events does once recorded (see handleCustomerEvents). */
export type EventBatchPlan = {
  /** Events (indexes) whose customer does not exist: their records are withdrawn, nothing reacts to them. */
  absent: number[]
  react: Decide<ReactingEnrollment>
  /** The journeys the events start, and their versions' definitions when the caller has them. */
  entries: NewEnrollment[]
  definitions: Map<string, unknown> | null
}

const CLAIMED_COLUMNS = `e.id, e.journey_id, e.version_id, e.customer_id, e.email, e.status, e.current_node,
  e.wake_at, e.awaiting, e.context, e.state, e.exit_reason, e.entry_guard, e.entered_at, e.is_test`

/**
 * A customer's decision lock (PostgreSQL advisory lock, held until the transaction ends): whoever
 * decides transitions for a customer — a sweep batch, a batch of events, an entry — holds it while
 * it reads the customer's message history and writes what it queued, so a frequency cap counts
 * what another process or lane queued a moment before. The key is a hash of the customer: a
 * collision only makes two customers wait for each other.
 */
const CUSTOMER_LOCK_CLASS = 0x6a726e79

const customerKey = (e: { customer_id: string | null; email: string | null }) => e.customer_id ?? e.email

/**
 * Waiting for the decision locks of customers (bindings: CUSTOMER_LOCK_CLASS, lockKeys()): taken in
 * the order of their keys, as every waiting holder does, and before any enrollment row is locked,
 * so holders never wait on each other. One row per lock taken.
 */
const LOCK_CUSTOMERS = `
  select pg_advisory_xact_lock(?, h)
    from (select distinct hashtext(k) as h from unnest(?::text[]) as k order by 1) as s`

const lockKeys = (customers: (string | null)[]) => [...new Set(customers.filter((key): key is string => !!key))]

async function lockCustomers(manager: EntityManager, customers: (string | null)[]) {
  const keys = lockKeys(customers)
  if (keys.length) await query(manager, LOCK_CUSTOMERS, [CUSTOMER_LOCK_CLASS, keys])
}

/** New enrollments from a JSON array (binding), skipping those a unique index refuses. */
const INSERT_ENROLLMENTS = `
  insert into journey_enrollment (id, journey_id, version_id, customer_id, email, status, current_node, wake_at,
         awaiting, context, state, exit_reason, ended_at, converted_at, conversion_order_id, conversion_value,
         raw_conversion_value, trigger_key, entry_guard, entered_at, is_test)
  select id, journey_id, version_id, customer_id, email, status, current_node, wake_at, awaiting, context, state,
         exit_reason, ended_at, converted_at, conversion_order_id, conversion_value, raw_conversion_value,
         trigger_key, entry_guard, entered_at, is_test
    from json_to_recordset(?::json) as x(id text, journey_id text, version_id text, customer_id text, email text,
         status text, current_node text, wake_at timestamptz, awaiting text[], context jsonb, state jsonb,
         exit_reason text, ended_at timestamptz, converted_at timestamptz, conversion_order_id text,
         conversion_value numeric, raw_conversion_value jsonb, trigger_key text, entry_guard text,
         entered_at timestamptz, is_test boolean)
  on conflict do nothing`

/**
 * Timeline rows from a JSON array (binding), for the enrollments found in `enrollments` (the
 * table, or a CTE of rows just inserted): rows of an enrollment that does not exist are dropped.
 */
const insertActivitiesSql = (enrollments: string) => `
  insert into journey_activity (id, journey_id, enrollment_id, node_id, type, reason, data, occurred_at)
  select x.id, e.journey_id, x.enrollment_id, x.node_id, x.type, x.reason, x.data, x.occurred_at
    from json_to_recordset(?::json) as x(id text, enrollment_id text, node_id text, type text, reason text,
         data jsonb, occurred_at timestamptz)
    join ${enrollments} e on e.id = x.enrollment_id`

/**
 * CTEs writing transitions' timeline, outbox and effects (bindings: childRecords' three
 * arrays), each row joined to its enrollment in `enrollments` as insertActivitiesSql.
 */
const childWritesSql = (enrollments: string) => `
  activities as (${insertActivitiesSql(enrollments)}
  ), messages as (
    insert into journey_message (id, enrollment_id, journey_id, customer_id, is_test, node_id, channel,
           template_id, recipient, category, tag, data, queued_at, next_attempt_at, status)
    select x.id, x.enrollment_id, e.journey_id, e.customer_id, e.is_test, x.node_id, x.channel, x.template_id,
           x.recipient, x.category, x.tag, x.data, x.queued_at, x.next_attempt_at, 'queued'
      from json_to_recordset(?::json) as x(id text, enrollment_id text, node_id text, channel text,
           template_id text, recipient text, category text, tag text, data jsonb, queued_at timestamptz,
           next_attempt_at timestamptz)
      join ${enrollments} e on e.id = x.enrollment_id
  ), effects as (
    insert into journey_effect (id, enrollment_id, journey_id, customer_id, is_test, node_id, type, payload,
           queued_at, next_attempt_at, status)
    select x.id, x.enrollment_id, e.journey_id, e.customer_id, e.is_test, x.node_id, x.type, x.payload,
           x.queued_at, x.queued_at, 'queued'
      from json_to_recordset(?::json) as x(id text, enrollment_id text, node_id text, type text, payload jsonb,
           queued_at timestamptz)
      join ${enrollments} e on e.id = x.enrollment_id
  )`

/** The bindings of childWritesSql for these transitions, each row with its id. */
function childRecords(transitions: Transition[]) {
  const activities = transitions.flatMap((t) => t.activities.map((activity) => ({ ...activity, enrollment_id: t.id })))
  const messages = transitions.flatMap((t) =>
    t.messages.map((message) => ({
      ...message,
      id: `jmsg_${nextUlid()}`,
      enrollment_id: t.id,
      data: message.data ?? null,
      next_attempt_at: message.queued_at,
    }))
  )
  const effects = transitions.flatMap((t) =>
    // Monotonic: a customer's updates are applied in the order their nodes were reached.
    t.effects.map((effect) => ({ ...effect, id: `jefx_${nextUlid()}`, enrollment_id: t.id }))
  )
  return [activityRecords(activities), JSON.stringify(messages), JSON.stringify(effects)]
}

function activityRecords(activities: (NewActivity & { enrollment_id: string })[]) {
  return JSON.stringify(
    activities.map((activity) => ({
      ...activity,
      // Monotonic, so a transition's steps (same instant) read back in the order they happened.
      id: `jact_${nextUlid()}`,
      data: activity.data ?? null,
    }))
  )
}

/** An enrollment's columns as a transition leaves them (JSON for json_to_recordset). */
function stateRecord({ activities: _a, messages: _m, effects: _e, conversion, ...state }: Transition) {
  return {
    ...state,
    converted_at: conversion?.at ?? null,
    conversion_order_id: conversion?.order_id ?? null,
    conversion_value: conversion?.value ?? null,
    raw_conversion_value: conversion?.value != null ? { value: String(conversion.value), precision: 20 } : null,
  }
}

/**
 * How many lanes the sweep runs side by side, each claiming only its customers (a hash of the
 * customer). A constant in the claim's SQL because PostgreSQL's statistics on the lane expression
 * (migration 20261123230000) only apply to this exact expression: without them the planner takes
 * a lane for 0.5% of the due rows and reads every one of them on each claim instead of walking
 * the wake_at index and stopping at the limit.
 */
export const SWEEP_LANES = 2

/**
 * The sweep's claim: ids of up to `limit` due enrollments (of one lane, or of all when `lane` is
 * null), oldest wake first, locked, skipping rows another worker holds. Binding: now.
 */
export function dueClaimSql(limit: number, lane: number | null) {
  const ofLane =
    lane === null ? "" : `and mod(abs(hashtext(coalesce(c.customer_id, c.email, c.id))), ${SWEEP_LANES}) = ${Math.floor(lane)}`
  return `select c.id from journey_enrollment c
           where c.deleted_at is null and c.status = 'waiting' and c.wake_at is not null and c.wake_at <= ?
             and exists (select 1 from journey j where j.id = c.journey_id and j.status <> 'paused')
             ${ofLane}
           order by c.wake_at limit ${Math.max(1, Math.floor(limit))} for update of c skip locked`
}

class JourneyModuleService extends MedusaService({
  Journey,
  JourneyVersion,
  Enrollment,
  Activity,
  Message,
  Consent,
  MessageTemplate,
  JourneyEvent,
  Effect,
  CartActivity,
  TriggerCursor,
  PushDevice,
}) {
  protected readonly options_: JourneyOptions

  constructor(container: Record<string, unknown>, options?: unknown) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = parseJourneyOptions(options)
  }

  /** The validated plugin options (subscribers receive none of their own in Medusa 2.21). */
  getOptions(): JourneyOptions {
    return this.options_
  }

  /**
   * Enters customers into journeys, skipping silently every row a unique index refuses (a
   * re-delivered trigger key, a re-entry guard still held): constraints, not read-then-write,
   * decide who enters. `decide` turns the rows that did enter into their first transition,
   * written in the same transaction. Returns the transitions applied.
   */
  @InjectTransactionManager()
  async enroll(
    rows: NewEnrollment[],
    decide: Decide,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<Transition[]> {
    const manager = sharedContext.transactionManager!
    await lockCustomers(manager, rows.map(customerKey))
    return (await this.enrollIn(manager, rows, decide)).map(({ transition }) => transition)
  }

  /**
   * A batch of customer events in one transaction: each recorded by its id, then, for each
   * event seen for the first time, its customer's enrollments that await it react (see
   * `transitionAwaiting`), then the entries of the plan (the journeys the events start) enter
   * (see `enroll`). The plan may still be loading when called: it is awaited once the events are
   * recorded and the waiting enrollments locked, so what it reads overlaps those round trips.
   * Its entries must be of the events' customers (their decision locks are the events'). At most
   * one event per customer: a customer's events are ordered, so they go in separate batches.
   */
  @InjectTransactionManager()
  async handleCustomerEvents(
    events: CustomerEvent[],
    plan: Promise<EventBatchPlan> | EventBatchPlan,
    enter: Decide,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ) {
    const manager = sharedContext.transactionManager!
    const { recorded: inserted, candidates } = await this.recordAndClaim(manager, events, events.map(customerKey))
    const { absent, react, entries, definitions } = await plan
    const fresh = new Set(inserted)
    const withdrawn = absent.map((index) => events[index].id).filter((id) => fresh.delete(id))
    if (withdrawn.length) await query(manager, `delete from journey_event where id = any(?)`, [withdrawn])
    const recorded = events.map((event) => fresh.has(event.id))
    const reacted = await this.reactClaimed(manager, events, recorded, candidates, react)
    const entered = await this.enrollIn(manager, entries, enter, definitions)
    return {
      recorded,
      reacted: reacted.map(({ event, transition }) => ({ event, id: transition.id })),
      entered: entered.map(({ trigger_key, transition }) => ({ trigger_key, id: transition.id })),
    }
  }

  /**
   * Decides each entry's first transition, then inserts the enrollments already in that state
   * (one write per row, not an insert then an update through every index) under the entry guard
   * they entered with, so the unique indexes still decide who enters; then writes the timeline,
   * outbox and effects of those that did, and releases the guards their first step released.
   */
  private async enrollIn(
    manager: EntityManager,
    rows: NewEnrollment[],
    decide: Decide,
    known: Map<string, unknown> | null = null
  ) {
    if (!rows.length) return []
    const records = rows.map((row) => ({ ...row, id: `jenr_${nextUlid()}`, is_test: !!row.is_test }))
    const guards = new Map(records.map((record) => [record.id, record.entry_guard]))
    const definitions = records.every((record) => known?.has(record.version_id))
      ? known!
      : await this.definitionsOf(manager, records)
    const candidates: ClaimedEnrollment[] = records.map(({ trigger_key: _key, ...record }) => ({
      ...record,
      status: "active",
      current_node: null,
      wake_at: null,
      awaiting: null,
      state: null,
      exit_reason: null,
      definition: definitions.get(record.version_id),
    }))
    const decided = new Map((await decide(candidates)).map((t) => [t.id, t]))
    const rowsJson = JSON.stringify(
      records.flatMap((record) => {
        const transition = decided.get(record.id)
        if (!transition) return []
        const { entry_guard: _released, ...state } = stateRecord(transition)
        return [{ ...record, ...state, context: transition.context ?? record.context }]
      })
    )
    const once = new Set(records.map(customerKey)).size === records.length
    if (once && [...decided.values()].every((t) => t.entry_guard === guards.get(t.id))) {
      // The common case in one statement: whichever entries a unique index refuses take nothing
      // with them (their timeline and outbox rows join no inserted enrollment) and no other
      // entry of theirs was decided beside them.
      const inserted = await query<{ id: string }>(
        manager,
        `with entered as (${INSERT_ENROLLMENTS} returning id, journey_id, customer_id, is_test),
         ${childWritesSql("entered")}
         select id from entered`,
        [rowsJson, ...childRecords([...decided.values()])]
      )
      const ids = new Set(inserted.map((row) => row.id))
      return records.flatMap((record) => (ids.has(record.id) ? [{ trigger_key: record.trigger_key, transition: decided.get(record.id)! }] : []))
    }
    const inserted = await query<{ id: string }>(manager, `${INSERT_ENROLLMENTS} returning id`, [rowsJson])
    if (!inserted.length) return []
    const ids = new Set(inserted.map((row) => row.id))
    const entered = candidates.filter((candidate) => ids.has(candidate.id))
    const refused = new Set(records.filter((record) => !ids.has(record.id)).map(customerKey))
    let transitions: Transition[]
    if (entered.some((candidate) => refused.has(customerKey(candidate)))) {
      // A refused entry may have counted in the decision of the same customer's other entries
      // (a frequency cap sees what was queued before it in the batch): decide those again without it.
      transitions = await this.applyTransitions(manager, await decide(entered))
    } else {
      transitions = entered.map((candidate) => decided.get(candidate.id)!)
      await this.applyTransitions(manager, transitions, transitions.filter((t) => t.entry_guard !== guards.get(t.id)))
    }
    const keys = new Map(records.map((record) => [record.id, record.trigger_key]))
    return transitions.map((transition) => ({ trigger_key: keys.get(transition.id)!, transition }))
  }

  /**
   * Claims up to `limit` enrollments whose wait is due (rows another worker holds are skipped,
   * so workers share the work without waiting on each other), lets `decide` advance them and
   * writes the whole batch — states, activity, outbox — in one transaction, one statement per
   * table. Enrollments of paused journeys stay where they are. With `lane` (0 to SWEEP_LANES − 1),
   * only the customers of that lane are claimed. Returns the transitions applied.
   */
  @InjectTransactionManager()
  async transitionDue(
    now: Date,
    limit: number,
    decide: Decide,
    lane: number | null = null,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<Transition[]> {
    const manager = sharedContext.transactionManager!
    // Claimed by id first, wide rows read after: ordering whole rows (their context) by wake_at
    // spilled every due row to disk on each batch.
    const claimed = await this.selectClaimed(
      manager,
      `e.id in (${dueClaimSql(limit, lane)})`,
      [now],
      `order by e.wake_at`
    )
    if (!claimed.length) return []
    // Customers whose decision lock someone else holds (their event is being handled) are left
    // due for the next claim: waiting here, with their rows locked, could deadlock with that holder.
    const keys = [...new Set(claimed.map((e) => customerKey(e) ?? e.id))]
    const busy = new Set(
      (
        await query<{ k: string }>(
          manager,
          `select k from unnest(?::text[]) as k where not pg_try_advisory_xact_lock(?, hashtext(k))`,
          [keys, CUSTOMER_LOCK_CLASS]
        )
      ).map((row) => row.k)
    )
    const free = busy.size ? claimed.filter((e) => !busy.has(customerKey(e) ?? e.id)) : claimed
    return this.applyTransitions(manager, await decide(free))
  }

  /**
   * Records events by their ids and, for each id not processed before, claims the enrollments of
   * its customer that await it (a reaction or a goal) and lets `decide` advance them, all in one
   * transaction. Unlike the sweep it waits for rows another worker holds: an event must not be
   * lost because a timer was being processed at the same moment. Only enrollments that entered
   * before the event can react to it. At most one event per customer (see handleCustomerEvents).
   * Returns, per event, the transitions applied, or null for an id already processed.
   */
  @InjectTransactionManager()
  async transitionAwaiting(
    events: CustomerEvent[],
    decide: Decide<ReactingEnrollment>,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<(Transition[] | null)[]> {
    const manager = sharedContext.transactionManager!
    const { recorded, transitions } = await this.reactIn(manager, events, decide, events.map(customerKey))
    return events.map((_, index) =>
      recorded[index] ? transitions.filter((t) => t.event === index).map((t) => t.transition) : null
    )
  }

  /**
   * reactIn's first round trip: takes the customers' decision locks (`customers`, as
   * lockCustomers), records the events, and locks the enrollments of the events' customers that
   * await one of their names (simple to plan: a batch is a few customers). Locks come first: the
   * inserts and the row locks wait for the decision locks (one-time filters on `locked`).
   */
  private async recordAndClaim(manager: EntityManager, events: CustomerEvent[], customers: (string | null)[]) {
    const [result] = await query<{ recorded: string[]; candidates: Omit<ClaimedEnrollment, "definition">[] }>(
      manager,
      `with locked as (select count(*) as n from (${LOCK_CUSTOMERS}) as l
       ), recorded as (
         insert into journey_event (id, name, customer_id, email, data, occurred_at)
         select id, name, customer_id, email, data, occurred_at
           from json_to_recordset(?::json) as x(id text, name text, customer_id text, email text, data jsonb,
                occurred_at timestamptz)
          where (select n from locked) >= 0
         on conflict do nothing returning id
       ), candidates as (
         select ${CLAIMED_COLUMNS} from journey_enrollment e
          where (select n from locked) >= 0
            and e.deleted_at is null and e.status = 'waiting' and e.awaiting && ?::text[]
            and (e.customer_id = any(?) or (e.customer_id is null and e.email = any(?)))
            and exists (select 1 from journey j where j.id = e.journey_id and j.status <> 'paused')
          order by e.entered_at, e.id
          for update of e
       )
       select (select coalesce(json_agg(id), '[]') from recorded) as recorded,
              (select coalesce(json_agg(c order by c.entered_at, c.id), '[]') from candidates c) as candidates`,
      [
        CUSTOMER_LOCK_CLASS,
        lockKeys(customers),
        JSON.stringify(events.map((event) => ({ ...event, data: event.data ?? null }))),
        [...new Set(events.map((event) => event.name))],
        [...new Set(events.flatMap((event) => (event.customer_id ? [event.customer_id] : [])))],
        [...new Set(events.flatMap((event) => (!event.customer_id && event.email ? [event.email] : [])))],
      ]
    )
    return result
  }

  /**
   * Records the events and lets the enrollments awaiting them react (see transitionAwaiting),
   * after taking the decision locks of `customers` (those of the events and of anything else
   * the caller decides in this transaction).
   */
  private async reactIn(
    manager: EntityManager,
    events: CustomerEvent[],
    decide: Decide<ReactingEnrollment>,
    customers: (string | null)[]
  ) {
    if (!events.length) return { recorded: [], transitions: [] }
    const { recorded: inserted, candidates } = await this.recordAndClaim(manager, events, customers)
    const fresh = new Set(inserted)
    const recorded = events.map((event) => fresh.has(event.id))
    return { recorded, transitions: await this.reactClaimed(manager, events, recorded, candidates, decide) }
  }

  /** Advances the claimed enrollments that await one of the `recorded` events, each by the first that matches. */
  private async reactClaimed(
    manager: EntityManager,
    events: CustomerEvent[],
    recorded: boolean[],
    candidates: Omit<ClaimedEnrollment, "definition">[],
    decide: Decide<ReactingEnrollment>
  ) {
    const rows = candidates.flatMap((enrollment) => {
      const index = events.findIndex(
        (event, i) =>
          recorded[i] &&
          (event.customer_id ? enrollment.customer_id === event.customer_id : !enrollment.customer_id && enrollment.email === event.email) &&
          enrollment.awaiting!.includes(event.name) &&
          new Date(enrollment.entered_at) < event.occurred_at
      )
      return index < 0 ? [] : [{ ...enrollment, event: index }]
    })
    const claimed = await this.withDefinitions(manager, rows)
    const decided = await decide(claimed)
    const eventOf = new Map(claimed.map((e) => [e.id, e.event]))
    const transitions = await this.applyTransitions(manager, decided)
    return transitions.map((transition) => ({ event: eventOf.get(transition.id)!, transition }))
  }

  /**
   * The published versions of live journeys, each with its definition unless its id is in
   * `known` (the caller has it already: a published definition never changes).
   */
  @InjectManager()
  async listLiveVersions(
    known: string[] = [],
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<{ id: string; journey_id: string; published_at: Date | null; definition: unknown }[]> {
    return query(
      sharedContext.manager!,
      `select v.id, v.journey_id, v.published_at, case when v.id = any(?) then null else v.definition end as definition
         from journey_version v join journey j on j.id = v.journey_id
        where v.deleted_at is null and v.status = 'published' and j.deleted_at is null and j.status = 'live'`,
      [known]
    )
  }

  /**
   * Replaces JSON columns wholesale. Medusa's generated update merges JSON objects into the
   * stored ones (`mergeObjectProperties`), so a key removed from a definition or from push data
   * would silently survive; these columns must hold exactly what was saved.
   */
  @InjectTransactionManager()
  async replaceJson(
    table: keyof typeof REPLACEABLE_JSON,
    id: string,
    values: Record<string, unknown>,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<void> {
    for (const [column, value] of Object.entries(values)) {
      if (!(REPLACEABLE_JSON[table] as readonly string[]).includes(column)) {
        throw new Error(`${table}.${column} is not a replaceable JSON column`)
      }
      await sharedContext.transactionManager!.execute(
        `update ${table} set ${column} = ?::jsonb, updated_at = now() where id = ? and deleted_at is null`,
        [JSON.stringify(value), id]
      )
    }
  }

  /** Archives draining versions nobody is inside any more; returns how many. */
  @InjectTransactionManager()
  async archiveDrainedVersions(@MedusaContext() sharedContext: Context<EntityManager> = {}): Promise<number> {
    const archived: unknown[] = await sharedContext.transactionManager!.execute(
      `update journey_version v set status = 'archived', ended_at = now(), updated_at = now()
        where v.deleted_at is null and v.status = 'draining'
          and not exists (select 1 from journey_enrollment e
                           where e.version_id = v.id and e.deleted_at is null and e.status in ('active', 'waiting'))
        returning v.id`
    )
    return archived.length
  }

  /**
   * Test mode's clock: brings the waits of a journey's test enrollments `ms` closer, so the
   * next sweep runs them as if that much time had passed. Real enrollments are never touched.
   */
  @InjectTransactionManager()
  async fastForwardTestEnrollments(
    journeyId: string,
    ms: number,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<number> {
    const moved: unknown[] = await sharedContext.transactionManager!.execute(
      `update journey_enrollment set wake_at = wake_at - (? * interval '1 millisecond'), updated_at = now()
        where deleted_at is null and journey_id = ? and is_test = true and status = 'waiting' and wake_at is not null
        returning id`,
      [ms, journeyId]
    )
    return moved.length
  }

  private async selectClaimed(manager: EntityManager, where: string, bindings: unknown[], tail: string) {
    return this.withDefinitions(
      manager,
      await query<Omit<ClaimedEnrollment, "definition">>(
        manager,
        `select ${CLAIMED_COLUMNS} from journey_enrollment e where e.deleted_at is null and ${where} ${tail}`,
        bindings
      )
    )
  }

  /** Claimed rows as the engine takes them: dates as dates, each with its version's definition. */
  private async withDefinitions<T extends Omit<ClaimedEnrollment, "definition">>(manager: EntityManager, rows: T[]) {
    if (!rows.length) return []
    const definitions = await this.definitionsOf(manager, rows)
    return rows.map((row) => ({
      ...row,
      wake_at: row.wake_at ? new Date(row.wake_at) : null,
      entered_at: new Date(row.entered_at),
      definition: definitions.get(row.version_id),
    }))
  }

  /** Each version's definition once per batch, not once per row (a batch mostly shares one). */
  private async definitionsOf(manager: EntityManager, rows: { version_id: string }[]) {
    const versions = await query<{ id: string; definition: unknown }>(
      manager,
      `select id, definition from journey_version where id = any(?)`,
      [[...new Set(rows.map((row) => row.version_id))]]
    )
    return new Map(versions.map((version) => [version.id, version.definition]))
  }

  /** Appends timeline rows, in the order given, to enrollments that still exist. */
  private async insertActivities(manager: EntityManager, activities: (NewActivity & { enrollment_id: string })[]) {
    if (!activities.length) return
    await query(manager, insertActivitiesSql("journey_enrollment"), [activityRecords(activities)])
  }

  /**
   * Writes a batch's transitions — states, timeline, outbox, effects — in one statement (one
   * round trip: a batch of events or of due timers is a handful of rows per table). Only the
   * states of `changed` are written (new enrollments were inserted in their state already).
   */
  private async applyTransitions(manager: EntityManager, transitions: Transition[], changed = transitions) {
    if (!transitions.length) return transitions
    // Every part runs exactly once, on the same snapshot: the inserts read the enrollments'
    // journey and customer, which a transition never changes — from the rows just updated when
    // every state is written (no second index lookup per timeline and outbox row), else from
    // the table.
    await query(
      manager,
      `with states as (
         update journey_enrollment e set
           status = x.status, current_node = x.current_node, wake_at = x.wake_at, awaiting = x.awaiting,
           context = coalesce(x.context, e.context), state = x.state, exit_reason = x.exit_reason, ended_at = x.ended_at,
           entry_guard = x.entry_guard,
           converted_at = coalesce(x.converted_at, e.converted_at),
           conversion_order_id = coalesce(x.conversion_order_id, e.conversion_order_id),
           conversion_value = coalesce(x.conversion_value, e.conversion_value),
           raw_conversion_value = coalesce(x.raw_conversion_value, e.raw_conversion_value),
           updated_at = now()
          from json_to_recordset(?::json) as x(id text, status text, current_node text, wake_at timestamptz,
               awaiting text[], context jsonb, state jsonb, exit_reason text, ended_at timestamptz, entry_guard text,
               converted_at timestamptz, conversion_order_id text, conversion_value numeric, raw_conversion_value jsonb)
         where e.id = x.id
         returning e.id, e.journey_id, e.customer_id, e.is_test
       ), ${childWritesSql(changed === transitions ? "states" : "journey_enrollment")}
       select count(*) from states`,
      [JSON.stringify(changed.map(stateRecord)), ...childRecords(transitions)]
    )
    return transitions
  }

  /**
   * Live enrollment counts per journey in one aggregate query (test enrollments excluded):
   * entered, in progress (active or waiting), completed, exited, converted.
   */
  @InjectManager()
  async countEnrollmentsByJourney(
    journeyIds: string[],
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<Record<string, JourneyEnrollmentCounts>> {
    const counts: Record<string, JourneyEnrollmentCounts> = {}
    for (const id of journeyIds) {
      counts[id] = { entered: 0, in_progress: 0, completed: 0, exited: 0, converted: 0 }
    }
    if (!journeyIds.length) {
      return counts
    }
    const rows: Array<Record<string, string | number>> = await sharedContext.manager!.execute(
      `select journey_id,
              count(*) as entered,
              count(*) filter (where status in ('active', 'waiting')) as in_progress,
              count(*) filter (where status = 'completed') as completed,
              count(*) filter (where status = 'exited') as exited,
              count(*) filter (where converted_at is not null) as converted
         from journey_enrollment
        where deleted_at is null and is_test = false and journey_id in (?)
        group by journey_id`,
      [journeyIds]
    )
    for (const row of rows) {
      counts[row.journey_id as string] = {
        entered: Number(row.entered),
        in_progress: Number(row.in_progress),
        completed: Number(row.completed),
        exited: Number(row.exited),
        converted: Number(row.converted),
      }
    }
    return counts
  }

  /**
   * Claims up to `limit` queued messages due at `now` (rows another worker holds are skipped) and
   * marks them `sending` with one more attempt, committed before anything is sent. Their
   * `next_attempt_at` becomes the end of a lease: a worker that stops between this claim and
   * `recordDispatch` leaves rows that `requeueExpiredSends` puts back once the lease is over.
   * Each row comes with its enrollment's context and its template (null once deleted).
   */
  @InjectTransactionManager()
  async claimDueMessages(
    now: Date,
    limit: number,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<ClaimedMessage[]> {
    return sharedContext.transactionManager!.execute(
      `with claimed as (
         update journey_message m set status = 'sending', attempts = m.attempts + 1, next_attempt_at = ?,
                updated_at = now()
           from (select id from journey_message
                  where deleted_at is null and status = 'queued' and next_attempt_at <= ?
                  order by next_attempt_at, id
                  limit ${Math.max(1, Math.floor(limit))} for update skip locked) due
          where m.id = due.id
          returning m.id, m.journey_id, m.enrollment_id, m.customer_id, m.node_id, m.channel, m.template_id,
                    m.recipient, m.category, m.tag, m.data, m.is_test, m.attempts, m.queued_at
       )
       select c.*, e.context, v.definition->'settings'->>'timezone' as journey_timezone,
              case when t.id is null then null else jsonb_build_object('status', t.status, 'channel', t.channel,
                'subject', t.subject, 'html', t.html, 'text', t.text, 'title', t.title, 'body', t.body, 'data', t.data)
              end as template
         from claimed c
         left join journey_enrollment e on e.id = c.enrollment_id and e.deleted_at is null
         left join journey_version v on v.id = e.version_id
         left join journey_message_template t on t.id = c.template_id and t.deleted_at is null
        order by c.queued_at, c.id`,
      [new Date(now.getTime() + SEND_LEASE_MS), now]
    )
  }

  /**
   * Records a batch's outcomes in one statement: sent; retried with exponential backoff (back to
   * `queued`); failed for good, or after `max_attempts`; skipped (consent, cap) or deferred to
   * the end of quiet hours (queued again, the attempt given back), each with a line in its
   * enrollment's timeline. A row whose claim is no longer the one recorded (its lease expired
   * and it was requeued) is left alone. Returns the rows written.
   */
  @InjectTransactionManager()
  async recordDispatch(
    outcomes: DispatchOutcome[],
    now: Date,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<{ id: string; status: "sent" | "queued" | "failed" | "skipped"; deferred?: boolean }[]> {
    if (!outcomes.length) return []
    const manager = sharedContext.transactionManager!
    const rows = outcomes.map((outcome) => {
      if (outcome.result === "sent") {
        const { result: _result, ...sent } = outcome
        return { ...sent, status: "sent", sent_at: now, next_attempt_at: null, error: null }
      }
      if (outcome.result === "skipped") {
        return { id: outcome.id, attempts: outcome.attempts, status: "skipped", next_attempt_at: null, skip_reason: outcome.reason }
      }
      if (outcome.result === "deferred") {
        return {
          id: outcome.id, attempts: outcome.attempts, status: "queued", next_attempt_at: outcome.until,
          new_attempts: outcome.attempts - 1, deferred: true,
        }
      }
      const retry = outcome.result === "retry" && outcome.attempts < this.options_.max_attempts
      return {
        id: outcome.id,
        attempts: outcome.attempts,
        status: retry ? "queued" : "failed",
        next_attempt_at: retry
          ? new Date(
              now.getTime() +
                Math.max(retryDelayMs(outcome.attempts), outcome.result === "retry" ? outcome.retry_after_ms ?? 0 : 0)
            )
          : null,
        error: outcome.error,
      }
    })
    const written = await query<{ id: string; status: "sent" | "queued" | "failed" | "skipped"; deferred: boolean; enrollment_id: string | null; node_id: string | null }>(
        manager,
        `update journey_message m set status = x.status, next_attempt_at = x.next_attempt_at,
                error = coalesce(x.error, case when x.deferred then m.error end),
                notification_id = x.notification_id, provider_message_id = x.provider_message_id, sent_at = x.sent_at,
                skip_reason = x.skip_reason, attempts = coalesce(x.new_attempts, m.attempts), updated_at = now()
           from json_to_recordset(?::json) as x(id text, attempts integer, status text, next_attempt_at timestamptz,
                error text, notification_id text, provider_message_id text, sent_at timestamptz, skip_reason text,
                new_attempts integer, deferred boolean)
          where m.id = x.id and m.status = 'sending' and m.attempts = x.attempts
          returning m.id, m.status, coalesce(x.deferred, false) as deferred, m.enrollment_id, m.node_id`,
        [JSON.stringify(rows)]
      )
    const why = new Map(
      outcomes.flatMap((outcome) =>
        outcome.result === "skipped" || outcome.result === "deferred" ? [[outcome.id, outcome] as const] : []
      )
    )
    await this.insertActivities(
      manager,
      written.flatMap((row) => {
        const outcome = why.get(row.id)
        if (!outcome || !row.enrollment_id) return []
        return [{
          enrollment_id: row.enrollment_id,
          node_id: row.node_id,
          type: outcome.result === "skipped" ? "message_skipped" : "waiting",
          reason: outcome.result === "skipped" ? outcome.reason : `${outcome.reason}: sent at ${outcome.until.toISOString()}`,
          data: { message_id: row.id },
          occurred_at: now,
        }]
      })
    )
    return written.map(({ id, status, deferred }) => (deferred ? { id, status, deferred } : { id, status }))
  }

  /**
   * Marketing messages sent on a channel to these recipients since `since`, by recipient: what a
   * channel-wide frequency cap counts.
   */
  @InjectManager()
  async countRecentSends(
    channel: "email" | "sms" | "push",
    recipients: string[],
    since: Date,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<Map<string, number>> {
    const counts = new Map<string, number>()
    if (!recipients.length) return counts
    const rows: { recipient: string; count: number }[] = await sharedContext.manager!.execute(
      `select recipient, count(*)::int as count from journey_message
        where deleted_at is null and channel = ? and recipient in (?) and category = 'marketing'
          and status in ('sent', 'delivered') and sent_at >= ?
        group by recipient`,
      [channel, [...new Set(recipients)], since]
    )
    for (const row of rows) counts.set(row.recipient, row.count)
    return counts
  }

  /**
   * Puts back messages left `sending` past their lease (a worker stopped between claim and record),
   * due at once under the same message id; one that used its last attempt ends `failed`. Whether
   * the lost attempt reached the provider is unknown: the next one may send again, which the
   * provider deduplicates by message id where it can (`resource_id` of the notification).
   */
  @InjectTransactionManager()
  async requeueExpiredSends(
    now: Date,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<{ id: string; status: "queued" | "failed" }[]> {
    return sharedContext.transactionManager!.execute(
      `update journey_message set
          status = case when attempts >= ? then 'failed' else 'queued' end,
          next_attempt_at = case when attempts >= ? then null else ?::timestamptz end,
          error = 'the send was not recorded before its lease expired (a worker stopped); it may have been sent',
          updated_at = now()
        where deleted_at is null and status = 'sending' and next_attempt_at <= ?
        returning id, status`,
      [this.options_.max_attempts, this.options_.max_attempts, now, now]
    )
  }

  /**
   * Claims up to `limit` queued effects due at `now`, as `claimDueMessages` does for messages:
   * `running` with one more attempt, committed before anything is executed, `next_attempt_at`
   * holding the end of the lease that `requeueExpiredEffects` honours. A customer update waits
   * while an earlier one of the same customer is pending: each reads the metadata it merges into,
   * so two at once could lose one's keys, and the later node's values must win.
   */
  @InjectTransactionManager()
  async claimDueEffects(
    now: Date,
    limit: number,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<ClaimedEffect[]> {
    return sharedContext.transactionManager!.execute(
      `update journey_effect f set status = 'running', attempts = f.attempts + 1, next_attempt_at = ?, updated_at = now()
         from (select id from journey_effect
                where deleted_at is null and status = 'queued' and next_attempt_at <= ?
                  and (type <> 'update_customer' or not exists (
                        select 1 from journey_effect earlier
                         where earlier.deleted_at is null and earlier.type = 'update_customer'
                           and earlier.status in ('queued', 'running')
                           and earlier.customer_id = journey_effect.customer_id and earlier.id < journey_effect.id))
                order by next_attempt_at, id
                limit ${Math.max(1, Math.floor(limit))} for update skip locked) due
        where f.id = due.id
        returning f.id, f.journey_id, f.enrollment_id, f.customer_id, f.node_id, f.type, f.payload, f.is_test, f.attempts`,
      [new Date(now.getTime() + SEND_LEASE_MS), now]
    )
  }

  /**
   * Records a batch's outcomes in one statement, with the same backoff and `max_attempts` as
   * messages; an effect that ends (done or failed) says so on its enrollment's timeline. A row
   * whose claim is no longer the one recorded (its lease expired) is left alone. Returns the rows
   * written.
   */
  @InjectTransactionManager()
  async recordEffects(
    outcomes: EffectOutcome[],
    now: Date,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<{ id: string; status: "done" | "queued" | "failed" }[]> {
    if (!outcomes.length) return []
    const manager = sharedContext.transactionManager!
    const rows = outcomes.map((outcome) => {
      const ended = outcome.result === "done" || outcome.result === "failed" || outcome.attempts >= this.options_.max_attempts
      return {
        id: outcome.id,
        attempts: outcome.attempts,
        status: outcome.result === "done" ? "done" : ended ? "failed" : "queued",
        next_attempt_at: ended ? null : new Date(now.getTime() + retryDelayMs(outcome.attempts)),
        completed_at: ended ? now : null,
        error: outcome.result === "done" ? null : outcome.error,
        response_status: outcome.response_status ?? null,
      }
    })
    const recorded: RecordedEffect[] = await manager.execute(
      `update journey_effect f set status = x.status, next_attempt_at = x.next_attempt_at, error = x.error,
              response_status = x.response_status, completed_at = x.completed_at, updated_at = now()
         from json_to_recordset(?::json) as x(id text, attempts integer, status text, next_attempt_at timestamptz,
              completed_at timestamptz, error text, response_status integer)
        where f.id = x.id and f.status = 'running' and f.attempts = x.attempts
        returning f.id, f.status, f.type, f.enrollment_id, f.node_id, f.attempts, f.error, f.response_status`,
      [JSON.stringify(rows)]
    )
    const details = new Map(outcomes.map((o) => [o.id, o.result === "done" ? o.detail : null]))
    await this.insertActivities(manager, effectActivities(recorded, details, now))
    return recorded.map(({ id, status }) => ({ id, status: status as "done" | "queued" | "failed" }))
  }

  /**
   * Puts back effects left `running` past their lease (a worker stopped between claim and record),
   * due at once; one that used its last attempt ends `failed`, on its timeline too. Whether the
   * lost attempt took place is unknown: a webhook receiver may see the same delivery id twice.
   */
  @InjectTransactionManager()
  async requeueExpiredEffects(
    now: Date,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<{ id: string; status: "queued" | "failed" }[]> {
    const manager = sharedContext.transactionManager!
    const max = this.options_.max_attempts
    const requeued: RecordedEffect[] = await manager.execute(
      `update journey_effect set
          status = case when attempts >= ? then 'failed' else 'queued' end,
          next_attempt_at = case when attempts >= ? then null else ?::timestamptz end,
          completed_at = case when attempts >= ? then ?::timestamptz end,
          error = 'the attempt was not recorded before its lease expired (a worker stopped); it may have taken place',
          updated_at = now()
        where deleted_at is null and status = 'running' and next_attempt_at <= ?
        returning id, status, type, enrollment_id, node_id, attempts, error, response_status`,
      [max, max, now, max, now, now]
    )
    await this.insertActivities(manager, effectActivities(requeued, new Map(), now))
    return requeued.map(({ id, status }) => ({ id, status: status as "queued" | "failed" }))
  }

  /**
   * One page of a journey's enrollments, newest first, with the version each is pinned to, and
   * the count of all that match. `email` matches a part of the address in any case (taken
   * literally: no LIKE wildcards).
   */
  @InjectManager()
  async listJourneyEnrollments(
    journeyId: string,
    filters: JourneyEnrollmentFilters,
    page: { limit: number; offset: number },
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<[JourneyEnrollmentRow[], number]> {
    const manager = sharedContext.manager!
    const where = ["e.deleted_at is null", "e.journey_id = ?", "e.is_test = ?"]
    const bindings: unknown[] = [journeyId, filters.is_test]
    if (filters.status?.length) {
      where.push("e.status in (?)")
      bindings.push(filters.status)
    }
    if (filters.node) {
      where.push("e.current_node = ?")
      bindings.push(filters.node)
    }
    if (filters.email) {
      where.push("strpos(lower(e.email), lower(?)) > 0")
      bindings.push(filters.email)
    }
    const matching = where.join(" and ")
    const rows = await manager.execute<Array<Record<string, any>>>(
      `select e.id, e.customer_id, e.email, e.status, e.current_node, e.wake_at, e.exit_reason, e.is_test,
              e.entered_at, e.ended_at, e.converted_at, e.conversion_value, v.id as version_id, v.number as version_number
         from journey_enrollment e join journey_version v on v.id = e.version_id
        where ${matching}
        order by e.entered_at desc, e.id desc
        limit ? offset ?`,
      [...bindings, page.limit, page.offset]
    )
    const [{ count }] = await manager.execute<Array<{ count: string }>>(
      `select count(*) as count from journey_enrollment e where ${matching}`,
      bindings
    )
    const enrollments = rows.map(({ version_id, version_number, conversion_value, ...row }) => ({
      ...row,
      conversion_value: conversion_value === null ? null : Number(conversion_value),
      version: { id: version_id, number: version_number },
    })) as JourneyEnrollmentRow[]
    return [enrollments, Number(count)]
  }

  /**
   * Live numbers for the canvas, test enrollments and their messages excluded, in two aggregate
   * queries. Per node of any version (drafts included, so new nodes show zeros): who is there
   * now, how many different enrollments visited it and of those how many converted (revenue),
   * its messages by status with opens and clicks. Then the journey's totals.
   */
  @InjectManager()
  async journeyStats(
    journeyId: string,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<JourneyStats> {
    const manager = sharedContext.manager!
    // What the interpreter writes on arriving at a node of each type (the entry's `entered` row
    // is followed by its node's own); `error` marks the node where an enrollment failed.
    const visits = ["message_queued", "branch", "waiting", "node", "customer_updated", "webhook", "completed", "error"]
    const nodeRows = await manager.execute<Array<Record<string, string | null>>>(
      `with node as (
         select distinct n->>'id' as node_id
           from journey_version v
           cross join jsonb_array_elements(
             case when jsonb_typeof(v.definition->'nodes') = 'array' then v.definition->'nodes' else '[]'::jsonb end) n
          where v.journey_id = ? and v.deleted_at is null and n->>'id' is not null
       ), here as (
         select current_node as node_id,
                count(*) filter (where status = 'active') as active,
                count(*) filter (where status = 'waiting') as waiting
           from journey_enrollment
          where journey_id = ? and deleted_at is null and is_test = false and status in ('active', 'waiting')
          group by current_node
       ), visited as (
         select a.node_id, count(*) as entered, count(e.converted_at) as converted,
                coalesce(sum(e.conversion_value) filter (where e.converted_at is not null), 0) as revenue
           from (select distinct node_id, enrollment_id from journey_activity
                  where journey_id = ? and deleted_at is null and type in (?)) a
           join journey_enrollment e on e.id = a.enrollment_id and e.deleted_at is null and e.is_test = false
          group by a.node_id
       ), sent as (
         select node_id,
                count(*) filter (where status = 'queued') as queued,
                count(*) filter (where status = 'sending') as sending,
                count(*) filter (where status = 'sent') as sent,
                count(*) filter (where status = 'delivered') as delivered,
                count(*) filter (where status = 'failed') as failed,
                count(*) filter (where status = 'skipped') as skipped,
                count(*) filter (where status = 'cancelled') as cancelled,
                count(opened_at) as opened, count(clicked_at) as clicked
           from journey_message
          where journey_id = ? and deleted_at is null and is_test = false
          group by node_id
       )
       select node.node_id, here.active, here.waiting, visited.entered, visited.converted, visited.revenue,
              sent.queued, sent.sending, sent.sent, sent.delivered, sent.failed, sent.skipped, sent.cancelled,
              sent.opened, sent.clicked
         from node
         left join here using (node_id) left join visited using (node_id) left join sent using (node_id)
        order by node.node_id`,
      [journeyId, journeyId, journeyId, visits, journeyId]
    )
    // Counts arrive as bigint strings, absent where a node has none.
    const n = (value: string | null | undefined) => Number(value ?? 0)
    const nodes: Record<string, JourneyNodeStats> = {}
    for (const row of nodeRows) {
      nodes[row.node_id!] = {
        entered: n(row.entered),
        active: n(row.active),
        waiting: n(row.waiting),
        converted: n(row.converted),
        revenue: n(row.revenue),
        messages: {
          queued: n(row.queued),
          sending: n(row.sending),
          sent: n(row.sent),
          delivered: n(row.delivered),
          failed: n(row.failed),
          skipped: n(row.skipped),
          cancelled: n(row.cancelled),
          opened: n(row.opened),
          clicked: n(row.clicked),
        },
      }
    }
    const [totals] = await manager.execute<JourneyStatsTotals[]>(
      `select count(*)::int as entered,
              count(*) filter (where status in ('active', 'waiting'))::int as in_progress,
              count(*) filter (where status = 'completed')::int as completed,
              count(*) filter (where status = 'exited')::int as exited,
              (select coalesce(jsonb_object_agg(reason, count), '{}')
                 from (select coalesce(exit_reason, 'unknown') as reason, count(*) as count
                         from journey_enrollment
                        where journey_id = ? and deleted_at is null and is_test = false and status = 'exited'
                        group by 1) r) as exited_by_reason,
              count(*) filter (where status = 'failed')::int as failed,
              count(converted_at)::int as converted,
              coalesce(sum(conversion_value) filter (where converted_at is not null), 0)::float8 as revenue
         from journey_enrollment
        where journey_id = ? and deleted_at is null and is_test = false`,
      [journeyId, journeyId]
    )
    return { nodes, totals }
  }

  /**
   * Records what a provider (or a signed tracking call) reports about one sent message, found by
   * our id or the provider's. Returns the message and whether this is news (the first open, the
   * first delivery…) — a replayed report is not — or null for a message we do not know.
   */
  @InjectTransactionManager()
  async recordMessageEvent(
    event: MessageEvent,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<{ message: ReportedMessage; first: boolean } | null> {
    const manager = sharedContext.transactionManager!
    const by = event.message_id ? "id" : "provider_message_id"
    const key = event.message_id ?? event.provider_message_id
    if (!key) return null
    const [message]: (ReportedMessage & Record<string, unknown>)[] = await manager.execute(
      `select id, journey_id, enrollment_id, node_id, customer_id, channel, recipient, category, tag, status, is_test,
              delivered_at, opened_at, clicked_at
         from journey_message where deleted_at is null and ${by} = ? order by queued_at limit 1 for update`,
      [key]
    )
    if (!message) return null
    const column = { delivered: "delivered_at", opened: "opened_at", clicked: "clicked_at" }[event.type as string]
    let first: boolean
    if (column) {
      first = message[column] == null
      // A click implies the message was opened (images off, or a text-only client). A replayed
      // report writes nothing, not even updated_at.
      if (first) await manager.execute(
        `update journey_message set ${column} = coalesce(${column}, ?),
                ${event.type === "clicked" ? "opened_at = coalesce(opened_at, ?)," : ""}
                status = case when status = 'sent' and ? = 'delivered' then 'delivered' else status end, updated_at = now()
          where id = ?`,
        event.type === "clicked" ? [event.at, event.at, event.type, message.id] : [event.at, event.type, message.id]
      )
    } else if (event.type === "complained") {
      first = true
    } else {
      first = message.status !== "failed"
      if (first) await manager.execute(
        `update journey_message set status = 'failed', error = ?, updated_at = now() where id = ?`,
        [event.detail ?? event.type, message.id]
      )
    }
    const { delivered_at: _d, opened_at: _o, clicked_at: _c, status: _s, ...reported } = message
    return { message: reported as ReportedMessage, first }
  }

  /**
   * Records recipients' consent per channel and address. A suppression (hard bounce, complaint)
   * is only lifted by the admin: a shopper's or a provider's "subscribed" leaves it in place.
   */
  @InjectTransactionManager()
  async setConsent(
    entries: ConsentEntry[],
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<{ channel: string; address: string; status: string }[]> {
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
      id: `jcon_${nextUlid()}`,
      customer_id: entry.customer_id ?? null,
      reason: entry.reason ?? null,
    }))
    return sharedContext.transactionManager!.execute(
      `insert into journey_consent as c (id, channel, address, customer_id, status, source, reason)
       select id, channel, address, customer_id, status, source, reason
         from json_to_recordset(?::json) as x(id text, channel text, address text, customer_id text, status text,
              source text, reason text)
       on conflict (channel, address) where deleted_at is null do update set
              status = case when c.status = 'suppressed' and excluded.status <> 'suppressed' and excluded.source <> 'admin'
                            then c.status else excluded.status end,
              source = excluded.source, reason = excluded.reason,
              customer_id = coalesce(excluded.customer_id, c.customer_id), updated_at = now()
       returning channel, address, status`,
      [JSON.stringify(rows)]
    )
  }

  /** The recorded consent of these addresses on a channel: address → status (absent: no answer yet). */
  @InjectManager()
  async consentOf(
    channel: "email" | "sms" | "push",
    addresses: string[],
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<Map<string, "subscribed" | "unsubscribed" | "suppressed">> {
    const statuses = new Map<string, "subscribed" | "unsubscribed" | "suppressed">()
    if (!addresses.length) return statuses
    const rows: { address: string; status: "subscribed" | "unsubscribed" | "suppressed" }[] =
      await sharedContext.manager!.execute(
        `select address, status from journey_consent where deleted_at is null and channel = ? and address in (?)`,
        [channel, [...new Set(addresses.map((address) => normalizeAddress(channel, address)))]]
      )
    for (const row of rows) statuses.set(row.address, row.status)
    return statuses
  }

  /**
   * Records what the cart subscribers saw. A cart whose fingerprint changed was active at `at`
   * and starts a new idle period; the same fingerprint again (a re-delivered event, an update
   * that changed nothing) changes nothing. A completed cart stays completed.
   */
  @InjectTransactionManager()
  async recordCartActivity(
    carts: CartSnapshot[],
    at: Date,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<number> {
    if (!carts.length) return 0
    const written: unknown[] = await sharedContext.transactionManager!.execute(
      `insert into journey_cart_activity as a (id, customer_id, email, item_count, fingerprint, completed_at, last_activity_at)
       select x.id, x.customer_id, x.email, x.item_count, x.fingerprint, x.completed_at, ?
         from json_to_recordset(?::json) as x(id text, customer_id text, email text, item_count integer,
              fingerprint text, completed_at timestamptz)
       on conflict (id) do update set
              customer_id = excluded.customer_id, email = excluded.email, item_count = excluded.item_count,
              fingerprint = excluded.fingerprint, completed_at = coalesce(a.completed_at, excluded.completed_at),
              last_activity_at = greatest(a.last_activity_at, excluded.last_activity_at), updated_at = now()
        where a.fingerprint is distinct from excluded.fingerprint
           or (a.completed_at is null and excluded.completed_at is not null)
       returning a.id`,
      [at, JSON.stringify(carts)]
    )
    return written.length
  }

  /** Carts that became orders: never abandoned again. */
  @InjectTransactionManager()
  async completeCartActivity(
    cartIds: string[],
    at: Date,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<number> {
    if (!cartIds.length) return 0
    const completed: unknown[] = await sharedContext.transactionManager!.execute(
      `update journey_cart_activity set completed_at = ?, updated_at = now()
        where id in (?) and completed_at is null returning id`,
      [at, cartIds]
    )
    return completed.length
  }

  /**
   * Leases the abandonment cursor of a version for `leaseMs` of wall-clock time, creating it at
   * `initial` the first time. Returns its position, or null while another worker holds it.
   */
  @InjectTransactionManager()
  async leaseTriggerCursor(
    versionId: string,
    initial: Date,
    leaseMs: number,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<Date | null> {
    const manager = sharedContext.transactionManager!
    await manager.execute(
      `insert into journey_trigger_cursor (id, position) values (?, ?) on conflict (id) do nothing`,
      [versionId, initial]
    )
    const [leased]: { position: string }[] = await manager.execute(
      `update journey_trigger_cursor set leased_until = now() + (? * interval '1 millisecond'), updated_at = now()
        where id = ? and (leased_until is null or leased_until < now()) returning position`,
      [leaseMs, versionId]
    )
    return leased ? new Date(leased.position) : null
  }

  /** Saves how far a scan got; `release` ends the lease, otherwise it is extended by `leaseMs`. */
  @InjectTransactionManager()
  async moveTriggerCursor(
    versionId: string,
    position: Date,
    lease: { release: true } | { release: false; leaseMs: number },
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<void> {
    await sharedContext.transactionManager!.execute(
      `update journey_trigger_cursor set position = greatest(position, ?),
              leased_until = ${lease.release ? "null" : "now() + (? * interval '1 millisecond')"}, updated_at = now()
        where id = ?`,
      lease.release ? [position, versionId] : [position, lease.leaseMs, versionId]
    )
  }

  /**
   * Open carts with an email and items whose last activity is after `after` (keyset on time,
   * then id) and at or before `until`, oldest first: read through the partial idle index.
   */
  @InjectManager()
  async listIdleCarts(
    after: { at: Date; id: string },
    until: Date,
    limit: number,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<IdleCart[]> {
    const rows: IdleCart[] = await sharedContext.manager!.execute(
      `select id, customer_id, email, last_activity_at from journey_cart_activity
        where deleted_at is null and completed_at is null and email is not null and item_count > 0
          and (last_activity_at, id) > (?, ?) and last_activity_at <= ?
        order by last_activity_at, id limit ${Math.max(1, Math.floor(limit))}`,
      [after.at, after.id, until]
    )
    return rows.map((row) => ({ ...row, last_activity_at: new Date(row.last_activity_at) }))
  }

  /**
   * Registers a customer's device token, or refreshes it. One statement, so two registrations
   * of the same token at once cannot both insert; a token registered by another customer moves
   * to this one (the device changed hands or accounts).
   */
  @InjectTransactionManager()
  async registerPushDevice(
    device: { customer_id: string; token: string; platform: "ios" | "android" | "web" },
    at: Date,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<PushDeviceRow> {
    const [row]: PushDeviceRow[] = await sharedContext.transactionManager!.execute(
      `insert into journey_push_device (id, customer_id, token, platform, last_seen_at) values (?, ?, ?, ?, ?)
       on conflict (token) where deleted_at is null do update set
              customer_id = excluded.customer_id, platform = excluded.platform, last_seen_at = excluded.last_seen_at,
              updated_at = now()
       returning id, customer_id, token, platform, last_seen_at`,
      [`jpdv_${nextUlid()}`, device.customer_id, device.token, device.platform, at]
    )
    return row
  }

  /** Deletes these device tokens — only the customer's own when `customer_id` is given. Returns those deleted. */
  @InjectTransactionManager()
  async removePushDevices(
    tokens: string[],
    customer_id: string | null,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<string[]> {
    if (!tokens.length) return []
    const rows: { token: string }[] = await sharedContext.transactionManager!.execute(
      `delete from journey_push_device where deleted_at is null and token in (?)
       ${customer_id === null ? "" : "and customer_id = ?"} returning token`,
      customer_id === null ? [tokens] : [tokens, customer_id]
    )
    return rows.map((row) => row.token)
  }
}

export type PushDeviceRow = {
  id: string
  customer_id: string
  token: string
  platform: "ios" | "android" | "web"
  last_seen_at: Date
}

/** What a provider or a tracking call reports about a sent message. */
export type MessageEvent = {
  /** Our message id (signed tracking calls) or the provider's id (webhooks). */
  message_id?: string
  provider_message_id?: string
  type: "delivered" | "opened" | "clicked" | "bounced" | "complained" | "failed"
  at: Date
  /** The provider's words for a failure or a bounce. */
  detail?: string | null
}

export type ReportedMessage = {
  id: string
  journey_id: string | null
  enrollment_id: string | null
  node_id: string | null
  customer_id: string | null
  channel: "email" | "sms" | "push"
  recipient: string
  category: "marketing" | "transactional"
  tag: string | null
  is_test: boolean
}

export type ConsentEntry = {
  channel: "email" | "sms" | "push"
  address: string
  status: "subscribed" | "unsubscribed" | "suppressed"
  /** Where the answer came from: unsubscribe_link, sms_keyword, provider, store, admin. */
  source: string
  reason?: string | null
  customer_id?: string | null
}

/** What a cart subscriber saw of a cart. */
export type CartSnapshot = {
  id: string
  customer_id: string | null
  email: string | null
  item_count: number
  fingerprint: string
  completed_at: string | null
}

export type IdleCart = { id: string; customer_id: string | null; email: string | null; last_activity_at: Date }

export type JourneyEnrollmentCounts = {
  entered: number
  in_progress: number
  completed: number
  exited: number
  converted: number
}

/** How long a claimed message may stay `sending` before it is presumed lost and requeued. */
export const SEND_LEASE_MS = 10 * 60_000

/** Wait before the next attempt: 1 min after the first failure, doubling, at most 6 h. */
export const retryDelayMs = (attempts: number) => Math.min(60_000 * 2 ** (attempts - 1), 6 * 3_600_000)

/** A message claimed for sending, with what rendering it needs. */
export type ClaimedMessage = {
  id: string
  journey_id: string | null
  enrollment_id: string | null
  customer_id: string | null
  node_id: string | null
  channel: "email" | "sms" | "push"
  template_id: string
  recipient: string
  category: "marketing" | "transactional"
  tag: string | null
  data: Record<string, unknown> | null
  is_test: boolean
  /** Attempts so far, this one included. */
  attempts: number
  /** The enrollment's context (customer, cart, order, event); null without an enrollment. */
  context: Record<string, unknown> | null
  /** The zone of the journey version that queued it. */
  journey_timezone: string | null
  /** Null when the template was deleted. */
  template: {
    status: "draft" | "published"
    channel: "email" | "sms" | "push"
    subject: string | null
    html: string | null
    text: string | null
    title: string | null
    body: string | null
    data: Record<string, unknown> | null
  } | null
}

/** What became of one claimed attempt; `attempts` identifies the claim. */
export type DispatchOutcome = { id: string; attempts: number } & (
  | { result: "sent"; notification_id: string; provider_message_id: string | null }
  /**
   * Worth trying again (the provider failed), until `max_attempts`; not before `retry_after_ms`
   * when the provider said so (a 429's Retry-After).
   */
  | { result: "retry"; error: string; retry_after_ms?: number }
  /** Will never succeed as it is (template deleted or not rendering). */
  | { result: "failed"; error: string }
  /** Not to be sent (consent, frequency cap): ends `skipped` with the reason. */
  | { result: "skipped"; reason: string }
  /** Not now (quiet hours): queued again for `until`, this attempt not counted. */
  | { result: "deferred"; reason: string; until: Date }
)

/** An effect claimed for execution, with what it needs. */
export type ClaimedEffect = {
  id: string
  journey_id: string | null
  enrollment_id: string | null
  customer_id: string | null
  node_id: string | null
  is_test: boolean
  /** Attempts so far, this one included. */
  attempts: number
} & ({ type: "update_customer"; payload: UpdateCustomerPayload } | { type: "webhook"; payload: WebhookPayload })

/** What became of one claimed attempt; `attempts` identifies the claim. */
export type EffectOutcome = { id: string; attempts: number; response_status?: number | null } & (
  /** `detail` tells the timeline what was done. */
  | { result: "done"; detail: string }
  /** Worth trying again (network, timeout, 408/429/5xx), until `max_attempts`. */
  | { result: "retry"; error: string }
  /** Will never succeed as it is (a 4xx, a missing customer or group). */
  | { result: "failed"; error: string }
)

type RecordedEffect = {
  id: string
  status: string
  type: ClaimedEffect["type"]
  enrollment_id: string | null
  node_id: string | null
  attempts: number
  error: string | null
  response_status: number | null
}

/** Timeline rows of the effects that just ended: what was done, or why it failed for good. */
function effectActivities(effects: RecordedEffect[], details: Map<string, string | null>, now: Date) {
  return effects.flatMap((effect) => {
    if (!effect.enrollment_id || (effect.status !== "done" && effect.status !== "failed")) return []
    const what = effect.type === "webhook" ? "webhook" : "customer update"
    const tries = effect.attempts > 1 ? ` after ${effect.attempts} attempts` : ""
    return [
      {
        enrollment_id: effect.enrollment_id,
        node_id: effect.node_id,
        type: effect.status === "failed" ? "error" : effect.type === "webhook" ? "webhook" : "customer_updated",
        reason: effect.status === "failed" ? `${what} failed${tries}: ${effect.error}` : details.get(effect.id) ?? `${what} done`,
        data: { effect_id: effect.id, attempts: effect.attempts, response_status: effect.response_status },
        occurred_at: now,
      },
    ]
  })
}

export type JourneyEnrollmentFilters = {
  status?: ClaimedEnrollment["status"][]
  /** The node the enrollment is at (or ended at). */
  node?: string
  email?: string
  is_test: boolean
}

/** An enrollment as the admin lists it. */
export type JourneyEnrollmentRow = {
  id: string
  customer_id: string | null
  email: string | null
  status: ClaimedEnrollment["status"]
  current_node: string | null
  wake_at: Date | null
  exit_reason: string | null
  is_test: boolean
  entered_at: Date
  ended_at: Date | null
  converted_at: Date | null
  conversion_value: number | null
  version: { id: string; number: number }
}

export type JourneyNodeStats = {
  /** Different enrollments that reached the node. */
  entered: number
  /** Enrollments at the node now. */
  active: number
  waiting: number
  /** Of those that reached the node, how many converted, and their revenue. */
  converted: number
  revenue: number
  /** The node's messages by status (a partition), and how many were opened / clicked. */
  messages: {
    queued: number
    sending: number
    sent: number
    delivered: number
    failed: number
    skipped: number
    cancelled: number
    opened: number
    clicked: number
  }
}

export type JourneyStatsTotals = {
  entered: number
  in_progress: number
  completed: number
  exited: number
  exited_by_reason: Record<string, number>
  failed: number
  converted: number
  /** Sum of the conversions' order totals, in whatever currencies the orders were in. */
  revenue: number
}

export type JourneyStats = { nodes: Record<string, JourneyNodeStats>; totals: JourneyStatsTotals }

export default JourneyModuleService
