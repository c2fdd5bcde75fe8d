// Segments (issue 17): M members among 1.1 × M customers with addresses and orders, seeded in
// Medusa's own tables. (a) the rule `any: [all: [city in 3 cities, birth year > 1980], total spent
// > X]` counted and listed through the service; (b) a journey `segment trigger → send email`
// published and its segment read run by readSegmentsWorkflow (the job's path) until every member
// is enrolled with its email queued; (c) the Node heap and RSS sampled during (b).
// Targets at M = 100k: evaluation ≤ 1 s, enrolment ≤ 3 s, memory flat.
import type { ExecArgs, MedusaContainer } from "@medusajs/framework/types"
import type { SegmentRule } from "../../src/engine"
import { resolveJourneyModule } from "../../src/modules/journey"
import { createSegmentWorkflow, readSegmentsWorkflow } from "../../src/workflows"
import { READ_BATCH_FACTOR } from "../../src/workflows/engine/segment-reads"
import { log, publishJourney, round, sql, usage, usageSince, writeResult } from "../lib"

// BENCH_SEGMENT_MEMBERS=100000,1000000 adds the 1M run (seeding 1.1M customers and ~2M orders
// takes minutes on 2 cores, the enrolment about ten times the 100k one).
const SIZES = (process.env.BENCH_SEGMENT_MEMBERS ?? "100000").split(",").map(Number)
const TARGET = { evaluation_seconds: 1, enrolment_seconds: 3 }
const CITIES = ["Paris", "Lyon", "Lille"]
const OTHER_CITIES = ["Marseille", "Toulouse", "Nice", "Nantes", "Strasbourg", "Bordeaux", "Rennes"]
const SPENT_OVER = 500
const RULE = {
  any: [
    {
      all: [
        { field: "address.city", op: "in", value: CITIES },
        { field: "customer.metadata.birth_year", op: "gt", value: 1980 },
      ],
    },
    { field: "orders.total_spent", op: "gt", value: SPENT_OVER },
  ],
} as SegmentRule
const MEMORY_SAMPLE_MS = 50

