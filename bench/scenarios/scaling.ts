// Scaling across worker processes on one PostgreSQL, k = 1, 2 and 3, in one run:
// - the sweep: 100,000 due enrollments among 300,000 (the sweep scenario's seed, identical for
//   each k), advanced by k `medusa exec` processes running wakeDueEnrollmentsWorkflow together;
// - the event rate: M `customer.created` events emitted on Medusa's Redis event bus by a server-mode
//   process, handled by k `medusa start` workers (worker mode) through the plugin's subscriber.
// For each run: wall time, rate, ratio to k = 1, and why it stops scaling: CPU of the workers, of
// PostgreSQL and of the whole machine (/proc), WAL written, and what PostgreSQL's backends were
// doing (pg_stat_activity sampled every 100 ms). Target: ≥ 2.5× with 3 workers on the sweep, until
// PostgreSQL saturates.
import { spawn } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import type { ExecArgs, MedusaContainer } from "@medusajs/framework/types"
import { resolveJourneyModule } from "../../src/modules/journey"
import { log, processCpu, publishJourney, round, sql, usage, usageSince, writeResult } from "../lib"
import { DONE as SWEPT, READY as SWEEP_READY } from "./scaling/sweep-worker"
import { EMITTED, READY as PRODUCER_READY } from "./scaling/producer"
import { NOW, outcome, publishSweepJourney, realEnrollment, seed } from "./sweep"

// eslint-disable-next-line @typescript-eslint/no-var-requires
const store = require("../../scripts/medusa-store.js")
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { redisForRun } = require("../../scripts/redis.js")

const WORKERS = [1, 2, 3]
// BENCH_SCALING_DUE / BENCH_SCALING_EVENTS shrink a run for a quick look; results need the defaults.
const DUE = Number(process.env.BENCH_SCALING_DUE ?? 100_000)
const ROWS = 3 * DUE
const EVENTS = Number(process.env.BENCH_SCALING_EVENTS ?? 2_000)
/** Events per worker handled before each measured run (JIT, pools, BullMQ connections). */
const WARM_UP = 200
const EMIT_BATCH = 500
const TARGET_RATIO = 2.5
const SAMPLE_MS = 100
/** A run that makes no progress for this long has failed (a worker died, an event was dropped). */
const STALL_MS = 120_000

const root = process.cwd()
const cli = fs.realpathSync(path.join(root, "node_modules", ".bin", "medusa"))
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "journeys-bench-scaling-"))
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const customerId = (i: number) => `cus_bscale${String(i).padStart(8, "0")}`

