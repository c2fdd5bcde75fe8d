/** Issue 16: test mode from the journey editor. */
import { dispatchOutboxWorkflow } from "../../src/workflows"
import type { AdminBrowser } from "./harness"
import { expectText } from "./helpers"

export default function testModeSuite(admin: AdminBrowser) {
  it("tests the draft from the editor for two customers, fast-forwards their waits, follows them on the canvas and opens a timeline", async () => {
    const page = await admin.login()
    const customers: Record<string, string> = {}
    for (const [email, first_name] of [["tess.test@example.com", "Tess"], ["theo.test@example.com", "Theo"]]) {
      const created = await page.request.post("/admin/customers", { data: { email, first_name } })
      customers[first_name] = (await created.json()).customer.id
    }
    const template = await page.request.post("/admin/message-templates", {
      data: { handle: "test-hello", name: "Test hello", channel: "email", status: "published", subject: "Hello", html: "<p>Hello</p>" },
    })
    const definition = {
      schema_version: 1,
      trigger: { type: "customer_created" },
      settings: { reentry: "once", timezone: "UTC" },
      entry_node: "pause",
      nodes: [
        { id: "pause", type: "wait", duration: "P1D" },
        { id: "hello", type: "send", channel: "email", template_id: (await template.json()).message_template.id },
        { id: "later", type: "wait", duration: "P1W" },
        { id: "done", type: "exit" },
      ],
      edges: [
        { from: "pause", port: "next", to: "hello" },
        { from: "hello", port: "next", to: "later" },
        { from: "later", port: "next", to: "done" },
      ],
    }
    // A draft only: never published, so the customers created above did not enter it.
    const created = await page.request.post("/admin/journeys", { data: { name: "Test drive", definition } })
    const id = (await created.json()).journey.id as string

    await page.goto(`/app/journeys/${id}`)
    await page.locator(".react-flow__node").first().waitFor()
    await page.getByTestId("open-test").click()
    const drawer = page.getByTestId("test-drawer")
    await drawer.getByTestId("test-empty").waitFor()

    // Two customers found by search; the draft is the only version there is.
    const search = drawer.getByTestId("test-customer-search")
    await search.fill("tess")
    await drawer.getByTestId(`test-customer-option-${customers.Tess}`).click()
    await search.fill("theo")
    await drawer.getByTestId(`test-customer-option-${customers.Theo}`).click()
    await drawer.getByTestId(`test-chosen-${customers.Theo}-selected`).waitFor()
    expect(await drawer.getByTestId("test-chosen").getByText(/test@example\.com/).count()).toBe(2)
    expect(await drawer.getByTestId("test-version-draft").getAttribute("data-state")).toBe("checked")
    expect(await drawer.getByTestId("test-version-live").isDisabled()).toBe(true)
    await admin.screenshot("chosen")

    await drawer.getByTestId("test-start").click()
    await page.getByText("Test started for 2 customers").waitFor()
    const rows = drawer.getByTestId("test-enrollment")
    const row = (email: string) => rows.filter({ hasText: email })
    for (const email of ["tess.test@example.com", "theo.test@example.com"]) {
      await expectText(row(email), /Waiting/)
      await expectText(row(email), /Wait · pause/)
    }
    // The drawer is not modal: the canvas beside it counts the test customers at each step.
    await page.locator('[data-testid="node-test-pause"][data-count="2"]').waitFor()
    const badge = (await page.getByTestId("node-test-pause").boundingBox())!
    expect(badge.x + badge.width).toBeLessThan((await drawer.boundingBox())!.x)
    expect(await page.getByTestId("test-chosen").count()).toBe(0)
    await admin.screenshot("started")

    // A day later: the email goes out and both wait a week at "later".
    await drawer.getByTestId("test-forward-P1D").click()
    await page.locator('[data-testid="node-test-later"][data-count="2"]').waitFor()
    expect(await page.getByTestId("node-test-pause").count()).toBe(0)
    await expectText(row("tess.test@example.com"), /Wait · later/)
    await dispatchOutboxWorkflow(admin.medusa.getContainer()).run({ input: { now: new Date().toISOString() } })
    await admin.screenshot("a-day-later")

    // To the next wake: the week is over, both reach the end.
    await drawer.getByTestId("test-forward-next").click()
    for (const email of ["tess.test@example.com", "theo.test@example.com"]) await expectText(row(email), /Completed/)
    await page.getByTestId("node-test-later").waitFor({ state: "detached" })
    await admin.screenshot("completed")

    // Tess's timeline, from her row: the email she got.
    await row("tess.test@example.com").click()
    const timeline = page.getByTestId("enrollment-drawer")
    await expectText(timeline.getByTestId("enrollment-customer"), /tess\.test@example\.com/)
    const queued = timeline.locator('[data-testid="timeline-entry"][data-type="message_queued"]')
    await expectText(queued, /Template Test hello/)
    await timeline.locator('[data-testid="timeline-entry"][data-type="message_sent"]').waitFor()
    await timeline.locator('[data-testid="timeline-entry"][data-type="completed"]').waitFor()
    await page.waitForTimeout(300) // the drawer's slide-in, for the screenshot
    await admin.screenshot("timeline")
    await page.keyboard.press("Escape")
    await timeline.waitFor({ state: "detached" })
    await drawer.waitFor()
  })
}
