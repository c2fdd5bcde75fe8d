import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import { adminSession } from "../helpers/admin-session"
import { seedStore, storeShopper } from "../helpers/store-data"

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
    expect((await post("/admin/journeys/events", { name: "x.y", customer_id: "cus_missing" })).status).toBe(404)
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
}
