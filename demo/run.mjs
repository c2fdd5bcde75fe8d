#!/usr/bin/env node
// `npm run demo`: builds the plugin (when its sources changed), links it into this store by package name, starts an
// embedded PostgreSQL (unless DATABASE_URL / DB_HOST is set), migrates, seeds on first run,
// creates an admin user and runs `medusa develop`. Ctrl-C stops everything.
// `npm run demo -- --reset` deletes the demo data and starts over.
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { createHash } from "node:crypto"
import { reachableDataDir, startEmbeddedPostgres, exportConnection } from "../scripts/embedded-postgres.mjs"
import store from "../scripts/medusa-store.js"

const demo = path.dirname(fileURLToPath(import.meta.url))
const root = path.dirname(demo)
const medusa = path.join(root, "node_modules", ".bin", "medusa")
const reset = process.argv.includes("--reset")
const port = Number(process.env.PORT || 9000)
const admin = { email: "admin@journeys.demo", password: "journeys-demo" }
const log = (message) => console.log(`\x1b[36m[demo]\x1b[0m ${message}`)

async function step(title, args, env) {
  log(title)
  const result = await store.runMedusa(demo, args, { bin: medusa, env })
  if (result.code !== 0) {
    console.error(result.output)
    throw new Error(`${title} failed (medusa ${args.join(" ")} exited with ${result.code})`)
  }
  return result
}

/**
 * A fingerprint of the plugin's sources: every file's path and modification time (folders' own
 * times change during a build, which writes and removes temporary files in src/admin).
 */
function sourcesFingerprint(paths) {
  const hash = createHash("sha1")
  const visit = (entry) => {
    const stat = fs.statSync(entry, { throwIfNoEntry: false })
    if (stat?.isDirectory()) fs.readdirSync(entry).sort().forEach((name) => visit(path.join(entry, name)))
    else if (stat) hash.update(`${path.relative(root, entry)}:${stat.mtimeMs}\n`)
  }
  paths.forEach(visit)
  return hash.digest("hex")
}

async function main() {
  // Rebuilt only when a source changed since the demo's last successful build.
  const stamp = path.join(root, ".medusa", "demo-build-stamp")
  const sources = sourcesFingerprint(["src", "package.json", "tsconfig.json"].map((name) => path.join(root, name)))
  const built = fs.existsSync(path.join(root, ".medusa", "server")) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8")
  if (built === sources) {
    log("the plugin build is up to date")
  } else {
    log("building the plugin (medusa plugin:build)")
    fs.rmSync(stamp, { force: true })
    const build = await store.runMedusa(root, ["plugin:build"], { bin: medusa })
    if (build.code !== 0) {
      console.error(build.output)
      throw new Error("the plugin does not build")
    }
    fs.writeFileSync(stamp, sources)
  }

  // The store resolves the plugin by its package name, as it would from npm.
  const link = path.join(demo, "node_modules", "medusa-plugin-journeys")
  fs.mkdirSync(path.dirname(link), { recursive: true })
  fs.rmSync(link, { force: true, recursive: true })
  fs.symlinkSync(path.relative(path.dirname(link), root), link, "dir")

  let pg
  const env = {}
  if (process.env.DATABASE_URL || process.env.DB_HOST) {
    log("using the PostgreSQL server given by DATABASE_URL / DB_HOST")
  } else {
    const fallback = `medusa-journeys-demo-${createHash("sha1").update(root).digest("hex").slice(0, 8)}`
    const dataDir =
      process.env.JOURNEYS_DEMO_DATA_DIR ?? reachableDataDir(path.join(demo, ".data", "postgres"), fallback)
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
  const shutdown = async (code) => {
    await server?.stop()
    await pg?.stop()
    process.exit(code)
  }
  process.on("SIGINT", () => shutdown(0))
  process.on("SIGTERM", () => shutdown(0))

  try {
    await step("migrating the database (medusa db:migrate)", ["db:migrate"], env)
    // Checked in the data rather than remembered, so an interrupted first run completes later.
    const [{ regions }] = await store.queryDatabase(dbName, "select count(*)::int as regions from region")
    if (regions === 0) {
      await step("seeding regions, products and customers", ["exec", "./seed.ts"], env)
    }
    const users = await store.queryDatabase(dbName, `select 1 from "user" where email = $1`, [admin.email])
    if (users.length === 0) {
      await step(`creating the admin user ${admin.email}`, ["user", "-e", admin.email, "-p", admin.password], env)
    }

    log(`starting the store (medusa develop) on port ${port}`)
    server = store.startMedusa(demo, "develop", { bin: medusa, port, env, stdio: "inherit" })
    server.exited.then((code) => shutdown(code))
    await server.ready
    console.log(
      [
        "",
        "  Medusa store with medusa-plugin-journeys is running.",
        `  Admin:    http://localhost:${port}/app`,
        `  Email:    ${admin.email}`,
        `  Password: ${admin.password}`,
        "  Ctrl-C stops the store and its database; data is kept (npm run demo -- --reset to start over).",
        "",
      ].join("\n")
    )
  } catch (error) {
    console.error(error.message ?? error)
    await shutdown(1)
  }
}

main().catch(async (error) => {
  console.error(error.message ?? error)
  process.exit(1)
})
