/** What the browser specs share: waiting for text or for a saved state, layout checks, a journey with a condition. */
import type { Locator, Page } from "playwright-core"

export async function expectText(locator: Locator, pattern: RegExp) {
  await locator.filter({ hasText: pattern }).waitFor({ timeout: 10_000 })
}

/** Waits until `read` satisfies `check` (mutations refetch in the background); gives the last value after 15 s. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000
  for (;;) {
    const value = await read()
    if (check(value) || Date.now() > deadline) return value
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/**
 * A published journey for customers created: a condition sends "vip" emails to an exit, everyone
 * else gets the email template `handle` and waits a day, then leaves.
 */
export async function publishVipCheckJourney(page: Page, name: string, handle: string) {
  const template = await page.request.post("/admin/message-templates", {
    data: { handle, name: "Hello", channel: "email", status: "published", subject: "Hello", html: "<p>Hello</p>" },
  })
  const definition = {
    schema_version: 1,
    trigger: { type: "customer_created" },
    settings: { reentry: "once", timezone: "UTC" },
    entry_node: "vip_check",
    nodes: [
      { id: "vip_check", type: "condition", branches: [{ port: "vip", where: { field: "customer.email", op: "contains", value: "vip" } }] },
      { id: "vip_exit", type: "exit" },
      { id: "hello", type: "send", channel: "email", template_id: (await template.json()).message_template.id },
      { id: "later", type: "wait", duration: "P1D" },
      { id: "done", type: "exit" },
    ],
    edges: [
      { from: "vip_check", port: "vip", to: "vip_exit" },
      { from: "vip_check", port: "else", to: "hello" },
      { from: "hello", port: "next", to: "later" },
      { from: "later", port: "next", to: "done" },
    ],
  }
  const created = await page.request.post("/admin/journeys", { data: { name, definition } })
  const id = (await created.json()).journey.id as string
  expect((await page.request.post(`/admin/journeys/${id}/publish`)).status()).toBe(200)
  return { id, definition }
}
