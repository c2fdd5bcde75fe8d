import { createApiKeysWorkflow, linkSalesChannelsToApiKeyWorkflow } from "@medusajs/medusa/core-flows"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { TestEventUtils, type MedusaSuiteOptions } from "@medusajs/test-utils"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import { detectAbandonedCartsWorkflow, dispatchOutboxWorkflow, wakeDueEnrollmentsWorkflow } from "../../src/workflows"
import { adminSession } from "../helpers/admin-session"
import { emitAndWait } from "../helpers/events"
import { countJourneyRows } from "../helpers/schema"
import { createOrder, seedStore, type SeededStore } from "../helpers/store-data"
import { resetTestOutbox, sentNotifications } from "../providers/test-outbox"
import { atClock } from "../helpers/clock"

const MINUTE = 60_000
const HOUR = 60 * MINUTE

export default ({ api, getContainer, dbConnection }: MedusaSuiteOptions) => {
  let session: { headers: Record<string, string> }
  let store: SeededStore
  let storeHeaders: Record<string, string>
  const journeys = () => getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
  const post = (url: string, body: unknown, headers = session.headers) =>
    api.post(url, body, { headers }).catch((e: any) => e.response)
  const later = (at: number, ms: number) => new Date(at + ms)

  // Seeded before each test: the runner restores the database between tests, and a suite's
  // beforeAll only survives that when it runs before the group's first test.
  beforeEach(async () => {
    store = await seedStore(getContainer())
    const { result: [key] } = await createApiKeysWorkflow(getContainer()).run({
      input: { api_keys: [{ title: "Web", type: "publishable", created_by: "" }] },
    })
    await linkSalesChannelsToApiKeyWorkflow(getContainer()).run({ input: { id: key.id, add: [store.channel.id] } })
    storeHeaders = { "x-publishable-api-key": key.token }
  })

  beforeEach(async () => {
    session = await adminSession(api, getContainer())
    resetTestOutbox()
  })

  // Each test's journey alone takes the carts: stop the ones an earlier test left live.
  afterEach(async () => {
    for (const journey of await journeys().listJourneys({ status: "live" })) {
      expect((await post(`/admin/journeys/${journey.id}/stop`, { mode: "stop" })).status).toBe(200)
    }
  })

  /** A store API call, returning once the journeys' subscriber has handled the event it emits. */
  async function shop(event: "cart.created" | "cart.updated", url: string, body: unknown) {
    const done = TestEventUtils.waitSubscribersExecution(event, getContainer().resolve(Modules.EVENT_BUS))
    const response = await post(url, body, storeHeaders)
    expect(response.status).toBe(200)
    await done
    return response.data.cart as { id: string; total: number }
  }

  const openCart = (email: string | undefined, quantity: number) =>
    shop("cart.created", "/store/carts", {
      region_id: store.region.id,
      sales_channel_id: store.channel.id,
      ...(email ? { email } : {}),
      items: [{ variant_id: store.product.variants[0].id, quantity }],
    })

  const activity = async (cartId: string) => (await journeys().listCartActivities({ id: cartId }))[0]

  /**
   * The detection job at a test clock. The every-minute job runs on the real clock inside the
   * app and may hold a version's scan lease for an instant: run again until this clock's scan
   * has happened (the cursor reached it), which is what the next minute would do anyway.
   */
  async function detect(at: Date, versionId: string, idleMinutes: number) {
    let entered = 0
    for (let attempt = 0; attempt < 50; attempt++) {
      entered += (await detectAbandonedCartsWorkflow(getContainer()).run({ input: { now: at.toISOString() } })).result
      const [cursor] = await journeys().listTriggerCursors({ id: versionId })
      if (cursor && new Date(cursor.position).getTime() >= at.getTime() - idleMinutes * MINUTE && !cursor.leased_until) {
        return entered
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error("the abandonment scan never ran at the test clock")
  }


  const wake = (at: Date) => wakeDueEnrollmentsWorkflow(getContainer()).run({ input: { now: at.toISOString() } })
  const dispatch = (at: Date) => dispatchOutboxWorkflow(getContainer()).run({ input: { now: at.toISOString() } })

  async function template(handle: string, subject: string) {
    return journeys().createMessageTemplates({
      handle, name: handle, channel: "email", status: "published", subject,
      html: "<p>Your cart {{ cart.id }} holds {{ cart.items | size }} item(s), {{ cart.total }} {{ cart.currency_code }}</p>",
    })
  }

  async function publish(definition: Record<string, unknown>) {
    const created = await post("/admin/journeys", { name: "Cart", definition: { schema_version: 1, ...definition } })
    expect(created.status).toBe(201)
    const published = await post(`/admin/journeys/${created.data.journey.id}/publish`, {})
    expect(published.status).toBe(200)
    const [version] = await journeys().listJourneyVersions({ journey_id: created.data.journey.id, status: "published" })
    return { journeyId: created.data.journey.id as string, versionId: version.id, publishedAt: new Date(version.published_at!).getTime() }
  }

  /** Checkout as Medusa's completeCartWorkflow records it: the order linked to its cart, the cart completed. */
  async function checkout(cartId: string) {
    const order = await createOrder(getContainer(), store)
    await getContainer().resolve(ContainerRegistrationKeys.LINK).create({
      [Modules.ORDER]: { order_id: order.id },
      [Modules.CART]: { cart_id: cartId },
    })
    await getContainer().resolve(Modules.CART).updateCarts(cartId, { completed_at: new Date() })
    await emitAndWait(getContainer(), "order.placed", { id: order.id })
    return order
  }

  it("S5: reminders at 1 h, 24 h and 72 h after the cart goes idle, once per idle period, until the order", async () => {
    const [first, second, third] = await Promise.all([
      template("cart-1h", "You left something"),
      template("cart-24h", "Still thinking?"),
      template("cart-72h", "Last call"),
    ])
    const { journeyId, versionId } = await publish({
      trigger: { type: "cart_abandoned", idle_minutes: 60 },
      settings: { reentry: "after_exit", timezone: "Europe/Paris", goal: { event: "order.placed" } },
      entry_node: "s1",
      nodes: [
        { id: "s1", type: "send", channel: "email", template_id: first.id, tag: "abandoned-cart" },
        { id: "w1", type: "wait", duration: "PT23H" },
        { id: "s2", type: "send", channel: "email", template_id: second.id, tag: "abandoned-cart" },
        { id: "w2", type: "wait", duration: "P2D" },
        { id: "s3", type: "send", channel: "email", template_id: third.id, tag: "abandoned-cart" },
        { id: "x1", type: "exit" },
      ],
      edges: [
        { from: "s1", port: "next", to: "w1" },
        { from: "w1", port: "next", to: "s2" },
        { from: "s2", port: "next", to: "w2" },
        { from: "w2", port: "next", to: "s3" },
        { from: "s3", port: "next", to: "x1" },
      ],
    })

    const cart = await openCart("jane@example.com", 2)
    const seen = await activity(cart.id)
    expect(seen).toMatchObject({ email: "jane@example.com", item_count: 1, completed_at: null })
    const idleFrom = new Date(seen.last_activity_at).getTime()

    expect(await detect(later(idleFrom, 59 * MINUTE), versionId, 60)).toBe(0)
    const abandonedAt = later(idleFrom, 61 * MINUTE)
    expect(await detect(abandonedAt, versionId, 60)).toBe(1)
    // Once per idle period: later scans find the same period and enroll nobody again.
    expect(await detect(later(idleFrom, 5 * HOUR), versionId, 60)).toBe(0)

    const [enrollment] = await journeys().listEnrollments({ journey_id: journeyId })
    expect(enrollment).toMatchObject({ email: "jane@example.com", status: "waiting", current_node: "w1" })
    expect(enrollment.context).toMatchObject({ cart: { id: cart.id, total: 50 }, event: { name: "cart.abandoned" } })
    await dispatch(abandonedAt)
    expect(sentNotifications.map((n) => [n.to, n.template])).toEqual([["jane@example.com", first.id]])
    expect(sentNotifications[0].content?.html).toContain(`Your cart ${cart.id} holds 1 item(s), 50 eur`)

    // A re-delivered cart.updated is not activity: nothing in the journeys' tables changes.
    const before = await countJourneyRows(dbConnection)
    const beforeActivity = await activity(cart.id)
    await emitAndWait(getContainer(), "cart.updated", { id: cart.id })
    expect(await countJourneyRows(dbConnection)).toEqual(before)
    expect((await activity(cart.id)).last_activity_at).toEqual(beforeActivity.last_activity_at)

    await wake(later(abandonedAt.getTime(), 23 * HOUR))
    await dispatch(later(abandonedAt.getTime(), 23 * HOUR))
    expect(sentNotifications.map((n) => n.template)).toEqual([first.id, second.id])

    // The order is the goal: the enrollment exits converted, the 72 h reminder never goes out,
    // and the cart never counts as abandoned again.
    await atClock(later(abandonedAt.getTime(), 30 * HOUR), () => checkout(cart.id))
    const [after] = await journeys().listEnrollments({ journey_id: journeyId })
    expect(after).toMatchObject({ status: "exited", exit_reason: "goal" })
    expect(after.converted_at).not.toBeNull()
    expect((await activity(cart.id)).completed_at).not.toBeNull()
    await wake(later(abandonedAt.getTime(), 4 * 24 * HOUR))
    await dispatch(later(abandonedAt.getTime(), 4 * 24 * HOUR))
    expect(sentNotifications.map((n) => n.template)).toEqual([first.id, second.id])
    expect(await detect(later(abandonedAt.getTime(), 5 * 24 * HOUR), versionId, 60)).toBe(0)
  })

  it("never fires for carts idle before publication, without an email or items, or completed; new activity starts a new period", async () => {
    const reminder = await template("cart-reminder", "Your cart")
    const definition = {
      trigger: { type: "cart_abandoned", idle_minutes: 30 },
      settings: { reentry: "after_exit", timezone: "UTC" },
      entry_node: "s1",
      nodes: [
        { id: "s1", type: "send", channel: "email", template_id: reminder.id },
        { id: "x1", type: "exit" },
      ],
      edges: [{ from: "s1", port: "next", to: "x1" }],
    }
    // A cart abandoned long before the journey existed.
    const stale = await openCart("old@example.com", 1)
    await journeys().updateCartActivities({ id: stale.id, last_activity_at: new Date(Date.now() - 3 * HOUR) })
    const { journeyId, versionId, publishedAt } = await publish(definition)

    const anonymous = await openCart(undefined, 1)
    const ordered = await openCart("buyer@example.com", 1)
    await checkout(ordered.id)
    const fresh = await openCart("fresh@example.com", 1)
    const freshIdle = new Date((await activity(fresh.id)).last_activity_at).getTime()

    expect(await detect(later(freshIdle, 31 * MINUTE), versionId, 30)).toBe(1)
    const entered = await journeys().listEnrollments({ journey_id: journeyId })
    expect(entered.map((e) => e.email)).toEqual(["fresh@example.com"])
    expect((await activity(anonymous.id)).email).toBeNull()
    expect(publishedAt).toBeLessThanOrEqual(freshIdle)

    // The stale cart comes back to life: a new idle period, which does fire.
    await atClock(later(freshIdle, HOUR), () =>
      shop("cart.updated", `/store/carts/${stale.id}/line-items`, { variant_id: store.product.variants[0].id, quantity: 1 })
    )
    const revived = new Date((await activity(stale.id)).last_activity_at).getTime()
    expect(await detect(later(revived, 31 * MINUTE), versionId, 30)).toBe(1)
    const emails = (await journeys().listEnrollments({ journey_id: journeyId })).map((e) => e.email).sort()
    expect(emails).toEqual(["fresh@example.com", "old@example.com"])
  })

  it("S4-a: carts up to 200 € get the standard reminder, larger ones the incentive (a condition on cart.total)", async () => {
    const standard = await template("cart-standard", "Your cart is waiting")
    const incentive = await template("cart-incentive", "10% off your cart: CART10")
    const { versionId, publishedAt } = await publish({
      trigger: { type: "cart_abandoned", idle_minutes: 60 },
      settings: { reentry: "after_exit", timezone: "UTC" },
      entry_node: "c1",
      nodes: [
        { id: "c1", type: "condition", branches: [{ port: "big", where: { field: "cart.total", op: "gt", value: 200 } }] },
        { id: "s1", type: "send", channel: "email", template_id: incentive.id },
        { id: "s2", type: "send", channel: "email", template_id: standard.id },
        { id: "x1", type: "exit" },
      ],
      edges: [
        { from: "c1", port: "big", to: "s1" },
        { from: "c1", port: "else", to: "s2" },
        { from: "s1", port: "next", to: "x1" },
        { from: "s2", port: "next", to: "x1" },
      ],
    })
    const small = await openCart("small@example.com", 8) // 200 €: not over
    const big = await openCart("big@example.com", 9) // 225 €
    expect([small.total, big.total]).toEqual([200, 225])

    const at = later(Math.max(publishedAt, Date.now()), 2 * HOUR)
    expect(await detect(at, versionId, 60)).toBe(2)
    await dispatch(at)
    const sent = Object.fromEntries(sentNotifications.map((n) => [n.to, n.template]))
    expect(sent).toEqual({ "small@example.com": standard.id, "big@example.com": incentive.id })
  })
}
