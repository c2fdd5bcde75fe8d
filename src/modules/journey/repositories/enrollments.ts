import type { EntityManager } from "@medusajs/framework/mikro-orm/knex"
import type { Context } from "@medusajs/framework/types"
import { mikroOrmBaseRepositoryFactory } from "@medusajs/framework/utils"
import Enrollment from "../models/enrollment"
import type {
  ClaimedEnrollment,
  CustomerEvent,
  DecideTransitions,
  EventBatchPlan,
  EventBatchResult,
  NewEnrollment,
  ReactingEnrollment,
  Transition,
} from "../types"
import { newId } from "../utils/ids"
import { query } from "../utils/query"
import { activityRecords, insertActivitiesSql } from "../utils/timeline"

/**
 * How many lanes the sweep runs side by side, each claiming only its customers (a hash of the
 * customer): the single source for the claim below and the sweep's lane loop. A constant in the
 * claim's SQL because PostgreSQL's statistics on the lane expression (migration 20261123230000)
 * only apply to this exact expression — a new count needs new statistics: without them the
 * planner's default estimate takes a lane for 0.5% of the due rows (not half), and it reads every
 * one of them on each claim instead of walking the wake_at index and stopping at the limit.
 */
export const SWEEP_LANES = 2

const LANE = `mod(abs(hashtext(coalesce(c.customer_id, c.email, c.id))), ${SWEEP_LANES})`

/** Ids of up to `limit` due enrollments, oldest wake first, locked, skipping rows another worker holds. */
const dueSql = (inLane: boolean) => `
  select c.id from journey_enrollment c
   where c.deleted_at is null and c.status = 'waiting' and c.wake_at is not null and c.wake_at <= ?
     and exists (select 1 from journey j where j.id = c.journey_id and j.status <> 'paused')
     ${inLane ? `and ${LANE} = ?` : ""}
   order by c.wake_at limit ? for update of c skip locked`

/** The sweep's claim in one lane (bindings: now, lane, limit); exported for its plan's tests. */
export const DUE_IN_LANE = dueSql(true)

const CLAIMED_COLUMNS = `e.id, e.journey_id, e.version_id, e.customer_id, e.email, e.status, e.current_node,
  e.wake_at, e.awaiting, e.context, e.state, e.exit_reason, e.entry_guard, e.entered_at, e.is_test`

// Claimed by id first, wide rows read after: ordering whole rows (their context) by wake_at
// spilled every due row to disk on each batch.
const claimDueSql = (inLane: boolean) => `
  select ${CLAIMED_COLUMNS} from journey_enrollment e
   where e.deleted_at is null and e.id in (${dueSql(inLane)})
   order by e.wake_at`
/** Bindings: now, limit. */
const CLAIM_DUE = claimDueSql(false)
/** Bindings: now, lane, limit. */
const CLAIM_DUE_IN_LANE = claimDueSql(true)

/**
 * A customer's decision lock (PostgreSQL advisory lock, held until the transaction ends): whoever
 * decides transitions for a customer — a sweep batch, a batch of events, an entry — holds it while
 * it reads the customer's message history and writes what it queued, so a frequency cap counts
 * what another process or lane queued a moment before. The key is a hash of the customer: a
 * collision only makes two customers wait for each other.
 */
const CUSTOMER_LOCK_CLASS = 0x6a726e79

const customerKey = (e: { customer_id: string | null; email: string | null }) => e.customer_id ?? e.email

const lockKeys = (customers: (string | null)[]) => [...new Set(customers.filter((key): key is string => !!key))]

/**
 * Waits for the decision locks of customers (bindings: CUSTOMER_LOCK_CLASS, lockKeys()): taken in
 * the order of their keys, as every waiting holder does, and before any enrollment row is locked,
 * so holders never wait on each other. One row per lock taken.
 */
const LOCK_CUSTOMERS = `
  select pg_advisory_xact_lock(?, h)
    from (select distinct hashtext(k) as h from unnest(?::text[]) as k order by 1) as s`