export default async function segments({ container }: ExecArgs) {
  const service = resolveJourneyModule(container)
  const batchSize = service.getOptions().batch_size
  // What the job's reads take per batch (segment-reads.ts); the listing below pages by batch_size.
  const readBatchSize = Math.min(READ_BATCH_FACTOR * batchSize, 10_000)
  const runs = []
  for (const members of SIZES) {
    const seeded = await seed(container, members)
    log(`segments: ${members} members among ${seeded.customers} customers (seeded in ${seeded.seconds} s)…`)

    // (a) Evaluation: the count, then every member through the streamed batches.
    let before = await usage(container)
    let started = process.hrtime.bigint()
    const count = await service.countSegmentMembers(RULE, new Date())
    const countSeconds = seconds(started)
    const countUsed = usageSince(before, await usage(container))
    before = await usage(container)
    started = process.hrtime.bigint()
    let listed = 0
    let nonMembers = 0
    for await (const batch of service.segmentMemberBatches(RULE, batchSize)) {
      listed += batch.length
      nonMembers += batch.filter(({ id }) => !isMember(id)).length
    }
    const listSeconds = seconds(started)
    const listUsed = usageSince(before, await usage(container))
    if (count !== members || listed !== members || nonMembers) {
      throw new Error(`the rule selected ${count} (listed ${listed}, ${nonMembers} non-members), not the ${members} members`)
    }
    log(`segments: count ${round(countSeconds, 3)} s, listing ${round(listSeconds, 3)} s`)

    // (b) Enrolment: the read recorded at publication, run as the every-minute job runs it.
    const { result: segment } = await createSegmentWorkflow(container).run({
      input: { name: `Bench segment ${members}`, rule: RULE },
    })
    const { journeyId } = await publishJourney(container, `Bench segment ${members}`, (templateId) => ({
      schema_version: 1,
      trigger: { type: "segment", segment_id: segment.id },
      settings: { reentry: "once", timezone: "Europe/Paris" },
      entry_node: "s1",
      nodes: [
        { id: "s1", type: "send", channel: "email", template_id: templateId, category: "marketing", tag: "bench-segment" },
        { id: "x1", type: "exit" },
      ],
      edges: [{ from: "s1", port: "next", to: "x1" }],
    }))
    await sql(container).raw(`checkpoint`)
    const memory = sampleMemory()
    before = await usage(container)
    started = process.hrtime.bigint()
    let jobRuns = 0
    let entered = 0
    for (;;) {
      const { result } = await readSegmentsWorkflow(container).run({ input: { now: new Date().toISOString() } })
      jobRuns++
      entered += result.entered
      if (!result.reads.length || (await readStatus(container, journeyId)) !== "running") break
    }
    const enrolSeconds = seconds(started)
    const enrolUsed = usageSince(before, await usage(container))
    const heap = memory.stop()
    const check = await outcome(container, journeyId)
    if (entered !== members || check.enrolled !== members || check.queued_emails !== members || check.non_members || check.read_status !== "done") {
      throw new Error(`the read did not enroll exactly the members: ${JSON.stringify({ entered, ...check })}`)
    }
    log(`segments: enrolment ${round(enrolSeconds, 3)} s (${jobRuns} job run(s)), heap floor ${heap.heap_used_mb.floor_by_quarter.join("/")} MB, peak ${heap.heap_used_mb.max} MB`)
    runs.push({
      members,
      customers: seeded.customers,
      orders: seeded.orders,
      seed_seconds: seeded.seconds,
      table_sizes: seeded.sizes,
      evaluation: {
        count_seconds: round(countSeconds, 3),
        count: countUsed,
        list_seconds: round(listSeconds, 3),
        list_batches: Math.ceil(members / batchSize) + (members % batchSize === 0 ? 1 : 0),
        list: listUsed,
        list_members_per_second: Math.round(members / listSeconds),
      },
      enrolment: {
        seconds: round(enrolSeconds, 3),
        members_per_second: Math.round(members / enrolSeconds),
        job_runs: jobRuns,
        batch_size: readBatchSize,
        ...enrolUsed,
        ...check,
      },
      memory: heap,
    })
  }

  const [small] = runs
  const evaluation = Math.max(small.evaluation.count_seconds, small.evaluation.list_seconds)
  const flat = runs.every((run) => run.memory.heap_used_mb.growth <= 64)
  writeResult({
    summary:
      runs
        .map(
          (run) =>
            `${run.members} members: count ${run.evaluation.count_seconds} s, listing ${run.evaluation.list_seconds} s, ` +
            `enrolled with emails queued in ${run.enrolment.seconds} s (${run.enrolment.members_per_second}/s), ` +
            `heap floor ${run.memory.heap_used_mb.floor_by_quarter.join("/")} MB by quarter, peak ${run.memory.heap_used_mb.max} MB`
        )
        .join("; ") + `; targets at 100k ≤ ${TARGET.evaluation_seconds} s / ≤ ${TARGET.enrolment_seconds} s`,
    pass: small.members === 100_000 && evaluation <= TARGET.evaluation_seconds && small.enrolment.seconds <= TARGET.enrolment_seconds && flat,
    target: {
      ...TARGET,
      members: 100_000,
      memory: "Node heap flat while enrolling: heap_used_mb.growth (the last quarter's lowest heap − the first quarter's) ≤ 64 MB",
      at_1m: "cost reported (BENCH_SEGMENT_MEMBERS=100000,1000000)",
    },
    measured: { runs },
    rule: RULE,
    method:
      "Seeded with generate_series in Medusa's customer, customer_address, order and order_summary tables: " +
      "1.1 × M customers (customer.metadata.birth_year, a number or a numeric string), a default address each " +
      "(20% also an older non-default one in a city that would flip their membership), 0–3 orders each with an " +
      "order_summary whose raw_current_order_total the rule sums (a quarter of those under X also a cancelled " +
      "order over X). Every 11th customer matches neither branch; the others match one or both. VACUUM ANALYZE. " +
      "(a) countSegmentMembers, then segmentMemberBatches (keyset pages of batch_size) through every member, each " +
      "timed. (b) A segment and a journey segment trigger → send email (marketing) → exit published through the " +
      "workflows; CHECKPOINT; readSegmentsWorkflow.run({ now }) repeated as the every-minute job would until the " +
      "read is done, timed end to end; verified: exactly the members enrolled, one queued journey_message each, " +
      "the read done. (c) process.memoryUsage() every 50 ms during (b).",
  })
}

const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9

/** Customer ids are cus_bseg<i>; every 11th matches neither branch of the rule. */
const isMember = (id: string) => Number(id.slice("cus_bseg".length)) % 11 !== 0

