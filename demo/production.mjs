// `npm run demo -- --production`: the demo store as a store runs in production — `medusa build`
// (backend and admin) into .medusa/server, then `medusa start` from there, once as the server
// (MEDUSA_WORKER_MODE=server: HTTP, admin, events queued in Redis) and once per worker
// (MEDUSA_WORKER_MODE=worker: subscribers and scheduled jobs, HTTP only /health). The build finds
// the repository's node_modules and the plugin linked in demo/node_modules by walking up, as an
// installed store would find its own.
import fs from "node:fs"
import path from "node:path"
import { createHash } from "node:crypto"
import { fileURLToPath } from "node:url"
import store from "../scripts/medusa-store.js"

const demo = path.dirname(fileURLToPath(import.meta.url))
const root = path.dirname(demo)
const medusa = path.join(root, "node_modules", ".bin", "medusa")
const buildDir = path.join(demo, ".medusa", "server")
const stamp = path.join(demo, ".medusa", "production-build-stamp")
/** A worker that exits this soon after starting, this many times in a row, is not started again. */
const EARLY_EXIT_MS = 60_000
const EARLY_EXITS_BEFORE_GIVING_UP = 3
/** How long Ctrl-C waits for the server and workers to shut down before killing them. */
const STOP_GRACE_MS = 5000

/**
 * What the build is made of: the demo's TypeScript and JSON (what its tsconfig compiles), the
 * plugin's admin bundle (which `medusa build` bundles into the dashboard; the plugin's server
 * code is loaded at run time through the link) and the lockfile (Medusa's version).
 */
function buildFingerprint() {
  const hash = createHash("sha1")
  const add = (file) => hash.update(`${path.relative(root, file)}\n`).update(fs.readFileSync(file))
  for (const name of fs.readdirSync(demo).sort()) {
    if (/\.(ts|json)$/.test(name)) add(path.join(demo, name))
  }
  const adminBundle = path.join(root, ".medusa", "server", "src", "admin")
  for (const name of fs.readdirSync(adminBundle).sort()) add(path.join(adminBundle, name))
  add(path.join(root, "package-lock.json"))
  return hash.digest("hex")
}

/** `medusa build` of the demo store unless the last successful one had the same inputs. */
export async function buildStoreIfChanged({ log }) {
  const inputs = buildFingerprint()
  if (fs.existsSync(buildDir) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === inputs) {
    log("the store's production build (demo/.medusa/server) is up to date")
    return
  }
  log("building the store for production (medusa build: backend and admin, about a minute on 2 cores, up to 2 GB)")
  fs.rmSync(stamp, { force: true })
  const started = Date.now()
  const build = await store.runMedusa(demo, ["build"], { bin: medusa })
  if (build.code !== 0) throw new Error(`medusa build of the demo store failed:\n${build.output}`)
  fs.writeFileSync(stamp, inputs)
  log(`built in ${seconds(started)} s`)
}

/** SIGKILL to a process started by store.startMedusa, and its children (it leads a process group). */
function killGroup(child) {
  try {
    process.kill(-child.pid, "SIGKILL")
  } catch {
    // already gone
  }
}

/** "2 workers on ports 4001, 4002", "1 worker on port 4001". */
export const workersOnPorts = (workers) =>
  workers.length === 1
    ? `1 worker on port ${workers[0].port}`
    : `${workers.length} workers on ports ${workers.map((worker) => worker.port).join(", ")}`

const seconds = (since) => ((Date.now() - since) / 1000).toFixed(1)

/**
 * Medusa's production request log is one JSON object per line: shown as `http: POST /path 200
 * (12 ms)`. Other JSON lines as `level: message` (and an error's stack).
 */
function readable(line) {
  if (!line.startsWith("{")) return line
  try {
    const { level, message, stack, method, path: url, status, duration } = JSON.parse(line)
    if (level === "http" && method) return `http: ${method} ${url} ${status} (${Math.round(duration)} ms)`
    if (level === undefined || message === undefined) return line
    return `${level}: ${typeof message === "string" ? message : JSON.stringify(message)}${stack ? `\n${stack}` : ""}`
  } catch {
    return line
  }
}

/** Prints a process's output line by line, each line after its label, while `shown()`. */
function printLines(stream, label, shown) {
  let partial = ""
  const print = (line) => shown() && readable(line).split("\n").forEach((part) => console.log(`${label} ${part}`))
  stream.setEncoding("utf8")
  stream.on("data", (chunk) => {
    const lines = (partial + chunk).split("\n")
    partial = lines.pop()
    lines.forEach(print)
  })
  stream.on("end", () => partial && print(partial))
}

