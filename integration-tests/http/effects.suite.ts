import { createServer, type IncomingHttpHeaders, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { createCustomersWorkflow, deleteCustomersWorkflow } from "@medusajs/medusa/core-flows"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import { verifyWebhookSignature } from "../../src/webhooks/signature"
import { executeEffectsWorkflow, wakeDueEnrollmentsWorkflow } from "../../src/workflows"
import { effectRecord } from "../../src/workflows/effects/outcomes"
import { leaseEnd } from "../../src/workflows/retry-policy"
import { adminSession } from "../helpers/admin-session"

const MINUTE = 60_000
const DAY = 86_400_000

type Delivery = { path: string; headers: IncomingHttpHeaders; body: string }

/**
 * A webhook receiver: answers each path with the statuses queued for it (the last one repeats,
 * 200 when none), recording every request.
 */
function receiver() {
  const deliveries: Delivery[] = []
  const answers = new Map<string, number[]>()
  const server: Server = createServer((request, res) => {
    let body = ""
    request.on("data", (chunk) => (body += chunk))
    request.on("end", () => {
      const path = request.url ?? "/"
      deliveries.push({ path, headers: request.headers, body })
      const queue = answers.get(path) ?? [200]
      const status = queue.length > 1 ? queue.shift()! : queue[0]
      res.writeHead(status).end(status >= 300 ? `${path.slice(1)} says no` : "ok")
    })
  })
  return {
    deliveries,
    answer: (path: string, ...statuses: number[]) => answers.set(path, statuses),
    reset: () => ((deliveries.length = 0), answers.clear()),
    start: () => new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export default ({ api, getContainer }: MedusaSuiteOptions) => {
  let session: { headers: Record<string, string> }
  const hooks = receiver()
  let base: string
  const journeys = () => getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
  const post = (url: string, body: unknown = {}) => api.post(url, body, session).catch((e: any) => e.response)
  const get = (url: string) => api.get(url, session).catch((e: any) => e.response)
  const later = (at: Date, ms: number) => new Date(at.getTime() + ms)
  const effect = async (id: string) => (await journeys().listEffects({ id }))[0]

  beforeAll(async () => {
    base = await hooks.start()
  })
  afterAll(() => hooks.stop())

  beforeEach(async () => {
    session = await adminSession(api, getContainer())
    hooks.reset()
  })

  const execute = async (at: Date) => (await executeEffectsWorkflow(getContainer()).run({ input: { now: at.toISOString() } })).result

  /** A live journey on `quiz.completed` that waits a day, then runs `nodes` in a row. */
  async function publish(nodes: Record<string, unknown>[]) {
    const chain = [{ id: "w1", type: "wait", duration: "P1D" }, ...nodes, { id: "x1", type: "exit" }]
    const created = await post("/admin/journeys", {
      name: "Quiz follow-up",
      definition: {
        schema_version: 1,
        trigger: { type: "event", event: "quiz.completed" },
        settings: { reentry: "multiple", timezone: "UTC" },
        entry_node: "w1",
        nodes: chain,
        edges: chain.slice(1).map((node, i) => ({ from: chain[i].id, port: "next", to: node.id })),
      },
    })
    expect(created.status).toBe(201)
    const journeyId = created.data.journey.id as string
    expect((await post(`/admin/journeys/${journeyId}/publish`)).data).toMatchObject({ journey: { status: "live" } })
    return journeyId
  }

  async function customers(...data: Record<string, unknown>[]) {
    const { result } = await createCustomersWorkflow(getContainer()).run({ input: { customersData: data } })
    return result
  }

  /**
   * The customers complete the quiz now; two days later (a test clock the every-minute jobs,
   * running on the real one, do not reach) their wait is over and the journey's effects are queued.
   */
  async function enterAndWake(journeyId: string, customerIds: string[]) {
    for (const customer_id of customerIds) {
      const sent = await post("/admin/journeys/events", { name: "quiz.completed", customer_id, data: { score: 9 } })
      expect(sent.data.event).toMatchObject({ entered: 1 })
    }
    const at = new Date(Date.now() + 2 * DAY)
    await wakeDueEnrollmentsWorkflow(getContainer()).run({ input: { now: at.toISOString() } })
    const effects = await journeys().listEffects({ journey_id: journeyId }, { order: { customer_id: "ASC", id: "ASC" } })
    expect(effects.every((e) => e.status === "queued" && new Date(e.next_attempt_at!).getTime() === at.getTime())).toBe(true)
    return { at, effects }
  }

  const timeline = async (journeyId: string, enrollmentId: string) => {
    const res = await get(`/admin/journeys/${journeyId}/enrollments/${enrollmentId}`)
    expect(res.status).toBe(200)
    return res.data.enrollment.activities as { type: string; node_id: string; reason: string; data: any }[]
  }

  const verified = (delivery: Delivery) =>
    verifyWebhookSignature({
      secret: journeys().getOptions().secret!,
      body: delivery.body,
      timestamp: delivery.headers["x-journeys-timestamp"] as string,
      signature: delivery.headers["x-journeys-signature"] as string,
    })

  it("delivers a signed webhook rendered over the context, retrying a 500 under the same delivery id", async () => {
    const journeyId = await publish([
      {
        id: "h1",
        type: "webhook",
        url: `${base}/crm`,
        body: `{ "email": {{ customer.email }}, "name": {{ customer.first_name }}, "score": {{ event.data.score }}, "enrollment": {{ enrollment_id }} }`,
      },
    ])
    const [jane] = await customers({ email: "jane@example.com", first_name: `Jane "JJ"` })
    const { at, effects: [queued] } = await enterAndWake(journeyId, [jane.id])
    expect(queued).toMatchObject({ type: "webhook", node_id: "h1", customer_id: jane.id, attempts: 0, is_test: false })
    hooks.answer("/crm", 500, 200)

    expect(await execute(at)).toEqual({ done: 0, retried: 1, failed: 0, requeued: 0 })
    const retried = await effect(queued.id)
    expect(retried).toMatchObject({ status: "queued", attempts: 1, response_status: 500, error: "HTTP 500: crm says no" })
    expect(new Date(retried.next_attempt_at!)).toEqual(later(at, MINUTE))

    expect(await execute(later(at, MINUTE - 1000))).toEqual({ done: 0, retried: 0, failed: 0, requeued: 0 })
    expect(await execute(later(at, MINUTE))).toEqual({ done: 1, retried: 0, failed: 0, requeued: 0 })

    expect(hooks.deliveries).toHaveLength(2)
    for (const delivery of hooks.deliveries) {
      expect(delivery.headers).toMatchObject({ "content-type": "application/json", "x-journeys-delivery": queued.id })
      expect(delivery.headers["x-journeys-test"]).toBeUndefined()
      expect(verified(delivery)).toBe(true)
      expect(JSON.parse(delivery.body)).toEqual({
        email: "jane@example.com",
        name: `Jane "JJ"`,
        score: 9,
        enrollment: queued.enrollment_id,
      })
    }
    expect(verified({ ...hooks.deliveries[1], body: hooks.deliveries[1].body.replace("9", "10") })).toBe(false)
    const done = await effect(queued.id)
    expect(done).toMatchObject({ status: "done", attempts: 2, response_status: 200, error: null, next_attempt_at: null })
    expect(new Date(done.completed_at!)).toEqual(later(at, MINUTE))

    const steps = (await timeline(journeyId, queued.enrollment_id!)).filter((a) => a.node_id === "h1")
    expect(steps.map((a) => [a.type, a.reason])).toEqual([
      ["webhook", `calls ${base}/crm`],
      ["webhook", `delivered to ${base}/crm: HTTP 200`],
    ])
    expect(steps[1].data).toEqual({ effect_id: queued.id, attempts: 2, response_status: 200 })

    // Done is final.
    expect(await execute(later(at, DAY))).toEqual({ done: 0, retried: 0, failed: 0, requeued: 0 })
    expect(hooks.deliveries).toHaveLength(2)
  })

  it("fails after max_attempts, and at once on a 4xx, saying why on the timeline", async () => {
    const journeyId = await publish([
      { id: "h1", type: "webhook", url: `${base}/down` },
      { id: "h2", type: "webhook", url: `${base}/gone` },
    ])
    const [jane] = await customers({ email: "jane@example.com" })
    const { at, effects } = await enterAndWake(journeyId, [jane.id])
    const down = effects.find((e) => e.node_id === "h1")!
    const gone = effects.find((e) => e.node_id === "h2")!
    hooks.answer("/down", 503)
    hooks.answer("/gone", 410)
    const { max_attempts } = journeys().getOptions()

    expect(await execute(at)).toEqual({ done: 0, retried: 1, failed: 1, requeued: 0 })
    let clock = new Date((await effect(down.id)).next_attempt_at!)
    for (let attempt = 2; attempt < max_attempts; attempt++) {
      expect(await execute(clock)).toEqual({ done: 0, retried: 1, failed: 0, requeued: 0 })
      const row = await effect(down.id)
      expect(new Date(row.next_attempt_at!).getTime() - clock.getTime()).toBe(MINUTE * 2 ** (attempt - 1))
      clock = new Date(row.next_attempt_at!)
    }
    expect(await execute(clock)).toEqual({ done: 0, retried: 0, failed: 1, requeued: 0 })

    expect(await effect(down.id)).toMatchObject({
      status: "failed", attempts: max_attempts, response_status: 503, error: "HTTP 503: down says no", next_attempt_at: null,
    })
    expect(await effect(gone.id)).toMatchObject({ status: "failed", attempts: 1, response_status: 410, error: "HTTP 410: gone says no" })
    expect(hooks.deliveries.filter((d) => d.path === "/down")).toHaveLength(max_attempts)
    expect(hooks.deliveries.filter((d) => d.path === "/gone")).toHaveLength(1)
    // The same delivery on every attempt.
    expect(new Set(hooks.deliveries.filter((d) => d.path === "/down").map((d) => d.headers["x-journeys-delivery"]))).toEqual(new Set([down.id]))

    const errors = (await timeline(journeyId, down.enrollment_id!)).filter((a) => a.type === "error")
    expect(errors.map((a) => [a.node_id, a.reason])).toEqual([
      ["h2", "webhook failed: HTTP 410: gone says no"],
      ["h1", `webhook failed after ${max_attempts} attempts: HTTP 503: down says no`],
    ])
    const detail = await get(`/admin/journeys/${journeyId}/enrollments/${down.enrollment_id}`)
    expect(detail.data.enrollment.effects.map((e: any) => [e.node_id, e.type, e.status, e.attempts, e.response_status])).toEqual([
      ["h1", "webhook", "failed", max_attempts, 503],
      ["h2", "webhook", "failed", 1, 410],
    ])
    // The enrollment went on through its nodes: effects never hold a journey back.
    expect((await journeys().listEnrollments({ id: down.enrollment_id! }))[0].status).toBe("completed")
  })

  it("requeues a webhook left running past its lease and delivers it under the same delivery id", async () => {
    const journeyId = await publish([{ id: "h1", type: "webhook", url: `${base}/crm` }])
    const [jane] = await customers({ email: "jane@example.com" })
    const { at, effects: [queued] } = await enterAndWake(journeyId, [jane.id])
    // A worker claims it, then stops before delivering or recording anything.
    const claimed = await journeys().claimDueEffects(at, 10, leaseEnd(at))
    expect(claimed.map((e) => e.id)).toEqual([queued.id])

    expect(await execute(later(at, 9 * MINUTE))).toEqual({ done: 0, retried: 0, failed: 0, requeued: 0 })
    expect(await execute(later(at, 10 * MINUTE))).toEqual({ done: 1, retried: 0, failed: 0, requeued: 1 })
    expect(hooks.deliveries.map((d) => d.headers["x-journeys-delivery"])).toEqual([queued.id])
    expect(JSON.parse(hooks.deliveries[0].body)).toEqual({
      journey_id: journeyId,
      enrollment_id: queued.enrollment_id,
      node_id: "h1",
      is_test: false,
      customer: { id: jane.id, email: "jane@example.com" },
      event: { name: "quiz.completed", data: { score: 9 } },
      occurred_at: at.toISOString(),
    })
    const late = effectRecord({ id: queued.id, attempts: 1, result: "retry", error: "late" }, claimed[0], later(at, 11 * MINUTE), journeys().getOptions())
    expect(await journeys().recordEffects([late])).toEqual([])
    expect(await effect(queued.id)).toMatchObject({ status: "done", attempts: 2 })
  })

  it("marks the webhooks of test enrollments with X-Journeys-Test", async () => {
    const journeyId = await publish([{ id: "h1", type: "webhook", url: `${base}/crm` }])
    const [jane] = await customers({ email: "jane@example.com" })
    expect((await post(`/admin/journeys/${journeyId}/test`, { customer_ids: [jane.id] })).status).toBe(201)
    const at = new Date(Date.now() + 2 * DAY)
    await wakeDueEnrollmentsWorkflow(getContainer()).run({ input: { now: at.toISOString() } })

    expect(await execute(at)).toMatchObject({ done: 1 })
    expect(hooks.deliveries[0].headers["x-journeys-test"]).toBe("true")
    expect(JSON.parse(hooks.deliveries[0].body)).toMatchObject({ is_test: true })
    expect(verified(hooks.deliveries[0])).toBe(true)
  })

  it("merges metadata and adds to a group through Medusa, once however often it runs", async () => {
    const group = await post("/admin/customer-groups", { name: "VIP" })
    expect(group.status).toBe(200)
    const groupId = group.data.customer_group.id as string
    const journeyId = await publish([
      { id: "u1", type: "update_customer", metadata: { tier: "gold", vip: true }, add_to_group: groupId },
    ])
    const [jane] = await customers({ email: "jane@example.com", metadata: { source: "import", tier: "silver" } })
    const { at, effects: [queued] } = await enterAndWake(journeyId, [jane.id])
    expect(queued).toMatchObject({ type: "update_customer", payload: { metadata: { tier: "gold", vip: true }, add_to_group: groupId } })

    const customerModule = getContainer().resolve(Modules.CUSTOMER)
    const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const memberships = async () =>
      (await pg.raw(
        `select count(*)::int as n from customer_group_customer where customer_id = ? and customer_group_id = ? and deleted_at is null`,
        [jane.id, groupId]
      )).rows[0].n

    expect(await execute(at)).toEqual({ done: 1, retried: 0, failed: 0, requeued: 0 })
    expect((await customerModule.retrieveCustomer(jane.id)).metadata).toEqual({ source: "import", tier: "gold", vip: true })
    expect(await memberships()).toBe(1)
    // Metadata keys as PostgreSQL (jsonb) orders them.
    const steps = (await timeline(journeyId, queued.enrollment_id!)).filter((a) => a.node_id === "u1")
    expect(steps.map((a) => [a.type, a.reason])).toEqual([
      ["customer_updated", `sets metadata vip, tier; adds to group ${groupId}`],
      ["customer_updated", `applied: set metadata vip, tier; added to group ${groupId}`],
    ])

    // A worker applied it and stopped before recording: the retry finds nothing left to do.
    await journeys().updateEffects({ id: queued.id, status: "running", next_attempt_at: at })
    expect(await execute(later(at, MINUTE))).toEqual({ done: 1, retried: 0, failed: 0, requeued: 1 })
    expect((await customerModule.retrieveCustomer(jane.id)).metadata).toEqual({ source: "import", tier: "gold", vip: true })
    expect(await memberships()).toBe(1)
    expect(await effect(queued.id)).toMatchObject({ status: "done", attempts: 2, error: null })
    const last = (await timeline(journeyId, queued.enrollment_id!)).filter((a) => a.node_id === "u1").pop()
    expect(last?.reason).toBe("already up to date")
  })

  it("saves an audience: the group found by name or created once, however many updates race to create it", async () => {
    const journeyId = await publish([{ id: "u1", type: "update_customer", add_to_group_named: "High churn risk" }])
    const people = await customers(...Array.from({ length: 6 }, (_, i) => ({ email: `churn${i}@example.com` })))
    const { at, effects } = await enterAndWake(journeyId, people.map((c) => c.id))
    expect(effects[0].payload).toEqual({ add_to_group_named: "High churn risk" })

    // The six run side by side: each finds no group and creates it; one wins, the others read the winner's.
    expect(await execute(at)).toEqual({ done: 6, retried: 0, failed: 0, requeued: 0 })
    const groups = await getContainer().resolve(Modules.CUSTOMER).listCustomerGroups({ name: "High churn risk" }, { relations: ["customers"] })
    expect(groups).toHaveLength(1)
    expect(groups[0].customers!.map((c) => c.id).sort()).toEqual(people.map((c) => c.id).sort())

    // Run again after a lost record: nothing more to do, the membership stays single.
    await journeys().updateEffects({ id: effects[0].id, status: "running", next_attempt_at: at })
    expect(await execute(later(at, MINUTE))).toMatchObject({ done: 1, requeued: 1 })
    expect(await effect(effects[0].id)).toMatchObject({ status: "done", attempts: 2 })
    const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const { rows } = await pg.raw(`select count(*)::int as n from customer_group_customer where customer_group_id = ? and deleted_at is null`, [groups[0].id])
    expect(rows[0].n).toBe(6)
  })

  it("applies a customer's updates one after another, in the order of the nodes", async () => {
    const journeyId = await publish([
      { id: "u1", type: "update_customer", metadata: { tier: "silver", first: true } },
      { id: "u2", type: "update_customer", metadata: { tier: "gold", second: true } },
    ])
    const [jane] = await customers({ email: "jane@example.com" })
    const { at } = await enterAndWake(journeyId, [jane.id])

    // u2 waits for u1, even with room in the batch.
    expect(await execute(at)).toMatchObject({ done: 1 })
    expect(await execute(at)).toMatchObject({ done: 1 })
    const { metadata } = await getContainer().resolve(Modules.CUSTOMER).retrieveCustomer(jane.id)
    expect(metadata).toEqual({ tier: "gold", first: true, second: true })
  })

  it("fails, saying why, an update whose group does not exist or whose customer was deleted", async () => {
    const journeyId = await publish([
      { id: "u1", type: "update_customer", metadata: { vip: true }, add_to_group: "cusgrp_missing" },
    ])
    const [ada, ben] = await customers({ email: "ada@example.com" }, { email: "ben@example.com" })
    const { at, effects } = await enterAndWake(journeyId, [ada.id, ben.id])
    await deleteCustomersWorkflow(getContainer()).run({ input: { ids: [ben.id] } })

    expect(await execute(at)).toEqual({ done: 0, retried: 0, failed: 2, requeued: 0 })
    const byCustomer = Object.fromEntries(
      await Promise.all(effects.map(async (e) => [e.customer_id, await effect(e.id)] as const))
    )
    expect(byCustomer[ada.id]).toMatchObject({ status: "failed", attempts: 1, error: "customer group cusgrp_missing does not exist" })
    expect(byCustomer[ben.id]).toMatchObject({ status: "failed", attempts: 1, error: `customer ${ben.id} no longer exists` })
    // Nothing half-done: the group is checked before the metadata is written.
    expect((await getContainer().resolve(Modules.CUSTOMER).retrieveCustomer(ada.id)).metadata).toBeNull()
    const errors = (await timeline(journeyId, byCustomer[ada.id].enrollment_id!)).filter((a) => a.type === "error")
    expect(errors.map((a) => a.reason)).toEqual(["customer update failed: customer group cusgrp_missing does not exist"])
  })
}
