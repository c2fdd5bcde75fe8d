#!/usr/bin/env node
// Runs a command with DB_* pointing at PostgreSQL: the one given by DATABASE_URL / DB_HOST,
// or a throwaway embedded one (e.g. `npm run db:generate` needs a database to diff against).
import { spawn } from "node:child_process"
import os from "node:os"
import path from "node:path"
import { startEmbeddedPostgres, exportConnection } from "./embedded-postgres.mjs"

const [command, ...args] = process.argv.slice(2)
if (!command) {
  console.error("usage: with-postgres.mjs <command> [args…]")
  process.exit(2)
}

let pg
if (!process.env.DATABASE_URL && !process.env.DB_HOST) {
  pg = await startEmbeddedPostgres({
    dataDir: path.join(os.tmpdir(), `medusa-journeys-${process.pid}`),
    persistent: false,
  })
  exportConnection(pg)
}

const child = spawn(command, args, { stdio: "inherit", shell: process.platform === "win32" })
const code = await new Promise((resolve) => child.on("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0))))
await pg?.stop()
process.exit(code)