/** Server green, workers in blues and greys: the demo's own labels are cyan, yellow and magenta. */
const COLORS = [32, 34, 94, 92, 37, 90]
const colored = (index, text) => `\x1b[${COLORS[index % COLORS.length]}m${text}\x1b[0m`

/**
 * Starts the server on `port` and `workers` workers on free ports, all on `env` (which carries
 * REDIS_URL). Resolves once every process answers /health. A worker that dies is reported and
 * started again; the server's end is `exited` (the caller stops the demo then).
 */
export async function startProductionStore({ port, workers, env, log }) {
  let stopping = false
  const launch = (name, index, mode, processPort) => {
    const started = Date.now()
    const medusaProcess = store.startMedusa(buildDir, "start", {
      bin: medusa,
      port: processPort,
      // JOURNEYS_DEMO_PLAIN_HTTP: see demo/medusa-config.ts (the admin's session cookie over http).
      env: { ...env, MEDUSA_WORKER_MODE: mode, JOURNEYS_DEMO_PLAIN_HTTP: "true" },
      stdio: "pipe",
    })
    const label = colored(index, `[${name}]`)
    // Once stopping, their output is dropped: Ctrl-C in a terminal also reaches Redis and
    // PostgreSQL, and what the processes print while they lose them is only noise.
    printLines(medusaProcess.child.stdout, label, () => !stopping)
    printLines(medusaProcess.child.stderr, label, () => !stopping)
    const ready = medusaProcess.ready.then(
      () => log(`${name} (pid ${medusaProcess.child.pid}, port ${processPort}) answered /health ${seconds(started)} s after starting`),
      // Its output is already printed, line by line: the error's copy of it is left out.
      (error) => {
        throw new Error(`${name} did not start (${error.message.split("\n")[0]}): its [${name}] lines above say why`)
      }
    )
    return { process: medusaProcess, started, ready }
  }

  const slots = []
  for (let n = 1; n <= workers; n++) slots.push({ name: `worker ${n}`, index: n, port: await store.freePort(), earlyExits: 0 })

  /** Starts a worker and watches it: when it dies, says so and starts it again (unless it keeps dying at boot). */
  const supervise = (slot) => {
    const run = launch(slot.name, slot.index, "worker", slot.port)
    slot.run = run
    run.process.exited.then((code) => {
      // A worker that never booted fails the demo's start (startProductionStore rejects).
      if (stopping || !slot.booted) return
      const { signalCode } = run.process.child
      const how = signalCode ? `was killed (${signalCode})` : `exited with code ${code}`
      slot.earlyExits = Date.now() - run.started < EARLY_EXIT_MS ? slot.earlyExits + 1 : 0
      if (slot.earlyExits >= EARLY_EXITS_BEFORE_GIVING_UP) {
        log(`${slot.name} ${how}, ${slot.earlyExits} times in a row within a minute of starting: not starting it again (its log above says why); the server and the other workers keep working`)
        return
      }
      log(`${slot.name} ${how}; the server and the other workers keep working. Starting it again.`)
      slot.restart = setTimeout(() => {
        if (stopping) return
        supervise(slot).catch(() => {}) // its exit is reported by the watch above
      }, 1000)
    })
    return run.ready.then(() => (slot.booted = true))
  }

  log(`starting the server (medusa start, MEDUSA_WORKER_MODE=server) on port ${port} and ${workersOnPorts(slots)} (MEDUSA_WORKER_MODE=worker)`)
  const server = launch("server", 0, "server", port)
  /** SIGTERM to all; what has not exited 5 s later is killed (a process whose Redis is gone never finishes its shutdown). */
  const stop = async () => {
    stopping = true
    for (const slot of slots) clearTimeout(slot.restart)
    const running = [server.process, ...slots.map((slot) => slot.run?.process)].filter(Boolean)
    const kill = setTimeout(() => running.forEach(({ child }) => killGroup(child)), STOP_GRACE_MS)
    await Promise.all(running.map((medusaProcess) => medusaProcess.stop()))
    clearTimeout(kill)
  }
  try {
    await Promise.all([server.ready, ...slots.map(supervise)])
  } catch (error) {
    await stop()
    throw error
  }
  return { exited: server.process.exited, stop, workers: slots }
}
