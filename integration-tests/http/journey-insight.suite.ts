import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createCustomersWorkflow } from "@medusajs/medusa/core-flows"
import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import { enrollOnTriggerWorkflow, wakeDueEnrollmentsWorkflow } from "../../src/workflows"
import { adminSession } from "../helpers/admin-session"
import { emitAndWait } from "../helpers/events"
import { createOrder, seedStore } from "../helpers/store-data"

const DAY = 86_400_000

/** Welcome email, then VIPs wait a day before the end while the others leave at once; a purchase is the goal. */
const definition = (templateId: string) => ({
  schema_version: 1,
  trigger: { type: "customer_created" },
  settings: { reentry: "once", timezone: "UTC", goal: { event: "order.placed" } },
  entry_node: "s1",
  nodes: [
    { id: "s1", type: "send", channel: "email", template_id: templateId },
    {
      id: "c1",
      type: "condition",
      branches: [{ port: "vip", where: { field: "customer.email", op: "contains", value: "vip" } }],
    },
    { id: "w1", type: "wait", duration: "P1D" },
    { id: "x1", type: "exit" },
    { id: "x2", type: "exit" },
  ],
  edges: [
    { from: "s1", port: "next", to: "c1" },
    { from: "c1", port: "vip", to: "w1" },
    { from: "c1", port: "else", to: "x2" },
    { from: "w1", port: "next", to: "x1" },
  ],
})

const zeroMessages = { queued: 0, sending: 0, sent: 0, delivered: 0, failed: 0, skipped: 0, cancelled: 0, opened: 0, clicked: 0 }
const node = (counts: Record<string, unknown>, messages: Record<string, number> = {}) => ({
  entered: 0, active: 0, waiting: 0, exited: 0, converted: 0, revenue: 0, ...counts,
  messages: { ...zeroMessages, ...messages },
})