export default async function scaling({ container }: ExecArgs) {
  const children: Child[] = []
  const redis = await redisForRun()
  try {
    const sweep = []
    const { journeyId, versionId } = await publishSweepJourney(container)
    const sample = await realEnrollment(container)
    const batchSize = resolveJourneyModule(container).getOptions().batch_size
    for (const k of WORKERS) {
      const go = path.join(tmp, `sweep-${k}.go`)
      // Booting while the data is seeded: the seed ends with a CHECKPOINT, nothing is measured yet.
      const workers = Array.from({ length: k }, () =>
        track(children, execMedusa(["bench/scenarios/scaling/sweep-worker.ts", NOW.toISOString(), String(batchSize)], { BENCH_SCALING_GO: go }, SWEEP_READY))
      )
      const seeded = await seed(container, { journeyId, versionId, sample, waiting: ROWS, due: DUE })
      await Promise.all(workers.map((worker) => worker.ready))
      log(`scaling: sweep, ${k} worker(s), ${DUE} due among ${ROWS}…`)
      let goAt = 0
      let done: SweepWorkerSummary[] = []
      const measured = await measure(container, [], async () => {
        goAt = Date.now()
        fs.writeFileSync(go, "")
        done = await Promise.all(workers.map((worker) => worker.nextLine<SweepWorkerSummary>(SWEPT)))
      })
      fs.writeFileSync(`${go}.stop`, "")
      await Promise.all(workers.map((worker) => worker.exited))
      const seconds = (Math.max(...done.map((worker) => worker.finished_at)) - goAt) / 1000
      const woken = done.reduce((sum, worker) => sum + worker.woken, 0)
      const check = await outcome(container)
      if (woken !== DUE || check.completed !== DUE || check.messages !== DUE || check.still_due !== 0) {
        throw new Error(`the workers did not advance exactly the due enrollments: ${JSON.stringify({ woken, ...check })}`)
      }
      const workersCpu = done.reduce((sum, worker) => sum + worker.cpu_seconds, 0)
      sweep.push({
        workers: k,
        seconds: round(seconds, 2),
        enrollments_per_second: Math.round(DUE / seconds),
        woken_by_worker: done.map((worker) => worker.woken),
        workflow_runs_by_worker: done.map((worker) => worker.runs),
        ...cpuSplit(measured, { workers: workersCpu, tracked: workersCpu }),
        ...measured.postgres,
        seed_seconds: seeded.seconds,
      })
      log(`scaling: sweep, ${k} worker(s): ${round(seconds, 2)} s`)
    }
    await sql(container).raw(`truncate journey_enrollment, journey_activity, journey_message, journey_effect cascade`)

    const events = await eventRuns(container, redis, children)

    const ratio = (runs: { rate: number }[]) => runs.map((run) => round(run.rate / runs[0].rate, 2))
    const sweepRatios = ratio(sweep.map((run) => ({ rate: run.enrollments_per_second })))
    const eventRatios = ratio(events.map((run) => ({ rate: run.events_per_second })))
    sweep.forEach((run, i) => Object.assign(run, { ratio: sweepRatios[i] }))
    events.forEach((run, i) => Object.assign(run, { ratio: eventRatios[i] }))
    const cores = os.cpus().length
    const saturated = (runs: { workers: number; machine_busy_cores: number }[]) =>
      runs.find((run) => run.machine_busy_cores >= 0.9 * cores)?.workers ?? null
    writeResult({
      summary:
        `sweep of ${DUE} due with 1/2/3 workers: ${sweep.map((run) => run.enrollments_per_second).join(" / ")} per s ` +
        `(×${sweepRatios.join(", ×")}); ${EVENTS} customer.created: ${events.map((run) => run.events_per_second).join(" / ")} per s ` +
        `(×${eventRatios.join(", ×")}); ${cores} cores; target ×${TARGET_RATIO} for 3 workers on the sweep`,
      pass: sweepRatios[2] >= TARGET_RATIO,
      target: { sweep_ratio_3_workers: TARGET_RATIO, until: "PostgreSQL saturates" },
      measured: {
        cores,
        sweep: { due: DUE, rows: ROWS, batch_size: batchSize, runs: sweep },
        events: { events: EVENTS, warm_up_events_per_worker: WARM_UP, emit_batch: EMIT_BATCH, runs: events },
        machine_saturated_from: { sweep: saturated(sweep), events: saturated(events) },
      },
      method:
        "One database, runs one after the other. Sweep: before each k the sweep scenario's seed (truncate, " +
        `generate_series of ${ROWS} enrollments shaped on a real one, ${DUE} of them due spread evenly, VACUUM ANALYZE, ` +
        "CHECKPOINT), then k fresh `medusa exec bench/scenarios/scaling/sweep-worker.ts` processes, booted and " +
        "waiting on a go file, each running wakeDueEnrollmentsWorkflow until nothing is due; timed from the go file " +
        "to the last worker's end, checked: every due row completed once with one outbox row. Events: " +
        `${EVENTS} customers seeded in SQL (with an address), a published welcome journey (customer_created → wait ` +
        "PT1H → send email → wait P3D → …), Redis from scripts/redis.js; for each k, k fresh `medusa start` processes in worker " +
        "mode (REDIS_URL: Medusa's Redis event bus, workflow engine and locking; the plugin's jobs hourly, not every " +
        `minute), ${WARM_UP} warm-up events per worker then the journey tables emptied, VACUUM ANALYZE and CHECKPOINT; ` +
        "a `medusa exec` producer in server mode emits customer.created { id } through Modules.EVENT_BUS in batches " +
        `of ${EMIT_BATCH}; timed from its first emit until all ${EVENTS} enrollments exist (polled every ${SAMPLE_MS} ms), ` +
        "checked: one enrollment per customer, waiting at the first wait. CPU: workers (their own cpuUsage for the " +
        "sweep, /proc for `medusa start`), PostgreSQL (its postmaster's children), the machine (/proc/stat: " +
        "other_cpu_seconds is what ran beside the bench); WAL from pg_current_wal_lsn and pg_stat_wal; waits: " +
        `pg_stat_activity of the database's client backends every ${SAMPLE_MS} ms (non-idle ones), as shares of samples.`,
    })
  } finally {
    for (const child of children) child.kill()
    await redis.stop()
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

type SweepWorkerSummary = { pid: number; woken: number; runs: number; started_at: number; finished_at: number; cpu_seconds: number }

/** The event runs: producer booted once, then for each k its fresh workers, a warm-up and the measured run. */
async function eventRuns(container: MedusaContainer, redis: { url: string; pid?: number }, children: Child[]) {
  const db = sql(container)
  const { journeyId } = await publishJourney(container, "Bench welcome", (templateId) => ({
    schema_version: 1,
    trigger: { type: "customer_created" },
    settings: { reentry: "once", timezone: "Europe/Paris" },
    // The first email an hour after sign-up: no send is due while the bench runs, so the workers'
    // dispatch job (whenever it runs) has nothing to do and the runs time the events alone.
    entry_node: "w1",
    nodes: [
      { id: "w1", type: "wait", duration: "PT1H" },
      { id: "s1", type: "send", channel: "email", template_id: templateId, category: "marketing", tag: "welcome" },
      { id: "w2", type: "wait", duration: "P3D" },
      { id: "s2", type: "send", channel: "email", template_id: templateId, category: "marketing", tag: "welcome" },
      { id: "x1", type: "exit" },
    ],
    edges: [
      { from: "w1", port: "next", to: "s1" },
      { from: "s1", port: "next", to: "w2" },
      { from: "w2", port: "next", to: "s2" },
      { from: "s2", port: "next", to: "x1" },
    ],
  }))
  await seedCustomers(container, EVENTS + WARM_UP * WORKERS.reduce((sum, k) => sum + k, 0))
  const env = { REDIS_URL: redis.url, BENCH_SCALING_GO: path.join(tmp, "events.go") }
  const producer = track(children, execMedusa(["bench/scenarios/scaling/producer.ts", String(EMIT_BATCH)], env, PRODUCER_READY))
  await producer.ready
  let handedOver = 0
  /** Hands the producer its next round of customers to announce (null: none, it exits). */
  const handOver = (ids: string[] | null) => {
    const file = `${env.BENCH_SCALING_GO}.${++handedOver}`
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(ids))
    fs.renameSync(`${file}.tmp`, file)
  }
  const enrolled = async () => Number((await db.raw(`select count(*)::int as n from journey_enrollment where journey_id = ?`, [journeyId])).rows[0].n)
  /** Waits until `count` enrollments exist; resolves with when it saw them. */
  const handled = async (count: number, workers: { assertRunning(): void }[]) => {
    let seen = 0
    let progressAt = Date.now()
    for (;;) {
      const n = await enrolled()
      if (n >= count) return Date.now()
      if (n > seen) [seen, progressAt] = [n, Date.now()]
      else if (Date.now() - progressAt > STALL_MS) throw new Error(`stalled at ${n} of ${count} enrollments`)
      for (const worker of workers) worker.assertRunning()
      await sleep(SAMPLE_MS)
    }
  }
  const resetJourneys = async () => {
    await db.raw(`truncate journey_enrollment, journey_activity, journey_message, journey_effect, journey_event cascade`)
    for (const table of ["journey_enrollment", "journey_activity", "journey_message"]) await db.raw(`vacuum analyze ${table}`)
    await db.raw(`checkpoint`)
  }

  const runs = []
  let warmUpFrom = EVENTS
  try {
    for (const k of WORKERS) {
      await resetJourneys()
      const workers = await Promise.all(Array.from({ length: k }, () => startWorker(redis.url, children)))
      const warmUp = Array.from({ length: WARM_UP * k }, (_, i) => customerId(warmUpFrom + i + 1))
      warmUpFrom += warmUp.length
      handOver(warmUp)
      await handled(warmUp.length, workers)
      await producer.nextLine(EMITTED)
      await resetJourneys()

      log(`scaling: events, ${k} worker(s), ${EVENTS} customer.created…`)
      let doneAt = 0
      const pids = { workers: workers.map((worker) => worker.pid), producer: [producer.pid], redis: redis.pid ? [redis.pid] : [] }
      const measured = await measure(container, Object.values(pids).flat(), async () => {
        handOver(Array.from({ length: EVENTS }, (_, i) => customerId(i + 1)))
        doneAt = await handled(EVENTS, workers)
      })
      const emitted = await producer.nextLine<{ first_emit_at: number; last_emit_at: number }>(EMITTED)
      const seconds = (doneAt - emitted.first_emit_at) / 1000
      const [check] = (
        await db.raw(
          `select count(distinct customer_id)::int as customers,
                  count(*) filter (where status = 'waiting' and current_node = 'w1')::int as waiting
             from journey_enrollment`
        )
      ).rows
      if (check.customers !== EVENTS || check.waiting !== EVENTS) {
        throw new Error(`the events did not enroll each customer once, waiting at w1: ${JSON.stringify(check)}`)
      }
      const cpu = (group: number[]) => round(group.reduce((sum, pid) => sum + (measured.processes[pid] ?? 0), 0), 2)
      runs.push({
        workers: k,
        seconds: round(seconds, 2),
        events_per_second: Math.round(EVENTS / seconds),
        emit_seconds: round((emitted.last_emit_at - emitted.first_emit_at) / 1000, 2),
        producer_cpu_seconds: cpu(pids.producer),
        redis_cpu_seconds: redis.pid ? cpu(pids.redis) : null,
        ...cpuSplit(measured, { workers: cpu(pids.workers), tracked: cpu(Object.values(pids).flat()) }),
        ...measured.postgres,
      })
      log(`scaling: events, ${k} worker(s): ${round(seconds, 2)} s`)
      await Promise.all(workers.map((worker) => worker.stop()))
    }
  } finally {
    handOver(null)
  }
  await producer.exited
  return runs
}

/** `count` customers with a default address, in SQL: Medusa's workflow would announce them on this process's local bus. */
async function seedCustomers(container: MedusaContainer, count: number) {
  const db = sql(container)
  await db.raw(
    `insert into customer (id, email, first_name, last_name, phone, has_account, metadata, created_at, updated_at)
     select 'cus_bscale' || lpad(i::text, 8, '0'), 'scale' || i || '@bench.example.com', 'Shopper' || i, 'Bench',
            '+3361' || lpad(i::text, 8, '0'), true, '{"timezone": "Europe/Paris"}', now(), now()
       from generate_series(1, :count::int) i`,
    { count }
  )
  await db.raw(
    `insert into customer_address (id, customer_id, is_default_shipping, is_default_billing, first_name, last_name,
                                   address_1, city, country_code, postal_code, created_at, updated_at)
     select 'cuaddr_bscale' || lpad(i::text, 8, '0'), 'cus_bscale' || lpad(i::text, 8, '0'), true, true, 'Shopper' || i,
            'Bench', i || ' rue de Rivoli', 'Paris', 'fr', '75001', now(), now()
       from generate_series(1, :count::int) i`,
    { count }
  )
  await db.raw(`vacuum analyze customer`)
  await db.raw(`vacuum analyze customer_address`)
}

/** A `medusa start` worker (worker mode) on the Redis event bus, once it answers /health. */
async function startWorker(redisUrl: string, children: Child[]) {
  const port = await store.freePort()
  const worker = store.startMedusa(root, "start", {
    port,
    env: {
      REDIS_URL: redisUrl,
      MEDUSA_WORKER_MODE: "worker",
      // The plugin's jobs once an hour (on the hour), not every minute: they would find nothing
      // to do, but their runs would add to the one being measured.
      JOURNEYS_JOB_INTERVAL_SECONDS: "3600",
    },
  })
  let gone = false
  worker.exited.then(() => (gone = true))
  const child: Child = { kill: () => void worker.stop() }
  track(children, child)
  await worker.ready
  return {
    pid: worker.child.pid as number,
    stop: () => worker.stop() as Promise<void>,
    assertRunning: () => {
      if (gone) throw new Error(`worker ${worker.child.pid} exited:\n${worker.output()}`)
    },
  }
}

type Child = { kill(): void }

function track<T extends Child>(children: Child[], child: T) {
  children.push(child)
  return child
}

/**
 * `medusa exec <script> <args>` in its own process group (node itself, so /proc reads its CPU),
 * `ready` once it printed `readyLine`; `nextLine(prefix)` parses the next JSON it prints after `prefix`.
 */
function execMedusa(args: string[], env: Record<string, string>, readyLine: string) {
  const child = spawn(process.execPath, [cli, "exec", ...args], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  })
  let output = ""
  child.stdout.on("data", (chunk) => (output += chunk))
  child.stderr.on("data", (chunk) => (output += chunk))
  const exited = new Promise<void>((resolve, reject) =>
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`medusa exec ${args[0]} (${child.pid}) exited with ${code ?? signal}:\n${output}`))
    )
  )
  exited.catch(() => undefined)
  const lines = (prefix: string) =>
    output.split("\n").filter((line) => line.startsWith(`${prefix} `)).map((line) => JSON.parse(line.slice(prefix.length + 1)))
  let read = 0
  return {
    pid: child.pid as number,
    exited,
    ready: (async () => {
      while (!output.includes(readyLine)) {
        if (child.exitCode !== null || child.signalCode !== null) await exited
        await sleep(50)
      }
    })(),
    /** The next JSON line after `prefix` not read yet, once printed. */
    nextLine: async <T>(prefix: string) => {
      while (lines(prefix).length <= read) {
        if (child.exitCode !== null || child.signalCode !== null) await exited
        await sleep(20)
      }
      return lines(prefix)[read++] as T
    },
    kill: () => {
      try {
        process.kill(-child.pid!, "SIGKILL")
      } catch {
        // already gone
      }
    },
  }
}

