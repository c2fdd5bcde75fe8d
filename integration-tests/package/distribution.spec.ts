/**
 * What users get, in one file because both build into .medusa/server:
 * - npm users: build the plugin, pack it, install the tarball into a fresh Medusa store in a
 *   temp folder (demo/medusa-config.ts, which registers the plugin by package name), migrate,
 *   boot, call a plugin route — and check that bad plugin options stop the boot;
 * - `npm run demo`: a store with the admin, seeded, whose journeys move under the shopper
 *   simulator within 90 s (and stay still with --no-shoppers), stopped by Ctrl-C, its data kept.
 */
import { execFileSync, spawn } from "child_process"
import fs from "fs"
import os from "os"
import path from "path"
import { JOURNEY_GUARDS_SQL, JOURNEY_TABLES, JOURNEY_TABLES_SQL } from "../helpers/schema"

jest.setTimeout(10 * 60_000)

const root = path.resolve(__dirname, "..", "..")
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"))
const dbName = `journeys_packed_${process.pid}`
const email = "admin@packed.test"
const password = "packed-secret"

// eslint-disable-next-line @typescript-eslint/no-var-requires
const store = require("../../scripts/medusa-store.js")
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { buildPluginIfChanged } = require("../../scripts/plugin-build.js")
let host: string

function run(command: string, args: string[], cwd: string) {
  return execFileSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, MEDUSA_DISABLE_TELEMETRY: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  })
}

/**
 * A GET that survives the server closing an idle keep-alive connection just as fetch reuses it:
 * undici does not retry, and on a loaded machine (the admin's first build running) the server's
 * 5 s keep-alive can end before the client's own timer does — CI failed once on that ECONNRESET.
 */
async function get(url: string, headers: Record<string, string> = {}): Promise<Response> {
  try {
    return await fetch(url, { headers })
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code
    if (code !== "ECONNRESET" && code !== "UND_ERR_SOCKET") throw error
    return fetch(url, { headers })
  }
}

beforeAll(async () => {
  host = fs.mkdtempSync(path.join(os.tmpdir(), "journeys-host-"))

  // The build the demo below then finds up to date, as it would after `npm run build`.
  await buildPluginIfChanged()
  const tarball = run("npm", ["pack", "--silent", "--pack-destination", host], root).trim().split("\n").pop()!

  const version = (name: string) => manifest.devDependencies[name]
  fs.writeFileSync(
    path.join(host, "package.json"),
    JSON.stringify({
      name: "host-store",
      private: true,
      dependencies: {
        "@medusajs/admin-sdk": version("@medusajs/admin-sdk"),
        "@medusajs/cli": version("@medusajs/cli"),
        "@medusajs/framework": version("@medusajs/framework"),
        "@medusajs/medusa": version("@medusajs/medusa"),
        "medusa-plugin-journeys": `file:./${tarball}`,
      },
      devDependencies: {
        "@swc/core": version("@swc/core"),
        react: version("react"),
        "react-dom": version("react-dom"),
        "ts-node": version("ts-node"),
        typescript: version("typescript"),
        yalc: version("yalc"),
      },
    })
  )
  for (const file of ["medusa-config.ts", "redis-modules.ts", "tsconfig.json"]) {
    fs.copyFileSync(path.join(root, "demo", file), path.join(host, file))
  }
  // The store's node_modules starts as hard links to this repository's install (the same Medusa
  // versions): a cold install of ~780 MB took a minute. npm then prunes whatever the store does
  // not declare, so a runtime dependency missing from the tarball's package.json still fails
  // here. Its hidden lockfile is npm's to rewrite: unlinked first, so ours is left alone.
  run("cp", ["-al", path.join(root, "node_modules"), path.join(host, "node_modules")], host)
  fs.rmSync(path.join(host, "node_modules", ".package-lock.json"))
  run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], host)
  await store.createDatabaseIfMissing(dbName)
})

afterAll(async () => {
  await store.dropDatabase(dbName).catch(() => undefined)
  if (host) fs.rmSync(host, { recursive: true, force: true })
})

const env = () => ({ DATABASE_URL: store.databaseUrl(dbName), DISABLE_ADMIN: "true", NODE_ENV: "production" })

