/**
 * The engine run by separate worker processes on one database, as several Medusa workers would
 * run it: each worker is `medusa exec integration-tests/processes/worker.ts` (the app booted
 * on its own), running the real wake and dispatch workflows on a test clock. What they sent is
 * read from the test provider's file (TEST_OUTBOX_FILE), appended to by every process.
 *
 * A worker killed (-9) in mid-batch, twice — while waking, while sending — each time taken over
 * by new worker processes: a batch is all or nothing, nothing lost, nothing delivered twice (what
 * reached the provider unrecorded goes again under the same message id, which the provider
 * deduplicates). Each kill is placed exactly here; production.spec.ts kills at random, every 30 s,
 * in Medusa's production shape (server and workers on Redis).
 */
import { spawn, type ChildProcess } from "child_process"
import fs from "fs"
import os from "os"
import path from "path"
import { validateDefinition } from "../../src/engine"
import { readOutboxFile } from "../providers/test-outbox"

jest.setTimeout(10 * 60_000)

// eslint-disable-next-line @typescript-eslint/no-var-requires
const store = require("../../scripts/medusa-store.js")
const root = path.resolve(__dirname, "..", "..")
const baseDb = `journeys_procs_${process.pid}`
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "journeys-procs-"))

const ENROLLMENTS = 10_000
/** One enrollment in ten is a VIP and gets the journey's two emails; sends cost ~10 ms of CPU each. */
const VIP_EVERY = 10
const VIPS = ENROLLMENTS / VIP_EVERY
const BATCH = 100
const DAY = 86_400_000
/** Far from the real clock, so the every-minute jobs, had they started in a worker, find nothing due. */
const ENTERED = Date.parse("2100-01-01T00:00:00.000Z")
const LEASE_OVER = 11 * 60_000
const iso = (t: number) => new Date(t).toISOString()
/** The first wait ends; then the second has ended, even for those woken after a restart. */
const CLOCKS = [iso(ENTERED + DAY), iso(ENTERED + 2 * DAY + LEASE_OVER)]
/** After a crash: restarted once the send lease (10 min) of what the killed worker claimed is over. */
const RESTART_CLOCKS = [iso(ENTERED + DAY + LEASE_OVER), CLOCKS[1]]

type Summary = { pid: number; workerMode: string; woken: number; sent: number; retried: number; failed: number; requeued: number }
type Worker = {
  pid: number
  /** Resolves once the app has booted and the worker waits for the go file. */
  ready: Promise<void>
  exited: Promise<{ code: number | null; signal: string | null; output: string }>
  /** Throws with the worker's output once it has exited: a wait on it would never end. */
  assertRunning(): void
  summary(): Summary
  kill(): void
}

const spawned = new Set<ChildProcess>()
const killGroup = (child: ChildProcess) => {
  try {
    process.kill(-child.pid!, "SIGKILL")
  } catch {
    // already gone
  }
}

/** A worker process in its own process group (`medusa` and anything it starts die together). */
function startWorker(
  db: string,
  files: { outbox: string; go: string },
  { clocks = CLOCKS, env = {} }: { clocks?: string[]; env?: Record<string, string> } = {}
): Worker {
  const child = spawn(
    path.join(root, "node_modules", ".bin", "medusa"),
    ["exec", "integration-tests/processes/worker.ts", String(BATCH), ...clocks],
    {
      cwd: root,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        DATABASE_URL: store.databaseUrl(db),
        TEST_OUTBOX_FILE: files.outbox,
        JOURNEYS_WORKER_GO: files.go,
        LOG_LEVEL: "error",
        MEDUSA_DISABLE_TELEMETRY: "true",
        ...env,
      },
    }
  )
  spawned.add(child)
  let output = ""
  child.stdout!.on("data", (chunk) => (output += chunk))
  child.stderr!.on("data", (chunk) => (output += chunk))
  const exited = new Promise<{ code: number | null; signal: string | null; output: string }>((resolve) =>
    child.on("exit", (code, signal) => {
      spawned.delete(child)
      resolve({ code, signal, output })
    })
  )
  const ready = (async () => {
    let gone = false
    exited.then(() => (gone = true))
    while (!output.includes("JOURNEYS_WORKER_READY")) {
      if (gone) throw new Error(`worker ${child.pid} exited before it was ready:\n${output}`)
      await sleep(100)
    }
  })()
  return {
    pid: child.pid!,
    ready,
    exited,
    assertRunning: () => {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`worker ${child.pid} exited:\n${output}`)
    },
    summary: () => JSON.parse(output.match(/JOURNEYS_WORKER (\{.*\})/)?.[1] ?? "null"),
    kill: () => killGroup(child),
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 5 * 60_000, everyMs = 25) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
    await sleep(everyMs)
  }
}

