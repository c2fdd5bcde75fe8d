/**
 * The plugin in Medusa's production shape: one server process (MEDUSA_WORKER_MODE=server) and
 * three worker processes (`medusa start`, MEDUSA_WORKER_MODE=worker) sharing one PostgreSQL and
 * one Redis, through Medusa's Redis event bus, workflow engine (which runs each scheduled job
 * once per tick across the workers) and locking. Nothing here calls the engine directly: the
 * workers' own scheduled jobs wake, send and retry on the real clock (every 2 s:
 * JOURNEYS_JOB_INTERVAL_SECONDS), the shop's events reach them through Redis, custom events come
 * in through the server's admin route.
 *
 * Under that, 100,000 enrollments of abandoned-cart, J+15 and event journeys come due at once,
 * a worker is killed (-9) every 30 s and started again, and the provider refuses 10 % of
 * requests. At the end nothing is due or in flight, every enrollment went its way once, every
 * message was sent once (by message id at the provider) or failed with its reason, and every
 * event, delivered twice and out of order, was handled once.
 */
import fs from "fs"
import os from "os"
import path from "path"
import { validateDefinition } from "../../src/engine"
import { readOutboxFile } from "../providers/test-outbox"

jest.setTimeout(15 * 60_000)

// eslint-disable-next-line @typescript-eslint/no-var-requires
const store = require("../../scripts/medusa-store.js")
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startRedis } = require("../../scripts/redis.js")
const root = path.resolve(__dirname, "..", "..")
const db = `journeys_production_${process.pid}`
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "journeys-production-"))
const outbox = path.join(tmp, "outbox.jsonl")

/** Seeded as entered and due at once, by journey. */
const SEEDED = { cart: 40_000, j15: 40_000, quiz: 20_000 }
const ENROLLMENTS = SEEDED.cart + SEEDED.j15 + SEEDED.quiz
/** One enrollment in PICK_EVERY passes its journey's condition and gets a message. */
const PICK_EVERY = 40
const CUSTOMERS = 100
/** The shop's customers and its owner, who registered too (and placed the orders). */
const WELCOMED = CUSTOMERS + 1
const ORDERS = 30
const QUIZ_EVENTS = 100
const KILL_EVERY_MS = 30_000
const FAIL_RATE = 0.1
const MAX_ATTEMPTS = 5

const WORKER_ENV = {
  MEDUSA_WORKER_MODE: "worker",
  JOURNEYS_JOB_INTERVAL_SECONDS: "2",
  // Retries 1, 2, 4, 8 s after a failure; a killed worker's sends are taken again after 30 s
  // (a batch of 100 sends takes a few seconds, many more on a loaded machine).
  JOURNEYS_TEST_OPTIONS: JSON.stringify({
    retry_delay_seconds: 1,
    claim_lease_seconds: 30,
    batch_size: 100,
    max_attempts: MAX_ATTEMPTS,
    quiet_hours: { sms: null },
  }),
  TEST_OUTBOX_FAIL_RATE: String(FAIL_RATE),
}

type Started = ReturnType<typeof store.startMedusa> & { pid: number; name: string; port: number }
let redis: { url: string; stop(): Promise<void> }
const running = new Set<Started>()

async function start(name: string, env: Record<string, string>): Promise<Started> {
  const port = await store.freePort()
  const process_ = store.startMedusa(root, "start", {
    port,
    env: {
      DATABASE_URL: store.databaseUrl(db),
      REDIS_URL: redis.url,
      TEST_OUTBOX_FILE: outbox,
      LOG_LEVEL: "error",
      ...env,
    },
  }) as Started
  Object.assign(process_, { pid: process_.child.pid, name, port })
  running.add(process_)
  process_.exited.then(() => running.delete(process_))
  await process_.ready
  return process_
}

const kill9 = async (process_: Started) => {
  try {
    process.kill(-process_.pid, "SIGKILL")
  } catch {
    // already gone
  }
  await process_.exited
}

