import os from "node:os"
import path from "node:path"
import { startEmbeddedPostgres, exportConnection } from "../scripts/embedded-postgres.mjs"

// Jest workers are forked after this runs, so the DB_* variables set here reach every test file.
export default async function globalSetup() {
  process.env.MEDUSA_DISABLE_TELEMETRY ??= "true"
  process.env.LOG_LEVEL ??= "error"
  if (process.env.DATABASE_URL || process.env.DB_HOST) return
  const dataDir = path.join(os.tmpdir(), `medusa-journeys-test-${process.pid}-${Date.now()}`)
  const pg = await startEmbeddedPostgres({ dataDir, persistent: false })
  exportConnection(pg)
  globalThis.__EMBEDDED_POSTGRES__ = pg
}
