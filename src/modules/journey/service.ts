import type { Context } from "@medusajs/framework/types"
import {
  generateEntityId,
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaService,
} from "@medusajs/framework/utils"
import type { EntityManager } from "@medusajs/framework/mikro-orm/knex"
import Activity from "./models/activity"
import Consent from "./models/consent"
import Enrollment from "./models/enrollment"
import Journey from "./models/journey"
import JourneyVersion from "./models/journey-version"
import Message from "./models/message"
import MessageTemplate from "./models/message-template"
import type { ClaimedEnrollment, NewEnrollment, Transition } from "./execution-types"
import { JourneyOptions, parseJourneyOptions } from "./options"

type Decide = (claimed: ClaimedEnrollment[]) => Transition[] | Promise<Transition[]>

const CLAIMED_COLUMNS = `e.id, e.journey_id, e.version_id, e.customer_id, e.email, e.status, e.current_node,
  e.wake_at, e.awaiting, e.context, e.state, e.exit_reason, e.entry_guard, e.entered_at, e.is_test,
  v.definition`

class JourneyModuleService extends MedusaService({
  Journey,
  JourneyVersion,
  Enrollment,
  Activity,
  Message,
  Consent,
  MessageTemplate,
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
    if (!rows.length) return []
    const manager = sharedContext.transactionManager!
    const records = rows.map((row) => ({ ...row, id: generateEntityId(undefined, "jenr"), is_test: !!row.is_test }))
    const inserted: { id: string }[] = await manager.execute(
      `insert into journey_enrollment
         (id, journey_id, version_id, customer_id, email, status, context, trigger_key, entry_guard, entered_at, is_test)
       select id, journey_id, version_id, customer_id, email, 'active', context, trigger_key, entry_guard, entered_at, is_test
         from jsonb_to_recordset(?::jsonb) as x(id text, journey_id text, version_id text, customer_id text, email text,
              context jsonb, trigger_key text, entry_guard text, entered_at timestamptz, is_test boolean)
       on conflict do nothing
       returning id`,
      [JSON.stringify(records)]
    )
    if (!inserted.length) return []
    const claimed = await this.selectClaimed(manager, `e.id in (?)`, [inserted.map((row) => row.id)], "")
    return this.applyTransitions(manager, await decide(claimed))
  }

  /**
   * Claims up to `limit` enrollments whose wait is due (rows another worker holds are skipped,
   * so workers share the work without waiting on each other), lets `decide` advance them and
   * writes the whole batch — states, activity, outbox — in one transaction, one statement per
   * table. Enrollments of paused journeys stay where they are. Returns the transitions applied.
   */
  @InjectTransactionManager()
  async transitionDue(
    now: Date,
    limit: number,
    decide: Decide,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<Transition[]> {
    const manager = sharedContext.transactionManager!
    const claimed = await this.selectClaimed(
      manager,
      `e.status = 'waiting' and e.wake_at is not null and e.wake_at <= ?
       and exists (select 1 from journey j where j.id = e.journey_id and j.status <> 'paused')`,
      [now],
      `order by e.wake_at limit ${Math.max(1, Math.floor(limit))} for update of e skip locked`
    )
    if (!claimed.length) return []
    return this.applyTransitions(manager, await decide(claimed))
  }

  /**
   * Claims the enrollments of a customer that await `event` (a reaction or a goal) and lets
   * `decide` advance them, in one transaction. Unlike the sweep it waits for rows another worker
   * holds: an event must not be lost because a timer was being processed at the same moment.
   * Only enrollments that entered before the event can react to it.
   */
  @InjectTransactionManager()
  async transitionAwaiting(
    who: { customer_id: string | null; email: string | null },
    event: string,
    occurredAt: Date,
    decide: Decide,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<Transition[]> {
    if (!who.customer_id && !who.email) return []
    const manager = sharedContext.transactionManager!
    const claimed = await this.selectClaimed(
      manager,
      `e.status = 'waiting' and e.awaiting @> array[?]::text[] and e.entered_at < ?
       and ${who.customer_id ? "e.customer_id = ?" : "e.customer_id is null and e.email = ?"}
       and exists (select 1 from journey j where j.id = e.journey_id and j.status <> 'paused')`,
      [event, occurredAt, who.customer_id ?? who.email],
      `order by e.entered_at for update of e`
    )
    if (!claimed.length) return []
    return this.applyTransitions(manager, await decide(claimed))
  }

  private async selectClaimed(manager: EntityManager, where: string, bindings: unknown[], tail: string) {
    const rows: ClaimedEnrollment[] = await manager.execute(
      `select ${CLAIMED_COLUMNS}
         from journey_enrollment e join journey_version v on v.id = e.version_id
        where e.deleted_at is null and ${where} ${tail}`,
      bindings
    )
    return rows.map((row) => ({
      ...row,
      wake_at: row.wake_at ? new Date(row.wake_at) : null,
      entered_at: new Date(row.entered_at),
    }))
  }

  private async applyTransitions(manager: EntityManager, transitions: Transition[]) {
    if (!transitions.length) return transitions
    await manager.execute(
      `update journey_enrollment e set
          status = x.status, current_node = x.current_node, wake_at = x.wake_at, awaiting = x.awaiting,
          context = x.context, state = x.state, exit_reason = x.exit_reason, ended_at = x.ended_at,
          entry_guard = x.entry_guard,
          converted_at = coalesce(x.converted_at, e.converted_at),
          conversion_order_id = coalesce(x.conversion_order_id, e.conversion_order_id),
          conversion_value = coalesce(x.conversion_value, e.conversion_value),
          raw_conversion_value = coalesce(x.raw_conversion_value, e.raw_conversion_value),
          updated_at = now()
         from jsonb_to_recordset(?::jsonb) as x(id text, status text, current_node text, wake_at timestamptz,
              awaiting text[], context jsonb, state jsonb, exit_reason text, ended_at timestamptz, entry_guard text,
              converted_at timestamptz, conversion_order_id text, conversion_value numeric, raw_conversion_value jsonb)
        where e.id = x.id`,
      [
        JSON.stringify(
          transitions.map(({ activities: _a, messages: _m, conversion, ...state }) => ({
            ...state,
            converted_at: conversion?.at ?? null,
            conversion_order_id: conversion?.order_id ?? null,
            conversion_value: conversion?.value ?? null,
            raw_conversion_value:
              conversion?.value != null ? { value: String(conversion.value), precision: 20 } : null,
          }))
        ),
      ]
    )
    const activities = transitions.flatMap((t) =>
      t.activities.map((activity) => ({
        ...activity,
        id: generateEntityId(undefined, "jact"),
        enrollment_id: t.id,
        data: activity.data ?? null,
      }))
    )
    if (activities.length) {
      await manager.execute(
        `insert into journey_activity (id, journey_id, enrollment_id, node_id, type, reason, data, occurred_at)
         select x.id, e.journey_id, x.enrollment_id, x.node_id, x.type, x.reason, x.data, x.occurred_at
           from jsonb_to_recordset(?::jsonb) as x(id text, enrollment_id text, node_id text, type text, reason text,
                data jsonb, occurred_at timestamptz)
           join journey_enrollment e on e.id = x.enrollment_id`,
        [JSON.stringify(activities)]
      )
    }
    const messages = transitions.flatMap((t) =>
      t.messages.map((message) => ({
        ...message,
        id: generateEntityId(undefined, "jmsg"),
        enrollment_id: t.id,
        data: message.data ?? null,
        next_attempt_at: message.queued_at,
      }))
    )
    if (messages.length) {
      await manager.execute(
        `insert into journey_message (id, enrollment_id, journey_id, customer_id, is_test, node_id, channel,
                template_id, recipient, category, tag, data, queued_at, next_attempt_at, status)
         select x.id, x.enrollment_id, e.journey_id, e.customer_id, e.is_test, x.node_id, x.channel, x.template_id,
                x.recipient, x.category, x.tag, x.data, x.queued_at, x.next_attempt_at, 'queued'
           from jsonb_to_recordset(?::jsonb) as x(id text, enrollment_id text, node_id text, channel text,
                template_id text, recipient text, category text, tag text, data jsonb, queued_at timestamptz,
                next_attempt_at timestamptz)
           join journey_enrollment e on e.id = x.enrollment_id`,
        [JSON.stringify(messages)]
      )
    }
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
}

export type JourneyEnrollmentCounts = {
  entered: number
  in_progress: number
  completed: number
  exited: number
  converted: number
}

export default JourneyModuleService