const q = async <R = Record<string, any>>(sql: string, params: unknown[] = []) =>
  (await store.queryDatabase(db, sql, params)) as R[]

const picked = { field: "customer.metadata.picked", op: "eq", value: true }
/** wait → condition → send on `channel` → exit: the journeys' common shape. */
const journey = (trigger: Record<string, unknown>, duration: string, channel: "email" | "sms", template: string) => ({
  schema_version: 1,
  trigger,
  settings: { reentry: "multiple", timezone: "UTC" },
  entry_node: "w1",
  nodes: [
    { id: "w1", type: "wait", duration },
    { id: "c1", type: "condition", branches: [{ port: "picked", where: picked }] },
    { id: "s1", type: "send", channel, template_id: template, category: "transactional" },
    { id: "x1", type: "exit" },
  ],
  edges: [
    { from: "w1", port: "next", to: "c1" },
    { from: "c1", port: "picked", to: "s1" },
    { from: "c1", port: "else", to: "x1" },
    { from: "s1", port: "next", to: "x1" },
  ],
})
const JOURNEYS = {
  cart: journey({ type: "cart_abandoned", idle_minutes: 60 }, "PT4H", "email", "jmtpl_email"),
  j15: journey({ type: "event", event: "order.placed" }, "P15D", "email", "jmtpl_email"),
  quiz: journey({ type: "event", event: "quiz.completed" }, "PT1H", "sms", "jmtpl_sms"),
  welcome: {
    schema_version: 1,
    trigger: { type: "customer_created" },
    settings: { reentry: "once", timezone: "UTC" },
    entry_node: "s1",
    nodes: [
      { id: "s1", type: "send", channel: "email", template_id: "jmtpl_email", category: "transactional" },
      { id: "x1", type: "exit" },
    ],
    edges: [{ from: "s1", port: "next", to: "x1" }],
  },
}

/** The journeys published, and SEEDED enrollments of each waiting at w1, all due now. */
async function seed() {
  await q(
    `insert into journey_message_template (id, handle, name, channel, status, subject, html, body) values
       ('jmtpl_email', 'production-email', 'Email', 'email', 'published', 'Hello {{ customer.email }}', '<p>Hello</p>', null),
       ('jmtpl_sms', 'production-sms', 'SMS', 'sms', 'published', null, null, 'Hello {{ customer.first_name }}')`
  )
  const templates = new Map([
    ["jmtpl_email", { channel: "email", status: "published" } as const],
    ["jmtpl_sms", { channel: "sms", status: "published" } as const],
  ])
  for (const [key, definition] of Object.entries(JOURNEYS)) {
    expect(validateDefinition(definition, { templates })).toMatchObject({ valid: true })
    await q(`insert into journey (id, name, status) values ($1, $1, 'live')`, [`journey_${key}`])
    await q(
      `insert into journey_version (id, number, status, definition, published_at, journey_id)
       values ($1, 1, 'published', $2, now(), $3)`,
      [`jver_${key}`, JSON.stringify(definition), `journey_${key}`]
    )
  }
  let offset = 0
  for (const [key, count] of Object.entries(SEEDED)) {
    await q(
      `insert into journey_enrollment (id, journey_id, version_id, email, status, current_node, wake_at, context, state,
              trigger_key, entered_at)
       select 'jenr_' || $1 || '_' || lpad(i::text, 6, '0'), 'journey_' || $1, 'jver_' || $1, 'r' || (i + $3) || '@process.test',
              'waiting', 'w1', now() - interval '1 second',
              jsonb_build_object('customer', jsonb_build_object('email', 'r' || (i + $3) || '@process.test',
                'phone', '+3360000' || lpad((i + $3)::text, 6, '0'), 'first_name', 'R' || (i + $3),
                'metadata', jsonb_build_object('picked', i % $4 = 0))),
              jsonb_build_object('arrived_at', (now() - interval '1 day')::text), 'seed-' || $1 || '-' || i,
              now() - interval '1 day'
         from generate_series(0, $2 - 1) i`,
      [key, count, offset, PICK_EVERY]
    )
    offset += count
  }
}

