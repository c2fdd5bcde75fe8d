// `medusa plugin:build` into .medusa/server, skipped while the build matches the sources: shared
// by `npm run demo` and the distribution test, so one `npm test` builds the plugin once (a build
// is 30-90 s of the suite) and the demo started after it starts at once.
const { createHash } = require("node:crypto")
const fs = require("node:fs")
const path = require("node:path")
const { runMedusa } = require("./medusa-store.js")

const root = path.resolve(__dirname, "..")
const stamp = path.join(root, ".medusa", "build-stamp")

/**
 * A fingerprint of the plugin's sources: every file's path and modification time (folders' own
 * times change during a build, which writes and removes temporary files in src/admin).
 */
function sourcesFingerprint() {
  const hash = createHash("sha1")
  const visit = (entry) => {
    const stat = fs.statSync(entry, { throwIfNoEntry: false })
    if (stat?.isDirectory()) fs.readdirSync(entry).sort().forEach((name) => visit(path.join(entry, name)))
    else if (stat) hash.update(`${path.relative(root, entry)}:${stat.mtimeMs}\n`)
  }
  ;["src", "package.json", "tsconfig.json"].forEach((name) => visit(path.join(root, name)))
  return hash.digest("hex")
}

/** Builds unless the last successful build had these sources; resolves to whether it built. */
async function buildPluginIfChanged({ log = () => {} } = {}) {
  const sources = sourcesFingerprint()
  const built = fs.existsSync(path.join(root, ".medusa", "server")) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8")
  if (built === sources) {
    log("the plugin build is up to date")
    return false
  }
  log("building the plugin (medusa plugin:build)")
  fs.rmSync(stamp, { force: true })
  const build = await runMedusa(root, ["plugin:build"])
  if (build.code !== 0) throw new Error(`the plugin does not build:\n${build.output}`)
  fs.writeFileSync(stamp, sources)
  return true
}

module.exports = { buildPluginIfChanged }