const q = async <R = Record<string, any>>(db: string, sql: string, params: unknown[] = []) =>
  (await store.queryDatabase(db, sql, params)) as R[]
const count = async (db: string, sql: string, params: unknown[] = []) =>
  Number((await q<{ count: string }>(db, sql, params))[0].count)

const templateId = "jmtpl_procs"
const vip = { field: "customer.metadata.vip", op: "eq", value: true }
/** Every enrollment waits twice; VIPs get an email after each wait. */
const definition = {
  schema_version: 1,
  trigger: { type: "event", event: "process-test.entered" },
  settings: { reentry: "multiple", timezone: "UTC" },
  entry_node: "w1",
  nodes: [
    { id: "w1", type: "wait", duration: "P1D" },
    { id: "c1", type: "condition", branches: [{ port: "vip", where: vip }] },
    { id: "s1", type: "send", channel: "email", template_id: templateId, category: "transactional" },
    { id: "w2", type: "wait", duration: "P1D" },
    { id: "c2", type: "condition", branches: [{ port: "vip", where: vip }] },
    { id: "s2", type: "send", channel: "email", template_id: templateId, category: "transactional" },
    { id: "x1", type: "exit" },
  ],
  edges: [
    { from: "w1", port: "next", to: "c1" },
    { from: "c1", port: "vip", to: "s1" },
    { from: "c1", port: "else", to: "w2" },
    { from: "s1", port: "next", to: "w2" },
    { from: "w2", port: "next", to: "c2" },
    { from: "c2", port: "vip", to: "s2" },
    { from: "c2", port: "else", to: "x1" },
    { from: "s2", port: "next", to: "x1" },
  ],
}

/**
 * A fresh copy of the migrated database with a live journey and ENROLLMENTS email-only
 * enrollments, each as the engine leaves one on entry: waiting at w1 for a day. Set-based, so
 * seeding takes a second, not a worker's boot.
 */
async function seededDatabase(name: string) {
  const db = `${baseDb}_${name}`
  await store.queryDatabase("postgres", `create database ${db} template ${baseDb}`)
  const entered = new Date(ENTERED).toISOString()
  await q(
    db,
    `insert into journey_message_template (id, handle, name, channel, status, subject, html)
     values ($1, 'process-test', 'Process test', 'email', 'published', 'Hello {{ customer.email }}', '<p>Hello</p>')`,
    [templateId]
  )
  await q(db, `insert into journey (id, name, status) values ('journey_procs', 'Process test', 'live')`)
  await q(
    db,
    `insert into journey_version (id, number, status, definition, published_at, journey_id)
     values ('jver_procs', 1, 'published', $1, now(), 'journey_procs')`,
    [JSON.stringify(definition)]
  )
  await q(
    db,
    `insert into journey_enrollment (id, journey_id, version_id, email, status, current_node, wake_at, context, state,
            trigger_key, entered_at)
     select 'jenr_procs_' || lpad(i::text, 5, '0'), 'journey_procs', 'jver_procs', 'r' || i || '@process.test',
            'waiting', 'w1', $1::timestamptz + interval '1 day',
            jsonb_build_object('customer', jsonb_build_object('email', 'r' || i || '@process.test',
              'metadata', jsonb_build_object('vip', i % $3 = 0))),
            jsonb_build_object('arrived_at', $1::text), 'seed-' || i, $1::timestamptz
       from generate_series(0, $2 - 1) i`,
    [entered, ENROLLMENTS, VIP_EVERY]
  )
  return db
}

