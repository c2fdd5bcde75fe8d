// Host of a browser scenario (`bench/scenarios/<name>.browser.ts`), started by run.mjs with
// `node -r ts-node/register bench/browser.ts <name>`. A browser needs the app over HTTP, which
// `medusa exec` does not serve, and `medusa start` would serve the admin from the repository's
// .medusa/client, another test's folder. So this process boots the root app as the browser
// tests' runner does (test-utils' startApp, Medusa's own loaders, the admin disabled), serves
// the production admin build in front of it (integration-tests/browser/front.ts) and hands the
// scenario headless Chromium with an admin logged in.
import path from "node:path"
import { pathToFileURL } from "node:url"
import type { MedusaContainer } from "@medusajs/framework/types"
import { getConfigFile, Modules } from "@medusajs/framework/utils"
import { startApp } from "@medusajs/test-utils/dist/medusa-test-runner-utils"
import type { Browser, BrowserContext } from "playwright-core"
import { startFront } from "../integration-tests/browser/front"
import { log } from "./lib"

const root = path.resolve(__dirname, "..")
const ADMIN = { email: "admin@bench.test", password: "bench-secret" }

export type BrowserScenarioArgs = {
  container: MedusaContainer
  browser: Browser
  /** A fresh context on the admin's origin (baseURL), its session logged in; 1280×800. */
  newContext: () => Promise<BrowserContext>
}

/** ESM modules, loaded through import() (kept as is by ts-node's transform). */
const load = (file: string) => import(pathToFileURL(path.join(root, file)).href)

async function main(name: string) {
  const scenario: (args: BrowserScenarioArgs) => Promise<void> = require(`./scenarios/${name}.browser`).default
  const building: Promise<string> = load("integration-tests/browser/admin-build.mjs").then((m) => m.adminBuild({ log }))
  // The config module is cached: what is changed here is what the loaders read.
  const { configModule, error } = await getConfigFile<{ admin?: { disable?: boolean } }>(root, "medusa-config")
  if (!configModule) throw error
  Object.assign(configModule.admin ?? {}, { disable: true })
  const app = await startApp({ cwd: root })
  const front = await startFront(await building, app.port)
  const browser = await (await load("scripts/browser.mjs")).launchBrowser()
  try {
    const auth = app.container.resolve(Modules.AUTH)
    const { authIdentity, error: refused } = await auth.register("emailpass", { body: ADMIN } as never)
    if (!authIdentity) throw new Error(`could not register ${ADMIN.email}: ${refused}`)
    const user = await app.container.resolve(Modules.USER).createUsers({ email: ADMIN.email })
    await auth.updateAuthIdentities({ id: authIdentity.id, app_metadata: { user_id: user.id } })
    // Logged in as the dashboard does (a token, then a cookie session), once: later contexts start from it.
    const options = { baseURL: front.origin, viewport: { width: 1280, height: 800 } }
    const first = await browser.newContext(options)
    const { token } = await (await first.request.post("/auth/user/emailpass", { data: ADMIN })).json()
    await first.request.post("/auth/session", { headers: { authorization: `Bearer ${token}` } })
    const storageState = await first.storageState()
    await first.close()

    await scenario({ container: app.container, browser, newContext: () => browser.newContext({ ...options, storageState }) })
  } finally {
    await browser.close()
    await front.close()
    await app.shutdown()
  }
}

main(process.argv[2]).then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  }
)
