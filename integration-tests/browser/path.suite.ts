/** Issue 16: a customer's path highlighted on the canvas, from their timeline. */
import type { AdminBrowser } from "./harness"
import { publishVipCheckJourney } from "./helpers"

export default function pathSuite(admin: AdminBrowser) {
  it("highlights on the canvas the path a customer took through a condition, from their timeline, and clears it", async () => {
    const page = await admin.login()
    const customer = await page.request.post("/admin/customers", { data: { email: "path.bob@example.com", first_name: "Bob" } })
    const { id, definition } = await publishVipCheckJourney(page, "Path check", "path-hello")
    const tested = await page.request.post(`/admin/journeys/${id}/test`, { data: { customer_ids: [(await customer.json()).customer.id] } })
    expect(tested.status()).toBe(201)
    const [enrollmentId] = (await tested.json()).enrollment_ids as string[]

    // From the customer's timeline to the canvas: bob is not a VIP, so he went by "else" and waits at "later".
    await page.goto(`/app/journeys/${id}/enrollments?is_test=true`)
    await page.getByRole("row").filter({ hasText: "path.bob@example.com" }).click()
    const showPath = page.getByTestId("enrollment-drawer").getByTestId("show-path")
    await showPath.waitFor()
    await admin.screenshot("timeline")
    await showPath.click()
    await page.waitForURL((url) => url.pathname.endsWith(`/journeys/${id}`) && url.searchParams.get("enrollment") === enrollmentId)
    const banner = page.getByTestId("path-banner")
    await banner.getByTestId("path-customer").filter({ hasText: "Path of path.bob@example.com" }).waitFor()
    await page.locator('[data-testid="node-later"][data-path="current"]').waitFor()

    const nodeMark = (testId: string) => page.getByTestId(testId).getAttribute("data-path")
    const edgeMark = (edge: string) => page.getByTestId(`rf__edge-${edge}`).locator(".react-flow__edge-path").getAttribute("data-path")
    const portMark = (node: string, port: string) =>
      page.locator(`.react-flow__handle[data-nodeid="${node}"][data-handleid="${port}"]`).getAttribute("data-path")
    expect(
      await Promise.all(["trigger-node", "node-vip_check", "node-hello", "node-later", "node-vip_exit", "node-done"].map(nodeMark))
    ).toEqual(["visited", "visited", "visited", "current", "off", "off"])
    expect(await Promise.all(["__trigger:next", "vip_check:else", "hello:next", "vip_check:vip", "later:next"].map(edgeMark))).toEqual([
      "taken", "taken", "taken", "off", "off",
    ])
    expect([await portMark("vip_check", "else"), await portMark("vip_check", "vip")]).toEqual(["taken", "off"])
    expect(await page.getByTestId("path-here-later").textContent()).toBe("Here now")
    expect(await page.locator("[data-testid^='path-here-']").count()).toBe(1)
    // The live version, read-only: the editing buttons are gone.
    expect(await page.getByTestId("journey-canvas").getAttribute("data-read-only")).toBe("true")
    expect(await page.getByTestId("publish").count()).toBe(0)
    await admin.screenshot("path")

    // The banner links back to the timeline (test enrollments listed), and the way back shows the path again.
    await banner.getByTestId("path-timeline").click()
    await page.waitForURL((url) => url.pathname.endsWith("/enrollments") && url.searchParams.get("enrollment") === enrollmentId)
    expect(new URL(page.url()).searchParams.get("is_test")).toBe("true")
    await page.getByTestId("enrollment-drawer").getByTestId("enrollment-customer").filter({ hasText: "path.bob@example.com" }).waitFor()
    await page.goBack()
    await page.locator('[data-testid="node-later"][data-path="current"]').waitFor()

    await banner.getByTestId("path-clear").click()
    await banner.waitFor({ state: "detached" })
    expect(new URL(page.url()).searchParams.get("enrollment")).toBeNull()
    expect(await page.getByTestId("journey-canvas").locator("[data-path]").count()).toBe(0)
    // Cleared, the canvas stays on the live version the path was drawn on.
    expect(await page.getByTestId("view-switch").textContent()).toMatch(/Live/)
    await admin.screenshot("cleared")

    // A version 2 waits two days; bob stays on version 1, which his path shows, read-only.
    const waitsLonger = { ...definition, nodes: definition.nodes.map((node) => (node.id === "later" ? { ...node, duration: "P2D" } : node)) }
    expect((await page.request.post(`/admin/journeys/${id}/draft`, { data: { definition: waitsLonger } })).status()).toBe(200)
    expect((await page.request.post(`/admin/journeys/${id}/publish`, { data: { mode: "drain" } })).status()).toBe(200)
    await page.goto(`/app/journeys/${id}?enrollment=${enrollmentId}`)
    await banner.getByTestId("path-hint").filter({ hasText: "They run version 1, not the live one" }).waitFor()
    await page.locator('[data-testid="node-later"][data-path="current"]').waitFor()
    expect(await page.getByTestId("node-summary-later").textContent()).toBe("1 day")
    expect(await edgeMark("vip_check:else")).toBe("taken")
    expect(await page.getByTestId("journey-canvas").getAttribute("data-read-only")).toBe("true")
    expect(await page.getByTestId("view-switch").count()).toBe(0)
    await admin.screenshot("older-version")
  })
}