/**
 * Runs `work` and returns what it cost: PostgreSQL and this process (lib's usage()), the given
 * processes and the whole machine (/proc), WAL and commits (pg_stat_wal, pg_stat_database), and
 * what the database's backends were doing, sampled every SAMPLE_MS.
 */
async function measure(container: MedusaContainer, pids: number[], work: () => Promise<unknown>) {
  const before = { usage: await usage(container), stats: await postgresStats(container), machine: machineTicks(), pids: pids.map((pid) => processCpu(pid).seconds) }
  const waits = sampleWaits(container)
  const started = process.hrtime.bigint()
  try {
    await work()
  } finally {
    await waits.stop()
  }
  const window_seconds = Number(process.hrtime.bigint() - started) / 1e9
  const after = { usage: await usage(container), stats: await postgresStats(container), machine: machineTicks(), pids: pids.map((pid) => processCpu(pid).seconds) }
  const { node_cpu_seconds: sampler, postgres_cpu_seconds, load_average_1m } = usageSince(before.usage, after.usage)
  const [{ wal_bytes }] = (await sql(container).raw(`select pg_wal_lsn_diff(?, ?)::bigint as wal_bytes`, [after.stats.lsn, before.stats.lsn])).rows
  const grew = (key: keyof typeof before.stats) => Number(after.stats[key]) - Number(before.stats[key])
  return {
    processes: Object.fromEntries(pids.map((pid, i) => [pid, after.pids[i] - before.pids[i]])) as Record<number, number>,
    sampler_cpu_seconds: sampler,
    postgres_cpu_seconds,
    machine_busy_seconds: (after.machine.busy - before.machine.busy) / 100,
    window_seconds,
    load_average_1m,
    postgres: {
      wal_mb: round(Number(wal_bytes) / 2 ** 20, 1),
      wal_records: grew("wal_records"),
      wal_full_page_images: grew("wal_fpi"),
      wal_syncs: grew("wal_sync"),
      commits: grew("xact_commit"),
      checkpoints: grew("checkpoints"),
      waits: waits.summary(),
    },
  }
}

