import { createCustomersWorkflow } from "@medusajs/medusa/core-flows"
import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import { adminSession } from "../helpers/admin-session"

export default ({ api, getContainer }: MedusaSuiteOptions) => {
  let session: { headers: Record<string, string> }
  const journeys = () => getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
  const post = (url: string, body: unknown = {}) => api.post(url, body, session).catch((e: any) => e.response)
  const get = (url: string) => api.get(url, session).catch((e: any) => e.response)

  beforeEach(async () => {
    session = await adminSession(api, getContainer())
  })

  const definition = (templateId: string) => ({
    schema_version: 1,
    trigger: { type: "customer_created" },
    settings: { reentry: "once", timezone: "UTC" },
    entry_node: "s1",
    nodes: [
      { id: "s1", type: "send", channel: "email", template_id: templateId },
      { id: "w1", type: "wait", duration: "P1D" },
      { id: "s2", type: "send", channel: "email", template_id: templateId },
      { id: "x1", type: "exit" },
    ],
    edges: [
      { from: "s1", port: "next", to: "w1" },
      { from: "w1", port: "next", to: "s2" },
      { from: "s2", port: "next", to: "x1" },
    ],
  })

  async function setUp() {
    const template = await journeys().createMessageTemplates({
      handle: "hello", name: "Hello", channel: "email", status: "published", subject: "Hi {{ customer.first_name }}", html: "<p>Hi</p>",
    })
    const created = await post("/admin/journeys", { name: "Welcome", definition: definition(template.id) })
    const { result: customers } = await createCustomersWorkflow(getContainer()).run({
      input: { customersData: [{ email: "ada@example.com", first_name: "Ada" }, { email: "bob@example.com", first_name: "Bob" }] },
    })
    return { journeyId: created.data.journey.id as string, customers }
  }

  it("runs the draft for chosen customers as tests, fast-forwarded, hidden from analytics", async () => {
    const { journeyId, customers } = await setUp()
    const ids = customers.map((customer) => customer.id)
    const started = await post(`/admin/journeys/${journeyId}/test`, { customer_ids: ids })
    expect(started.status).toBe(201)
    expect(started.data.enrollment_ids).toHaveLength(2)

    const enrollments = await journeys().listEnrollments({ journey_id: journeyId })
    expect(enrollments.map((e) => [e.is_test, e.status, e.current_node])).toEqual([
      [true, "waiting", "w1"],
      [true, "waiting", "w1"],
    ])
    expect((await journeys().listMessages({ journey_id: journeyId })).every((m) => m.is_test)).toBe(true)
    expect((await get(`/admin/journeys/${journeyId}/enrollments`)).data.count).toBe(0)
    expect((await get(`/admin/journeys/${journeyId}/enrollments?is_test=true`)).data.count).toBe(2)
    expect((await get("/admin/journeys")).data.journeys[0].counts.entered).toBe(0)

    const early = await post(`/admin/journeys/${journeyId}/test/advance`, { duration: "PT23H" })
    expect(early.data).toEqual({ moved: 2, woken: 0 })
    const due = await post(`/admin/journeys/${journeyId}/test/advance`, { duration: "PT1H" })
    expect(due.data).toEqual({ moved: 2, woken: 2 })
    expect((await journeys().listEnrollments({ journey_id: journeyId })).map((e) => e.status)).toEqual(["completed", "completed"])
    expect(await journeys().listMessages({ journey_id: journeyId })).toHaveLength(4)

    // A test can run again for the same customer, whatever the re-entry rule.
    expect((await post(`/admin/journeys/${journeyId}/test`, { customer_ids: [ids[0]] })).status).toBe(201)
    expect(await journeys().listEnrollments({ journey_id: journeyId })).toHaveLength(3)
  })

  it("refuses bad input, unknown customers and invalid versions", async () => {
    const { journeyId, customers } = await setUp()
    const tooMany = Array.from({ length: 101 }, (_, i) => `cus_${i}`)
    expect((await post(`/admin/journeys/${journeyId}/test`, { customer_ids: tooMany })).status).toBe(400)
    expect((await post(`/admin/journeys/${journeyId}/test`, { customer_ids: [] })).status).toBe(400)
    const badDuration = await post(`/admin/journeys/${journeyId}/test/advance`, { duration: "tomorrow" })
    expect(badDuration.status).toBe(400)
    expect(badDuration.data.message).toMatch(/ISO 8601 duration/)
    expect((await post(`/admin/journeys/${journeyId}/test`, { customer_ids: ["cus_missing"] })).status).toBe(404)
    expect((await post("/admin/journeys/jrny_missing/test", { customer_ids: [customers[0].id] })).status).toBe(404)

    await post(`/admin/journeys/${journeyId}/draft`, { definition: { schema_version: 1 } })
    const invalid = await post(`/admin/journeys/${journeyId}/test`, { customer_ids: [customers[0].id] })
    expect(invalid.status).toBe(409)
    expect(invalid.data.errors.length).toBeGreaterThan(0)
  })
}
