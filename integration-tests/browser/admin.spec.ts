/**
 * The plugin's admin in a real browser, in one file: each spec file boots its own app (and, on a
 * cold machine, builds its own admin), so more files would cost the suite more than their tests.
 */
import type { Page } from "playwright-core"
import { AREAS } from "../../src/admin/i18n/areas"
import { JOURNEY_MODULE, type JourneyModuleService } from "../../src/modules/journey"
import { dispatchOutboxWorkflow, setConsentWorkflow, wakeDueEnrollmentsWorkflow } from "../../src/workflows"
import { adminBrowserSuite } from "./harness"
import { eventually, expectText, publishVipCheckJourney } from "./helpers"
import { failNextSends } from "../providers/test-outbox"
import operationsSuite from "./operations.suite"
import pathSuite from "./path.suite"
import segmentsSuite from "./segments.suite"
import segmentJourneySuite from "./segment-journey.suite"
import testModeSuite from "./test-mode.suite"

type Journey = {
  id: string
  status: string
  published_version: { number: number } | null
  draft: { definition: Definition; validation: { valid: boolean } } | null
  published: { definition: Definition } | null
}
type Definition = { entry_node?: string; nodes: { id: string; type: string }[]; edges: { from: string; port: string; to: string }[] }

async function journeyOf(page: Page, id: string): Promise<Journey> {
  return (await (await page.request.get(`/admin/journeys/${id}`)).json()).journey
}

const journeyIdOf = (page: Page) => page.url().match(/journeys\/(jrny_[A-Za-z0-9]+)/)![1]

