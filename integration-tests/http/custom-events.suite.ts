import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import { createCustomersWorkflow } from "@medusajs/medusa/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import { handleCustomerEventsWorkflow } from "../../src/workflows"
import { adminSession } from "../helpers/admin-session"
import { seedStore, storeShopper } from "../helpers/store-data"

async function createCustomers(container: MedusaContainer, count: number) {
  const { result } = await createCustomersWorkflow(container).run({
    input: {
      customersData: Array.from({ length: count }, (_, i) => ({ email: `batch${i}@example.com`, first_name: `Batch${i}` })),
    },
  })
  return result as { id: string; email: string }[]
}

export default ({ api, getContainer }: MedusaSuiteOptions) => {
  let session: { headers: Record<string, string> }
  const journeys = () => getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
  const post = (url: string, body: unknown, headers = session.headers) =>
    api.post(url, body, { headers }).catch((e: any) => e.response)

  beforeEach(async () => {
    session = await adminSession(api, getContainer())
  })

  async function publishBrowseJourney() {
    const template = await journeys().createMessageTemplates({
      handle: "browse", name: "Browse", channel: "email", status: "published",
      subject: "Still thinking about {{ event.data.product.title }}?", html: "<p>{{ event.data.product.title }}</p>",
    })
    const definition = {
      schema_version: 1,
      trigger: { type: "event", event: "product.viewed" },
      settings: { reentry: "after_exit", timezone: "UTC" },
      entry_node: "r1",
      nodes: [
        { id: "r1", type: "wait_for_event", timeout: "PT4H", events: [{ port: "quiz", event: "quiz.completed" }] },
        { id: "s1", type: "send", channel: "email", template_id: template.id },
        { id: "x1", type: "exit" },
      ],
      edges: [
        { from: "r1", port: "quiz", to: "s1" },
        { from: "r1", port: "timeout", to: "x1" },
        { from: "s1", port: "next", to: "x1" },
      ],
    }
    const created = await post("/admin/journeys", { name: "Browse", definition })
    expect((await post(`/admin/journeys/${created.data.journey.id}/publish`, {})).status).toBe(200)
    return created.data.journey.id as string
  }

  it("enters on a custom event once per event id, reacts to another, and honours re-entry", async () => {
    const journeyId = await publishBrowseJourney()
    const { customer } = await seedStore(getContainer())
    const viewed = { name: "product.viewed", email: "JANE@example.com", id: "view-1", data: { product: { title: "Yoga mat" } } }

    const first = await post("/admin/journeys/events", viewed)
    expect(first.status).toBe(200)
    expect(first.data.event).toEqual({ id: "view-1", duplicate: false, reacted: 0, entered: 1 })
    const again = await post("/admin/journeys/events", viewed)
    expect(again.data.event).toMatchObject({ duplicate: true, entered: 0 })
    // Another view while inside: "after_exit" keeps them out until they leave.
    const other = await post("/admin/journeys/events", { ...viewed, id: "view-2" })
    expect(other.data.event).toMatchObject({ duplicate: false, entered: 0 })

    const [enrollment] = await journeys().listEnrollments({ journey_id: journeyId })
    expect(enrollment).toMatchObject({ customer_id: customer.id, status: "waiting", awaiting: ["quiz.completed"] })

    const quiz = await post("/admin/journeys/events", { name: "quiz.completed", customer_id: customer.id })
    expect(quiz.data.event).toMatchObject({ reacted: 1, entered: 0 })
    const [done] = await journeys().listEnrollments({ id: enrollment.id })
    expect(done.status).toBe("completed")
    expect(await journeys().listMessages({ journey_id: journeyId })).toHaveLength(1)

    // Out again, a new view enters them again.
    const back = await post("/admin/journeys/events", { ...viewed, id: "view-3" })
    expect(back.data.event.entered).toBe(1)
  })

  it("answers 400 for a bad event and 404 for an unknown customer", async () => {
    expect((await post("/admin/journeys/events", { name: "product.viewed" })).status).toBe(400)
    const badName = await post("/admin/journeys/events", { name: "Product Viewed", email: "a@b.co" })
    expect(badName.status).toBe(400)
    expect(badName.data.message).toMatch(/lowercase words joined by dots/)
    expect((await post("/admin/journeys/events", { name: "x.y", email: "not-an-email" })).status).toBe(400)
    expect((await post("/admin/journeys/events", { name: "x.y", customer_id: "cus_missing", id: "x-1" })).status).toBe(404)
    // Refused, so not recorded: the same id is new once the customer exists.
    const db = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const { rows } = await db.raw(`select count(*)::int as n from journey_event where id like '%x-1'`)
    expect(rows[0].n).toBe(0)
  })

  it("takes events of the signed-in customer from the storefront, refusing reserved names", async () => {
    const journeyId = await publishBrowseJourney()
    const { channel } = await seedStore(getContainer())
    const { store, shopper } = await storeShopper(api, getContainer(), channel.id)

    const anonymous = await post("/store/journeys/events", { name: "product.viewed" }, store)
    expect(anonymous.status).toBe(401)

    const reserved = await post("/store/journeys/events", { name: "order.placed" }, shopper)
    expect(reserved.status).toBe(400)
    expect(reserved.data.message).toMatch(/reserved/)
    const viewed = await post("/store/journeys/events", { name: "product.viewed", data: { product: { title: "Mat" } } }, shopper)
    expect(viewed.status).toBe(200)
    expect(viewed.data.event.entered).toBe(1)
    const [enrollment] = await journeys().listEnrollments({ journey_id: journeyId })
    expect(enrollment.email).toBe("shopper@example.com")

    // Event ids are each shopper's own: another shopper's id cannot mark this one's as seen.
    const other = await storeShopper(api, getContainer(), channel.id, { email: "other@example.com", password: "other-secret" })
    const mine = await post("/store/journeys/events", { name: "product.viewed", id: "view-1" }, other.shopper)
    expect(mine.data.event).toMatchObject({ id: "view-1", duplicate: false, entered: 1 })
    const theirs = await post("/store/journeys/events", { name: "product.viewed", id: "view-1" }, shopper)
    expect(theirs.data.event).toMatchObject({ id: "view-1", duplicate: false })
    const again = await post("/store/journeys/events", { name: "product.viewed", id: "view-1" }, other.shopper)
    expect(again.data.event).toMatchObject({ duplicate: true })
  })

  it("handles events arriving together: each answered on its own, once per id, a bad one failing alone", async () => {
    const journeyId = await publishBrowseJourney()
    const customers = await createCustomers(getContainer(), 12)
    // Concurrent requests: while one batch is in flight the others queue and go together.
    const requests = [
      ...customers.map((customer, i) =>
        post("/admin/journeys/events", { name: "product.viewed", customer_id: customer.id, id: `view-${i}` })
      ),
      post("/admin/journeys/events", { name: "product.viewed", customer_id: "cus_missing", id: "view-x" }),
      post("/admin/journeys/events", { name: "product.viewed", email: customers[0].email, id: "view-0" }),
      post("/admin/journeys/events", { name: "product.viewed", email: "nobody@example.com", id: "view-guest" }),
    ]
    const answers = await Promise.all(requests)
    for (const answer of answers.slice(0, 12)) expect(answer.status).toBe(200)
    expect(answers[12].status).toBe(404)
    expect(answers[12].data.message).toBe('Customer with id "cus_missing" was not found')
    // The same id again (by email): one of the two entered, the other was a duplicate.
    const sameId = [answers[0].data.event, answers[13].data.event]
    expect(sameId.map((event) => event.entered).sort()).toEqual([0, 1])
    expect(sameId.filter((event) => event.duplicate)).toHaveLength(1)
    expect(answers[14].data.event).toMatchObject({ id: "view-guest", duplicate: false, entered: 1 })

    const enrollments = await journeys().listEnrollments({ journey_id: journeyId })
    expect(enrollments).toHaveLength(13)
    expect(new Set(enrollments.map((e) => e.customer_id ?? e.email))).toEqual(
      new Set([...customers.map((customer) => customer.id), "nobody@example.com"])
    )
    expect(enrollments.every((e) => e.status === "waiting" && e.current_node === "r1")).toBe(true)
  })

  it("keeps a customer's events in order inside one batch: the second reacts to what the first started", async () => {
    const journeyId = await publishBrowseJourney()
    const [first, second] = await createCustomers(getContainer(), 2)
    const at = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString()
    const event = (customer: { id: string; email: string }, name: string, id: string, occurred_at: string) => ({
      id, name, customer_id: customer.id, email: customer.email, data: {}, occurred_at,
      context: { customer: { id: customer.id, email: customer.email } },
    })
    const { result } = await handleCustomerEventsWorkflow(getContainer()).run({
      input: {
        events: [
          event(first, "product.viewed", "v1", at(0)),
          event(first, "quiz.completed", "q1", at(1)),
          event(second, "product.viewed", "v2", at(0)),
        ],
      },
    })
    expect(result.map(({ duplicate, reacted, entered }) => [duplicate, reacted.length, entered.length])).toEqual([
      [false, 0, 1],
      [false, 1, 0],
      [false, 0, 1],
    ])
    const byCustomer = Object.fromEntries(
      (await journeys().listEnrollments({ journey_id: journeyId })).map((e) => [e.customer_id, e.status])
    )
    expect(byCustomer).toEqual({ [first.id]: "completed", [second.id]: "waiting" })
    expect(await journeys().listMessages({ journey_id: journeyId })).toHaveLength(1)
  })
}
