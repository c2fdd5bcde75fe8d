import type { EntityManager } from "@medusajs/framework/mikro-orm/knex"
import type { Context } from "@medusajs/framework/types"
import { MikroOrmBase } from "@medusajs/framework/utils"
import type {
  JourneyEnrollmentCounts,
  JourneyEnrollmentFilters,
  JourneyEnrollmentRow,
  JourneyNodeStats,
  JourneyStats,
  JourneyStatsTotals,
} from "../types"
import { query } from "../utils/query"

/** Live enrollments per journey, test enrollments excluded (binding: journey ids). */
const COUNT_BY_JOURNEY = `
  select journey_id,
         count(*) as entered,
         count(*) filter (where status in ('active', 'waiting')) as in_progress,
         count(*) filter (where status = 'completed') as completed,
         count(*) filter (where status = 'exited') as exited,
         count(*) filter (where converted_at is not null) as converted
    from journey_enrollment
   where deleted_at is null and is_test = false and journey_id = any(?)
   group by journey_id`

/** The explorer's filter on `e` (its bindings beside it): its shape follows the filters given. */
function enrollmentFilter(journeyId: string, filters: JourneyEnrollmentFilters) {
  const where = ["e.deleted_at is null", "e.journey_id = ?", "e.is_test = ?"]
  const bindings: unknown[] = [journeyId, filters.is_test]
  if (filters.status?.length) {
    where.push("e.status = any(?)")
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
  return { where: where.join(" and "), bindings }
}

/** One page of the filtered enrollments, newest first (bindings: the filter's, limit, offset). */
const enrollmentPageSql = (where: string) => `
  select e.id, e.customer_id, e.email, e.status, e.current_node, e.wake_at, e.exit_reason, e.is_test,
         e.entered_at, e.ended_at, e.converted_at, e.conversion_value, v.id as version_id, v.number as version_number
    from journey_enrollment e join journey_version v on v.id = e.version_id
   where ${where}
   order by e.entered_at desc, e.id desc
   limit ? offset ?`

const enrollmentCountSql = (where: string) => `select count(*) as count from journey_enrollment e where ${where}`

/**
 * What the interpreter writes on arriving at a node of each type (the entry's `entered` row is
 * followed by its node's own); `error` marks the node where an enrollment failed.
 */
const VISITS = ["message_queued", "branch", "waiting", "node", "customer_updated", "webhook", "completed", "error"]

/**
 * Per node of any version of a journey (drafts included, so new nodes show zeros): who is there
 * now, how many different enrollments visited it since a time and of those how many converted
 * since then (revenue), how many left the journey there since then (at its end or on an exit), its messages queued since
 * then by status with opens and clicks. Bindings: since (null: all time), journey id, journey id,
 * journey id, VISITS, journey id, journey id.
 */
const NODE_STATS = `
  with period as (
    select coalesce(cast(? as timestamptz), '-infinity'::timestamptz) as since
  ), node as (
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
    select a.node_id, count(*) as entered, count(*) filter (where e.converted_at >= period.since) as converted,
           coalesce(sum(e.conversion_value) filter (where e.converted_at >= period.since), 0) as revenue
      from period, (select distinct node_id, enrollment_id from journey_activity, period
             where journey_id = ? and deleted_at is null and type = any(?) and occurred_at >= period.since) a
      join journey_enrollment e on e.id = a.enrollment_id and e.deleted_at is null and e.is_test = false
     group by a.node_id
  ), gone as (
    select current_node as node_id, count(*) as exited
      from journey_enrollment, period
     where journey_id = ? and deleted_at is null and is_test = false and status in ('completed', 'exited')
       and ended_at >= period.since
     group by current_node
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
      from journey_message, period
     where journey_id = ? and deleted_at is null and is_test = false and queued_at >= period.since
     group by node_id
  )
  select node.node_id, here.active, here.waiting, visited.entered, gone.exited, visited.converted, visited.revenue,
         sent.queued, sent.sending, sent.sent, sent.delivered, sent.failed, sent.skipped, sent.cancelled,
         sent.opened, sent.clicked
    from node
    left join here using (node_id) left join visited using (node_id) left join gone using (node_id)
    left join sent using (node_id)
   order by node.node_id`

/**
 * A journey's totals since a time: who entered, ended (completed, exited, failed) and converted
 * since then, and how many different enrollments got a message queued since then sent, opened,
 * clicked (the funnel's steps); who is in progress is now. Bindings: since (null: all time),
 * journey id, journey id, journey id.
 */
const JOURNEY_TOTALS = `
  with period as (
    select coalesce(cast(? as timestamptz), '-infinity'::timestamptz) as since
  ), reached as (
    select count(distinct enrollment_id) filter (where status in ('sent', 'delivered') or opened_at is not null)::int as messaged,
           count(distinct enrollment_id) filter (where opened_at is not null)::int as opened,
           count(distinct enrollment_id) filter (where clicked_at is not null)::int as clicked
      from journey_message, period
     where journey_id = ? and deleted_at is null and is_test = false and enrollment_id is not null
       and queued_at >= period.since
  )
  select count(*) filter (where e.entered_at >= p.since)::int as entered,
         count(*) filter (where e.status in ('active', 'waiting'))::int as in_progress,
         count(*) filter (where e.status = 'completed' and e.ended_at >= p.since)::int as completed,
         count(*) filter (where e.status = 'exited' and e.ended_at >= p.since)::int as exited,
         (select coalesce(jsonb_object_agg(reason, count), '{}')
            from (select coalesce(exit_reason, 'unknown') as reason, count(*) as count
                    from journey_enrollment
                   where journey_id = ? and deleted_at is null and is_test = false and status = 'exited'
                     and ended_at >= p.since
                   group by 1) r) as exited_by_reason,
         count(*) filter (where e.status = 'failed' and e.ended_at >= p.since)::int as failed,
         (select messaged from reached) as messaged,
         (select opened from reached) as opened,
         (select clicked from reached) as clicked,
         count(*) filter (where e.converted_at >= p.since)::int as converted,
         coalesce(sum(e.conversion_value) filter (where e.converted_at >= p.since), 0)::float8 as revenue
    from period p left join journey_enrollment e
      on e.journey_id = ? and e.deleted_at is null and e.is_test = false
   group by p.since`

/** Counts and aggregates for the admin (test enrollments and their messages excluded). */
export class StatisticsRepository extends MikroOrmBase {
  constructor(dependencies: { manager: unknown }) {
    super(dependencies)
  }

  async countByJourney(journeyIds: string[], context: Context): Promise<Record<string, JourneyEnrollmentCounts>> {
    const counts: Record<string, JourneyEnrollmentCounts> = {}
    for (const id of journeyIds) counts[id] = { entered: 0, in_progress: 0, completed: 0, exited: 0, converted: 0 }
    if (!journeyIds.length) return counts
    const rows = await query<Record<string, string>>(this.getActiveManager<EntityManager>(context), COUNT_BY_JOURNEY, [journeyIds])
    for (const row of rows) {
      counts[row.journey_id] = {
        entered: Number(row.entered),
        in_progress: Number(row.in_progress),
        completed: Number(row.completed),
        exited: Number(row.exited),
        converted: Number(row.converted),
      }
    }
    return counts
  }

  async listEnrollments(
    journeyId: string,
    filters: JourneyEnrollmentFilters,
    page: { limit: number; offset: number },
    context: Context
  ): Promise<[JourneyEnrollmentRow[], number]> {
    const manager = this.getActiveManager<EntityManager>(context)
    const { where, bindings } = enrollmentFilter(journeyId, filters)
    const rows = await query<Record<string, any>>(manager, enrollmentPageSql(where), [...bindings, page.limit, page.offset])
    const [{ count }] = await query<{ count: string }>(manager, enrollmentCountSql(where), bindings)
    const enrollments = rows.map(({ version_id, version_number, conversion_value, ...row }) => ({
      ...row,
      conversion_value: conversion_value === null ? null : Number(conversion_value),
      version: { id: version_id, number: version_number },
    })) as JourneyEnrollmentRow[]
    return [enrollments, Number(count)]
  }

  /** `since`: what happened from then on (null: all time); who is where is always now. */
  async journeyStats(journeyId: string, since: Date | null, context: Context): Promise<JourneyStats> {
    const manager = this.getActiveManager<EntityManager>(context)
    const nodeRows = await query<Record<string, string | null>>(manager, NODE_STATS, [
      since,
      journeyId,
      journeyId,
      journeyId,
      VISITS,
      journeyId,
      journeyId,
    ])
    // Counts arrive as bigint strings, absent where a node has none.
    const n = (value: string | null | undefined) => Number(value ?? 0)
    const nodes: Record<string, JourneyNodeStats> = {}
    for (const row of nodeRows) {
      nodes[row.node_id!] = {
        entered: n(row.entered),
        active: n(row.active),
        waiting: n(row.waiting),
        exited: n(row.exited),
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
    const [totals] = await query<JourneyStatsTotals>(manager, JOURNEY_TOTALS, [since, journeyId, journeyId, journeyId])
    return { nodes, totals }
  }
}