export default ({ api, getContainer }: MedusaSuiteOptions) => {
  let session: { headers: Record<string, string> }
  const journeys = () => getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
  const get = (url: string) => api.get(url, session).catch((e: any) => e.response)
  const post = (url: string, body: unknown = {}) => api.post(url, body, session).catch((e: any) => e.response)

  beforeEach(async () => {
    session = await adminSession(api, getContainer())
  })

  const emit = (name: string, data: Record<string, unknown>) => emitAndWait(getContainer(), name, data)

  /** Registers a customer and waits until the journeys took them in: one after the other, so entry order is known. */
  async function register(email: string) {
    const { result: [customer] } = await createCustomersWorkflow(getContainer()).run({
      input: { customersData: [{ email, first_name: email.split("@")[0] }] },
    })
    await emit("customer.created", { id: customer.id })
    return customer
  }

  async function publish() {
    const template = await journeys().createMessageTemplates({
      handle: "welcome", name: "Welcome", channel: "email", status: "published",
      subject: "Welcome", html: "<p>Welcome</p>",
    })
    const created = await post("/admin/journeys", { name: "Welcome", definition: definition(template.id) })
    expect((await post(`/admin/journeys/${created.data.journey.id}/publish`)).status).toBe(200)
    return { journeyId: created.data.journey.id as string, templateId: template.id }
  }

  /**
   * Jane (not a VIP) completes at once at x2; three VIPs wait at w1, the first of whom buys (goal,
   * 50 EUR); a test enrollment waits at w1 too. Returns the enrollment ids by customer.
   */
  async function scenario() {
    const { journeyId, templateId } = await publish()
    const store = await seedStore(getContainer())
    await emit("customer.created", { id: store.customer.id })
    const vip1 = await register("vip.one@example.com")
    await register("vip.two@example.com")
    await register("VIP.Three@Example.com")
    await enrollOnTriggerWorkflow(getContainer()).run({
      input: {
        trigger: { type: "customer_created" },
        key: "test:vip.tester",
        customer_id: null,
        email: "vip.tester@example.com",
        context: { customer: { email: "vip.tester@example.com" } },
        occurred_at: new Date().toISOString(),
        is_test: true,
      },
    })
    const bought = { ...store, order: { ...store.order, customer_id: vip1.id, email: vip1.email! } }
    const order = await createOrder(getContainer(), bought)
    await emit("order.placed", { id: order.id })

    const all = await journeys().listEnrollments({ journey_id: journeyId }, { select: ["id", "email"] })
    const id = Object.fromEntries(all.map((e) => [e.email!.split("@")[0].toLowerCase(), e.id]))
    expect(Object.keys(id).sort()).toEqual(["jane", "vip.one", "vip.tester", "vip.three", "vip.two"])
    return { journeyId, templateId, id, orderId: order.id }
  }

  const ids = (response: { data: { enrollments: { id: string }[] } }) => response.data.enrollments.map((e) => e.id)

  it("refuses every route without a session", async () => {
    for (const url of ["enrollments", "enrollments/jenr_1", "stats"]) {
      const response = await api.get(`/admin/journeys/jrny_1/${url}`).catch((e: any) => e.response)
      expect({ url, status: response.status }).toEqual({ url, status: 401 })
    }
  })

  it("answers 400 naming the field of a bad list query", async () => {
    for (const [query, field] of [
      ["limit=0", /limit/],
      ["limit=101", /limit/],
      ["offset=-1", /offset/],
      ["status=running", /status/],
      ["status=waiting&status=gone", /status/],
      ["is_test=maybe", /is_test/],
      ["email=%20", /email/],
      ["colour=red", /colour/],
    ] as const) {
      const response = await get(`/admin/journeys/jrny_1/enrollments?${query}`)
      expect({ query, status: response.status, message: response.data.message }).toEqual({
        query,
        status: 400,
        message: expect.stringMatching(field),
      })
    }
  })

  it("lists who is where: newest first, paginated, filtered, test enrollments only on request", async () => {
    const { journeyId, id } = await scenario()
    const list = (query = "") => get(`/admin/journeys/${journeyId}/enrollments${query}`)

    const all = await list()
    expect(all.status).toBe(200)
    expect(all.data).toMatchObject({ count: 4, limit: 20, offset: 0 })
    expect(ids(all)).toEqual([id["vip.three"], id["vip.two"], id["vip.one"], id.jane])
    const byId = Object.fromEntries(all.data.enrollments.map((e: any) => [e.id, e]))
    expect(byId[id["vip.one"]]).toEqual({
      id: id["vip.one"],
      customer_id: expect.stringMatching(/^cus_/),
      email: "vip.one@example.com",
      status: "exited",
      current_node: "w1",
      wake_at: null,
      exit_reason: "goal",
      is_test: false,
      entered_at: expect.any(String),
      ended_at: expect.any(String),
      converted_at: expect.any(String),
      conversion_value: 50,
      version: { id: expect.stringMatching(/^jver_/), number: 1 },
    })
    expect(byId[id.jane]).toMatchObject({ status: "completed", current_node: "x2", exit_reason: null, conversion_value: null })
    expect(byId[id["vip.two"]]).toMatchObject({ status: "waiting", current_node: "w1", ended_at: null })
    expect(Date.parse(byId[id["vip.two"]].wake_at) - Date.parse(byId[id["vip.two"]].entered_at)).toBe(DAY)

    const page = await list("?limit=2&offset=2")
    expect(page.data).toMatchObject({ count: 4, limit: 2, offset: 2 })
    expect(ids(page)).toEqual([id["vip.one"], id.jane])
    expect(ids(await list("?offset=10"))).toEqual([])
    expect((await list("?offset=10")).data.count).toBe(4)

    expect(ids(await list("?status=waiting"))).toEqual([id["vip.three"], id["vip.two"]])
    expect(ids(await list("?status=waiting&status=exited"))).toEqual([id["vip.three"], id["vip.two"], id["vip.one"]])
    expect(ids(await list("?status[]=completed"))).toEqual([id.jane])
    expect(ids(await list("?node=x2"))).toEqual([id.jane])
    expect(ids(await list("?node=w1&status=waiting&limit=1"))).toEqual([id["vip.three"]])
    expect((await list("?node=w1&status=waiting&limit=1")).data.count).toBe(2)

    // Email: a part of the address, any case, taken literally.
    expect(ids(await list("?email=VIP"))).toEqual([id["vip.three"], id["vip.two"], id["vip.one"]])
    expect(ids(await list("?email=vip.three@example.COM"))).toEqual([id["vip.three"]])
    expect(ids(await list(`?email=${encodeURIComponent("%")}`))).toEqual([])
    expect(ids(await list("?email=v_p"))).toEqual([])

    const tests = await list("?is_test=true")
    expect(tests.data.count).toBe(1)
    expect(tests.data.enrollments[0]).toMatchObject({ id: id["vip.tester"], is_test: true, status: "waiting", customer_id: null })
    expect(ids(await list("?is_test=false"))).toEqual(ids(all))
  })

  it("shows an enrollment's timeline with its reasons, and its messages", async () => {
    const { journeyId, templateId, id, orderId } = await scenario()
    const detail = (enrollmentId: string, journey = journeyId) => get(`/admin/journeys/${journey}/enrollments/${enrollmentId}`)

    const buyer = await detail(id["vip.one"])
    expect(buyer.status).toBe(200)
    const { activities, messages, effects, ...enrollment } = buyer.data.enrollment
    expect(effects).toEqual([])
    expect(enrollment).toMatchObject({
      id: id["vip.one"],
      status: "exited",
      exit_reason: "goal",
      current_node: "w1",
      is_test: false,
      trigger_key: expect.stringMatching(/^customer\.created:cus_/),
      conversion_order_id: orderId,
      version: { number: 1 },
    })
    expect(Object.keys(enrollment).sort()).toEqual([
      "awaiting", "context", "conversion_order_id", "conversion_value", "converted_at", "current_node", "customer_id",
      "email", "ended_at", "entered_at", "exit_reason", "id", "is_test", "status", "trigger_key", "version", "wake_at",
    ])
    expect(enrollment.conversion_value).toBe(50)
    expect(enrollment.context.customer.email).toBe("vip.one@example.com")

    // Entry and the goal are two transitions: each instant groups its steps, in time order.
    const times = activities.map((a: any) => Date.parse(a.occurred_at))
    expect(times).toEqual([...times].sort((a, b) => a - b))
    const steps = (from: number, to: number) => activities.slice(from, to).map((a: any) => `${a.type}@${a.node_id}`).sort()
    expect(activities).toHaveLength(6)
    expect(new Set(times.slice(0, 4)).size).toBe(1)
    expect(times[4]).toBeGreaterThan(times[3])
    expect(steps(0, 4)).toEqual(["branch@c1", "entered@s1", "message_queued@s1", "waiting@w1"])
    expect(steps(4, 6)).toEqual(["exited@w1", "goal@w1"])
    const byType = Object.fromEntries(activities.map((a: any) => [a.type, a]))
    expect(byType.branch).toMatchObject({ reason: expect.stringMatching(/^branch "vip"/), data: { port: "vip" } })
    expect(byType.waiting.data).toMatchObject({ awaiting: ["order.placed"], wake_at: expect.any(String) })
    expect(byType.exited).toMatchObject({ reason: "reached the goal", data: { exit_reason: "goal" } })
    expect(Object.keys(byType.entered).sort()).toEqual(["data", "id", "node_id", "occurred_at", "reason", "type"])

    expect(messages).toEqual([
      expect.objectContaining({
        node_id: "s1",
        channel: "email",
        template_id: templateId,
        recipient: "vip.one@example.com",
        attempts: expect.any(Number),
        error: null,
        skip_reason: null,
        queued_at: expect.any(String),
      }),
    ])

    // The woken ones finish at x1, after their wait.
    await wakeDueEnrollmentsWorkflow(getContainer()).run({ input: { now: new Date(Date.now() + DAY + 60_000).toISOString() } })
    const woken = (await detail(id["vip.two"])).data.enrollment
    expect(woken).toMatchObject({ status: "completed", current_node: "x1", wake_at: null })
    expect(woken.activities.slice(-2).map((a: any) => `${a.type}@${a.node_id}`).sort()).toEqual(["completed@x1", "woke@w1"])

    // 404: unknown journey, unknown enrollment, an enrollment of another journey.
    const other = await post("/admin/journeys", { name: "Other" })
    for (const response of [
      await detail(id["vip.one"], "jrny_missing"),
      await detail("jenr_missing"),
      await detail(id["vip.one"], other.data.journey.id),
    ]) {
      expect(response.status).toBe(404)
    }
    expect((await detail("jenr_missing")).data.message).toMatch(/Enrollment with id "jenr_missing" was not found/)
    expect((await get("/admin/journeys/jrny_missing/enrollments")).status).toBe(404)
    expect((await get("/admin/journeys/jrny_missing/stats")).data.message).toMatch(/Journey with id "jrny_missing"/)
  })

  it("counts live per node and in total, without test enrollments or their messages", async () => {
    const { journeyId } = await scenario()
    const stats = async () => {
      const response = await get(`/admin/journeys/${journeyId}/stats`)
      expect(response.status).toBe(200)
      return response.data.stats
    }

    // What the dispatcher and the provider's webhooks would have recorded.
    const messages = await journeys().listMessages({ journey_id: journeyId }, { select: ["id", "recipient"] })
    const at = new Date()
    const outcome: Record<string, Record<string, unknown>> = {
      "jane@example.com": { status: "skipped", skip_reason: "unsubscribed" },
      "vip.one@example.com": { status: "sent", sent_at: at, opened_at: at },
      "vip.two@example.com": { status: "delivered", sent_at: at, delivered_at: at, opened_at: at, clicked_at: at },
      "VIP.Three@Example.com": { status: "failed", error: "mailbox full" },
      "vip.tester@example.com": { status: "delivered", sent_at: at, opened_at: at, clicked_at: at },
    }
    await journeys().updateMessages(
      messages.map((m) => ({ id: m.id, next_attempt_at: null, ...outcome[m.recipient] }) as any)
    )

    const converted = { converted: 1, revenue: 50 }
    const s1Messages = { sent: 1, delivered: 1, failed: 1, skipped: 1, opened: 2, clicked: 1 }
    const before = await stats()
    expect(before.nodes).toEqual({
      s1: node({ entered: 4, ...converted }, s1Messages),
      c1: node({ entered: 4, ...converted }),
      w1: node({ entered: 3, waiting: 2, exited: 1, ...converted }),
      x1: node({}),
      x2: node({ entered: 1, exited: 1 }),
    })
    expect(before.totals).toEqual({
      entered: 4,
      in_progress: 2,
      completed: 1,
      exited: 1,
      exited_by_reason: { goal: 1 },
      failed: 0,
      messaged: 2,
      opened: 2,
      clicked: 1,
      converted: 1,
      revenue: 50,
    })

    // A day later the two VIPs still waiting (and the test one) reach x1.
    const { result: woken } = await wakeDueEnrollmentsWorkflow(getContainer()).run({
      input: { now: new Date(Date.now() + DAY + 60_000).toISOString() },
    })
    expect(woken).toBe(3)
    const after = await stats()
    expect(after.nodes.w1).toEqual(node({ entered: 3, exited: 1, ...converted }))
    expect(after.nodes.x1).toEqual(node({ entered: 2, exited: 2 }))
    expect(after.totals).toMatchObject({ entered: 4, in_progress: 0, completed: 3, exited: 1, converted: 1, revenue: 50 })

    // A journey never published: its draft's nodes, all at zero.
    const draft = await post("/admin/journeys", { name: "Draft", definition: definition("jtpl_x") })
    const empty = (await get(`/admin/journeys/${draft.data.journey.id}/stats`)).data.stats
    expect(Object.keys(empty.nodes).sort()).toEqual(["c1", "s1", "w1", "x1", "x2"])
    expect(empty.nodes.s1).toEqual(node({}))
    expect(empty.totals).toMatchObject({ entered: 0, in_progress: 0, revenue: 0, exited_by_reason: {} })
  })

  it("counts what happened in the period asked for; who waits where is always now", async () => {
    const { journeyId, id } = await scenario()
    const stats = async (since?: string) => {
      const response = await get(`/admin/journeys/${journeyId}/stats${since ? `?since=${since}` : ""}`)
      expect(response.status).toBe(200)
      return response.data.stats
    }
    // Jane came and went 40 days ago; vip.two entered 100 days ago and still waits at w1.
    const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const back = async (enrollmentId: string, days: number) => {
      const by = `${days} days`
      await pg.raw(
        `update journey_enrollment set entered_at = entered_at - ?::interval, ended_at = ended_at - ?::interval where id = ?`,
        [by, by, enrollmentId]
      )
      // The timeline is append-only (a trigger): rewriting history takes the triggers off, for this transaction.
      await pg.transaction(async (trx: any) => {
        await trx.raw(`set local session_replication_role = replica`)
        await trx.raw(`update journey_activity set occurred_at = occurred_at - ?::interval where enrollment_id = ?`, [by, enrollmentId])
      })
      await pg.raw(`update journey_message set queued_at = queued_at - ?::interval where enrollment_id = ?`, [by, enrollmentId])
    }
    await back(id.jane, 40)
    await back(id["vip.two"], 100)
    // The statuses partition a node's messages, wherever the dispatcher got.
    const messageCount = ({ messages: { opened, clicked, ...byStatus } }: { messages: Record<string, number> }) =>
      Object.values(byStatus).reduce((sum, count) => sum + count, 0)

    const all = await stats()
    expect(await stats("all")).toEqual(all)
    expect(all.totals).toMatchObject({ entered: 4, in_progress: 2, completed: 1, exited: 1, converted: 1, revenue: 50 })
    expect(all.nodes.s1).toMatchObject({ entered: 4 })
    expect(all.nodes.x2).toMatchObject({ entered: 1, exited: 1 })

    const quarter = await stats("90d")
    expect(quarter.totals).toMatchObject({ entered: 3, in_progress: 2, completed: 1, exited: 1, converted: 1 })
    expect(quarter.nodes.s1).toMatchObject({ entered: 3 })
    expect(messageCount(quarter.nodes.s1)).toBe(3)
    expect(quarter.nodes.x2).toMatchObject({ entered: 1, exited: 1 })

    for (const since of ["30d", "7d"]) {
      const recent = await stats(since)
      expect(recent.totals).toMatchObject({ entered: 2, in_progress: 2, completed: 0, exited: 1, converted: 1, revenue: 50 })
      expect(recent.nodes.s1).toMatchObject({ entered: 2 })
      expect(messageCount(recent.nodes.s1)).toBe(2)
      expect(recent.nodes.x2).toMatchObject({ entered: 0, exited: 0 })
      // Waiting now, whenever they came: vip.two and vip.three.
      expect(recent.nodes.w1).toMatchObject({ entered: 2, waiting: 2, exited: 1, converted: 1 })
    }

    for (const [query, field] of [
      ["since=1y", /since/],
      ["since=", /since/],
      ["since=7d&since=30d", /since/],
      ["period=7d", /period/],
    ] as const) {
      const response = await get(`/admin/journeys/${journeyId}/stats?${query}`)
      expect({ query, status: response.status, message: response.data.message }).toEqual({
        query,
        status: 400,
        message: expect.stringMatching(field),
      })
    }
  })
}
