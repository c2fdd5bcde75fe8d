// Helpers shared by `npm run demo` and the packaging test: both run a real Medusa store
// (a folder with medusa-config.ts) through the `medusa` CLI, as a store developer would.
const { spawn } = require("node:child_process")
const net = require("node:net")
const path = require("node:path")
const pg = require("pg")

/** A TCP port nobody listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** Connection URL of database `name` on the server described by DATABASE_URL or DB_*. */
function databaseUrl(name, env = process.env) {
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL)
    url.pathname = `/${name}`
    return url.toString()
  }
  const user = encodeURIComponent(env.DB_USERNAME || "postgres")
  const password = env.DB_PASSWORD ? `:${encodeURIComponent(env.DB_PASSWORD)}` : ""
  return `postgres://${user}${password}@${env.DB_HOST || "localhost"}:${env.DB_PORT || 5432}/${name}`
}

async function withClient(database, run) {
  const client = new pg.Client({ connectionString: databaseUrl(database) })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

/** Runs one SQL query against database `name`; resolves with its rows. */
function queryDatabase(name, sql, params = []) {
  return withClient(name, async (client) => (await client.query(sql, params)).rows)
}

function createDatabaseIfMissing(name) {
  return withClient("postgres", async (client) => {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [name])
    if (!rowCount) await client.query(`create database ${client.escapeIdentifier(name)}`)
    return !rowCount
  })
}

function dropDatabase(name) {
  return withClient("postgres", (client) =>
    client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`)
  )
}

function medusaBin(cwd) {
  return path.join(cwd, "node_modules", ".bin", "medusa")
}

/** Runs `medusa <args>` in the store folder; resolves with its exit code and output. */
function runMedusa(cwd, args, { env = {}, bin = medusaBin(cwd), echo = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      cwd,
      env: { ...process.env, MEDUSA_DISABLE_TELEMETRY: "true", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    })
    let output = ""
    const collect = (chunk) => {
      output += chunk
      if (echo) process.stdout.write(chunk)
    }
    child.stdout.on("data", collect)
    child.stderr.on("data", collect)
    child.on("error", reject)
    child.on("exit", (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }))
  })
}

/**
 * Starts a long-running `medusa <command>` (start or develop) and waits until it answers
 * /health, or rejects with its output if it exits first.
 */
function startMedusa(cwd, command, { port, env = {}, bin = medusaBin(cwd), stdio = "pipe", timeoutMs = 180_000 }) {
  const child = spawn(bin, [command, "--port", String(port)], {
    cwd,
    env: { ...process.env, MEDUSA_DISABLE_TELEMETRY: "true", ...env },
    stdio: stdio === "inherit" ? "inherit" : ["ignore", "pipe", "pipe"],
    // Its own process group: `medusa develop` runs the server as a child of its own, and
    // stopping must reach both.
    detached: true,
  })
  const signal = (name) => {
    try {
      process.kill(-child.pid, name)
    } catch {
      // already gone
    }
  }
  let output = ""
  child.stdout?.on("data", (chunk) => (output += chunk))
  child.stderr?.on("data", (chunk) => (output += chunk))
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))))

  const ready = (async () => {
    const deadline = Date.now() + timeoutMs
    let exitCode
    exited.then((code) => (exitCode = code))
    while (Date.now() < deadline) {
      if (exitCode !== undefined) {
        throw Object.assign(new Error(`medusa ${command} exited with code ${exitCode}\n${output}`), {
          exitCode,
          output,
        })
      }
      const ok = await fetch(`http://localhost:${port}/health`).then((r) => r.ok, () => false)
      if (ok) return
      await new Promise((r) => setTimeout(r, 500))
    }
    signal("SIGKILL")
    throw new Error(`medusa ${command} did not answer /health within ${timeoutMs} ms\n${output}`)
  })()

  return {
    child,
    ready,
    exited,
    output: () => output,
    async stop() {
      signal("SIGTERM")
      const timer = setTimeout(() => signal("SIGKILL"), 15_000)
      await exited
      clearTimeout(timer)
      // The group may outlive its leader for a moment (develop's server child).
      signal("SIGKILL")
    },
  }
}

module.exports = { freePort, databaseUrl, queryDatabase, createDatabaseIfMissing, dropDatabase, runMedusa, startMedusa }
