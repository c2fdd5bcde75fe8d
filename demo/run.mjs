#!/usr/bin/env node
// `npm run demo`: builds the plugin (when its sources changed), links it into this store by package name, starts an
// embedded PostgreSQL (unless DATABASE_URL / DB_HOST is set), migrates, seeds until seeded once,
// creates an admin user, starts the demo mailbox (a local stand-in for Resend) and runs `medusa
// develop`; once the store answers, installs and publishes the demo's journeys (first run) and
// starts the shopper simulator. Ctrl-C stops everything.
// `npm run demo -- --reset` deletes the demo data and starts over; `--no-shoppers` leaves the
// store to you; `--production` runs the store's production build as one server and N workers
// (`--workers N`, default 2) on Redis (demo/production.mjs), with a Redis started here unless
// REDIS_URL is set.
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { createHash } from "node:crypto"
import { reachableDataDir, startEmbeddedPostgres, exportConnection } from "../scripts/embedded-postgres.mjs"
import store from "../scripts/medusa-store.js"
import pluginBuild from "../scripts/plugin-build.js"
import redis from "../scripts/redis.js"
import { startMailbox } from "./mailbox.mjs"
import { startShoppers } from "./shoppers.mjs"
import { adminApi, adminToken, installDemoJourneys, JOURNEYS_MARKER } from "./journeys.mjs"
import { buildStoreIfChanged, startProductionStore, workersOnPorts } from "./production.mjs"

const demo = path.dirname(fileURLToPath(import.meta.url))
const root = path.dirname(demo)
const medusa = path.join(root, "node_modules", ".bin", "medusa")
const reset = process.argv.includes("--reset")
const shoppersOn = !process.argv.includes("--no-shoppers")
const production = process.argv.includes("--production")
const port = Number(process.env.PORT || 9000)
const admin = { email: "admin@journeys.demo", password: "journeys-demo" }
const log = (message) => console.log(`\x1b[36m[demo]\x1b[0m ${message}`)
/** Marks the store once seed.ts finished (its SEEDED_MARKER). */
const SEEDED_MARKER = "journeys_demo_seeded_at"
/**
 * Resend signing secret shared by the demo mailbox and the store (whsec_ + base64 key). Demo only:
 * both run on this machine, and a real store takes its secret from Resend's dashboard.
 */
const DEMO_RESEND_SECRET = `whsec_${Buffer.from("medusa-plugin-journeys demo mailbox").toString("base64")}`

/** `--workers N` (or `--workers=N`): how many worker processes `--production` runs, 2 unless given. */
function workerCount(args) {
  const index = args.findIndex((arg) => arg === "--workers" || arg.startsWith("--workers="))
  if (index === -1) return 2
  const given = args[index].includes("=") ? args[index].split("=")[1] : args[index + 1]
  if (!production) throw new Error("--workers goes with --production (npm run demo -- --production --workers 3)")
  if (!/^[1-9]\d*$/.test(given ?? "")) throw new Error(`--workers takes a number of worker processes (1 or more), not "${given ?? ""}"`)
  return Number(given)
}

async function step(title, args, env) {
  log(title)
  const result = await store.runMedusa(demo, args, { bin: medusa, env })
  if (result.code !== 0) {
    console.error(result.output)
    throw new Error(`${title} failed (medusa ${args.join(" ")} exited with ${result.code})`)
  }
  return result
}

