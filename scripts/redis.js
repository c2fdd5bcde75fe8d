// Redis for the tests, the bench and `npm run demo -- --production`, as embedded-postgres.mjs is
// PostgreSQL: REDIS_URL when it is set, otherwise a `redis-server` started here on loopback.
//
// The server binary is the machine's `redis-server` when it has one (e.g. `apt install
// redis-server`). Otherwise it is Debian's own build, fetched once with `apt-get download`
// (redis-tools and the two libraries it needs, from the machine's apt sources: no root, nothing
// installed system-wide), unpacked with `dpkg-deb` into node_modules/.cache/journeys-redis. No
// npm package ships a Redis server binary, and Medusa's Redis modules run BullMQ's Lua scripts,
// which an in-JavaScript imitation of Redis does not.
const { spawn, spawnSync } = require("node:child_process")
const fs = require("node:fs")
const net = require("node:net")
const os = require("node:os")
const path = require("node:path")
const { freePort } = require("./medusa-store.js")

const root = path.resolve(__dirname, "..")
const cacheDir = path.join(root, "node_modules", ".cache", "journeys-redis")
/** Debian ships the server inside redis-tools: `redis-server` is its binary called by that name. */
const DEBIAN_PACKAGES = ["redis-tools", "libjemalloc2", "liblzf1"]

const onPath = (command) => {
  const found = spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" })
  return found.status === 0 ? found.stdout.trim() : null
}

const libraryPath = (dir) => {
  const lib = path.join(dir, "usr", "lib", os.arch() === "arm64" ? "aarch64-linux-gnu" : "x86_64-linux-gnu")
  return { LD_LIBRARY_PATH: [lib, process.env.LD_LIBRARY_PATH].filter(Boolean).join(":") }
}

/** Fetches Debian's Redis into the cache (once; concurrent callers each unpack aside, the first rename wins). */
function fetchDebianRedis() {
  const missing = ["apt-get", "dpkg-deb"].filter((tool) => !onPath(tool))
  if (missing.length) {
    throw new Error(
      `No redis-server on this machine and no ${missing.join(" / ")} to fetch Debian's. ` +
        "Install Redis (e.g. `apt install redis-server`, `brew install redis`) or set REDIS_URL to a running one."
    )
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "journeys-redis-"))
  try {
    const download = spawnSync("apt-get", ["download", ...DEBIAN_PACKAGES], { cwd: work, encoding: "utf8" })
    if (download.status !== 0) {
      throw new Error(
        `No redis-server on this machine, and \`apt-get download ${DEBIAN_PACKAGES.join(" ")}\` failed ` +
          `(run \`apt-get update\` first, install redis-server, or set REDIS_URL):\n${download.stderr}`
      )
    }
    const unpacked = path.join(work, "root")
    for (const deb of fs.readdirSync(work).filter((file) => file.endsWith(".deb"))) {
      const extract = spawnSync("dpkg-deb", ["-x", path.join(work, deb), unpacked], { encoding: "utf8" })
      if (extract.status !== 0) throw new Error(`dpkg-deb -x ${deb} failed:\n${extract.stderr}`)
    }
    fs.symlinkSync("redis-check-rdb", path.join(unpacked, "usr", "bin", "redis-server"))
    fs.mkdirSync(path.dirname(cacheDir), { recursive: true })
    try {
      fs.renameSync(unpacked, cacheDir)
    } catch (error) {
      if (!fs.existsSync(path.join(cacheDir, "usr", "bin", "redis-server"))) throw error
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}

/** The redis-server to run and the environment it needs: the machine's, else Debian's from the cache. */
function redisServerBinary() {
  const system = onPath("redis-server")
  if (system) return { bin: system, env: {}, source: system }
  const cached = path.join(cacheDir, "usr", "bin", "redis-server")
  if (!fs.existsSync(cached)) fetchDebianRedis()
  return { bin: cached, env: libraryPath(cacheDir), source: `Debian's redis-tools in ${cacheDir}` }
}

/** Answers once the server replies PONG to a raw PING (no client library needed). */
function ping(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1")
    let reply = ""
    socket.setTimeout(1000, () => socket.destroy())
    socket.on("connect", () => socket.write("PING\r\n"))
    socket.on("data", (chunk) => {
      reply += chunk
      if (reply.includes("\r\n")) socket.end()
    })
    socket.on("close", () => resolve(reply.startsWith("+PONG")))
    socket.on("error", () => resolve(false))
  })
}

/**
 * Starts a redis-server on a free loopback port (or `port`), its data in `dir` (a new temporary
 * folder unless given; kept across restarts only with `persistent`). Resolves once it answers PING.
 * `stop()` ends it; `kill()` ends it at once (SIGKILL), as a crash would.
 */
async function startRedis({ port, dir, persistent = false, log = () => {} } = {}) {
  const { bin, env, source } = redisServerBinary()
  port = port ?? (await freePort())
  dir = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "journeys-redis-data-"))
  fs.mkdirSync(dir, { recursive: true })
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--protected-mode", "yes"]
  // BullMQ's advice for a queue server: never evict keys.
  args.push("--maxmemory-policy", "noeviction")
  if (persistent) args.push("--appendonly", "yes")
  else args.push("--save", "", "--appendonly", "no")
  const child = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] })
  let output = ""
  child.stdout.on("data", (chunk) => (output += chunk))
  child.stderr.on("data", (chunk) => (output += chunk))
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })))
  let gone = false
  exited.then(() => (gone = true))
  const deadline = Date.now() + 15_000
  while (!(await ping(port))) {
    if (gone || Date.now() > deadline) {
      child.kill("SIGKILL")
      throw new Error(`redis-server (${source}) did not start on port ${port}:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  log(`Redis ${port} (${source}), data in ${dir}`)
  const end = async (signal) => {
    if (!gone) child.kill(signal)
    await exited
    if (!persistent) fs.rmSync(dir, { recursive: true, force: true })
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    pid: child.pid,
    output: () => output,
    stop: () => end("SIGTERM"),
    kill: () => end("SIGKILL"),
  }
}

/** REDIS_URL when set (nothing to stop), else a Redis started here. */
async function redisForRun(options = {}) {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: async () => {}, started: false }
  return { ...(await startRedis(options)), started: true }
}

module.exports = { redisServerBinary, startRedis, redisForRun }