/**
 * 1.1 × `members` customers, customer i (r = i mod 11): r = 0 matches neither branch; r in 1..5
 * lives in one of the three cities and was born after 1980; r in 6..10 and 1..2 spent over X
 * (r in 6..10 failing the first branch by city or by birth year, alternately, as r = 0 does).
 */
async function seed(container: MedusaContainer, members: number) {
  const db = sql(container)
  const started = Date.now()
  const customers = Math.round(members * 1.1)
  await db.raw(`truncate customer, customer_address, "order", order_summary cascade`)
  await db.raw(`drop table if exists bench_segment_people`)
  await db.raw(
    `create unlogged table bench_segment_people as
     select i, 'cus_bseg' || lpad(i::text, 8, '0') as id, p.first_branch, p.spender,
            case when p.first_branch or (i / 11) % 2 = 0 then (:cities::text[])[1 + i % 3]
                 else (:others::text[])[1 + i % 7] end as city,
            case when p.first_branch or (i / 11) % 2 = 1 then 1981 + i % 25 else 1940 + i % 41 end as birth_year
       from generate_series(1, :customers::int) i
      cross join lateral (select i % 11 between 1 and 5 as first_branch, i % 11 between 6 and 10 or i % 11 between 1 and 2 as spender) p`,
    { cities: CITIES, others: OTHER_CITIES, customers }
  )
  await db.raw(
    `insert into customer (id, email, first_name, last_name, phone, has_account, metadata, created_at, updated_at)
     select id, 'member' || i || '@bench.example.com', 'Shopper' || i, 'Bench', '+3361' || lpad(i::text, 8, '0'), true,
            jsonb_build_object('timezone', 'Europe/Paris',
                               'birth_year', case when i % 7 = 0 then to_jsonb(birth_year::text) else to_jsonb(birth_year) end),
            timestamptz '2025-01-01' + i * interval '1 second', timestamptz '2025-01-01' + i * interval '1 second'
       from bench_segment_people`
  )
  await db.raw(
    `insert into customer_address (id, customer_id, is_default_shipping, is_default_billing, first_name, last_name,
                                   address_1, city, country_code, postal_code, created_at, updated_at)
     select 'cuaddr_bseg' || lpad(i::text, 8, '0'), id, true, true, 'Shopper' || i, 'Bench', i || ' rue de la Paix',
            city, 'fr', lpad((i % 95000)::text, 5, '0'), timestamptz '2025-02-01' + i * interval '1 second',
            timestamptz '2025-02-01' + i * interval '1 second'
       from bench_segment_people
     union all
     -- An older address in a city that would flip the first branch: the default one must win.
     select 'cuaddr_bsego' || lpad(i::text, 8, '0'), id, false, false, 'Shopper' || i, 'Bench', i || ' avenue Foch',
            case when city = any(:cities::text[]) then 'Marseille' else 'Paris' end, 'fr', '13001',
            timestamptz '2024-01-01' + i * interval '1 second', timestamptz '2024-01-01' + i * interval '1 second'
       from bench_segment_people where i % 5 = 0`,
    { cities: CITIES }
  )
  // Spenders: 1–3 orders summing to X + 100 … X + 499; others: 0–2 orders under X in all, and a
  // quarter of them a cancelled order over X (cancelled orders do not count).
  await db.raw(
    `with orders as (
       select 'order_bseg' || lpad(p.i::text, 8, '0') || '_' || k as id, p.id as customer_id, p.i, k,
              round(case when p.spender then (:over + 100 + p.i % 400)::numeric / n else (p.i % 200)::numeric / 2 end, 2) as total,
              false as canceled
         from bench_segment_people p
        cross join lateral (select case when p.spender then 1 + p.i % 3 else p.i % 3 end as n) c
        cross join lateral generate_series(1, c.n) k
       union all
       select 'order_bsegx' || lpad(p.i::text, 8, '0'), p.id, p.i, 1, (:over * 10)::numeric, true
         from bench_segment_people p where not p.spender and p.i % 4 = 0
     ), inserted as (
       insert into "order" (id, customer_id, version, status, is_draft_order, email, currency_code, canceled_at,
                            created_at, updated_at)
       select id, customer_id, 1, case when canceled then 'canceled' else 'completed' end::order_status_enum, false,
              'member' || i || '@bench.example.com', 'eur', case when canceled then timestamptz '2025-06-02' end,
              timestamptz '2025-03-01' + i * interval '1 second' + k * interval '1 day',
              timestamptz '2025-03-01' + i * interval '1 second' + k * interval '1 day'
         from orders
       returning id
     )
     insert into order_summary (id, order_id, version, totals, created_at, updated_at)
     select 'ordsum_' || substr(o.id, 7), o.id, 1,
            jsonb_build_object(
              'paid_total', o.total, 'raw_paid_total', jsonb_build_object('value', o.total::text, 'precision', 20),
              'refunded_total', 0, 'raw_refunded_total', jsonb_build_object('value', '0', 'precision', 20),
              'pending_difference', 0, 'raw_pending_difference', jsonb_build_object('value', '0', 'precision', 20),
              'current_order_total', o.total, 'raw_current_order_total', jsonb_build_object('value', o.total::text, 'precision', 20),
              'original_order_total', o.total, 'raw_original_order_total', jsonb_build_object('value', o.total::text, 'precision', 20)),
            now(), now()
       from orders o`,
    { over: SPENT_OVER }
  )
  await db.raw(`drop table bench_segment_people`)
  await db.raw(`truncate journey_enrollment, journey_activity, journey_message, journey_effect cascade`)
  for (const table of ["customer", "customer_address", `"order"`, "order_summary"]) await db.raw(`vacuum analyze ${table}`)
  const [{ orders, sizes }] = (
    await db.raw(
      `select (select count(*)::int from "order") as orders,
              jsonb_build_object('customer', pg_size_pretty(pg_total_relation_size('customer')),
                                 'customer_address', pg_size_pretty(pg_total_relation_size('customer_address')),
                                 'order', pg_size_pretty(pg_total_relation_size('"order"')),
                                 'order_summary', pg_size_pretty(pg_total_relation_size('order_summary'))) as sizes`
    )
  ).rows
  return { customers, orders: orders as number, sizes, seconds: round((Date.now() - started) / 1000, 1) }
}