async function main() {
  const workers = workerCount(process.argv.slice(2))
  // Rebuilt only when a source changed since the last successful build.
  await pluginBuild.buildPluginIfChanged({ log })

  // The store resolves the plugin by its package name, as it would from npm.
  const link = path.join(demo, "node_modules", "medusa-plugin-journeys")
  fs.mkdirSync(path.dirname(link), { recursive: true })
  fs.rmSync(link, { force: true, recursive: true })
  fs.symlinkSync(path.relative(path.dirname(link), root), link, "dir")
  if (production) await buildStoreIfChanged({ log })

  // The demo's data: its database (unless DATABASE_URL / DB_HOST) and the mailbox's emails.
  const dataRoot = process.env.JOURNEYS_DEMO_DATA_DIR ?? path.join(demo, ".data")
  const mailboxDir = path.join(dataRoot, "mailbox")
  if (reset) {
    log(`--reset: deleting ${mailboxDir}`)
    fs.rmSync(mailboxDir, { recursive: true, force: true })
  }
  let pg
  const env = { PORT: String(port) }
  if (process.env.DATABASE_URL || process.env.DB_HOST) {
    log("using the PostgreSQL server given by DATABASE_URL / DB_HOST")
  } else {
    const fallback = `medusa-journeys-demo-${createHash("sha1").update(root).digest("hex").slice(0, 8)}`
    const dataDir = reachableDataDir(path.join(dataRoot, "postgres"), fallback)
    if (reset) {
      log(`--reset: deleting ${dataDir}`)
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
    pg = await startEmbeddedPostgres({ dataDir, persistent: true })
    exportConnection(pg)
    log(`embedded PostgreSQL on port ${pg.port}, data in ${dataDir}`)
  }

  const dbName = process.env.DATABASE_URL
    ? new URL(process.env.DATABASE_URL).pathname.slice(1) || "medusa_journeys_demo"
    : "medusa_journeys_demo"
  if (reset && pg === undefined) await store.dropDatabase(dbName)
  await store.createDatabaseIfMissing(dbName)
  env.DATABASE_URL = store.databaseUrl(dbName)

  let server
  let mailbox
  let shoppers
  let redisServer
  let stopping = false
  const shutdown = async (code) => {
    if (stopping) return
    stopping = true
    shoppers?.stop()
    await server?.stop()
    await redisServer?.stop()
    await mailbox?.close()
    await pg?.stop()
    process.exit(code)
  }
  // embedded-postgres stops PostgreSQL and exits the process on SIGINT and SIGTERM (its exit
  // hook): that would end the demo before the store's processes and Redis are stopped, leaving
  // them running. The demo stops everything itself, PostgreSQL last.
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.removeAllListeners(signal)
    process.on(signal, () => shutdown(0))
  }

  try {
    await step("migrating the database (medusa db:migrate)", ["db:migrate"], env)
    // Checked in the data rather than remembered: an interrupted seed completes on the next start
    // (it makes only what is missing), and a demo seeded by an older version gets what it lacks.
    const marked = async (key) =>
      (await store.queryDatabase(dbName, "select 1 from store where metadata ->> $1 is not null", [key])).length > 0
    if (!(await marked(SEEDED_MARKER))) {
      await step("seeding regions, shipping, products, 40 customers, their orders and carts (first run: about 30 s)", ["exec", "./seed.ts"], env)
    }
    const users = await store.queryDatabase(dbName, `select 1 from "user" where email = $1`, [admin.email])
    if (users.length === 0) {
      await step(`creating the admin user ${admin.email}`, ["user", "-e", admin.email, "-p", admin.password], env)
    }

    const base = `http://localhost:${port}`
    const mailboxOptions = {
      dir: mailboxDir,
      store: base,
      secret: DEMO_RESEND_SECRET,
      log: (line) => console.log(`\x1b[33m[mailbox]\x1b[0m ${line}`),
    }
    // Next to the store (9001 beside 9000) when that port is free, so its address stays the same.
    mailbox = await startMailbox({ ...mailboxOptions, port: port + 1 }).catch(() => startMailbox(mailboxOptions))
    env.JOURNEYS_DEMO_MAILBOX_URL = mailbox.url
    env.JOURNEYS_DEMO_RESEND_SECRET = DEMO_RESEND_SECRET

    if (production) {
      // Medusa's event bus, workflow engine and locking on Redis (demo/redis-modules.ts): the
      // server queues events there, and the workers share them and the scheduled jobs.
      redisServer = await redis.redisForRun({ log })
      if (!redisServer.started) log("using the Redis at REDIS_URL")
      server = await startProductionStore({ port, workers, env: { ...env, REDIS_URL: redisServer.url }, log })
    } else {
      log(`starting the store (medusa develop) on port ${port}`)
      server = store.startMedusa(demo, "develop", { bin: medusa, port, env, stdio: "inherit" })
      await server.ready
    }
    server.exited.then((code) => {
      if (!stopping) log(`the ${production ? "server" : "store"} exited with code ${code}: stopping the demo`)
      shutdown(code)
    })

    if (!(await marked(JOURNEYS_MARKER))) {
      log("installing the gallery's abandoned-cart, post-purchase J+15 and welcome journeys, and publishing them")
      const published = await installDemoJourneys(adminApi(base, await adminToken(base, admin)))
      log(`published: ${published.join(", ") || "nothing new"}`)
    }
    console.log(
      [
        "",
        "  Medusa store with medusa-plugin-journeys is running.",
        `  Admin:    ${base}/app`,
        `  Email:    ${admin.email}`,
        `  Password: ${admin.password}`,
        `  Mailbox:  ${mailbox.url} (the email the store sent)`,
        ...(production
          ? [
              `  Server:   the production build on port ${port} (MEDUSA_WORKER_MODE=server)`,
              `  Workers:  ${workersOnPorts(server.workers)} (MEDUSA_WORKER_MODE=worker: jobs and events, /health only)`,
              `  Redis:    ${redisServer.started ? `${redisServer.url} (started for the demo; REDIS_URL to use yours)` : "REDIS_URL"}`,
            ]
          : []),
        shoppersOn
          ? "  Shoppers: signing up, ordering, leaving carts and opening emails every few seconds (--no-shoppers: off)"
          : "  Shoppers: off (--no-shoppers)",
        "  Ctrl-C stops it all; data is kept (npm run demo -- --reset to start over).",
        "",
      ].join("\n")
    )

    if (shoppersOn) {
      const [key] = await store.queryDatabase(
        dbName,
        "select token from api_key where title = $1 and type = 'publishable' and revoked_at is null and deleted_at is null",
        ["Demo storefront"]
      )
      shoppers = startShoppers({ base, publishableKey: key.token, mailbox })
    }
  } catch (error) {
    console.error(error.message ?? error)
    await shutdown(1)
  }
}

main().catch(async (error) => {
  console.error(error.message ?? error)
  process.exit(1)
})
