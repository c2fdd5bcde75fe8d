/**
 * Browser tests of the plugin's admin pages. Each spec file gets:
 * - this repository's app (medusa-config.ts, the plugin's source) booted by Medusa's test
 *   runner on a database of its own, with an admin user;
 * - the production admin build of admin-build.mjs (the dashboard with the plugin's extensions
 *   bundled as a store gets them), served at /app by Medusa's own production handler on a local
 *   origin that passes every other path to the app. The runner disables the admin, and a
 *   build cannot know the runner's port: one origin keeps backendUrl "/" and the session cookie;
 * - headless Chromium from scripts/browser.mjs, a fresh context per test, and a failure for
 *   any console error or uncaught exception the page reports.
 */
import { medusaIntegrationTestRunner, type MedusaSuiteOptions } from "@medusajs/test-utils"
import fs from "node:fs"
import path from "node:path"
import { pathToFileURL } from "node:url"
import type { Browser, BrowserContext, Page } from "playwright-core"
import { adminSession } from "../helpers/admin-session"
import { startFront } from "./front"

const root = path.resolve(__dirname, "..", "..")
const ARTIFACTS = path.join(__dirname, "artifacts")
const ADMIN = { email: "admin@journeys.test", password: "browser-secret" }

/** ESM modules, loaded through import() (kept as is by the jest transform). */
const load = (file: string) => import(pathToFileURL(path.join(root, file)).href)

export type AdminBrowser = {
  /** Medusa's test runner: api, getContainer, … */
  medusa: MedusaSuiteOptions
  /**
   * The page of the current test, in a fresh browser context whose baseURL is the app's
   * origin: page.goto("/app/journeys"), page.request.post("/admin/journeys", …) with its session.
   */
  page: () => Page
  /** Logs in through the dashboard's login form; resolves on the first page after it. */
  login: () => Promise<Page>
  /** Writes artifacts/<test>/<step>.png. */
  screenshot: (step: string) => Promise<string>
  /**
   * Lets this test's page log errors matching `pattern`: Chromium logs every answer of 400 and
   * above as a console error, so a test of a refusal (a 409) declares the one it provokes.
   */
  allowErrors: (pattern: RegExp) => void
}

const slug = (text: string) =>
  text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 80)
const testFolder = () => path.join(ARTIFACTS, slug(expect.getState().currentTestName ?? "test"))
/** artifacts/<test>/<step>.png, its folder created. */
function artifact(step: string) {
  fs.mkdirSync(testFolder(), { recursive: true })
  return path.join(testFolder(), `${slug(step)}.png`)
}

/** Declares a spec file's tests; `suite` registers them with `it`, using the helpers given. */
export function adminBrowserSuite(suite: (admin: AdminBrowser) => void) {
  jest.setTimeout(120_000)
  let building: Promise<string>
  let front: Awaited<ReturnType<typeof startFront>> | undefined
  let browser: Browser | undefined
  let context: BrowserContext | undefined
  let page: Page | undefined
  let errors: string[] = []
  let allowed: RegExp[] = []
  let origin = ""

  // The admin build (up to a minute when not cached) runs while the runner boots the app.
  beforeAll(() => {
    building = load("integration-tests/browser/admin-build.mjs").then((m) => m.adminBuild())
    building.catch(() => undefined) // reported by the beforeAll that awaits it
  })

  medusaIntegrationTestRunner({
    testSuite: (medusa) => {
      beforeAll(async () => {
        const backendPort = Number(new URL(medusa.api.defaults.baseURL).port)
        front = await startFront(await building, backendPort)
        origin = front.origin
        browser = await (await load("scripts/browser.mjs")).launchBrowser()
        // Before the runner's first snapshot, so every test starts with this user.
        await adminSession(medusa.api, medusa.getContainer(), ADMIN.email, ADMIN.password)
      }, 300_000)

      afterAll(async () => {
        await browser?.close()
        await front?.close()
      })

      beforeEach(async () => {
        fs.rmSync(testFolder(), { recursive: true, force: true })
        errors = []
        allowed = []
        context = await browser!.newContext({ baseURL: origin, viewport: { width: 1280, height: 800 } })
        context.on("console", (message) => {
          if (message.type() === "error") errors.push(`console: ${message.text()} (${message.location().url})`)
        })
        context.on("weberror", (error) => errors.push(`uncaught: ${error.error().stack ?? error.error().message}`))
        page = await context.newPage()
      })

      afterEach(async () => {
        // The last state of every test, passed or failed, to look at.
        await page?.screenshot({ path: artifact("final"), timeout: 5_000 }).catch(() => undefined)
        await context?.close()
        errors = errors.filter((error) => !allowed.some((pattern) => pattern.test(error)))
        if (errors.length) throw new Error(`the page reported errors:\n${errors.join("\n")}`)
      })

      suite({
        medusa,
        page: () => page!,
        async login() {
          const current = page!
          await current.goto("/app")
          await current.locator('input[name="email"]').fill(ADMIN.email)
          await current.locator('input[name="password"]').fill(ADMIN.password)
          await current.locator('button[type="submit"]').click()
          // The login page's own URL (/app/login) matches /app too.
          await current.waitForURL((address) => !address.pathname.includes("login"))
          // Not a fault: logged out, the dashboard asks who is logged in before showing the
          // form, and Chromium reports the 401 as a console error.
          errors = errors.filter((error) => !/status of 401 .*\/admin\/users\/me\)$/.test(error))
          return current
        },
        allowErrors(pattern) {
          allowed.push(pattern)
        },
        async screenshot(step) {
          const file = artifact(step)
          await page!.screenshot({ path: file })
          return file
        },
      })
    },
  })
}