/** The keys (binding) whose decision lock someone else holds; the others are taken. */
const TRY_LOCK_CUSTOMERS = `select k from unnest(?::text[]) as k where not pg_try_advisory_xact_lock(?, hashtext(k))`

/**
 * New enrollments from a JSON array (binding), skipping those a unique index refuses. The context
 * is read as json and cast: json_to_recordset converts a nested value to jsonb three times slower
 * than the cast (measured on 500 segment entries of ~1 KB: ~70 vs ~25 ms).
 */
const INSERT_ENROLLMENTS = `
  insert into journey_enrollment (id, journey_id, version_id, customer_id, email, status, current_node, wake_at,
         awaiting, context, state, exit_reason, ended_at, converted_at, conversion_order_id, conversion_value,
         raw_conversion_value, trigger_key, entry_guard, entered_at, is_test)
  select id, journey_id, version_id, customer_id, email, status, current_node, wake_at, awaiting, context::jsonb, state,
         exit_reason, ended_at, converted_at, conversion_order_id, conversion_value, raw_conversion_value,
         trigger_key, entry_guard, entered_at, is_test
    from json_to_recordset(?::json) as x(id text, journey_id text, version_id text, customer_id text, email text,
         status text, current_node text, wake_at timestamptz, awaiting text[], context json, state jsonb,
         exit_reason text, ended_at timestamptz, converted_at timestamptz, conversion_order_id text,
         conversion_value numeric, raw_conversion_value jsonb, trigger_key text, entry_guard text,
         entered_at timestamptz, is_test boolean)
  on conflict do nothing`

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

/**
 * Entries and their first transitions' rows in one statement (bindings: the enrollments, then
 * childRecords): rows of an entry a unique index refused join no inserted enrollment.
 */
const ENTER = `
  with entered as (${INSERT_ENROLLMENTS} returning id, journey_id, customer_id, is_test),
  ${childWritesSql("entered")}
  select id from entered`

const INSERT_ENROLLMENTS_RETURNING = `${INSERT_ENROLLMENTS} returning id`

/**
 * Writes transitions — states, timeline, outbox, effects — in one statement (bindings: the states,
 * then childRecords). Every part runs exactly once, on the same snapshot: the inserts read the
 * enrollments' journey and customer, which a transition never changes, from `source` — the rows
 * just updated when every state is written (no second index lookup per timeline and outbox
 * row), else the table.
 */
const writeTransitionsSql = (source: "states" | "journey_enrollment") => `
  with states as (
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
  ), ${childWritesSql(source)}
  select count(*) from states`
const WRITE_TRANSITIONS = writeTransitionsSql("states")
/** For transitions of which only some states changed (new enrollments entered in theirs). */
const WRITE_SOME_TRANSITIONS = writeTransitionsSql("journey_enrollment")

/**
 * recordAndClaim's one round trip: takes the customers' decision locks (as LOCK_CUSTOMERS),
 * records the events (a JSON array) and locks the enrollments of the events' customers that await
 * one of their names (simple to plan: a batch is a few customers). Locks come first: the inserts
 * and the row locks wait for the decision locks (one-time filters on `locked`). Bindings:
 * CUSTOMER_LOCK_CLASS, lock keys, events, names, customer ids, guests' emails.
 */
const RECORD_AND_CLAIM = `
  with locked as (select count(*) as n from (${LOCK_CUSTOMERS}) as l
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
         (select coalesce(json_agg(c order by c.entered_at, c.id), '[]') from candidates c) as candidates`

const WITHDRAW_EVENTS = `delete from journey_event where id = any(?)`

const DEFINITIONS = `select id, definition from journey_version where id = any(?)`