/** Everything done, each expected message once in the database and delivered once by the provider. */
async function expectAllDone(db: string, outbox: string) {
  expect(await q(db, `select status, current_node, count(*)::int from journey_enrollment group by 1, 2`)).toEqual([
    { status: "completed", current_node: "x1", count: ENROLLMENTS },
  ])
  // Exactly one message per VIP and send node, none for anyone else.
  expect(
    await q(
      db,
      `select m.node_id, m.status, (e.context->'customer'->'metadata'->>'vip')::boolean as vip,
              count(*)::int as messages, count(distinct m.enrollment_id)::int as enrollments
         from journey_message m join journey_enrollment e on e.id = m.enrollment_id
        group by 1, 2, 3 order by 1, 2, 3`
    )
  ).toEqual([
    { node_id: "s1", status: "sent", vip: true, messages: VIPS, enrollments: VIPS },
    { node_id: "s2", status: "sent", vip: true, messages: VIPS, enrollments: VIPS },
  ])
  // Each wait ended once per enrollment: no transition ran twice.
  expect(
    await q(
      db,
      `select node_id, count(*)::int as woke, count(distinct enrollment_id)::int as enrollments
         from journey_activity where type = 'woke' group by 1 order by 1`
    )
  ).toEqual([
    { node_id: "w1", woke: ENROLLMENTS, enrollments: ENROLLMENTS },
    { node_id: "w2", woke: ENROLLMENTS, enrollments: ENROLLMENTS },
  ])
  const ids = (await q<{ id: string }>(db, `select id from journey_message`)).map((m) => m.id).sort()
  const { lines, perMessage } = readOutboxFile(outbox)
  expect([...perMessage.keys()].sort()).toEqual(ids)
  return { ids, lines, perMessage }
}

beforeAll(async () => {
  await store.createDatabaseIfMissing(baseDb)
  const started = Date.now()
  const migrate = await store.runMedusa(root, ["db:migrate"], { env: { DATABASE_URL: store.databaseUrl(baseDb) } })
  expect(migrate).toMatchObject({ code: 0 })
  // Medusa creates its defaults (store, price preferences) on boot, and first boots racing on an
  // empty database collide on them: one boot (a worker with no clock) creates them in the base.
  const boot = await store.runMedusa(root, ["exec", "integration-tests/processes/worker.ts", String(BATCH)], {
    env: { DATABASE_URL: store.databaseUrl(baseDb), LOG_LEVEL: "error" },
  })
  expect(boot).toMatchObject({ code: 0 })
  console.log(`migrated and booted once in ${Date.now() - started} ms`)
  expect(validateDefinition(definition, { templates: new Map([[templateId, { channel: "email", status: "published" }]]) }))
    .toMatchObject({ valid: true })
})

afterAll(async () => {
  for (const child of spawned) killGroup(child)
  for (const name of [baseDb, `${baseDb}_crash`]) {
    await store.dropDatabase(name).catch(() => undefined)
  }
  fs.rmSync(tmp, { recursive: true, force: true })
})

