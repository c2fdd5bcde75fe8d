import { JOURNEY_MODULE, type JourneyModuleService } from "../../src/modules/journey"
import { adminBrowserSuite } from "./harness"

adminBrowserSuite((admin) => {
  it("opens Journeys from the sidebar and shows the plugin's counters", async () => {
    const page = await admin.login()
    // Two journeys through the logged-in session, so that the counters have something to count.
    for (const name of ["Welcome", "Win-back"]) {
      expect((await page.request.post("/admin/journeys", { data: { name } })).status()).toBe(201)
    }
    const { counts } = await (await page.request.get("/admin/journeys/status")).json()
    expect(counts.journeys).toBe(2)

    await page.getByRole("link", { name: "Journeys", exact: true }).click()
    await page.waitForURL("/app/journeys")
    await page.getByRole("heading", { level: 1, name: "Journeys" }).waitFor()

    // The counters show "…" until the status route answers, then its numbers in this order.
    const counters = page.getByTestId("journeys-counts").getByRole("heading", { level: 2 })
    await counters.first().filter({ hasText: /^\d+$/ }).waitFor()
    expect(await counters.allTextContents()).toEqual(
      [
        counts.journeys,
        counts.enrollments.active,
        counts.enrollments.waiting,
        counts.messages.queued,
        counts.messages.failed,
      ].map(String)
    )
    await admin.screenshot("journeys")
  })

  it("imports a journey file, refuses a file that is not one, duplicates a journey and explains a refused delete", async () => {
    const page = await admin.login()
    const definition = {
      schema_version: 1,
      trigger: { type: "customer_created" },
      settings: { reentry: "once", timezone: "UTC" },
      entry_node: "wait",
      nodes: [{ id: "wait", type: "wait", duration: "P1D" }, { id: "end", type: "exit" }],
      edges: [{ from: "wait", port: "next", to: "end" }],
    }
    const created = await (await page.request.post("/admin/journeys", { data: { name: "Welcome", definition } })).json()
    const id = created.journey.id as string
    const exported = await (await page.request.get(`/admin/journeys/${id}/export`)).json()

    await page.goto("/app/journeys")
    const file = page.getByTestId("import-journey-file")
    await file.setInputFiles({ name: "notes.json", mimeType: "application/json", buffer: Buffer.from("not json at all") })
    await page.getByText("This file is not JSON").waitFor()
    await file.setInputFiles({ name: "other.json", mimeType: "application/json", buffer: Buffer.from('{"format":"csv"}') })
    await page.getByText("This file is not a journey export").waitFor()
    await admin.screenshot("refused-file")

    const document = { ...exported, journey: { ...exported.journey, name: "Imported welcome" } }
    await file.setInputFiles({ name: "welcome.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(document)) })
    await page.waitForURL(/\/app\/journeys\/jrny_/)
    await page.getByTestId("journey-name").filter({ hasText: "Imported welcome" }).waitFor()
    await page.getByTestId("node-wait").waitFor()

    // Duplicate from the row's menu.
    await page.goto("/app/journeys")
    const row = (name: string) => page.getByRole("row").filter({ has: page.getByText(name, { exact: true }) })
    await row("Welcome").getByRole("button").click()
    await page.getByRole("menuitem", { name: "Duplicate" }).click()
    await row("Copy of Welcome").waitFor()

    // A journey with a customer inside is not deleted: the server's reason is shown.
    const journeys = admin.medusa.getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
    expect((await page.request.post(`/admin/journeys/${id}/publish`, { data: {} })).status()).toBe(200)
    const [version] = await journeys.listJourneyVersions({ journey_id: id, status: "published" })
    await journeys.createEnrollments({
      journey_id: id,
      version_id: version.id,
      email: "ada@example.com",
      status: "waiting",
      wake_at: new Date(Date.now() + 86_400_000),
      context: {},
      trigger_key: "browser-test",
      entered_at: new Date(),
    })
    admin.allowErrors(/status of 409/)
    await row("Welcome").getByRole("button").click()
    await page.getByRole("menuitem", { name: "Delete" }).click()
    await page.getByRole("button", { name: "Delete" }).click()
    await page.getByText("The journey was not deleted").waitFor()
    await admin.screenshot("delete-refused")
    expect((await page.request.get(`/admin/journeys/${id}`)).status()).toBe(200)

    // Without customers inside, it goes.
    await row("Copy of Welcome").getByRole("button").click()
    await page.getByRole("menuitem", { name: "Delete" }).click()
    await page.getByRole("button", { name: "Delete" }).click()
    await row("Copy of Welcome").waitFor({ state: "detached" })
  })
})
