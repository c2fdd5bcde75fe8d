#!/usr/bin/env node
// `npm run demo`: builds the plugin (when its sources changed), links it into this store by package name, starts an
// embedded PostgreSQL (unless DATABASE_URL / DB_HOST is set), migrates, seeds until seeded once,
// creates an admin user, starts the demo mailbox (a local stand-in for Resend) and runs `medusa
// develop`; once the store answers, installs and publishes the demo's journeys (first run) and
// starts the shopper simulator. Ctrl-C stops everything.
// `npm run demo -- --reset` deletes the demo data and starts over; `--no-shoppers` leaves the
// store to you.
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { createHash } from "node:crypto"
import { reachableDataDir, startEmbeddedPostgres, exportConnection } from "../scripts/embedded-postgres.mjs"
import store from "../scripts/medusa-store.js"
import pluginBuild from "../scripts/plugin-build.js"
import { startMailbox } from "./mailbox.mjs"
import { startShoppers } from "./shoppers.mjs"
import { adminApi, adminToken, installDemoJourneys, JOURNEYS_MARKER } from "./journeys.mjs"

const demo = path.dirname(fileURLToPath(import.meta.url))
const root = path.dirname(demo)
const medusa = path.join(root, "node_modules", ".bin", "medusa")
const reset = process.argv.includes("--reset")
const shoppersOn = !process.argv.includes("--no-shoppers")
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
  // Rebuilt only when a source changed since the last successful build.
  await pluginBuild.buildPluginIfChanged({ log })

  // The store resolves the plugin by its package name, as it would from npm.
  const link = path.join(demo, "node_modules", "medusa-plugin-journeys")
  fs.mkdirSync(path.dirname(link), { recursive: true })
  fs.rmSync(link, { force: true, recursive: true })
  fs.symlinkSync(path.relative(path.dirname(link), root), link, "dir")

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
  let stopping = false
  const shutdown = async (code) => {
    if (stopping) return
    stopping = true
    shoppers?.stop()
    await server?.stop()
    await mailbox?.close()
    await pg?.stop()
    process.exit(code)
  }
  process.on("SIGINT", () => shutdown(0))
  process.on("SIGTERM", () => shutdown(0))

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

    log(`starting the store (medusa develop) on port ${port}`)
    server = store.startMedusa(demo, "develop", { bin: medusa, port, env, stdio: "inherit" })
    server.exited.then((code) => shutdown(code))
    await server.ready

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