/**
 * Where the CPU went during a measured window: the workers, PostgreSQL, the bench's own sampling,
 * the rest of the machine (`tracked` is every bench process: workers, producer, Redis; what is
 * left is other work on a shared machine), and how many cores were busy on average.
 */
function cpuSplit(measured: Awaited<ReturnType<typeof measure>>, cpu: { workers: number; tracked: number }) {
  const ours = cpu.tracked + (measured.postgres_cpu_seconds ?? 0) + measured.sampler_cpu_seconds
  return {
    workers_cpu_seconds: round(cpu.workers, 2),
    postgres_cpu_seconds: measured.postgres_cpu_seconds,
    sampler_cpu_seconds: measured.sampler_cpu_seconds,
    other_cpu_seconds: round(measured.machine_busy_seconds - ours, 2),
    bench_busy_cores: round(ours / measured.window_seconds, 2),
    machine_busy_cores: round(measured.machine_busy_seconds / measured.window_seconds, 2),
    load_average_1m: measured.load_average_1m,
  }
}

async function postgresStats(container: MedusaContainer) {
  const { rows } = await sql(container).raw(
    `select pg_current_wal_lsn()::text as lsn, w.wal_records, w.wal_fpi, w.wal_sync, d.xact_commit,
            c.num_timed + c.num_requested as checkpoints
       from pg_stat_wal w, pg_stat_checkpointer c, pg_stat_database d where d.datname = current_database()`
  )
  return rows[0] as { lsn: string; wal_records: string; wal_fpi: string; wal_sync: string; xact_commit: string; checkpoints: string }
}