describe("the packed tarball in a fresh store", () => {
it("installs from the tarball as a package, not as source", () => {
  const installed = path.join(host, "node_modules", "medusa-plugin-journeys")
  expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false)
  expect(fs.existsSync(path.join(installed, ".medusa/server/src/modules/journey/index.js"))).toBe(true)
  expect(fs.existsSync(path.join(installed, ".medusa/server/src/admin/index.mjs"))).toBe(true)
  expect(fs.existsSync(path.join(installed, "src"))).toBe(false)
})

it("gives journeys-as-code users the engine, with its types", () => {
  const script = `
    const { journey, event, email, validateDefinition } = require("medusa-plugin-journeys/engine")
    const { definition } = journey("J+15").trigger(event("order.placed")).wait("P15D").send(email("review")).build()
    process.stdout.write(JSON.stringify(validateDefinition(definition)))`
  expect(JSON.parse(run("node", ["-e", script], host))).toEqual({ valid: true, errors: [], definition: expect.any(Object) })
  const types = path.join(host, "node_modules/medusa-plugin-journeys/.medusa/server/src/engine/index.d.ts")
  expect(fs.readFileSync(types, "utf8")).toMatch(/export \* from "\.\/builder"/)
})

it("exports its public entry points and none of its internals", () => {
  const script = `
    const { verifyWebhookSignature } = require("medusa-plugin-journeys/webhooks/signature")
    let internal
    try { require("medusa-plugin-journeys/api/middlewares"); internal = "exported" } catch (error) { internal = error.code }
    process.stdout.write(JSON.stringify({ verify: typeof verifyWebhookSignature, internal }))`
  expect(JSON.parse(run("node", ["-e", script], host))).toEqual({ verify: "function", internal: "ERR_PACKAGE_PATH_NOT_EXPORTED" })
  const types = path.join(host, "node_modules/medusa-plugin-journeys/.medusa/server/src/webhooks/signature.d.ts")
  expect(fs.readFileSync(types, "utf8")).toMatch(/verifyWebhookSignature/)
})

it("migrates, boots and serves the plugin's admin route", async () => {
  const migrate = await store.runMedusa(host, ["db:migrate"], { env: env() })
  expect(migrate.code).toBe(0)
  const tables = await store.queryDatabase(dbName, JOURNEY_TABLES_SQL)
  expect(tables.map((t: { table_name: string }) => t.table_name)).toEqual(JOURNEY_TABLES)
  expect(await store.queryDatabase(dbName, JOURNEY_GUARDS_SQL)).toHaveLength(2)
  const user = await store.runMedusa(host, ["user", "-e", email, "-p", password], { env: env() })
  expect(user.code).toBe(0)

  const port = await store.freePort()
  // A plain-http public_url boots, with a warning in the log.
  const options = JSON.stringify({ public_url: "http://api.shop.example" })
  const server = store.startMedusa(host, "start", { port, env: { ...env(), JOURNEYS_OPTIONS: options, LOG_LEVEL: "warn" } })
  try {
    await server.ready
    // Production logs are JSON lines: the quotes arrive escaped.
    expect(server.output()).toMatch(/public_url \\?"http:\/\/api\.shop\.example\\?" is not https/)
    const base = `http://localhost:${port}`
    expect((await get(`${base}/admin/journeys/status`)).status).toBe(401)

    const login = await fetch(`${base}/auth/user/emailpass`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    })
    expect(login.status).toBe(200)
    const { token } = await login.json()
    const status = await get(`${base}/admin/journeys/status`, { authorization: `Bearer ${token}` })
    expect(status.status).toBe(200)
    expect(await status.json()).toMatchObject({
      options: { consent: "opt_in", secret: "set", storefront_url: "http://localhost:8000", public_url: "http://api.shop.example" },
      counts: { journeys: 0 },
    })
  } finally {
    await server.stop()
  }
})

it("refuses to boot with a bad plugin option, naming it", async () => {
  const port = await store.freePort()
  const server = store.startMedusa(host, "start", {
    port,
    env: { ...env(), JOURNEYS_OPTIONS: JSON.stringify({ consent: "sometimes" }) },
    timeoutMs: 120_000,
  })
  const failure = await server.ready.then(
    () => null,
    (error: { exitCode?: number; output?: string }) => error
  )
  await server.stop()
  expect(failure?.exitCode).toBeGreaterThan(0)
  expect(failure?.output).toMatch(/invalid plugin options: option "consent"/)
})
})

