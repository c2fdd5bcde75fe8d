/**
 * Issue 17: a segment journey from the admin — a segment built with a customer group picked by name,
 * a journey whose trigger reads it every day, published, and its read watched on the editor page.
 */
import { Modules } from "@medusajs/framework/utils"
import { readSegmentsWorkflow } from "../../src/workflows"
import type { AdminBrowser } from "./harness"
import { eventually } from "./helpers"

const DAY = 86_400_000

export default function segmentJourneySuite(admin: AdminBrowser) {
  it("builds a segment on a customer group, starts a daily journey on it and watches its read enter the members", async () => {
    const page = await admin.login()
    const container = admin.medusa.getContainer()
    // Gold customers, four of them in the VIP club (and a silver one there too): the segment is those four.
    const customers = container.resolve(Modules.CUSTOMER)
    const people = await customers.createCustomers([
      ...["ana", "bob", "cid", "dan", "eve"].map((name) => ({ email: `${name}.gold@example.com`, metadata: { tier: "gold" } })),
      { email: "sam.silver@example.com", metadata: { tier: "silver" } },
    ])
    const club = await customers.createCustomerGroups({ name: "VIP club" })
    await customers.addCustomerToGroup(
      people.filter((person) => !person.email!.startsWith("eve")).map((person) => ({ customer_id: person.id, customer_group_id: club.id }))
    )

    // The segment: gold tier, and in the VIP club, chosen by its name.
    await page.goto("/app/journeys/segments/new")
    await page.getByTestId("segment-name").fill("Gold VIPs")
    const first = page.getByTestId("rule-condition").first()
    await first.getByTestId("rule-field").fill("customer.metadata.tier")
    await first.getByTestId("rule-value").fill("gold")
    await page.locator('[data-testid="rule-add-condition"][data-group=""]').click()
    const second = page.locator('[data-testid="rule-condition"][data-path="all[1]"]')
    // Still empty, its field asks to be chosen, in a few words.
    await second.getByTestId("rule-field-problems").filter({ hasText: /^Choose a field$/ }).waitFor()
    await second.getByTestId("rule-field").fill("groups")
    await page.locator('[data-testid="rule-field-option"][data-value="customer.groups"]').click()
    await second.getByTestId("field-customer-group").click()
    await page.getByTestId(`customer-group-option-${club.id}`).click()
    await second.getByTestId("field-customer-group").filter({ hasText: "VIP club" }).waitFor()
    await page.getByTestId("segment-live").locator('[data-testid="segment-count"][data-count="4"]').waitFor({ timeout: 10_000 })
    await second.scrollIntoViewIfNeeded()
    await admin.screenshot("segment")
    await page.getByTestId("segment-save").click()
    await page.waitForURL(/\/app\/journeys\/segments\/(?!new)[^/]+$/)
    const segmentId = page.url().split("/").pop()!
    const { segment } = await (await page.request.get(`/admin/journeys/segments/${segmentId}`)).json()
    expect(segment.rule).toEqual({
      all: [
        { field: "customer.metadata.tier", op: "eq", value: "gold" },
        { field: "customer.groups", op: "contains", value: club.id },
      ],
    })

    // A journey whose trigger becomes the segment, read again every day at 08:00, one entry per email,
    // and whose condition comes to test that segment.
    const definition = {
      schema_version: 1,
      trigger: { type: "customer_created" },
      settings: { reentry: "once", timezone: "UTC" },
      entry_node: "check",
      nodes: [
        { id: "check", type: "condition", branches: [{ port: "members", where: { field: "customer.email", op: "exists" } }] },
        { id: "done", type: "exit" },
      ],
      edges: [
        { from: "check", port: "members", to: "done" },
        { from: "check", port: "else", to: "done" },
      ],
    }
    const id = (await (await page.request.post("/admin/journeys", { data: { name: "Gold VIP welcome", definition } })).json()).journey.id as string
    await page.goto(`/app/journeys/${id}`)
    await page.getByTestId("trigger-node").click()
    await page.getByTestId("field-trigger-type").click()
    await page.getByTestId("trigger-type-segment").click()
    await page.getByTestId("field-segment-id").click()
    await page.getByTestId(`segment-option-${segmentId}`).click()
    await page.getByTestId("repeat-repeat").click()
    await page.getByTestId("field-dedupe").click()
    const summary = page.getByTestId("node-summary-__trigger")
    await summary.filter({ hasText: "Segment Gold VIPs · Every day at 08:00 · one per email" }).waitFor()
    await page.getByTestId("panel-trigger").getByTestId("field-repeat-at").scrollIntoViewIfNeeded()
    await admin.screenshot("trigger-panel")

    // The condition: the customer is in the segment, picked by name; the canvas names it.
    await page.getByTestId("node-check").click()
    const rule = page.getByTestId("branch-0-rule")
    await rule.getByTestId("rule-field").fill("segment")
    await page.locator('[data-testid="rule-field-option"][data-value="customer.segments"]').click()
    await rule.getByTestId("field-segment-id").click()
    await page.getByTestId(`segment-option-${segmentId}`).click()
    await page.getByTestId("node-summary-check").filter({ hasText: /^Segment Gold VIPs · 1 branch/ }).waitFor()
    await rule.scrollIntoViewIfNeeded()
    await admin.screenshot("condition")

    await page.getByTestId("publish").click()
    await page.getByTestId("publish-confirm").click()
    const published = await eventually(
      async () => (await (await page.request.get(`/admin/journeys/${id}`)).json()).journey,
      (journey) => journey.published_version?.number === 1
    )
    expect(published.published.definition.trigger).toEqual({
      type: "segment",
      segment_id: segmentId,
      repeat: { at: "08:00" },
      dedupe_by_email: true,
    })
    expect(published.published.definition.nodes.find((node: { id: string }) => node.id === "check").branches[0].where).toEqual({ field: "customer.segments", op: "contains", value: segmentId })

    // The read, driven on a clock a day ahead (the every-minute job on the real clock then leaves its lease alone):
    // one batch of two, then the rest.
    const bar = page.getByTestId("segment-read")
    const read = async (options: { batch_size: number; max_batches?: number }) =>
      (await readSegmentsWorkflow(container).run({ input: { now: new Date(Date.now() + DAY).toISOString(), ...options } })).result
    const partial = await read({ batch_size: 2, max_batches: 1 })
    // Unless the real job took the read first (it may, between the publication and this run): then it is done already.
    if (partial.reads.length === 1) {
      expect(partial.entered).toBe(2)
      await page.locator('[data-testid="segment-read"][data-status="running"][data-entered="2"]').waitFor()
      await bar.getByTestId("segment-read-text").filter({ hasText: /^Entered 2 of 4/ }).waitFor()
      await admin.screenshot("reading")
      await read({ batch_size: 2 })
    }
    await bar.getByTestId("segment-read-text").filter({ hasText: "Read done: 4 entered, 0 skipped" }).waitFor({ timeout: 15_000 })
    expect(await bar.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("100")
    await bar.getByTestId("segment-read-next").filter({ hasText: /^Next read .*8:00.*\(UTC\)$/ }).waitFor()
    const { count } = await (await page.request.get(`/admin/journeys/${id}/enrollments?limit=1`)).json()
    expect(count).toBe(4)
    await admin.screenshot("read-done")

    // The live view carries the latest read's counts on the trigger.
    await page.getByTestId("view-switch").click()
    await page.getByRole("option", { name: /Live/ }).click()
    await page.getByTestId("trigger-read").filter({ hasText: "4 / 4 entered" }).waitFor()
    await admin.screenshot("live-trigger")
  })
}
