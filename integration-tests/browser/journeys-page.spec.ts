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
})
