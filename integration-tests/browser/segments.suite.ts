/** Issue 17: segments in the admin — a rule built with a live count, its members, their export, a journey starting on it. */
import type { Locator, Page } from "playwright-core"
import type { AdminBrowser } from "./harness"
import { eventually } from "./helpers"

type Customer = { email: string; first_name: string; tier: string; country: string }

const CUSTOMERS: Customer[] = [
  { email: "ana.segment@example.com", first_name: "Ana", tier: "gold", country: "fr" },
  { email: "bruno.segment@example.com", first_name: "Bruno", tier: "gold", country: "de" },
  { email: "chloe.segment@example.com", first_name: "Chloé", tier: "silver", country: "fr" },
  { email: "dora.segment@example.com", first_name: "Dora", tier: "gold", country: "fr" },
]

export default function segmentsSuite(admin: AdminBrowser) {
  it("builds a segment with a live count, lists and exports its members, starts a journey on it and refuses to delete it then", async () => {
    const page = await admin.login()
    for (const { email, first_name, tier, country } of CUSTOMERS) {
      const created = await page.request.post("/admin/customers", { data: { email, first_name, last_name: "Segment", metadata: { tier } } })
      expect(created.status()).toBe(200)
      const { id } = (await created.json()).customer
      expect((await page.request.post(`/admin/customers/${id}/addresses`, { data: { country_code: country, city: "Somewhere" } })).status()).toBe(200)
    }

    await page.goto("/app/journeys")
    await page.getByRole("link", { name: "Segments", exact: true }).click()
    await page.waitForURL("/app/journeys/segments")
    await page.getByTestId("segments-page").getByText("No segments yet").waitFor()
    await page.getByTestId("create-segment").click()
    await page.waitForURL("/app/journeys/segments/new")
    await page.getByTestId("segment-name").fill("French gold customers")
    await page.getByTestId("segment-description").fill("Gold tier, shipping to France")

    // A first condition: the gold tier, from the customer's metadata.
    const live = page.getByTestId("segment-live")
    const first = page.getByTestId("rule-condition").first()
    await first.getByTestId("rule-field").fill("customer.metadata.tier")
    await first.getByTestId("rule-value").fill("gold")
    await countIs(live, 3)

    // A second condition still empty: the server's problems show on it, the count waits.
    await page.locator('[data-testid="rule-add-condition"][data-group=""]').click()
    const second = page.locator('[data-testid="rule-condition"][data-path="all[1]"]')
    await second.getByTestId("rule-field-problems").waitFor()
    await live.getByTestId("segment-invalid").waitFor()
    expect(await page.locator('[data-testid="rule-condition"][data-path="all[0]"]').getByTestId("rule-field-problems").count()).toBe(0)
    expect(await page.getByTestId("segment-save").isDisabled()).toBe(true)
    await second.scrollIntoViewIfNeeded()
    await admin.screenshot("incomplete")

    // Filled in from the suggestions: France.
    await second.getByTestId("rule-field").fill("country")
    await page.locator('[data-testid="rule-field-option"][data-value="address.country_code"]').click()
    await second.getByTestId("rule-value").fill("fr")
    await countIs(live, 2)
    await second.getByTestId("rule-field-problems").waitFor({ state: "detached" })
    expect((await live.getByTestId("segment-sample-customer").allTextContents()).sort()).toEqual([
      "Ana Segment · ana.segment@example.com",
      "Dora Segment · dora.segment@example.com",
    ])
    expect(Number((await live.getByTestId("segment-elapsed").textContent())!.replace(/\D/g, ""))).toBeGreaterThanOrEqual(0)

    // An event condition: nobody has ordered, so nobody matches; removed again.
    await page.locator('[data-testid="rule-add-event"][data-group=""]').click()
    const event = page.getByTestId("rule-event")
    await event.getByTestId("rule-event-name").fill("order.placed")
    await event.getByTestId("rule-event-at-least").fill("2")
    await event.getByTestId("rule-event-within-days").fill("30")
    await countIs(live, 0)
    await event.scrollIntoViewIfNeeded()
    await admin.screenshot("event-condition")
    await event.getByTestId("rule-remove-condition").click()
    await countIs(live, 2)
    await expectNoSidewaysScroll(page)
    await admin.screenshot("built")

    await page.getByTestId("segment-save").click()
    await page.waitForURL(/\/app\/journeys\/segments\/(?!new)[^/]+$/)
    const segmentId = page.url().split("/").pop()!
    const saved = (await (await page.request.get(`/admin/journeys/segments/${segmentId}`)).json()).segment
    expect(saved).toMatchObject({
      name: "French gold customers",
      description: "Gold tier, shipping to France",
      rule: {
        all: [
          { field: "customer.metadata.tier", op: "eq", value: "gold" },
          { field: "address.country_code", op: "eq", value: "fr" },
        ],
      },
    })

    // Its members, and the same as CSV.
    const members = page.getByTestId("segment-members")
    await members.getByRole("row").filter({ hasText: "ana.segment@example.com" }).waitFor()
    expect(await members.getByRole("row").filter({ hasText: "dora.segment@example.com" }).count()).toBe(1)
    expect(await members.getByRole("row").filter({ hasText: "bruno.segment@example.com" }).count()).toBe(0)
    const exported = await page.request.get((await members.getByTestId("segment-export").getAttribute("href"))!)
    expect(exported.status()).toBe(200)
    expect(exported.headers()["content-type"]).toMatch(/text\/csv/)
    const csv = await exported.text()
    expect(csv).toContain("ana.segment@example.com")
    expect(csv).toContain("dora.segment@example.com")
    expect(csv).not.toContain("bruno.segment@example.com")
    await page.getByTestId("segment-editor").getByRole("heading", { level: 1, name: "French gold customers" }).waitFor()
    await members.scrollIntoViewIfNeeded()
    await admin.screenshot("members")

    // A journey's segment trigger picks it by name.
    const journey = (await (await page.request.post("/admin/journeys", { data: { name: "Welcome to gold" } })).json()).journey.id as string
    await page.goto(`/app/journeys/${journey}`)
    await page.getByTestId("trigger-node").click()
    await page.getByTestId("field-trigger-type").click()
    await page.getByTestId("trigger-type-segment").click()
    await page.getByTestId("field-segment-id").click()
    await page.getByTestId(`segment-option-${segmentId}`).click()
    await page.getByTestId("field-segment-id").filter({ hasText: "French gold customers" }).waitFor()
    expect(await page.getByTestId("open-segment").getAttribute("href")).toBe(`/app/journeys/segments/${segmentId}`)
    await page.getByTestId("save-draft").click()
    await page.getByTestId("trigger-node").filter({ hasText: "Segment French gold customers" }).waitFor()
    const picked = await eventually(
      async () => (await (await page.request.get(`/admin/journeys/${journey}`)).json()).journey.draft?.definition?.trigger,
      (trigger) => trigger?.segment_id === segmentId
    )
    expect(picked).toEqual({ type: "segment", segment_id: segmentId })
    await admin.screenshot("trigger")

    // Live on it, the segment cannot go: the list says why.
    const definition = {
      schema_version: 1,
      trigger: { type: "segment", segment_id: segmentId },
      settings: { reentry: "once", timezone: "UTC" },
      entry_node: "done",
      nodes: [{ id: "done", type: "exit" }],
      edges: [],
    }
    const live_journey = (await (await page.request.post("/admin/journeys", { data: { name: "Gold live", definition } })).json()).journey.id
    expect((await page.request.post(`/admin/journeys/${live_journey}/publish`, { data: {} })).status()).toBe(200)
    admin.allowErrors(/status of 409/)
    await page.goto("/app/journeys/segments")
    const row = page.getByRole("row").filter({ hasText: "French gold customers" })
    await row.filter({ hasText: 'customer.metadata.tier equals "gold" and address.country_code equals "fr"' }).waitFor()
    await expectNoSidewaysScroll(page)
    await admin.screenshot("list")
    await row.getByRole("button").click()
    await page.getByRole("menuitem", { name: "Delete" }).click()
    await page.getByRole("button", { name: "Delete" }).click()
    await page.getByText("The segment was not deleted").waitFor()
    await page.getByText(/starts the live journey\(s\) .*Gold live/).waitFor()
    await page.waitForTimeout(300) // the toast's slide-in, for the screenshot
    await admin.screenshot("delete-refused")
    expect((await page.request.get(`/admin/journeys/segments/${segmentId}`)).status()).toBe(200)
  })
}

/** The live count shows `count` customers. */
async function countIs(live: Locator, count: number) {
  await live.locator(`[data-testid="segment-count"][data-count="${count}"]`).waitFor({ timeout: 10_000 })
}

/** Nothing on the page hides behind a sideways scroll (text cut with an ellipsis is meant to be). */
async function expectNoSidewaysScroll(page: Page) {
  const scrolling = await page.evaluate(() =>
    [document.documentElement, ...document.querySelectorAll("main *")]
      .filter((element) => element.scrollWidth > element.clientWidth + 1)
      .filter((element) => element === document.documentElement || ["auto", "scroll"].includes(getComputedStyle(element).overflowX))
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`)
  )
  expect(scrolling).toEqual([])
}