it("a worker killed -9 in mid-batch, while waking then while sending, and new workers taking over: nothing lost, nothing delivered twice", async () => {
  const db = await seededDatabase("crash")
  const outbox = path.join(tmp, "crash.jsonl")
  const stage = (n: number) => ({ outbox, go: path.join(tmp, `crash-${n}.go`) })
  const go = (n: number) => fs.writeFileSync(stage(n).go, "")
  const advanced = () => count(db, `select count(*) from journey_enrollment where current_node <> 'w1'`)
  // Every worker is a new process, working only once the one before it is killed; the later
  // ones boot meanwhile, to spare the test three boots one after the other.
  const HANG_AFTER = 30
  const first = startWorker(db, stage(1))
  const hung = startWorker(db, stage(2), { env: { TEST_OUTBOX_HANG_AFTER: String(HANG_AFTER) } })
  const others = [0, 1].map(() => startWorker(db, stage(3), { clocks: RESTART_CLOCKS }))

  // 1. Killed while waking, once some batches have committed and others not.
  go(1)
  const woken = await until("the first worker has woken a quarter of the enrollments", async () => {
    first.assertRunning()
    const n = await advanced()
    return n >= ENROLLMENTS / 4 && n < ENROLLMENTS && n
  })
  first.kill()
  expect(await first.exited).toMatchObject({ signal: "SIGKILL" })
  const afterWakeKill = await advanced()
  // A batch is one transaction: whole batches committed, the one in flight rolled back.
  expect(afterWakeKill).toBeGreaterThanOrEqual(woken)
  expect(afterWakeKill % BATCH).toBe(0)
  expect(afterWakeKill).toBeLessThan(ENROLLMENTS)
  expect(
    await count(db, `select count(*) from journey_enrollment where current_node = 'w2' and status = 'waiting'`)
  ).toBe(afterWakeKill)
  // The committed batches wrote their VIPs' first email, each once; nothing was sent yet.
  const [firstEmails] = await q(
    db,
    `select (select count(*) from journey_enrollment
              where current_node = 'w2' and (context->'customer'->'metadata'->>'vip')::boolean)::int as advanced_vips,
            count(distinct m.enrollment_id) filter (where e.current_node = 'w2' and m.node_id = 's1')::int as with_email,
            count(*) filter (where m.status = 'queued')::int as queued,
            count(*)::int as messages
       from journey_message m join journey_enrollment e on e.id = m.enrollment_id`
  )
  const n = firstEmails.advanced_vips
  expect(firstEmails).toEqual({ advanced_vips: n, with_email: n, queued: n, messages: n })

  // 2. The next worker finishes the wakes and is killed in its first send batch, after its
  // provider took HANG_AFTER requests that it never recorded: the whole batch stays `sending`.
  await hung.ready
  go(2)
  const handedOff = () => readOutboxFile(outbox).lines.filter((line) => line.pid === hung.pid)
  await until("the restarted worker hangs in a send batch", async () => {
    hung.assertRunning()
    return handedOff().length >= HANG_AFTER
  }, 5 * 60_000, 100)
  hung.kill()
  expect(await hung.exited).toMatchObject({ signal: "SIGKILL" })
  expect(await q(db, `select status, attempts, count(*)::int from journey_message group by 1, 2 order by 1`)).toEqual([
    { status: "queued", attempts: 0, count: VIPS - BATCH },
    { status: "sending", attempts: 1, count: BATCH },
  ])
  expect(await count(db, `select count(*) from journey_enrollment where status = 'waiting' and current_node = 'w2'`))
    .toBe(ENROLLMENTS)

  // 3. Two workers started once the lease is over finish everything.
  await Promise.all(others.map((w) => w.ready))
  go(3)
  const exits = await Promise.all(others.map((w) => w.exited))
  for (const exit of exits) expect(exit).toMatchObject({ code: 0 })

  const { lines, perMessage } = await expectAllDone(db, outbox)
  const summaries = others.map((w) => w.summary())
  const repeated = [...perMessage].filter(([, n]) => n > 1).map(([id]) => id).sort()
  console.log(
    `crash: killed while waking once ${afterWakeKill} of ${ENROLLMENTS} enrollments had advanced; ` +
      `killed while sending a batch of ${BATCH}, ${HANG_AFTER} of them handed to the provider unrecorded\n` +
      summaries.map((s) => `  worker ${s.pid}: woke ${s.woken}, sent ${s.sent}, requeued ${s.requeued}`).join("\n") +
      `\n  provider: ${lines.length} requests (attempts), ${perMessage.size} deliveries, ${repeated.length} repeats deduplicated by message id`
  )
  // The survivors woke every enrollment a second time, once; took back the killed worker's
  // batch, and only it, for one more attempt each; sent everything with no retry or failure.
  expect(summaries.reduce((sum, s) => sum + s.woken, 0)).toBe(ENROLLMENTS)
  expect(summaries.reduce((sum, s) => sum + s.requeued, 0)).toBe(BATCH)
  expect(summaries.reduce((sum, s) => sum + s.sent, 0)).toBe(2 * VIPS)
  for (const s of summaries) expect(s).toMatchObject({ retried: 0, failed: 0 })
  expect(await q(db, `select attempts, count(*)::int from journey_message group by 1 order by 1`)).toEqual([
    { attempts: 1, count: 2 * VIPS - BATCH },
    { attempts: 2, count: BATCH },
  ])
  // Only what the killed worker handed to the provider without recording it went out again,
  // once, under the same message id: the provider delivered every message once.
  expect(handedOff()).toHaveLength(HANG_AFTER)
  expect(repeated).toEqual(handedOff().map((line) => line.message_id).sort())
  expect([...perMessage.values()].every((n) => n <= 2)).toBe(true)
  expect(lines).toHaveLength(2 * VIPS + HANG_AFTER)
})