adminBrowserSuite((admin) => {
  async function openGalleryJourney(page: Page, key: string) {
    await page.goto("/app/journeys")
    await page.getByTestId("create-journey").click()
    await page.getByTestId("create-from-gallery").click()
    await page.getByTestId(`gallery-${key}`).getByRole("button").click()
    await page.waitForURL(/\/app\/journeys\/jrny_/)
    await page.getByTestId("trigger-node").waitFor()
    return journeyIdOf(page)
  }

  it("opens Journeys from the sidebar and shows the plugin's counters", async () => {
    const page = await admin.login()
    // Two journeys through the logged-in session, so that the counters have something to count;
    // one with a name long enough to push a table wider than the page.
    const longName = `Win-back ${"for customers who have not ordered in a long while ".repeat(3)}`.trim()
    for (const name of ["Welcome", longName]) {
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
    await page.getByRole("row").filter({ hasText: "Welcome" }).waitFor()
    await expectNoSidewaysScroll(page)
    expect(await page.getByRole("row").filter({ hasText: "Win-back" }).getByTitle(longName).count()).toBe(1)
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

  it("installs a gallery journey, publishes it, then publishes with drain and with stop, and reverts from the history", async () => {
    const page = await admin.login()
    await page.goto("/app/journeys")
    await page.getByTestId("create-journey").click()
    await page.getByTestId("create-from-gallery").click()
    await page.getByTestId("gallery-abandoned-cart").waitFor()
    await admin.screenshot("gallery")
    await page.keyboard.press("Escape")
    const id = await openGalleryJourney(page, "abandoned-cart")
    await admin.screenshot("installed")

    await page.getByTestId("publish").click()
    await page.getByTestId("publish-confirm").click()
    const first = await eventually(() => journeyOf(page, id), (journey) => journey.published_version?.number === 1)
    expect(first.status).toBe("live")
    const v1 = first.published!.definition

    // Version 2: the last reminder removed, published with drain.
    const last = v1.nodes.filter((node) => node.type === "send").at(-1)!.id
    await page.getByTestId(`node-${last}`).click()
    await page.getByTestId(`node-menu-${last}`).click()
    await page.getByTestId("node-action-delete").click()
    await page.getByTestId(`node-${last}`).waitFor({ state: "detached" })
    await page.getByTestId("unsaved").waitFor()
    await page.getByTestId("publish").click()
    await page.getByTestId("publish-mode-drain").click()
    await admin.screenshot("publish-drain")
    await page.getByTestId("publish-confirm").click()
    const second = await eventually(() => journeyOf(page, id), (journey) => journey.published_version?.number === 2)
    expect(second.published!.definition.nodes.map((node) => node.id)).not.toContain(last)

    // Version 3: a wait removed, published with stop.
    const wait = second.published!.definition.nodes.find((node) => node.type === "wait")!.id
    await page.getByTestId(`node-${wait}`).click()
    await page.keyboard.press("Delete")
    await page.getByTestId(`node-${wait}`).waitFor({ state: "detached" })
    await page.getByTestId("publish").click()
    await page.getByTestId("publish-mode-stop").click()
    await page.getByTestId("publish-confirm").click()
    await eventually(() => journeyOf(page, id), (journey) => journey.published_version?.number === 3)

    await page.getByTestId("open-history").click()
    await page.getByTestId("version-row-3").waitFor()
    // v1 drains (nobody was inside: the next sweep archives it), v2 was stopped, v3 is live.
    expect(["draining", "archived"]).toContain(await page.getByTestId("version-row-1").getAttribute("data-status"))
    expect(await page.getByTestId("version-row-2").getAttribute("data-status")).toBe("stopped")
    expect(await page.getByTestId("version-row-3").getAttribute("data-status")).toBe("published")
    await admin.screenshot("history")
    await page.getByTestId("version-revert-1").click()
    await page.getByTestId("revert-confirm").click()
    const reverted = await eventually(() => journeyOf(page, id), (journey) => !!journey.draft)
    expect(reverted.draft!.definition).toEqual(v1)
    // The editor shows the reverted draft: the removed reminder is back.
    await page.keyboard.press("Escape")
    await page.keyboard.press("f")
    await page.getByTestId(`node-${last}`).waitFor()
    await admin.screenshot("reverted")
  })

  it("builds the S4-a abandoned-cart journey from a blank canvas with the palette, the + menus and the panels, and publishes it", async () => {
    const page = await admin.login()
    const template = async (handle: string, name: string) => {
      const data = { handle, name, channel: "email", status: "published", subject: name, html: "<p>{{ cart.total }}</p>" }
      return (await (await page.request.post("/admin/message-templates", { data })).json()).message_template.id as string
    }
    const standard = await template("cart-reminder", "Cart reminder")
    const incentive = await template("cart-reminder-incentive", "Cart reminder with incentive")

    await page.goto("/app/journeys")
    await page.getByTestId("create-journey").click()
    await page.getByTestId("create-blank").click()
    await page.getByTestId("create-journey-name").fill("Abandoned cart by value")
    await page.getByTestId("create-journey-submit").click()
    await page.waitForURL(/\/app\/journeys\/jrny_/)
    const id = journeyIdOf(page)

    // Trigger: a cart idle for an hour.
    await page.getByTestId("trigger-node").click()
    await page.getByTestId("field-trigger-type").click()
    await page.getByTestId("trigger-type-cart_abandoned").click()
    await page.getByTestId("field-idle-minutes").fill("60")

    // A condition on the cart's value, from the open end under the trigger.
    await page.getByTestId("add-__trigger-next").click()
    await page.getByTestId("insert-menu-condition").click()
    await page.getByTestId("panel-condition").waitFor()
    await page.getByTestId("branch-0-port").fill("over_200")
    await page.getByTestId("rule-add-condition").first().click()
    await page.getByTestId("rule-field").fill("cart.total")
    await page.getByTestId("rule-op").click()
    await page.getByRole("option", { name: "is greater than" }).click()
    await page.getByTestId("rule-value").fill("200")

    // Over 200: the reminder with an incentive, then the end.
    const chooseTemplate = async (name: string, templateId: string) => {
      await page.getByTestId("field-template").fill(name)
      await page.locator(`[data-testid="field-template-option"][data-value="${templateId}"]`).click()
      await page.getByTestId("selected-template").waitFor()
    }
    await page.getByTestId("add-condition_1-over_200").click()
    await page.getByTestId("insert-menu-send-email").click()
    await chooseTemplate("Cart reminder with incentive", incentive)
    await page.getByTestId("field-tag").fill("abandoned-cart")
    await page.getByTestId("add-send_1-next").click()
    await page.getByTestId("insert-menu-exit").click()

    // Everyone else: the standard reminder, added from the palette onto the open end.
    await page.getByTestId("node-condition_1").click()
    await page.getByTestId("add-condition_1-else").click()
    await page.getByTestId("insert-menu-send-email").click()
    await chooseTemplate("Cart reminder", standard)
    await page.getByTestId("field-tag").fill("abandoned-cart")
    await page.getByTestId("palette-exit").click()

    // Office hours before anything is sent: a window on the trigger's edge.
    await page.getByTestId("insert-__trigger-next").click()
    await page.getByTestId("insert-menu-wait_until").click()
    await page.getByTestId("day-sat").click()
    await page.getByTestId("day-sun").click()

    // Journey settings: nothing selected.
    await page.keyboard.press("Escape")
    await page.getByTestId("panel-settings").waitFor()
    await page.getByTestId("reentry-after_exit").click()
    await page.getByTestId("goal-enabled").click()
    await page.getByTestId("field-goal-event").fill("order.placed")
    await page.getByTestId("problems-panel").and(page.locator('[data-count="0"]')).waitFor()
    await page.locator(".react-flow__controls-fitview").click()
    await page.getByTestId("node-send_1").filter({ hasText: "Cart reminder with incentive" }).waitFor()
    await admin.screenshot("built")

    await page.getByTestId("publish").click()
    await page.getByTestId("publish-confirm").click()
    const published = await eventually(() => journeyOf(page, id), (journey) => journey.published_version?.number === 1)
    const definition = published.published!.definition as unknown as Record<string, unknown>
    expect(definition).toEqual({
      schema_version: 1,
      trigger: { type: "cart_abandoned", idle_minutes: 60 },
      settings: expect.objectContaining({ reentry: "after_exit", goal: { event: "order.placed" } }),
      entry_node: "wait_until_1",
      nodes: expect.arrayContaining([
        { id: "condition_1", type: "condition", branches: [{ port: "over_200", where: { field: "cart.total", op: "gt", value: 200 } }] },
        { id: "send_1", type: "send", channel: "email", category: "marketing", template_id: incentive, tag: "abandoned-cart" },
        { id: "send_2", type: "send", channel: "email", category: "marketing", template_id: standard, tag: "abandoned-cart" },
        { id: "exit_1", type: "exit" },
        { id: "exit_2", type: "exit" },
        { id: "wait_until_1", type: "wait_until", from: "09:00", to: "17:00", zone: "recipient", days: ["mon", "tue", "wed", "thu", "fri"] },
      ]),
      edges: expect.arrayContaining([
        { from: "wait_until_1", port: "next", to: "condition_1" },
        { from: "condition_1", port: "over_200", to: "send_1" },
        { from: "send_1", port: "next", to: "exit_1" },
        { from: "condition_1", port: "else", to: "send_2" },
        { from: "send_2", port: "next", to: "exit_2" },
      ]),
    })
    expect((definition.nodes as unknown[]).length).toBe(6)
    expect((definition.edges as unknown[]).length).toBe(5)
    await admin.screenshot("published")
  })

  it("creates the J+15 post-purchase journey from scratch in the admin only: its template, its steps, publish", async () => {
    const page = await admin.login()
    // The review email, written in the template pages.
    await page.goto("/app/journeys/templates")
    await page.getByTestId("create-template").click()
    await page.getByTestId("template-create-name").fill("Review request")
    await page.getByTestId("template-create-handle").fill("review-request")
    await page.getByTestId("template-create-channel").click()
    await page.getByTestId("template-create-channel-email").click()
    await page.getByTestId("template-create-subject").fill("How was order #{{ order.display_id }}?")
    await page.getByTestId("template-create-html").fill("<p>Tell us about order #{{ order.display_id }}</p>")
    await page.getByTestId("template-create-submit").click()
    await page.waitForURL(/\/app\/journeys\/templates\/jtpl_/)
    const templateId = page.url().split("/").pop()!
    await page.getByTestId("template-status").click()
    await page.getByTestId("template-status-published").click()
    await page.getByTestId("template-save").click()
    await eventually(
      async () => (await (await page.request.get(`/admin/message-templates/${templateId}`)).json()).message_template.status,
      (status) => status === "published"
    )

    await page.goto("/app/journeys")
    await page.getByTestId("create-journey").click()
    await page.getByTestId("create-blank").click()
    await page.getByTestId("create-journey-name").fill("Post-purchase J+15")
    await page.getByTestId("create-journey-submit").click()
    await page.waitForURL(/\/app\/journeys\/jrny_/)
    const id = journeyIdOf(page)

    await page.getByTestId("trigger-node").click()
    await page.getByTestId("field-trigger-type").click()
    await page.getByTestId("trigger-type-event").click()
    await page.getByTestId("field-event").fill("order.placed")
    await page.getByTestId("add-__trigger-next").click()
    await page.getByTestId("insert-menu-wait").click()
    await page.getByTestId("field-duration-days").fill("15")
    await page.getByTestId("palette-send-email").click()
    await page.getByTestId("field-template").fill("Review")
    await page.locator(`[data-testid="field-template-option"][data-value="${templateId}"]`).click()
    await page.getByTestId("category-transactional").click()
    await page.getByTestId("palette-exit").click()
    await page.keyboard.press("Escape")
    await page.getByTestId("reentry-multiple").click()
    await page.getByTestId("problems-panel").and(page.locator('[data-count="0"]')).waitFor()

    await page.getByTestId("publish").click()
    await page.getByTestId("publish-confirm").click()
    const published = await eventually(() => journeyOf(page, id), (journey) => journey.published_version?.number === 1)
    expect(published.published!.definition).toEqual({
      schema_version: 1,
      trigger: { type: "event", event: "order.placed" },
      settings: expect.objectContaining({ reentry: "multiple", timezone: "UTC" }),
      entry_node: "wait_1",
      nodes: expect.arrayContaining([
        { id: "wait_1", type: "wait", duration: "P15D" },
        { id: "send_1", type: "send", channel: "email", category: "transactional", template_id: templateId },
        { id: "exit_1", type: "exit" },
      ]),
      edges: expect.arrayContaining([
        { from: "wait_1", port: "next", to: "send_1" },
        { from: "send_1", port: "next", to: "exit_1" },
      ]),
    })
    expect(published.published!.definition.edges).toHaveLength(2)
    await admin.screenshot("published")
  })

  it("flips a condition's branches, undoes and redoes it, and duplicates a branch", async () => {
    const page = await admin.login()
    const definition = {
      schema_version: 1,
      trigger: { type: "event", event: "order.placed" },
      settings: { reentry: "multiple", timezone: "UTC" },
      entry_node: "split",
      nodes: [
        { id: "split", type: "condition", branches: [{ port: "big", where: { field: "order.total", op: "gt", value: 200 } }] },
        { id: "vip", type: "wait", duration: "P1D" },
        { id: "vip_end", type: "exit" },
        { id: "rest", type: "exit" },
      ],
      edges: [
        { from: "split", port: "big", to: "vip" },
        { from: "vip", port: "next", to: "vip_end" },
        { from: "split", port: "else", to: "rest" },
      ],
    }
    const created = await page.request.post("/admin/journeys", { data: { name: "Branches", definition } })
    const id = (await created.json()).journey.id
    await page.goto(`/app/journeys/${id}`)
    await page.getByTestId("node-split").click()

    const targets = async () => {
      const { draft } = await journeyOf(page, id)
      return Object.fromEntries(draft!.definition.edges.filter((edge) => edge.from === "split").map((edge) => [edge.port, edge.to]))
    }
    const save = async () => {
      await page.getByTestId("save-draft").click()
      await page.getByTestId("unsaved").waitFor({ state: "detached" })
    }

    await page.getByTestId("node-menu-split").click()
    await page.getByTestId("node-action-flip").click()
    await save()
    expect(await targets()).toEqual({ big: "rest", else: "vip" })
    await admin.screenshot("flipped")

    await page.getByTestId("undo").click()
    await page.getByTestId("unsaved").waitFor()
    await save()
    expect(await targets()).toEqual({ big: "vip", else: "rest" })
    await page.getByTestId("redo").click()
    await save()
    expect(await targets()).toEqual({ big: "rest", else: "vip" })

    // The wait-then-exit branch, copied onto a new branch of the condition.
    await page.getByTestId("node-split").click()
    await page.getByTestId("node-menu-split").click()
    await page.getByTestId("node-action-duplicate-branch-else").click()
    await save()
    const { draft } = await journeyOf(page, id)
    expect(draft!.definition.nodes).toHaveLength(6)
    const copy = draft!.definition.edges.find((edge) => edge.from === "split" && edge.port !== "big" && edge.port !== "else")!
    expect(draft!.definition.nodes.find((node) => node.id === copy.to)!.type).toBe("wait")
    await admin.screenshot("branch-duplicated")
  })

  it("drops a palette step onto an edge's +, picks its customer group by name, and previews a send against a chosen customer", async () => {
    const page = await admin.login()
    const post = async (path: string, data: object) => {
      const response = await page.request.post(path, { data })
      expect(response.status()).toBeLessThan(300)
      return response.json()
    }
    const { customer_group } = await post("/admin/customer-groups", { name: "Loyal buyers" })
    await post("/admin/customers", { email: "ada@example.com", first_name: "Ada", last_name: "Lovelace" })
    const { message_template } = await post("/admin/message-templates", {
      handle: "thanks-mail",
      name: "Thanks",
      channel: "email",
      status: "published",
      subject: "Thank you, {{ customer.first_name | default: 'friend' }}",
      html: "<p>Thanks</p>",
    })
    const definition = {
      schema_version: 1,
      trigger: { type: "customer_created" },
      settings: { reentry: "once", timezone: "UTC" },
      entry_node: "thanks",
      nodes: [
        { id: "thanks", type: "send", channel: "email", category: "transactional", template_id: message_template.id },
        { id: "done", type: "exit" },
      ],
      edges: [{ from: "thanks", port: "next", to: "done" }],
    }
    const { journey } = await post("/admin/journeys", { name: "Thanks and tag", definition })
    await page.goto(`/app/journeys/${journey.id}`)
    await page.getByTestId("node-thanks").waitFor()

    // HTML5 drag and drop: one mouse move fires no dragover, so the drag moves in steps.
    await page.getByTestId("palette-update_customer").dragTo(page.getByTestId("insert-thanks-next"), { steps: 5 })
    const added = page.locator('[data-testid^="node-update_customer_"]').first()
    await added.waitFor()
    const addedId = (await added.getAttribute("data-testid"))!.replace("node-", "")
    expect(await added.getAttribute("data-selected")).toBe("true")

    await page.getByTestId("field-group").fill("Loyal")
    await page.locator(`[data-testid="field-group-option"][data-value="${customer_group.id}"]`).click()
    await expectText(page.getByTestId("selected-group"), /Loyal buyers/)
    await expectText(page.getByTestId(`node-summary-${addedId}`), /Adds to group Loyal buyers/)
    await admin.screenshot("group-picked")
    await page.getByTestId("save-draft").click()
    await page.getByTestId("unsaved").waitFor({ state: "detached" })
    const { draft } = await journeyOf(page, journey.id)
    expect(draft!.definition.nodes).toContainEqual({ id: addedId, type: "update_customer", add_to_group: customer_group.id })
    expect(draft!.definition.edges).toEqual(
      expect.arrayContaining([
        { from: "thanks", port: "next", to: addedId },
        { from: addedId, port: "next", to: "done" },
      ])
    )

    await page.getByTestId("node-thanks").click()
    await expectText(page.getByTestId("selected-template"), /Thanks/)
    await page.getByTestId("toggle-preview").click()
    const subject = page.getByTestId("preview-email-subject")
    await expectText(subject, /Thank you, friend/)
    await page.getByTestId("preview-customer-search").fill("ada@")
    await page.locator('[data-testid^="preview-customer-option-"]').first().click()
    await expectText(subject, /Thank you, Ada/)
    await admin.screenshot("send-preview")
  })

  it("marks an unfinished node on the canvas and in the problems panel, and refuses to publish it", async () => {
    const page = await admin.login()
    const created = await page.request.post("/admin/journeys", {
      data: { name: "Unfinished", definition: { schema_version: 1, trigger: { type: "customer_created" }, settings: { reentry: "once", timezone: "UTC" }, nodes: [], edges: [] } },
    })
    const id = (await created.json()).journey.id
    await page.goto(`/app/journeys/${id}`)
    await page.getByTestId("add-__trigger-next").click()
    await page.getByTestId("insert-menu-send-email").click()
    const node = page.locator('[data-testid^="node-send_"]').first()
    await node.waitFor()
    const nodeId = (await node.getAttribute("data-testid"))!.replace("node-", "")
    expect(await node.getAttribute("data-unfinished")).toBe("true")
    await page.getByTestId(`node-problems-${nodeId}`).waitFor()
    expect(Number(await page.getByTestId("problems-panel").getAttribute("data-count"))).toBeGreaterThan(0)

    await page.getByTestId("problems-toggle").click()
    await page.getByTestId("problem").first().click()
    expect(await node.getAttribute("data-selected")).toBe("true")
    await admin.screenshot("problems")

    await page.getByTestId("publish").click()
    await page.getByText(/Fix the (\d+ )?problem/).waitFor()
    expect((await journeyOf(page, id)).published_version).toBeNull()
  })

  it("edits an email template and sees the preview follow", async () => {
    const page = await admin.login()
    const created = await page.request.post("/admin/message-templates", {
      data: { handle: "welcome-mail", name: "Welcome", channel: "email", subject: "Hello {{ customer.first_name | default: 'you' }}", html: "<p>Welcome</p>" },
    })
    const { message_template } = await created.json()
    await page.goto("/app/journeys/templates")
    await page.getByText("Welcome", { exact: true }).click()
    await page.waitForURL(`/app/journeys/templates/${message_template.id}`)
    const subject = page.getByTestId("preview-email-subject")
    await expectText(subject, /Hello you/)
    await page.getByTestId("template-subject").fill("Your cart awaits, {{ customer.first_name | default: 'friend' }}")
    await expectText(subject, /Your cart awaits, friend/)
    await page.getByTestId("template-html").fill("<h1>{{ 'big news' | upcase }}</h1>")
    const html = page.frameLocator('[data-testid="preview-email-html"]').locator("h1")
    await expectText(html, /BIG NEWS/)
    await admin.screenshot("preview")
    await page.getByTestId("template-save").click()
    await eventually(
      async () => (await (await page.request.get(`/admin/message-templates/${message_template.id}`)).json()).message_template.subject,
      (saved) => saved.startsWith("Your cart awaits")
    )
  })

  it("shows the journey page in French with none of the plugin's English strings", async () => {
    const page = await admin.login()
    // The dashboard reads the language from its cookie, then from local storage.
    await page.evaluate(() => {
      document.cookie = "lng=fr; path=/"
      localStorage.setItem("lng", "fr")
    })
    const id = await openGalleryJourney(page, "post-purchase-j15")
    await page.reload()
    await page.getByTestId("trigger-node").waitFor()
    await page.getByRole("heading", { level: 1 }).waitFor()
    await admin.screenshot("french")
    const text = await page.locator("body").innerText()
    const english = (lang: "en" | "fr") =>
      AREAS.flatMap((area) => leaves(area[lang] as Tree)).filter(([, value]) => !/{{/.test(value))
    const french = new Map(english("fr"))
    const shown = english("en")
      .filter(([key, value]) => value.length > 4 && french.get(key) !== value)
      .filter(([, value]) => text.includes(value))
    expect(shown).toEqual([])
    expect(text).toContain("Parcours")
    expect(id).toMatch(/^jrny_/)
  })

  it("finds test customers among a journey's customers and shows why their condition sent them one way or the other", async () => {
    const page = await admin.login()
    const customerIds: string[] = []
    for (const email of ["vip.ada@example.com", "bob@example.com"]) {
      const customer = await page.request.post("/admin/customers", { data: { email, first_name: email.split(/[.@]/)[0] } })
      customerIds.push((await customer.json()).customer.id)
    }
    const { id } = await publishVipCheckJourney(page, "VIP check", "hello")
    expect((await page.request.post(`/admin/journeys/${id}/test`, { data: { customer_ids: customerIds } })).status()).toBe(201)
    expect((await page.request.post(`/admin/journeys/${id}/test/advance`, { data: { duration: "P1D" } })).status()).toBe(200)
    const enrollmentOf = async (email: string) =>
      (await (await page.request.get(`/admin/journeys/${id}/enrollments?is_test=true&email=${email}`)).json()).enrollments[0].id as string

    await page.goto(`/app/journeys/${id}/enrollments`)
    await page.getByRole("heading", { level: 1, name: "Customers in this journey" }).waitFor()
    // Test enrollments stay out of the list until asked for.
    await page.getByText("Nobody has entered yet").waitFor()
    await page.getByTestId("enrollments-test-filter").click()
    await page.getByRole("row").filter({ hasText: "bob@example.com" }).waitFor()
    await page.getByPlaceholder("Search by email").fill("vip.ada")
    await page.getByRole("row").filter({ hasText: "bob@example.com" }).waitFor({ state: "detached" })
    const row = page.getByRole("row").filter({ hasText: "vip.ada@example.com" })
    await expectText(row, /Completed/)
    await admin.screenshot("customers")

    await row.click()
    const drawer = page.getByTestId("enrollment-drawer")
    const entries = drawer.getByTestId("timeline-entry")
    const branch = drawer.locator('[data-testid="timeline-entry"][data-type="branch"]')
    await expectText(branch.getByTestId("timeline-title"), /Took the branch “vip”/)
    expect(await branch.getByTestId("timeline-rule").textContent()).toBe('customer.email contains "vip"')
    expect(await entries.evaluateAll((items) => items.map((item) => item.getAttribute("data-type")))).toEqual(["entered", "branch", "completed"])
    expect(new URL(page.url()).searchParams.get("enrollment")).toBe(await enrollmentOf("vip.ada"))
    await admin.screenshot("vip-timeline")

    // The editor links here with the step and the enrollment in the URL.
    await page.goto(`/app/journeys/${id}/enrollments?is_test=true&node=done&enrollment=${await enrollmentOf("bob")}`)
    await expectText(drawer.getByTestId("enrollment-customer"), /bob@example\.com/)
    await expectText(branch.getByTestId("timeline-title"), /Took the branch “Everyone else”/)
    await expectText(branch, /“vip” not taken: customer\.email contains "vip"/)
    const types = await entries.evaluateAll((items) => items.map((item) => item.getAttribute("data-type")))
    // The email's own events (sent, …) land wherever the dispatcher's run falls.
    expect(types.filter((type) => !type?.startsWith("message_"))).toEqual(["entered", "branch", "waiting", "woke", "completed"])
    expect(types).toContain("message_queued")
    await admin.screenshot("else-timeline")
    await page.keyboard.press("Escape")
    await drawer.waitFor({ state: "detached" })
    expect(new URL(page.url()).searchParams.get("enrollment")).toBeNull()
    await expectText(page.getByRole("row").filter({ hasText: "bob@example.com" }), /done/)
  })

  it("the customer page shows their journeys and consent; switching email off there stops the next marketing email", async () => {
    const page = await admin.login()
    const customer = await page.request.post("/admin/customers", { data: { email: "ada.consent@example.com", first_name: "Ada" } })
    const customerId = (await customer.json()).customer.id as string
    const template = await page.request.post("/admin/message-templates", {
      data: { handle: "weekly-news", name: "Weekly news", channel: "email", status: "published", subject: "News", html: "<p>News</p>" },
    })
    const definition = {
      schema_version: 1,
      trigger: { type: "customer_created" },
      settings: { reentry: "once", timezone: "UTC" },
      entry_node: "pause",
      nodes: [
        { id: "pause", type: "wait", duration: "P1D" },
        { id: "news", type: "send", channel: "email", category: "marketing", template_id: (await template.json()).message_template.id },
        { id: "done", type: "exit" },
      ],
      edges: [
        { from: "pause", port: "next", to: "news" },
        { from: "news", port: "next", to: "done" },
      ],
    }
    const created = await page.request.post("/admin/journeys", { data: { name: "Weekly news", definition } })
    const journeyId = (await created.json()).journey.id as string
    expect((await page.request.post(`/admin/journeys/${journeyId}/publish`)).status()).toBe(200)
    expect((await page.request.post(`/admin/journeys/${journeyId}/test`, { data: { customer_ids: [customerId] } })).status()).toBe(201)

    await page.goto(`/app/customers/${customerId}`)
    const widget = page.getByTestId("customer-journeys-widget")
    const enrollment = widget.getByTestId("customer-enrollment").filter({ hasText: "Weekly news" })
    await expectText(enrollment, /Waiting/)
    await expectText(enrollment, /Wait · pause/)
    const email = widget.getByTestId("consent-email")
    await email.and(page.locator('[data-status="subscribed"]')).waitFor()
    await expectText(email, /ada\.consent@example\.com/)
    await expectText(widget.getByTestId("consent-sms"), /No address on this channel/)
    await widget.scrollIntoViewIfNeeded()
    await admin.screenshot("customer-widget")

    await widget.getByTestId("consent-email-switch").click()
    await email.and(page.locator('[data-status="unsubscribed"]')).waitFor()
    await expectText(widget.getByTestId("consent-email-since"), /changed in the admin/)
    const consent = await (await page.request.get(`/admin/customers/${customerId}/consent`)).json()
    expect(consent.channels.email).toMatchObject({ status: "unsubscribed", recorded: true, source: "admin" })

    expect((await page.request.post(`/admin/journeys/${journeyId}/test/advance`, { data: { duration: "P1D" } })).status()).toBe(200)
    const container = admin.medusa.getContainer()
    const read = async () => {
      await dispatchOutboxWorkflow(container).run({ input: { now: new Date().toISOString() } })
      return (await (await page.request.get(`/admin/customers/${customerId}/journeys`)).json()) as {
        messages: { status: string; skip_reason: string | null; template: { name: string } }[]
      }
    }
    const { messages } = await eventually(read, ({ messages }) => messages.some((message) => message.status !== "queued"))
    expect(messages).toEqual([
      expect.objectContaining({ status: "skipped", skip_reason: "the recipient unsubscribed from marketing email", template: expect.objectContaining({ name: "Weekly news" }) }),
    ])

    await page.reload()
    const message = widget.getByTestId("customer-message")
    await message.and(page.locator('[data-status="skipped"]')).waitFor()
    await expectText(message, /unsubscribed from marketing email/)
    await widget.scrollIntoViewIfNeeded()
    await admin.screenshot("message-skipped")

    // A complaint suppresses the address: no switch then, a lift behind a prompt that says why.
    await setConsentWorkflow(container).run({
      input: { entries: [{ channel: "email", address: "ada.consent@example.com", status: "suppressed", source: "provider", reason: "complaint" }] },
    })
    await page.reload()
    await email.and(page.locator('[data-status="suppressed"]')).waitFor()
    expect(await widget.getByTestId("consent-email-switch").count()).toBe(0)
    await widget.getByTestId("consent-email-lift").click()
    const dialog = page.getByRole("alertdialog")
    await expectText(dialog, /stopped because the customer marked a message as spam/)
    await page.waitForTimeout(400) // the dialog's fade-in, for the screenshot
    await admin.screenshot("lift-prompt")
    await dialog.getByRole("button", { name: "Lift suppression" }).click()
    await email.and(page.locator('[data-status="subscribed"]')).waitFor()
    const lifted = await (await page.request.get(`/admin/customers/${customerId}/consent`)).json()
    expect(lifted.channels.email).toMatchObject({ status: "subscribed", source: "admin" })
    expect(lifted.channels.email.reason).toMatch(/^by user_\w+, lifting a suppression \(complaint\)$/)
    await widget.scrollIntoViewIfNeeded()
    await admin.screenshot("lifted")
  })

  // Live numbers are the merchant's real customers (test enrollments stay out of them, as on the
  // customers page): a customer signs up for real, the counts follow within the 10 s refresh.
  it("shows live counts on the published journey's steps, follows a customer moving, and draws its funnels", async () => {
    const page = await admin.login()
    const template = await page.request.post("/admin/message-templates", {
      data: { handle: "live-hello", name: "Live hello", channel: "email", status: "published", subject: "Hello", html: "<p>Hello</p>" },
    })
    const definition = {
      schema_version: 1,
      trigger: { type: "customer_created" },
      settings: { reentry: "once", timezone: "UTC" },
      entry_node: "pause",
      nodes: [
        { id: "pause", type: "wait", duration: "P1D" },
        { id: "hello", type: "send", channel: "email", template_id: (await template.json()).message_template.id },
        { id: "done", type: "exit" },
      ],
      edges: [
        { from: "pause", port: "next", to: "hello" },
        { from: "hello", port: "next", to: "done" },
      ],
    }
    const created = await page.request.post("/admin/journeys", { data: { name: "Live numbers", definition } })
    const id = (await created.json()).journey.id as string
    expect((await page.request.post(`/admin/journeys/${id}/publish`)).status()).toBe(200)

    await page.goto(`/app/journeys/${id}`)
    await page.locator(".react-flow__node").first().waitFor()
    if ((await page.getByTestId("node-stats-pause").count()) === 0) {
      await page.getByTestId("view-switch").click()
      await page.getByRole("option", { name: /Live/ }).click()
    }
    const count = (testId: string) => page.getByTestId(testId).getAttribute("data-count")
    await page.locator('[data-testid="node-stats-pause"][data-loaded="true"]').waitFor()
    expect(await count("node-waiting-pause")).toBe("0")
    expect(await page.getByTestId("node-messages-hello").isVisible()).toBe(true)

    // A refresh redraws the numbers only: the steps keep their elements and their places.
    const flowNode = page.locator('.react-flow__node[data-id="pause"]')
    await flowNode.evaluate((element) => ((element as HTMLElement & { mark?: boolean }).mark = true))
    const placed = await flowNode.evaluate((element) => (element as HTMLElement).style.transform)

    // A customer signs up: the journey takes them in, and they wait at "pause".
    await page.request.post("/admin/customers", { data: { email: "live.lou@example.com", first_name: "Lou" } })
    await page.locator('[data-testid="node-waiting-pause"][data-count="1"]').waitFor({ timeout: 20_000 })
    expect(await count("node-entered-pause")).toBe("1")
    expect(await flowNode.evaluate((element) => (element as HTMLElement & { mark?: boolean }).mark)).toBe(true)
    expect(await flowNode.evaluate((element) => (element as HTMLElement).style.transform)).toBe(placed)
    await admin.screenshot("waiting")

    // A day later they move on: the email goes out and they leave at "done".
    const container = admin.medusa.getContainer()
    await wakeDueEnrollmentsWorkflow(container).run({ input: { now: new Date(Date.now() + 86_400_000 + 60_000).toISOString() } })
    await dispatchOutboxWorkflow(container).run({ input: { now: new Date().toISOString() } })
    await page.locator('[data-testid="node-waiting-pause"][data-count="0"]').waitFor({ timeout: 20_000 })
    await page.locator('[data-testid="node-entered-hello"][data-count="1"]').waitFor({ timeout: 20_000 })
    await page.locator('[data-testid="node-entered-done"][data-count="1"]').waitFor({ timeout: 20_000 })
    expect(await count("node-exited-done")).toBe("1")
    await admin.screenshot("moved")

    // The period: the last 7 days still hold today's customer.
    await page.getByTestId("stats-period").click()
    await page.getByRole("option", { name: "Last 7 days" }).click()
    await page.locator('[data-testid="node-entered-hello"][data-count="1"]').waitFor()

    // The funnels: the journey's, and the send step's.
    await page.getByTestId("open-performance").click()
    const drawer = page.getByTestId("performance-drawer")
    await drawer.locator('[data-testid="journey-funnel"]').waitFor()
    expect(await drawer.getByTestId("journey-funnel").getAttribute("data-values")).toMatch(/^1,[01],0,0,0$/)
    await drawer.getByTestId("send-funnel-hello").waitFor()
    await drawer.locator(".recharts-bar-rectangle").first().waitFor()
    await admin.screenshot("performance")
    await page.keyboard.press("Escape")

    // The waiting count links to the customers at that step.
    await page.getByTestId("node-waiting-done").click()
    await page.waitForURL(/\/enrollments\?node=done/)
  })

  it("shows a failed message with the provider's error on the outbox page, retries it from there, and it is sent", async () => {
    const page = await admin.login()
    const template = await page.request.post("/admin/message-templates", {
      data: { handle: "outbox-hello", name: "Outbox hello", channel: "email", status: "published", subject: "Hello {{ customer.first_name }}", html: "<p>Hello {{ customer.first_name }}</p>" },
    })
    const definition = {
      schema_version: 1,
      trigger: { type: "customer_created" },
      settings: { reentry: "once", timezone: "UTC" },
      entry_node: "pause",
      nodes: [
        { id: "pause", type: "wait", duration: "P1D" },
        { id: "hello", type: "send", channel: "email", category: "transactional", template_id: (await template.json()).message_template.id },
        { id: "done", type: "exit" },
      ],
      edges: [
        { from: "pause", port: "next", to: "hello" },
        { from: "hello", port: "next", to: "done" },
      ],
    }
    const created = await page.request.post("/admin/journeys", { data: { name: "Outbox hello", definition } })
    const journeyId = (await created.json()).journey.id as string
    expect((await page.request.post(`/admin/journeys/${journeyId}/publish`)).status()).toBe(200)
    await page.request.post("/admin/customers", { data: { email: "olga.outbox@example.com", first_name: "Olga" } })

    // A day later the email is due; the provider fails every attempt until the message ends failed.
    const container = admin.medusa.getContainer()
    const journeys = container.resolve<JourneyModuleService>(JOURNEY_MODULE)
    let clock = new Date(Date.now() + 86_400_000 + 60_000)
    const [queued] = await eventually(
      async () => {
        await wakeDueEnrollmentsWorkflow(container).run({ input: { now: clock.toISOString() } })
        return journeys.listMessages({ journey_id: journeyId })
      },
      (messages) => messages.length === 1
    )
    const { max_attempts } = journeys.getOptions()
    failNextSends(max_attempts, "test-outbox: mailbox unavailable (HTTP 503)")
    for (let attempt = 0; attempt < max_attempts; attempt++) {
      await dispatchOutboxWorkflow(container).run({ input: { now: clock.toISOString() } })
      const [row] = await journeys.listMessages({ id: queued.id })
      if (row.status === "failed") break
      clock = new Date(row.next_attempt_at!)
    }
    expect((await journeys.listMessages({ id: queued.id }))[0]).toMatchObject({ status: "failed" })

    await page.goto("/app/journeys/outbox?status=failed")
    const row = page.locator("tr").filter({ hasText: "olga.outbox@example.com" })
    await expectText(row, /mailbox unavailable/)
    await expectText(row, /Failed/)
    await expectText(row, /Outbox hello/)
    await expectNoSidewaysScroll(page)
    await admin.screenshot("failed")

    await row.click()
    const drawer = page.getByTestId("outbox-drawer")
    await expectText(drawer.getByTestId("outbox-drawer-error"), /mailbox unavailable \(HTTP 503\)/)
    await expectText(drawer.getByTestId("outbox-email-subject"), /Hello Olga/)
    await expectText(drawer.getByTestId("outbox-content-note"), /As handed to the provider at the last attempt/)
    await admin.screenshot("drawer")
    await drawer.getByTestId("outbox-drawer-retry").click()
    await page.getByRole("alertdialog").getByRole("button", { name: "Retry" }).click()
    await page.getByText("Queued again: it goes out at the next dispatch").waitFor()
    await expectText(drawer.getByTestId("outbox-status"), /Queued/)

    // The next dispatch sends it: a new attempt of the same message.
    const sent = await eventually(
      async () => {
        await dispatchOutboxWorkflow(container).run({ input: { now: new Date().toISOString() } })
        const response = await page.request.get("/admin/journeys/outbox/messages?recipient=olga.outbox")
        return ((await response.json()).messages as { status: string; attempts: number }[])[0]
      },
      (message) => message.status === "sent"
    )
    expect(sent).toMatchObject({ status: "sent", attempts: max_attempts + 1 })
    // The drawer refreshes on its own (every 10 s).
    await drawer.getByTestId("outbox-status").filter({ hasText: /Sent/ }).waitFor({ timeout: 25_000 })
    await expectText(drawer.getByTestId("outbox-content-note"), /As sent to the customer/)
    await admin.screenshot("drawer-sent")
    await page.keyboard.press("Escape")
    await page.goto("/app/journeys/outbox")
    await expectText(page.locator("tr").filter({ hasText: "olga.outbox@example.com" }), /Sent/)
    await admin.screenshot("sent")
  })

  pathSuite(admin)
  testModeSuite(admin)
  segmentsSuite(admin)
  segmentJourneySuite(admin)
  operationsSuite(admin)
})

/** The page's first table fits its container: nothing hides behind a sideways scroll. */
async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.locator("table").first().evaluate((element) => ({
    scrollWidth: element.parentElement!.scrollWidth,
    clientWidth: element.parentElement!.clientWidth,
  }))
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth)
}


type Tree = { [key: string]: string | Tree }
function leaves(tree: Tree, prefix = ""): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`)
  )
}