beforeAll(async () => {
  redis = await startRedis()
  await store.dropDatabase(db)
  await store.createDatabaseIfMissing(db)
  const migrate = await store.runMedusa(root, ["db:migrate"], { env: { DATABASE_URL: store.databaseUrl(db) } })
  expect(migrate).toMatchObject({ code: 0 })
})

afterAll(async () => {
  await Promise.all([...running].map(kill9))
  await redis?.stop()
  await store.dropDatabase(db).catch(() => undefined)
  fs.rmSync(tmp, { recursive: true, force: true })
})

it("1 server + 3 workers on Redis: 100,000 enrollments, a worker killed every 30 s, 10 % of sends failing — nothing lost, stuck or sent twice", async () => {
  // The shop's traffic first (a process of its own), so the store's defaults exist before four
  // processes boot at once; its events wait in Redis for the workers.
  const shopFile = path.join(tmp, "shop.json")
  const shopping = Date.now()
  const shop = await store.runMedusa(root, ["exec", "integration-tests/processes/shop.ts", String(CUSTOMERS), String(ORDERS), shopFile], {
    env: { DATABASE_URL: store.databaseUrl(db), REDIS_URL: redis.url, LOG_LEVEL: "error" },
  })
  expect(shop).toMatchObject({ code: 0 })
  const made = JSON.parse(fs.readFileSync(shopFile, "utf8")) as { api_key: string; customers: string[]; orders: string[]; customer_id: string }
  const seeding = Date.now()
  await seed()
  console.log(`shop traffic made in ${seeding - shopping} ms, ${ENROLLMENTS} enrollments seeded in ${Date.now() - seeding} ms`)

  const booting = Date.now()
  // A second server only to race the first on the same custom events (each server batches its own).
  const servers = await Promise.all([1, 2].map((n) => start(`server ${n}`, { MEDUSA_WORKER_MODE: "server" })))
  const workers = await Promise.all([1, 2, 3].map((n) => start(`worker ${n}`, WORKER_ENV)))
  const started = Date.now()
  console.log(`2 servers and 3 workers booted in ${started - booting} ms`)

  // Custom events through the servers' admin route: each posted to both servers at once, then
  // again in reverse order. A few at a time: a burst of hundreds would only time out the pool.
  const auth = { authorization: `Basic ${Buffer.from(`${made.api_key}:`).toString("base64")}`, "content-type": "application/json" }
  const quizEvents = Array.from({ length: QUIZ_EVENTS }, (_, i) => ({
    id: `quiz-${i}`,
    name: "quiz.completed",
    email: `quiz${i}@process.test`,
    data: { score: i % 10 },
  }))
  const post = async (server: Started, event: (typeof quizEvents)[number]) => {
    const response = await fetch(`http://localhost:${server.port}/admin/journeys/events`, { method: "POST", headers: auth, body: JSON.stringify(event) })
    expect({ status: response.status, body: await response.json() }).toMatchObject({ status: 200, body: { event: { id: event.id } } })
  }
  const queue = [...quizEvents, ...[...quizEvents].reverse()]
  let posted = false
  let postFailure: unknown
  const posting = Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let event = queue.shift(); event; event = queue.shift()) await Promise.all(servers.map((server) => post(server, event!)))
    })
  ).then(
    () => (posted = true),
    (error) => (postFailure = error)
  )

  // Meanwhile a worker is killed -9 every 30 s and started again, until nothing is due or in flight.
  // Restarts boot in the background: the next kill comes 30 s after the last, booted or not.
  const killed: number[] = []
  const restarts: Promise<unknown>[] = []
  const slots: (Started | undefined)[] = [...workers]
  let next = 0
  let lastKill = Date.now()
  const deadline = Date.now() + 10 * 60_000
  for (;;) {
    const [state] = await q(
      `select (select count(*) from journey_enrollment where status in ('active', 'waiting') and wake_at <= now())::int as due,
              (select count(*) from journey_message where status in ('queued', 'sending'))::int as in_flight,
              (select count(*) from journey_enrollment where journey_id = 'journey_welcome')::int as welcomed,
              (select count(*) from journey_enrollment where journey_id = 'journey_j15' and trigger_key like 'order.placed:%')::int as ordered,
              (select count(*) from journey_enrollment where journey_id = 'journey_quiz' and trigger_key not like 'seed-%')::int as quizzed`
    )
    if (postFailure) throw postFailure
    const done = posted && state.due === 0 && state.in_flight === 0 && state.welcomed === WELCOMED && state.ordered === ORDERS && state.quizzed === QUIZ_EVENTS
    if (done) break
    if (Date.now() > deadline) throw new Error(`still not done after 10 minutes: ${JSON.stringify(state)}`)
    const slot = [0, 1, 2].map((i) => (next + i) % slots.length).find((i) => slots[i])
    if (Date.now() - lastKill >= KILL_EVERY_MS && slot !== undefined) {
      const victim = slots[slot]!
      slots[slot] = undefined
      await kill9(victim)
      killed.push(victim.pid)
      console.log(`killed ${victim.name} (pid ${victim.pid}) at ${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(state)}`)
      restarts.push(start(victim.name, WORKER_ENV).then((restarted) => (slots[slot] = restarted)))
      next = (slot + 1) % slots.length
      lastKill = Date.now()
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  await posting
  const worked = Date.now() - started
  await Promise.all(restarts)
  expect(killed.length).toBeGreaterThanOrEqual(2)

  // Every seeded enrollment went its way once: woken once, ended at the exit.
  expect(await q(`select journey_id, status, current_node, count(*)::int from journey_enrollment where trigger_key like 'seed-%' group by 1, 2, 3 order by 1`)).toEqual([
    { journey_id: "journey_cart", status: "completed", current_node: "x1", count: SEEDED.cart },
    { journey_id: "journey_j15", status: "completed", current_node: "x1", count: SEEDED.j15 },
    { journey_id: "journey_quiz", status: "completed", current_node: "x1", count: SEEDED.quiz },
  ])
  expect(await q(`select count(*)::int as woke, count(distinct enrollment_id)::int as enrollments from journey_activity where type = 'woke'`)).toEqual([
    { woke: ENROLLMENTS, enrollments: ENROLLMENTS },
  ])
  // Each event once, though delivered twice or more and out of order: one welcome per customer,
  // one J+15 per order (waiting its 15 days), one quiz enrollment per event id.
  expect(await q(`select count(*)::int as n, count(distinct customer_id)::int as customers from journey_enrollment where journey_id = 'journey_welcome'`))
    .toEqual([{ n: WELCOMED, customers: WELCOMED }])
  expect((await q(`select customer_id from journey_enrollment where journey_id = 'journey_welcome' order by 1`)).map((r) => r.customer_id))
    .toEqual([...made.customers, made.customer_id].sort())
  expect(await q(`select status, current_node, count(*)::int from journey_enrollment where journey_id = 'journey_j15' and trigger_key not like 'seed-%' group by 1, 2`))
    .toEqual([{ status: "waiting", current_node: "w1", count: ORDERS }])
  expect((await q(`select trigger_key from journey_enrollment where journey_id = 'journey_j15' and trigger_key not like 'seed-%' order by 1`)).map((r) => r.trigger_key))
    .toEqual(made.orders.map((id) => `order.placed:${id}`).sort())
  expect(await q(`select count(*)::int as n, count(distinct trigger_key)::int as keys from journey_enrollment where journey_id = 'journey_quiz' and trigger_key not like 'seed-%'`))
    .toEqual([{ n: QUIZ_EVENTS, keys: QUIZ_EVENTS }])

  // One message per picked enrollment and per welcome, each sent or failed with its reason.
  const expectedMessages = ENROLLMENTS / PICK_EVERY + WELCOMED
  const messages = await q<{ id: string; status: string; attempts: number; error: string | null }>(
    `select id, status, attempts, error from journey_message`
  )
  expect(messages).toHaveLength(expectedMessages)
  expect(await q(`select count(*)::int as n from (select enrollment_id, node_id from journey_message group by 1, 2 having count(*) > 1) d`)).toEqual([{ n: 0 }])
  const byStatus = (status: string) => messages.filter((m) => m.status === status)
  expect(byStatus("sent").length + byStatus("failed").length).toBe(expectedMessages)
  for (const failed of byStatus("failed")) expect(failed.error).toEqual(expect.any(String))

  // At the provider: every sent message delivered once by its message id. A message accepted
  // twice is one whose accepted attempt was never recorded — its worker killed after the
  // provider's answer, or its lease over first — and was sent again as a later attempt under
  // the same message id, which the provider (Resend's Idempotency-Key) delivers once.
  const { lines, perMessage } = readOutboxFile(outbox)
  const accepted = lines.filter((line) => !line.failed)
  expect([...perMessage.keys()].sort()).toEqual(byStatus("sent").map((m) => m.id).sort())
  const repeats = [...perMessage].filter(([, n]) => n > 1).map(([id]) => id)
  const attempt = (key: string | null) => Number(key?.split(":").pop())
  const recorded = new Map(messages.map((m) => [m.id, m.attempts]))
  for (const id of repeats) {
    const attempts = accepted.filter((line) => line.message_id === id).map((line) => attempt(line.idempotency_key))
    expect(new Set(attempts).size).toBe(attempts.length)
    expect(Math.max(...attempts)).toBe(recorded.get(id))
  }

  // Each scheduled job ran once per tick (2 s) across the workers — Medusa's Redis workflow
  // engine hands a tick to one worker — not once per worker: at most one run per tick, plus a
  // rerun of the tick a killed worker was running. A run left unfinished is a killed worker's.
  const [{ span_ms }] = await q(`select extract(epoch from max(started_at) - min(started_at)) * 1000 as span_ms from journey_job_run`)
  const ticks = Math.ceil(Number(span_ms) / 2000) + 1
  const runs = await q(
    `select job, count(*)::int as runs, count(distinct worker)::int as workers from journey_job_run group by 1 order by 1`
  )
  expect(runs.map((run) => run.job)).toEqual([
    "journeys-detect-abandoned-carts",
    "journeys-dispatch-outbox",
    "journeys-read-segments",
    "journeys-wake-due-enrollments",
  ])
  for (const run of runs) expect(run.runs).toBeLessThanOrEqual(ticks + killed.length)
  const unfinished = await q<{ worker: string }>(`select distinct worker from journey_job_run where finished_at is null`)
  for (const { worker } of unfinished) expect(killed).toContain(Number(worker.split(":").pop()))
  console.log(`job runs over ${ticks} ticks of 2 s: ${runs.map((run) => `${run.job} ${run.runs} on ${run.workers} workers`).join(", ")}`)

  const refused = lines.filter((line) => line.failed).length
  console.log(
    `worked ${worked} ms; killed ${killed.length} workers; ${expectedMessages} messages: ${byStatus("sent").length} sent, ` +
      `${byStatus("failed").length} failed; provider: ${lines.length} requests, ${refused} refused ` +
      `(${((100 * refused) / lines.length).toFixed(1)} %), ${repeats.length} repeats of an accepted message deduplicated`
  )
  expect(refused / lines.length).toBeGreaterThan(FAIL_RATE - 0.03)
  expect(refused / lines.length).toBeLessThan(FAIL_RATE + 0.03)
})
