// Headless Chromium for the browser tests, from npm only: CI has Node and nothing else, and
// playwright's own browser download is refused on these machines. @sparticuz/chromium ships a
// brotli-packed chrome-headless-shell; JOURNEYS_CHROMIUM=/usr/bin/chromium uses another binary.
import { execFile } from "node:child_process"
import fs from "node:fs"
import { createRequire } from "node:module"
import os from "node:os"
import path from "node:path"
import { promisify } from "node:util"
import { chromium } from "playwright-core"

const require = createRequire(import.meta.url)

// Playwright makes a fresh --user-data-dir itself (and refuses one in args). The network flags
// keep Chromium from calling Google's hosts, which this machine's closed network refuses.
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
]

/**
 * Unpacks @sparticuz/chromium once per version into the system temp dir and returns the binary
 * and its library folder. The package unpacks straight into os.tmpdir() and trusts whatever file
 * is there, so it runs in a child with TMPDIR set to a staging folder renamed into place when
 * complete (a crash or a second worker cannot leave a half-written browser behind).
 * It is told it runs on Amazon Linux 2023 so that it also unpacks the NSS, NSPR and expat
 * libraries the binary links against: with them the browser needs nothing from the OS but
 * glibc, so a machine without Debian's libnss3 runs it too.
 */
async function unpackSparticuz() {
  const main = require.resolve("@sparticuz/chromium")
  const { version } = JSON.parse(fs.readFileSync(path.join(path.dirname(main), "..", "..", "package.json"), "utf8"))
  const cache = path.join(os.tmpdir(), "medusa-journeys-chromium")
  const dir = path.join(cache, version)
  const executablePath = path.join(dir, "chromium")
  if (!fs.existsSync(executablePath)) {
    // A running browser recreates locales/ beside itself: a folder without the binary is
    // what is left when the cache is deleted under it.
    fs.rmSync(dir, { recursive: true, force: true })
    fs.mkdirSync(cache, { recursive: true })
    const staging = fs.mkdtempSync(path.join(cache, `${version}.tmp-`))
    try {
      await promisify(execFile)(
        process.execPath,
        ["-e", `require(${JSON.stringify(main)}).executablePath().then((p) => process.stdout.write(p))`],
        { env: { ...process.env, TMPDIR: staging, AWS_EXECUTION_ENV: "AWS_Lambda_nodejs20.x" } }
      )
      fs.renameSync(staging, dir)
    } catch (error) {
      fs.rmSync(staging, { recursive: true, force: true })
      // Another process finished first: use its copy.
      if (!fs.existsSync(executablePath)) throw error
    }
  }
  return { executablePath, libraries: path.join(dir, "al2023", "lib") }
}

/** A playwright-core Browser; close it when done. */
export async function launchBrowser() {
  const override = process.env.JOURNEYS_CHROMIUM
  const { executablePath, libraries } = override ? { executablePath: override } : await unpackSparticuz()
  const env = { ...process.env }
  if (libraries) env.LD_LIBRARY_PATH = [libraries, process.env.LD_LIBRARY_PATH].filter(Boolean).join(":")
  return chromium.launch({ executablePath, headless: true, args: ARGS, env })
}
