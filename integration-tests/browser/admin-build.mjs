// The admin the browser tests open: Medusa's dashboard built for production with this plugin's
// admin extensions as a store gets them, i.e. bundled by `plugin:build` (dependencies left
// external) and then by the store's `medusa build`. Both steps run here on a copy of the
// sources, in temp folders: the bundler writes into its working directory (src/admin during a
// plugin build, .medusa/client during an app build) and the repository's .medusa/ is another
// test's. Each step runs in a child process of its own, with that folder as its cwd.
//
// `node integration-tests/browser/admin-build.mjs` prints the folder of a build.
import { execFile } from "node:child_process"
import { createHash } from "node:crypto"
import fs from "node:fs"
import { createRequire } from "node:module"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"

const self = fileURLToPath(import.meta.url)
const root = path.resolve(path.dirname(self), "..", "..")
const require = createRequire(import.meta.url)
// Medusa's own bundler, the one `medusa build` and `medusa start` use.
const bundler = () =>
  require(require.resolve("@medusajs/admin-bundler", { paths: [path.dirname(require.resolve("@medusajs/medusa/package.json"))] }))

/** The admin options `medusa build` passes for a store with the default config. */
const hostOptions = (pluginEntry, outDir) => ({
  disable: false,
  path: "/app",
  backendUrl: "/",
  maxUploadFileSize: 1024 * 1024,
  sources: [],
  plugins: [pluginEntry],
  outDir,
})

function hashFiles(hash, dir, base = dir) {
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name)
    if (fs.statSync(file).isDirectory()) hashFiles(hash, file, base)
    else hash.update(`${path.relative(base, file)}\n`).update(fs.readFileSync(file))
  }
  return hash
}

/** Drops builds unused for a day (and work folders of killed runs): each is ~11 MB. */
function prune(cache) {
  for (const name of fs.readdirSync(cache)) {
    const entry = path.join(cache, name)
    if (Date.now() - fs.statSync(entry).mtimeMs > 86_400_000) fs.rmSync(entry, { recursive: true, force: true })
  }
}

/**
 * Returns the folder of a production admin build (index.html + assets) for the current
 * sources. Builds are cached under the system temp dir, keyed on what the app build consumes:
 * the plugin's admin bundle (itself rebuilt each time, ~3 s), the lockfile and this file.
 * A cold app build takes 35-50 s on 2 cores and up to 1.8 GB.
 */
export async function adminBuild({ log = () => {} } = {}) {
  const cache = path.join(os.tmpdir(), "medusa-journeys-admin")
  fs.mkdirSync(cache, { recursive: true })
  const work = fs.mkdtempSync(path.join(cache, "work-"))
  const run = (cwd, ...args) =>
    promisify(execFile)(process.execPath, [self, ...args], { cwd, maxBuffer: 64 << 20 }).catch((error) => {
      throw new Error(`admin build (${args[0]}) failed:\n${error.stderr || error.message}`)
    })
  try {
    const plugin = path.join(work, "plugin")
    fs.mkdirSync(plugin)
    // Left out: tests, and the entry file a concurrent `plugin:build` in the repository may be
    // writing and removing right now.
    fs.cpSync(path.join(root, "src"), path.join(plugin, "src"), {
      recursive: true,
      filter: (source) => !/(__tests__|__admin-extensions__\.js)$/.test(source),
    })
    for (const file of ["package.json", "tsconfig.json"]) fs.copyFileSync(path.join(root, file), path.join(plugin, file))
    fs.symlinkSync(path.join(root, "node_modules"), path.join(plugin, "node_modules"), "dir")
    log("building the plugin's admin bundle")
    await run(plugin, "--plugin")
    const bundle = path.join(plugin, ".medusa", "server", "src", "admin")

    const key = hashFiles(createHash("sha256"), bundle)
      .update(fs.readFileSync(path.join(root, "package-lock.json")))
      .update(fs.readFileSync(self))
      .digest("hex")
      .slice(0, 16)
    const build = path.join(cache, key)
    const complete = () => fs.existsSync(path.join(build, "index.html"))
    if (complete()) {
      log(`admin build ${key} is cached`)
      const now = new Date()
      fs.utimesSync(build, now, now)
      return build
    }
    const host = path.join(work, "host")
    fs.mkdirSync(host)
    fs.symlinkSync(path.join(root, "node_modules"), path.join(host, "node_modules"), "dir")
    log(`building the admin ${key}`)
    await run(host, "--host", path.join(bundle, "index.mjs"), path.join(work, "admin"))
    try {
      // What a deletion cut short left; a complete build may be in use by another run.
      if (!complete()) fs.rmSync(build, { recursive: true, force: true })
      fs.renameSync(path.join(work, "admin"), build)
    } catch (error) {
      // A concurrent run stored the same build first.
      if (!complete()) throw error
    }
    prune(cache)
    return build
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}

if (process.argv[1] === self) {
  const [step, ...args] = process.argv.slice(2)
  if (step === "--plugin") {
    await bundler().plugin({ root: process.cwd(), outDir: ".medusa/server" })
  } else if (step === "--host") {
    await bundler().build(hostOptions(...args))
  } else {
    console.log(await adminBuild({ log: (message) => console.error(message) }))
  }
}
