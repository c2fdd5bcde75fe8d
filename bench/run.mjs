#!/usr/bin/env node
// `npm run bench [-- <scenario>… [--profile]]`: runs each scenario of bench/scenarios/ in its
// own booted Medusa container (`medusa exec`) against its own freshly migrated database, then
// writes bench/results.json. PostgreSQL comes from DATABASE_URL / DB_HOST, else an embedded one.
import { spawn } from "node:child_process"
import { createRequire } from "node:module"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { startEmbeddedPostgres, exportConnection } from "../scripts/embedded-postgres.mjs"

const require = createRequire(import.meta.url)
const { databaseUrl, queryDatabase, createDatabaseIfMissing, dropDatabase, runMedusa } = require("../scripts/medusa-store.js")

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const scenarioDir = path.join(root, "bench", "scenarios")
const resultsFile = path.join(root, "bench", "results.json")

const args = process.argv.slice(2)
const profile = args.includes("--profile")
// Leaves each scenario's database behind for inspection (useful with DATABASE_URL / DB_HOST:
// an embedded server is removed after the run anyway).
const keep = args.includes("--keep")
// <name>.ts runs in `medusa exec`; <name>.browser.ts needs the app over HTTP: bench/browser.ts hosts it.
const browserScenarios = fs.readdirSync(scenarioDir).filter((f) => f.endsWith(".browser.ts")).map((f) => f.slice(0, -".browser.ts".length))
const available = fs.readdirSync(scenarioDir).filter((f) => f.endsWith(".ts")).map((f) => f.replace(/(\.browser)?\.ts$/, "")).sort()
const wanted = args.filter((a) => !a.startsWith("--"))
const unknown = wanted.filter((name) => !available.includes(name))
if (unknown.length) {
  console.error(`unknown scenario(s) ${unknown.join(", ")}; available: ${available.join(", ")}`)
  process.exit(2)
}
const scenarios = wanted.length ? wanted : available

process.env.MEDUSA_DISABLE_TELEMETRY = "true"
process.env.LOG_LEVEL ??= "error"

let pg
let dataDir
if (!process.env.DATABASE_URL && !process.env.DB_HOST) {
  dataDir = path.join(os.tmpdir(), `medusa-journeys-bench-${process.pid}`)
  // Durable settings (fsync, synchronous_commit on), as a store runs: a commit here is a real
  // commit. `persistent: true` is what keeps them; the data is removed after the run.
  pg = await startEmbeddedPostgres({ dataDir, persistent: true })
  exportConnection(pg)
}

const log = (line) => console.log(`[bench] ${line}`)
const results = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, "utf8")) : {}
let failed = false
try {
  // Migrated once, then copied per scenario (CREATE DATABASE … TEMPLATE is a file copy).
  const template = "journeys_bench_template"
  await dropDatabase(template)
  await createDatabaseIfMissing(template)
  log("migrating the template database…")
  const migrated = await runMedusa(root, ["db:migrate"], { env: { DATABASE_URL: databaseUrl(template) } })
  if (migrated.code !== 0) throw new Error(`medusa db:migrate failed:\n${migrated.output}`)

  const [{ server_version }] = await queryDatabase(template, "show server_version")
  const settings = await queryDatabase(
    template,
    `select name, setting, unit from pg_settings
      where name in ('fsync', 'synchronous_commit', 'shared_buffers', 'work_mem', 'max_connections')`
  )
  results.machine = {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model ?? null,
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres: server_version,
    postgres_source: pg ? "embedded-postgres (same machine)" : "DATABASE_URL / DB_HOST",
    postgres_settings: Object.fromEntries(settings.map((s) => [s.name, s.unit ? `${s.setting} ${s.unit}` : s.setting])),
  }
  results.scenarios ??= {}

  for (const name of scenarios) {
    const database = `journeys_bench_${name}`
    await dropDatabase(database)
    await queryDatabase("postgres", `create database "${database}" template "${template}"`)
    const out = path.join(os.tmpdir(), `journeys-bench-${name}-${process.pid}.json`)
    log(`${name}: running…`)
    const code = await execScenario(name, {
      DATABASE_URL: databaseUrl(database),
      BENCH_OUTPUT: out,
    })
    // The run before this one stays alongside, so the file shows the noise between two runs.
    const { previous_run: _older, ...previous } = results.scenarios[name] ?? {}
    const previous_run = previous.date ? previous : undefined
    if (code !== 0 || !fs.existsSync(out)) {
      failed = true
      results.scenarios[name] = { error: `the scenario exited with code ${code}`, date: new Date().toISOString(), previous_run }
    } else {
      results.scenarios[name] = { date: new Date().toISOString(), ...JSON.parse(fs.readFileSync(out, "utf8")), previous_run }
      fs.rmSync(out)
      log(`${name}: ${results.scenarios[name].pass ? "PASS" : "MISS"} — ${results.scenarios[name].summary}`)
    }
    if (keep) log(`${name}: database ${database} kept`)
    else await dropDatabase(database)
  }
  await dropDatabase(template)
  fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2) + "\n")
  log(`results written to ${path.relative(process.cwd(), resultsFile)}`)
} catch (error) {
  failed = true
  console.error(error)
} finally {
  if (pg) {
    await pg.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}
process.exit(failed ? 1 : 0)

/**
 * `medusa exec bench/scenarios/<name>.ts` (or bench/browser.ts for a browser scenario, with the
 * TypeScript loader the medusa CLI registers), its output streamed; resolves with the exit code.
 * `--profile` writes a V8 CPU profile of the run to bench/profiles/ (open it in Chrome DevTools).
 */
function execScenario(name, env) {
  const cli = fs.realpathSync(path.join(root, "node_modules", ".bin", "medusa"))
  const flags = profile ? ["--cpu-prof", `--cpu-prof-dir=${path.join(root, "bench", "profiles")}`] : []
  const command = browserScenarios.includes(name)
    ? ["-r", "ts-node/register", "-r", "tsconfig-paths/register", "bench/browser.ts", name]
    : [cli, "exec", `bench/scenarios/${name}.ts`]
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, ...command], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: "inherit",
    })
    child.on("error", reject)
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}