/** Busy ticks of the whole machine so far, every core (USER_HZ = 100). */
function machineTicks() {
  // cpu  user nice system idle iowait irq softirq steal …
  const [user, nice, system, , , irq, softirq, steal] = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number)
  return { busy: user + nice + system + irq + softirq + steal }
}

/**
 * Samples what the database's non-idle client backends are doing: running (no wait event), waiting
 * on something in PostgreSQL (a lock, WAL, I/O), or idle in a transaction (waiting for Node); and
 * its autovacuum workers.
 */
function sampleWaits(container: MedusaContainer) {
  const counts = new Map<string, number>()
  let samples = 0
  let seen = 0
  let stopped = false
  const loop = (async () => {
    while (!stopped) {
      const { rows } = await sql(container).raw(
        `select backend_type, state, wait_event_type, wait_event from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid()
            and (backend_type = 'client backend' and state <> 'idle' or backend_type = 'autovacuum worker')`
      )
      samples++
      for (const { backend_type, state, wait_event_type, wait_event } of rows as Record<string, string | null>[]) {
        const label =
          backend_type === "autovacuum worker"
            ? backend_type
            : state === "active"
              ? wait_event_type ? `${wait_event_type}:${wait_event}` : "running"
              : `${state}${wait_event ? ` (${wait_event})` : ""}`
        counts.set(label, (counts.get(label) ?? 0) + 1)
        seen++
      }
      await sleep(SAMPLE_MS)
    }
  })()
  return {
    stop: async () => {
      stopped = true
      await loop
    },
    /** Mean non-idle backends, and each state or wait event's share of their samples, largest first. */
    summary: () => ({
      samples,
      mean_busy_backends: round(seen / Math.max(samples, 1), 2),
      top: [...counts].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([wait, n]) => ({ wait, share: round(n / Math.max(seen, 1), 3) })),
    }),
  }
}
