import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import { enterSegmentWorkflow, wakeDueEnrollmentsWorkflow } from "../../src/workflows"
import { loadCustomerContexts } from "../../src/workflows/message-context"
import { adminSession } from "../helpers/admin-session"
import { emitAndWait } from "../helpers/events"
import { createOrder, seedStore } from "../helpers/store-data"

const DAY = 86_400_000

export default ({ api, getContainer }: MedusaSuiteOptions) => {
  let session: { headers: Record<string, string> }
  const journeys = () => getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
  const post = (url: string, body: unknown = {}) => api.post(url, body, session).catch((e: any) => e.response)

  beforeEach(async () => {
    session = await adminSession(api, getContainer())
  })

  const emit = (name: string, data: Record<string, unknown>) => emitAndWait(getContainer(), name, data)

  const wake = (at: Date) => wakeDueEnrollmentsWorkflow(getContainer()).run({ input: { now: at.toISOString() } })

  async function publish(definition: (templateId: string) => unknown) {
    const template = await journeys().createMessageTemplates({
      handle: `review-${Date.now()}`,
      name: "Review",
      channel: "email",
      status: "published",
      subject: "How is order #{{ order.display_id }}?",
      html: "<p>{{ order.display_id }}</p>",
    })
    const created = await post("/admin/journeys", { name: "J", definition: definition(template.id) })
    const published = await post(`/admin/journeys/${created.data.journey.id}/publish`)
    expect(published.data).toMatchObject({ journey: { status: "live" } })
    return { journeyId: created.data.journey.id as string, templateId: template.id }
  }

  it("S4-c: an email 15 days after each order, with the order in its context; replays enroll nobody twice", async () => {
    const { journeyId, templateId } = await publish((templateId) => ({
      schema_version: 1,
      trigger: { type: "event", event: "order.placed" },
      settings: { reentry: "multiple", timezone: "Europe/Paris" },
      entry_node: "w1",
      nodes: [
        { id: "w1", type: "wait", duration: "P15D" },
        { id: "s1", type: "send", channel: "email", template_id: templateId, tag: "post-purchase" },
        { id: "x1", type: "exit" },
      ],
      edges: [
        { from: "w1", port: "next", to: "s1" },
        { from: "s1", port: "next", to: "x1" },
      ],
    }))
    const store = await seedStore(getContainer())
    const order = await createOrder(getContainer(), store)
    const placedAt = Date.now()
    await emit("order.placed", { id: order.id })
    await emit("order.placed", { id: order.id }) // a re-delivery

    const [enrollment] = await journeys().listEnrollments({ journey_id: journeyId })
    expect(await journeys().listEnrollments({ journey_id: journeyId })).toHaveLength(1)
    expect(enrollment).toMatchObject({
      status: "waiting",
      current_node: "w1",
      trigger_key: `order.placed:${order.id}`,
      customer_id: store.customer.id,
      email: "jane@example.com",
      entry_guard: null,
    })
    expect((enrollment.context as any).order.display_id).toBe(order.display_id)
    const wakeAt = new Date(enrollment.wake_at!).getTime()
    expect(wakeAt - placedAt).toBeGreaterThanOrEqual(15 * DAY - 60_000)
    expect(wakeAt - placedAt).toBeLessThanOrEqual(15 * DAY + 60_000)

    // Day 14: nothing due. Day 15: the email is queued and the journey completes.
    await wake(new Date(placedAt + 14 * DAY))
    expect(await journeys().listMessages({ journey_id: journeyId })).toHaveLength(0)
    const { result: woken } = await wake(new Date(wakeAt))
    expect(woken).toBe(1)
    const [message] = await journeys().listMessages({ journey_id: journeyId })
    expect(message).toMatchObject({
      status: "queued",
      channel: "email",
      template_id: templateId,
      recipient: "jane@example.com",
      tag: "post-purchase",
      customer_id: store.customer.id,
      enrollment_id: enrollment.id,
    })
    const [done] = await journeys().listEnrollments({ id: enrollment.id })
    expect(done).toMatchObject({ status: "completed", current_node: "x1", wake_at: null })

    const timeline = await journeys().listActivities({ enrollment_id: enrollment.id }, { order: { occurred_at: "ASC", created_at: "ASC" } })
    expect(timeline.map((a) => a.type)).toEqual(expect.arrayContaining(["entered", "waiting", "woke", "message_queued", "completed"]))

    // Another order is another entry ("multiple").
    const second = await createOrder(getContainer(), store)
    await emit("order.placed", { id: second.id })
    expect(await journeys().listEnrollments({ journey_id: journeyId })).toHaveLength(2)
    // Waking again changes nothing: the finished enrollment is not due.
    expect((await wake(new Date(wakeAt))).result).toBe(0)
  })

  it("archives a drained version once its last customer has left", async () => {
    const waitThenExit = (duration: string) => ({
      schema_version: 1,
      trigger: { type: "event", event: "order.placed" },
      settings: { reentry: "multiple", timezone: "UTC" },
      entry_node: "w1",
      nodes: [
        { id: "w1", type: "wait", duration },
        { id: "x1", type: "exit" },
      ],
      edges: [{ from: "w1", port: "next", to: "x1" }],
    })
    const created = await post("/admin/journeys", { name: "Drain", definition: waitThenExit("P1D") })
    const journeyId = created.data.journey.id
    const v1 = (await post(`/admin/journeys/${journeyId}/publish`)).data.journey.published_version.id
    const store = await seedStore(getContainer())
    await emit("order.placed", { id: (await createOrder(getContainer(), store)).id })

    await post(`/admin/journeys/${journeyId}/draft`, { definition: waitThenExit("P2D") })
    await post(`/admin/journeys/${journeyId}/publish`, { mode: "drain" })
    await wake(new Date())
    expect((await journeys().listJourneyVersions({ id: v1 }))[0].status).toBe("draining")

    await wake(new Date(Date.now() + 1.5 * DAY))
    const [archived] = await journeys().listJourneyVersions({ id: v1 })
    expect(archived.status).toBe("archived")
    expect(archived.ended_at).not.toBeNull()
    expect(archived.definition).toEqual(waitThenExit("P1D"))
  })

  it("takes nobody into a paused journey, nor into one whose trigger does not match", async () => {
    const { journeyId } = await publish((templateId) => ({
      schema_version: 1,
      trigger: { type: "event", event: "order.placed", where: { field: "order.total", op: "gt", value: 1000 } },
      settings: { reentry: "once", timezone: "UTC" },
      entry_node: "s1",
      nodes: [
        { id: "s1", type: "send", channel: "email", template_id: templateId },
        { id: "x1", type: "exit" },
      ],
      edges: [{ from: "s1", port: "next", to: "x1" }],
    }))
    const store = await seedStore(getContainer())
    const small = await createOrder(getContainer(), store)
    await emit("order.placed", { id: small.id })
    expect(await journeys().listEnrollments({ journey_id: journeyId })).toHaveLength(0)
    await post(`/admin/journeys/${journeyId}/pause`)
    const journey = await journeys().listJourneys({ id: journeyId })
    expect(journey[0].status).toBe("paused")
  })

  it("a purchase reaches the goal: the enrollment exits with the conversion and the order's revenue", async () => {
    const { journeyId } = await publish((templateId) => ({
      schema_version: 1,
      trigger: { type: "customer_created" },
      settings: { reentry: "once", timezone: "UTC", goal: { event: "order.placed" } },
      entry_node: "w1",
      nodes: [
        { id: "w1", type: "wait", duration: "P3D" },
        { id: "s1", type: "send", channel: "email", template_id: templateId },
        { id: "x1", type: "exit" },
      ],
      edges: [
        { from: "w1", port: "next", to: "s1" },
        { from: "s1", port: "next", to: "x1" },
      ],
    }))
    const store = await seedStore(getContainer())
    await emit("customer.created", { id: store.customer.id })
    const [waiting] = await journeys().listEnrollments({ journey_id: journeyId })
    expect(waiting).toMatchObject({ status: "waiting", awaiting: ["order.placed"] })

    const order = await createOrder(getContainer(), store)
    await emit("order.placed", { id: order.id })
    const [converted] = await journeys().listEnrollments({ id: waiting.id })
    expect(converted).toMatchObject({ status: "exited", exit_reason: "goal", conversion_order_id: order.id })
    expect(Number(converted.conversion_value)).toBe(50)
    expect(converted.converted_at).not.toBeNull()
    // Nothing is sent after the goal.
    await wake(new Date(Date.now() + 4 * DAY))
    expect(await journeys().listMessages({ journey_id: journeyId })).toHaveLength(0)
  })

  it("win-back: the next order ends the running enrollment and starts a new one", async () => {
    const { journeyId } = await publish((templateId) => ({
      schema_version: 1,
      trigger: { type: "event", event: "order.placed" },
      settings: { reentry: "multiple", timezone: "UTC", goal: { event: "order.placed" } },
      entry_node: "w1",
      nodes: [
        { id: "w1", type: "wait", duration: "P90D" },
        { id: "s1", type: "send", channel: "email", template_id: templateId },
        { id: "x1", type: "exit" },
      ],
      edges: [
        { from: "w1", port: "next", to: "s1" },
        { from: "s1", port: "next", to: "x1" },
      ],
    }))
    const store = await seedStore(getContainer())
    const first = await createOrder(getContainer(), store)
    await emit("order.placed", { id: first.id })
    const [a] = await journeys().listEnrollments({ journey_id: journeyId })
    expect(a.status).toBe("waiting")

    const second = await createOrder(getContainer(), store)
    await emit("order.placed", { id: second.id })
    const all = await journeys().listEnrollments({ journey_id: journeyId }, { order: { entered_at: "ASC" } })
    expect(all.map((e) => [e.trigger_key, e.status, e.exit_reason])).toEqual([
      [`order.placed:${first.id}`, "exited", "goal"],
      [`order.placed:${second.id}`, "waiting", null],
    ])
  })

  it("a reaction: a purchase within the day takes the 'bought' path, at once", async () => {
    const { journeyId, templateId } = await publish((templateId) => ({
      schema_version: 1,
      trigger: { type: "customer_created" },
      settings: { reentry: "once", timezone: "UTC" },
      entry_node: "r1",
      nodes: [
        { id: "r1", type: "wait_for_event", timeout: "P1D", events: [{ port: "bought", event: "order.placed" }] },
        { id: "s1", type: "send", channel: "email", template_id: templateId, tag: "thanks" },
        { id: "x1", type: "exit" },
      ],
      edges: [
        { from: "r1", port: "bought", to: "s1" },
        { from: "r1", port: "timeout", to: "x1" },
        { from: "s1", port: "next", to: "x1" },
      ],
    }))
    const store = await seedStore(getContainer())
    await emit("customer.created", { id: store.customer.id })
    const order = await createOrder(getContainer(), store)
    await emit("order.placed", { id: order.id })
    const [enrollment] = await journeys().listEnrollments({ journey_id: journeyId })
    expect(enrollment).toMatchObject({ status: "completed" })
    expect((enrollment.context as any).order.id).toBe(order.id)
    const messages = await journeys().listMessages({ journey_id: journeyId })
    expect(messages.map((m) => [m.template_id, m.tag])).toEqual([[templateId, "thanks"]])
  })

  it("welcomes a registered customer once, sending the first email at once", async () => {
    const { journeyId } = await publish((templateId) => ({
      schema_version: 1,
      trigger: { type: "customer_created" },
      settings: { reentry: "once", timezone: "UTC" },
      entry_node: "s1",
      nodes: [
        { id: "s1", type: "send", channel: "email", template_id: templateId, tag: "welcome" },
        { id: "x1", type: "exit" },
      ],
      edges: [{ from: "s1", port: "next", to: "x1" }],
    }))
    const { customer } = await seedStore(getContainer())
    await emit("customer.created", { id: customer.id })
    await emit("customer.created", { id: customer.id })
    const enrollments = await journeys().listEnrollments({ journey_id: journeyId })
    expect(enrollments).toHaveLength(1)
    expect(enrollments[0]).toMatchObject({ status: "completed", entry_guard: customer.id })
    expect(await journeys().listMessages({ journey_id: journeyId })).toHaveLength(1)
  })

  it("the segment hook enters the segment's joiners into the journeys that start on it, once per joining", async () => {
    const segmentJourney = (segment: string) => (templateId: string) => ({
      schema_version: 1,
      trigger: { type: "segment", segment_id: segment },
      settings: { reentry: "multiple", timezone: "UTC" },
      entry_node: "s1",
      nodes: [
        { id: "s1", type: "send", channel: "email", template_id: templateId, category: "marketing" },
        { id: "x1", type: "exit" },
      ],
      edges: [{ from: "s1", port: "next", to: "x1" }],
    })
    // Segments computed elsewhere (their own rules select nobody here, so their reads enter no one): the hook brings the joiners.
    const segment = async (name: string) =>
      (await post("/admin/journeys/segments", { name, rule: { field: "customer.metadata.computed_by", op: "eq", value: "elsewhere" } })).data.segment.id as string
    const [vipId, lapsedId] = [await segment("VIP"), await segment("Lapsed")]
    const vip = await publish(segmentJourney(vipId))
    const other = await publish(segmentJourney(lapsedId))
    const { customer } = await seedStore(getContainer())
    const enter = async (members: { customer_id: string; key?: string }[]) =>
      (await enterSegmentWorkflow(getContainer()).run({
        input: { segment_id: vipId, members, occurred_at: new Date().toISOString() },
      })).result

    const first = await enter([{ customer_id: customer.id }, { customer_id: "cus_missing" }])
    expect(first).toMatchObject({ entered: [expect.any(String)], unknown: ["cus_missing"] })
    // The same joining again (a retried call) enrolls nobody; a new joining (left, came back) does.
    expect((await enter([{ customer_id: customer.id }])).entered).toEqual([])
    expect((await enter([{ customer_id: customer.id, key: "membership-2" }])).entered).toHaveLength(1)

    const enrollments = await journeys().listEnrollments({ journey_id: vip.journeyId })
    expect(enrollments.map((e) => [e.customer_id, e.email, e.status])).toEqual([
      [customer.id, customer.email, "completed"],
      [customer.id, customer.email, "completed"],
    ])
    expect((enrollments[0].context as any).event).toEqual({ name: "segment.entered", data: { segment_id: vipId } })
    expect(await journeys().listEnrollments({ journey_id: other.journeyId })).toEqual([])
  })

  it("segment entries read the customer context the Customer Module gives, in one statement", async () => {
    const customers = getContainer().resolve(Modules.CUSTOMER)
    const [customer] = await customers.createCustomers([{
      email: "ada@example.com", first_name: "Ada", company_name: "Analytical", metadata: { tier: "gold", visits: 3 },
      addresses: [
        { address_1: "1 rue de Rivoli", city: "Paris", country_code: "fr", is_default_shipping: true, metadata: { floor: 2 } },
        { address_1: "2 quai Saint-Antoine", city: "Lyon", country_code: "fr", phone: "+33478000000" },
        { address_1: "3 rue Nationale", city: "Lille", country_code: "fr" },
      ],
    }])
    // A soft-deleted address, and dates with microseconds (as PostgreSQL's now() writes them): both read them to the millisecond.
    const db = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
    await db.raw(`update customer_address set deleted_at = now() where customer_id = ? and city = 'Lille'`, [customer.id])
    await db.raw(`update customer set created_at = created_at + interval '123.456 milliseconds' where id = ?`, [customer.id])
    await db.raw(`update customer_address set updated_at = now() where customer_id = ?`, [customer.id])

    const [context, viaModule] = await Promise.all([
      journeys().listCustomerContexts([customer.id, "cus_missing"]),
      loadCustomerContexts(getContainer(), [customer.id]),
    ])
    const byId = (c: any) => ({ ...c, addresses: [...c.addresses].sort((a: any, b: any) => a.id.localeCompare(b.id)) })
    expect(context.has("cus_missing")).toBe(false)
    expect(context.get(customer.id)!.addresses).toHaveLength(2)
    expect(byId(context.get(customer.id))).toEqual(byId(viaModule.get(customer.id)!.customer))
  })
}
