import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import journeysCustomerCreated from "../../src/subscribers/journeys-customer-created"
import journeysOrderPlaced from "../../src/subscribers/journeys-order-placed"
import { adminSession } from "../helpers/admin-session"
import { emitAndWait } from "../helpers/events"
import { JOURNEY_STATE_TABLES } from "../helpers/schema"
import { createOrder, seedStore, storeShopper } from "../helpers/store-data"

/**
 * Event buses deliver at least once: every subscriber of the plugin, and the custom event routes,
 * fed the same event again must change nothing — no enrollment, activity, message or event row,
 * whether the event starts a journey or moves an enrollment already inside (goal, reaction).
 * Every wait here lasts a day or more, out of reach of the every-minute jobs on the real clock.
 */

export default ({ api, getContainer }: MedusaSuiteOptions) => {
  let session: { headers: Record<string, string> }
  const journeys = () => getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
  const post = (url: string, body: unknown, headers = session.headers) =>
    api.post(url, body, { headers }).catch((e: any) => e.response)
  const emit = (name: string, data: Record<string, unknown>) => emitAndWait(getContainer(), name, data)

  let templateId: string
  beforeEach(async () => {
    session = await adminSession(api, getContainer())
    const template = await journeys().createMessageTemplates({
      handle: "hello", name: "Hello", channel: "email", status: "published", subject: "Hello", html: "<p>Hello</p>",
    })
    templateId = template.id
  })

  /** Rows of every journey state table, and the enrollments as they stand (an update would show). */
  async function snapshot() {
    const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const rows: Record<string, number> = {}
    for (const table of JOURNEY_STATE_TABLES) rows[table] = Number((await knex(table).count("* as n"))[0].n)
    const enrollments = await knex("journey_enrollment")
      .select("id", "status", "current_node", "wake_at", "awaiting", "exit_reason", "entry_guard", "context", "updated_at")
      .orderBy("id")
    return { rows, enrollments }
  }

  async function publish(name: string, definition: Record<string, unknown>) {
    const created = await post("/admin/journeys", { name, definition: { schema_version: 1, ...definition } })
    expect((await post(`/admin/journeys/${created.data.journey.id}/publish`, {})).status).toBe(200)
    return created.data.journey.id as string
  }

  /** A send, then a day's wait: the enrollment stays inside. */
  const sendThenWait = () => ({
    entry_node: "s1",
    nodes: [
      { id: "s1", type: "send", channel: "email", template_id: templateId },
      { id: "w1", type: "wait", duration: "P1D" },
      { id: "x1", type: "exit" },
    ],
    edges: [
      { from: "s1", port: "next", to: "w1" },
      { from: "w1", port: "next", to: "x1" },
    ],
  })

  it("journeys-order-placed: a replayed order.placed enters nobody again and moves no enrollment again", async () => {
    const postPurchase = await publish("Post-purchase", {
      trigger: { type: "event", event: "order.placed" },
      settings: { reentry: "multiple", timezone: "UTC" },
      ...sendThenWait(),
    })
    const withGoal = await publish("Goal", {
      trigger: { type: "customer_created" },
      settings: { reentry: "once", timezone: "UTC", goal: { event: "order.placed" } },
      entry_node: "w1",
      nodes: [
        { id: "w1", type: "wait", duration: "P3D" },
        { id: "x1", type: "exit" },
      ],
      edges: [{ from: "w1", port: "next", to: "x1" }],
    })
    const reaction = await publish("Reaction", {
      trigger: { type: "customer_created" },
      settings: { reentry: "once", timezone: "UTC" },
      entry_node: "r1",
      nodes: [
        { id: "r1", type: "wait_for_event", timeout: "P1D", events: [{ port: "bought", event: "order.placed" }] },
        { id: "s1", type: "send", channel: "email", template_id: templateId },
        { id: "w1", type: "wait", duration: "P1D" },
        { id: "x1", type: "exit" },
      ],
      edges: [
        { from: "r1", port: "bought", to: "s1" },
        { from: "r1", port: "timeout", to: "x1" },
        { from: "s1", port: "next", to: "w1" },
        { from: "w1", port: "next", to: "x1" },
      ],
    })
    const store = await seedStore(getContainer())
    await emit("customer.created", { id: store.customer.id })
    const first = await createOrder(getContainer(), store)
    const before = await snapshot()

    await emit("order.placed", { id: first.id })
    const after = await snapshot()
    const status = async (journeyId: string) =>
      (await journeys().listEnrollments({ journey_id: journeyId })).map((e) => [e.status, e.current_node, e.exit_reason])
    expect(await status(postPurchase)).toEqual([["waiting", "w1", null]])
    expect(await status(withGoal)).toEqual([["exited", "w1", "goal"]])
    expect(await status(reaction)).toEqual([["waiting", "w1", null]])
    expect(after.rows.journey_event - before.rows.journey_event).toBe(1)
    expect(after.rows.journey_message - before.rows.journey_message).toBe(2)

    await emit("order.placed", { id: first.id })
    expect(await snapshot()).toEqual(after)

    // Two deliveries at once, as two workers would run them: still one of each.
    const second = await createOrder(getContainer(), store)
    await Promise.all(
      [1, 2].map(() => journeysOrderPlaced({ event: { name: "order.placed", data: { id: second.id } }, container: getContainer() } as any))
    )
    const concurrent = await snapshot()
    expect(concurrent.rows.journey_enrollment - after.rows.journey_enrollment).toBe(1)
    expect(concurrent.rows.journey_event - after.rows.journey_event).toBe(1)
    await emit("order.placed", { id: second.id })
    expect(await snapshot()).toEqual(concurrent)
  })

  it("journeys-customer-created: a replayed customer.created enters nobody again, whatever the re-entry rule", async () => {
    await publish("Once", { trigger: { type: "customer_created" }, settings: { reentry: "once", timezone: "UTC" }, ...sendThenWait() })
    await publish("Multiple", { trigger: { type: "customer_created" }, settings: { reentry: "multiple", timezone: "UTC" }, ...sendThenWait() })
    // Made without Medusa's workflow, which would announce it on its own.
    const [customer, other] = await getContainer()
      .resolve(Modules.CUSTOMER)
      .createCustomers([{ email: "jane@example.com" }, { email: "other@example.com" }])
    const before = await snapshot()

    await emit("customer.created", { id: customer.id })
    const after = await snapshot()
    expect(after.rows.journey_enrollment - before.rows.journey_enrollment).toBe(2)
    expect(after.rows.journey_message - before.rows.journey_message).toBe(2)
    await emit("customer.created", { id: customer.id })
    expect(await snapshot()).toEqual(after)

    await Promise.all(
      [1, 2].map(() => journeysCustomerCreated({ event: { name: "customer.created", data: { id: other.id } }, container: getContainer() } as any))
    )
    const concurrent = await snapshot()
    expect(concurrent.rows.journey_enrollment - after.rows.journey_enrollment).toBe(2)
    expect(concurrent.rows.journey_message - after.rows.journey_message).toBe(2)
  })

  it("custom events: the same id sent twice to the admin or the store route changes nothing the second time", async () => {
    const viewed = await publish("Browse", {
      trigger: { type: "event", event: "product.viewed" },
      settings: { reentry: "multiple", timezone: "UTC" },
      ...sendThenWait(),
    })
    const quiz = await publish("Quiz", {
      trigger: { type: "customer_created" },
      settings: { reentry: "once", timezone: "UTC" },
      entry_node: "r1",
      nodes: [
        { id: "r1", type: "wait_for_event", timeout: "P1D", events: [{ port: "done", event: "quiz.completed" }] },
        { id: "s1", type: "send", channel: "email", template_id: templateId },
        { id: "w1", type: "wait", duration: "P1D" },
        { id: "x1", type: "exit" },
      ],
      edges: [
        { from: "r1", port: "done", to: "s1" },
        { from: "r1", port: "timeout", to: "x1" },
        { from: "s1", port: "next", to: "w1" },
        { from: "w1", port: "next", to: "x1" },
      ],
    })
    const { channel, customer: jane } = await seedStore(getContainer())
    const { shopper, customer } = await storeShopper(api, getContainer(), channel.id)
    // Both were announced by Medusa already; waiting on a delivery settles their entries first.
    await emit("customer.created", { id: jane.id })
    await emit("customer.created", { id: customer.id })

    const twice = async (send: () => Promise<{ status: number; data: { event: Record<string, unknown> } }>, effect: Record<string, number>) => {
      const first = await send()
      expect(first.status).toBe(200)
      expect(first.data.event).toMatchObject({ duplicate: false, ...effect })
      const after = await snapshot()
      const again = await send()
      expect(again.data.event).toMatchObject({ duplicate: true, reacted: 0, entered: 0 })
      expect(await snapshot()).toEqual(after)
    }
    const admin = (body: Record<string, unknown>) => () => post("/admin/journeys/events", { customer_id: customer.id, ...body })
    const storefront = (body: Record<string, unknown>) => () => post("/store/journeys/events", body, shopper)

    await twice(admin({ name: "product.viewed", id: "view-1" }), { entered: 1, reacted: 0 })
    await twice(storefront({ name: "product.viewed", id: "view-2" }), { entered: 1, reacted: 0 })
    await twice(storefront({ name: "quiz.completed", id: "quiz-1" }), { entered: 0, reacted: 1 })
    // A goal reached through the admin route, replayed.
    await publish("Second quiz", {
      trigger: { type: "event", event: "quiz.started" },
      settings: { reentry: "once", timezone: "UTC", goal: { event: "quiz.abandoned" } },
      entry_node: "w1",
      nodes: [
        { id: "w1", type: "wait", duration: "P2D" },
        { id: "x1", type: "exit" },
      ],
      edges: [{ from: "w1", port: "next", to: "x1" }],
    })
    await twice(admin({ name: "quiz.started", id: "start-1" }), { entered: 1, reacted: 0 })
    await twice(admin({ name: "quiz.abandoned", id: "abandon-1" }), { entered: 0, reacted: 1 })

    expect((await journeys().listEnrollments({ journey_id: viewed })).map((e) => e.status)).toEqual(["waiting", "waiting"])
    const quizzes = await journeys().listEnrollments({ journey_id: quiz }, { order: { customer_id: "ASC" } })
    expect(quizzes.map((e) => [e.customer_id, e.status, e.current_node]).sort()).toEqual(
      [[customer.id, "waiting", "w1"], [jane.id, "waiting", "r1"]].sort()
    )
  })
}