/** Brings the waits of a journey's waiting test enrollments closer. Bindings: ms, journey id. */
const FAST_FORWARD_TEST = `
  update journey_enrollment set wake_at = wake_at - (? * interval '1 millisecond'), updated_at = now()
   where deleted_at is null and journey_id = ? and is_test = true and status = 'waiting' and wake_at is not null
  returning id`

type ClaimedRow = Omit<ClaimedEnrollment, "definition">

/** The bindings of childWritesSql for these transitions, each row with its id. */
function childRecords(transitions: Transition[]) {
  const activities = transitions.flatMap((t) => t.activities.map((activity) => ({ ...activity, enrollment_id: t.id })))
  const messages = transitions.flatMap((t) =>
    t.messages.map((message) => ({
      ...message,
      id: newId("jmsg"),
      enrollment_id: t.id,
      data: message.data ?? null,
      next_attempt_at: message.queued_at,
    }))
  )
  const effects = transitions.flatMap((t) =>
    // Monotonic: a customer's updates are applied in the order their nodes were reached.
    t.effects.map((effect) => ({ ...effect, id: newId("jefx"), enrollment_id: t.id }))
  )
  return [activityRecords(activities), JSON.stringify(messages), JSON.stringify(effects)]
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
 * Enrollment execution: entries, the sweep's and events' claims, and transitions written as sets
 * (see JourneyModuleService for what each operation guarantees).
 */
export class EnrollmentRepository extends mikroOrmBaseRepositoryFactory(Enrollment) {
  async enroll(rows: NewEnrollment[], decide: DecideTransitions, context: Context): Promise<Transition[]> {
    const manager = this.getActiveManager<EntityManager>(context)
    const keys = lockKeys(rows.map(customerKey))
    if (keys.length) await query(manager, LOCK_CUSTOMERS, [CUSTOMER_LOCK_CLASS, keys])
    return (await this.enrollIn(manager, rows, decide)).map(({ transition }) => transition)
  }

  async handleCustomerEvents(
    events: CustomerEvent[],
    plan: Promise<EventBatchPlan> | EventBatchPlan,
    enter: DecideTransitions,
    context: Context
  ): Promise<EventBatchResult> {
    const manager = this.getActiveManager<EntityManager>(context)
    const { recorded: inserted, candidates } = await this.recordAndClaim(manager, events)
    const { absent, react, entries, definitions } = await plan
    const fresh = new Set(inserted)
    const withdrawn = absent.map((index) => events[index].id).filter((id) => fresh.delete(id))
    if (withdrawn.length) await query(manager, WITHDRAW_EVENTS, [withdrawn])
    const recorded = events.map((event) => fresh.has(event.id))
    const reacted = await this.reactClaimed(manager, events, recorded, candidates, react)
    const entered = await this.enrollIn(manager, entries, enter, definitions)
    return {
      recorded,
      reacted: reacted.map(({ event, transition }) => ({ event, id: transition.id })),
      entered: entered.map(({ trigger_key, transition }) => ({ trigger_key, id: transition.id })),
    }
  }

  async transitionDue(
    now: Date,
    limit: number,
    decide: DecideTransitions,
    lane: number | null,
    context: Context
  ): Promise<Transition[]> {
    const manager = this.getActiveManager<EntityManager>(context)
    const batch = Math.max(1, Math.floor(limit))
    const claimed = await this.withDefinitions(
      manager,
      lane === null
        ? await query<ClaimedRow>(manager, CLAIM_DUE, [now, batch])
        : await query<ClaimedRow>(manager, CLAIM_DUE_IN_LANE, [now, lane, batch])
    )
    if (!claimed.length) return []
    // Customers whose decision lock someone else holds (their event is being handled) are left
    // due for the next claim: waiting here, with their rows locked, could deadlock with that holder.
    const keys = [...new Set(claimed.map((e) => customerKey(e) ?? e.id))]
    const busy = new Set(
      (await query<{ k: string }>(manager, TRY_LOCK_CUSTOMERS, [keys, CUSTOMER_LOCK_CLASS])).map((row) => row.k)
    )
    const free = busy.size ? claimed.filter((e) => !busy.has(customerKey(e) ?? e.id)) : claimed
    return this.applyTransitions(manager, await decide(free))
  }

  async transitionAwaiting(
    events: CustomerEvent[],
    decide: DecideTransitions<ReactingEnrollment>,
    context: Context
  ): Promise<(Transition[] | null)[]> {
    if (!events.length) return []
    const manager = this.getActiveManager<EntityManager>(context)
    const { recorded: inserted, candidates } = await this.recordAndClaim(manager, events)
    const fresh = new Set(inserted)
    const recorded = events.map((event) => fresh.has(event.id))
    const transitions = await this.reactClaimed(manager, events, recorded, candidates, decide)
    return events.map((_, index) =>
      recorded[index] ? transitions.filter((t) => t.event === index).map((t) => t.transition) : null
    )
  }

  async fastForwardTest(journeyId: string, ms: number, context: Context): Promise<number> {
    return (await query(this.getActiveManager<EntityManager>(context), FAST_FORWARD_TEST, [ms, journeyId])).length
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
    decide: DecideTransitions,
    known: Map<string, unknown> | null = null
  ) {
    if (!rows.length) return []
    const records = rows.map((row) => ({ ...row, id: newId("jenr"), is_test: !!row.is_test }))
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
      // with them and no other entry of theirs was decided beside them.
      const inserted = await query<{ id: string }>(manager, ENTER, [rowsJson, ...childRecords([...decided.values()])])
      const ids = new Set(inserted.map((row) => row.id))
      return records.flatMap((record) => (ids.has(record.id) ? [{ trigger_key: record.trigger_key, transition: decided.get(record.id)! }] : []))
    }
    const inserted = await query<{ id: string }>(manager, INSERT_ENROLLMENTS_RETURNING, [rowsJson])
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

  /** RECORD_AND_CLAIM for these events, taking their customers' decision locks. */
  private async recordAndClaim(manager: EntityManager, events: CustomerEvent[]) {
    const [result] = await query<{ recorded: string[]; candidates: ClaimedRow[] }>(manager, RECORD_AND_CLAIM, [
      CUSTOMER_LOCK_CLASS,
      lockKeys(events.map(customerKey)),
      JSON.stringify(events.map((event) => ({ ...event, data: event.data ?? null }))),
      [...new Set(events.map((event) => event.name))],
      [...new Set(events.flatMap((event) => (event.customer_id ? [event.customer_id] : [])))],
      [...new Set(events.flatMap((event) => (!event.customer_id && event.email ? [event.email] : [])))],
    ])
    return result
  }

  /** Advances the claimed enrollments that await one of the `recorded` events, each by the first that matches. */
  private async reactClaimed(
    manager: EntityManager,
    events: CustomerEvent[],
    recorded: boolean[],
    candidates: ClaimedRow[],
    decide: DecideTransitions<ReactingEnrollment>
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

  /** Claimed rows as the engine takes them: dates as dates, each with its version's definition. */
  private async withDefinitions<T extends ClaimedRow>(manager: EntityManager, rows: T[]) {
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
    const versions = await query<{ id: string; definition: unknown }>(manager, DEFINITIONS, [
      [...new Set(rows.map((row) => row.version_id))],
    ])
    return new Map(versions.map((version) => [version.id, version.definition]))
  }

  /**
   * Writes a batch's transitions in one statement (one round trip: a batch of events or of due
   * timers is a handful of rows per table). Only the states of `changed` are written.
   */
  private async applyTransitions(manager: EntityManager, transitions: Transition[], changed = transitions) {
    if (!transitions.length) return transitions
    await query(manager, changed === transitions ? WRITE_TRANSITIONS : WRITE_SOME_TRANSITIONS, [
      JSON.stringify(changed.map(stateRecord)),
      ...childRecords(transitions),
    ])
    return transitions
  }
}