async function readStatus(container: MedusaContainer, journeyId: string) {
  const { rows } = await sql(container).raw(`select status from journey_segment_read where journey_id = ?`, [journeyId])
  return rows[0]?.status as string | undefined
}

async function outcome(container: MedusaContainer, journeyId: string) {
  const { rows } = await sql(container).raw(
    `select (select count(*)::int from journey_enrollment where journey_id = :journeyId) as enrolled,
            (select count(*)::int from journey_enrollment
              where journey_id = :journeyId and substr(customer_id, 9)::int % 11 = 0) as non_members,
            (select count(*)::int from journey_message m join journey_enrollment e on e.id = m.enrollment_id
              where e.journey_id = :journeyId and m.status = 'queued') as queued_emails,
            (select status from journey_segment_read where journey_id = :journeyId) as read_status`,
    { journeyId }
  )
  return rows[0] as { enrolled: number; non_members: number; queued_emails: number; read_status: string }
}

/** Samples the heap and RSS until stopped; the growth compares the last quarter's median with the first's. */
function sampleMemory() {
  const samples: { heap: number; rss: number }[] = []
  const take = () => {
    const { heapUsed, rss } = process.memoryUsage()
    samples.push({ heap: heapUsed / 2 ** 20, rss: rss / 2 ** 20 })
  }
  take()
  const timer = setInterval(take, MEMORY_SAMPLE_MS)
  return {
    stop() {
      clearInterval(timer)
      take()
      // The heap is a sawtooth (V8 collects when it has grown): its floor, the lowest sample of
      // each quarter of the run, shows what stays live; the peak, how high it saws.
      const summary = (values: number[]) => {
        const size = Math.ceil(values.length / 4)
        const floors = [0, 1, 2, 3].map((q) => round(Math.min(...values.slice(q * size, (q + 1) * size))))
        return {
          first: round(values[0]),
          max: round(Math.max(...values)),
          last: round(values[values.length - 1]),
          floor_by_quarter: floors,
          growth: round(floors[3] - floors[0]),
        }
      }
      return {
        samples: samples.length,
        every_ms: MEMORY_SAMPLE_MS,
        heap_used_mb: summary(samples.map((s) => s.heap)),
        rss_mb: summary(samples.map((s) => s.rss)),
      }
    },
  }
}