describe("npm run demo", () => {
  const dataDir = path.join(os.tmpdir(), `journeys-demo-test-${process.pid}`)
  // The demo starts its own embedded PostgreSQL: hide the test run's database from it.
  const demoEnv = () => {
    const { DB_HOST, DB_PORT, DB_USERNAME, DB_PASSWORD, DATABASE_URL, ...rest } = process.env
    return rest
  }

  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

  async function runDemo(args: string[], check: (base: string, token: string, output: () => string) => Promise<void>) {
    const port = await store.freePort()
    const demo = spawn("node", [path.join(root, "demo", "run.mjs"), ...args], {
      cwd: root,
      env: { ...demoEnv(), PORT: String(port), JOURNEYS_DEMO_DATA_DIR: dataDir, LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    })
    let output = ""
    demo.stdout.on("data", (chunk) => (output += chunk))
    demo.stderr.on("data", (chunk) => (output += chunk))
    const exited = new Promise<number | null>((resolve) => demo.on("exit", (code) => resolve(code)))
    try {
      const deadline = Date.now() + 5 * 60_000
      while (!/Password: \S+/.test(output)) {
        if (demo.exitCode !== null) throw new Error(`the demo exited early:\n${output}`)
        if (Date.now() > deadline) throw new Error(`the demo did not start:\n${output}`)
        await new Promise((r) => setTimeout(r, 500))
      }
      const base = `http://localhost:${port}`
      expect(output).toContain(`Admin:    ${base}/app`)
      const email = output.match(/Email: +(\S+)/)![1]
      const password = output.match(/Password: +(\S+)/)![1]

      const login = await get(`${base}/app/login`)
      expect(login.status).toBe(200)
      expect(await login.text()).toMatch(/<div id="medusa"|<script type="module"/)

      const auth = await fetch(`${base}/auth/user/emailpass`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password }),
      })
      expect(auth.status).toBe(200)
      await check(base, (await auth.json()).token, () => output)
    } catch (error) {
      // What the demo printed is the only clue to a failure on CI.
      throw new Error(`${(error as Error).stack}\n${(error as { cause?: unknown }).cause ?? ""}\n--- the demo printed ---\n${output.slice(-30_000)}`)
    } finally {
      demo.kill("SIGINT") // what Ctrl-C sends
    }
    expect(await exited).toBe(0)
    expect(await fetch(`http://localhost:${port}/health`).then(() => "up", () => "down")).toBe("down")
    const leftovers = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })
      .split("\n")
      .filter((line) => line.includes(dataDir) || line.includes(`--port ${port}`))
    expect(leftovers).toEqual([])
    return output
  }

  const admin = async (base: string, token: string, url: string) => {
    const response = await get(`${base}/admin/${url}`, { authorization: `Bearer ${token}` })
    expect(response.status).toBe(200)
    return response.json()
  }
  const count = async (base: string, token: string, resource: string) =>
    (await admin(base, token, `${resource}?limit=1`)).count as number
  // What the simulator printed, colours removed: one line per action.
  const shopperLines = (output: string) =>
    output.replace(/\x1b\[\d+m/g, "").split("\n").filter((line) => line.startsWith("[shoppers] "))
  const DEMO_JOURNEYS = ["Abandoned cart (demo timing: minutes)", "Post-purchase J+15", "Welcome series"]

  type Moving = { live: string[]; enrolled: number; messages: number; actions: string[] }
  /** What the merchant would see move: live journeys, enrollments, messages queued or sent, shoppers' actions. */
  async function moving(base: string, token: string, output: string): Promise<Moving> {
    const { journeys } = await admin(base, token, "journeys?limit=100")
    const { counts } = await admin(base, token, "journeys/status")
    let messages = counts.messages.queued as number
    for (const journey of journeys) {
      const { stats } = await admin(base, token, `journeys/${journey.id}/stats`)
      for (const node of Object.values(stats.nodes) as { messages: Record<string, number> }[]) {
        messages += node.messages.sending + node.messages.sent + node.messages.delivered
      }
    }
    return {
      live: journeys.filter((journey: { status: string }) => journey.status === "live").map((journey: { name: string }) => journey.name).sort(),
      enrolled: counts.enrollments.active + counts.enrollments.waiting,
      messages,
      actions: shopperLines(output),
    }
  }

  it("serves the admin with the plugin, seeded, moving within 90 s, and stops everything on Ctrl-C", async () => {
    await runDemo([], async (base, token, output) => {
      expect(await count(base, token, "products")).toBe(3)
      expect(await count(base, token, "customers")).toBeGreaterThanOrEqual(40)
      expect(await count(base, token, "orders")).toBeGreaterThanOrEqual(24)

      // From the moment the demo says it is up: journeys live, customers in them, email on its way.
      const deadline = Date.now() + 90_000
      let seen = await moving(base, token, output())
      while (!(seen.enrolled > 0 && seen.messages > 0 && seen.actions.length >= 3) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 2_000))
        seen = await moving(base, token, output())
      }
      expect(seen.live).toEqual(DEMO_JOURNEYS)
      expect(seen.enrolled).toBeGreaterThan(0)
      expect(seen.messages).toBeGreaterThan(0)
      expect(seen.actions.length).toBeGreaterThanOrEqual(3)
      expect(seen.actions.join("\n")).toMatch(/signed up|abandoned a cart|placed order/)
    })
  })

  it("keeps its data between runs and its plugin build while no source changed; --no-shoppers leaves the store still", async () => {
    const output = await runDemo(["--no-shoppers"], async (base, token) => {
      expect(await count(base, token, "products")).toBe(3)
      // Published once, on the first run: not installed again.
      expect((await admin(base, token, "journeys?limit=100")).count).toBe(DEMO_JOURNEYS.length)
      // The simulator would have acted within a second or two.
      await new Promise((resolve) => setTimeout(resolve, 8_000))
    })
    expect(output).toContain("the plugin build is up to date")
    expect(output).toContain("Shoppers: off (--no-shoppers)")
    expect(shopperLines(output)).toEqual([])
  })
})
