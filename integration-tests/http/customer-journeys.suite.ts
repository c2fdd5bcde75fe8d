import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import { dispatchOutboxWorkflow, setConsentWorkflow } from "../../src/workflows"
import { adminSession } from "../helpers/admin-session"
import { resetTestOutbox, sentNotifications } from "../providers/test-outbox"

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** The customer page's routes: a customer's journeys and messages, their consent and the admin's changes. */
export default ({ api, getContainer }: MedusaSuiteOptions) => {
  let session: { headers: Record<string, string> }
  const journeys = () => getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
  const call = (method: "get" | "post", url: string, body?: unknown, headers = session) =>
    (method === "get" ? api.get(url, headers) : api.post(url, body, headers)).catch((error: any) => error.response)
  const dispatch = async (at: Date) =>
    (await dispatchOutboxWorkflow(getContainer()).run({ input: { now: at.toISOString() } })).result

  beforeEach(async () => {
    session = await adminSession(api, getContainer())
    resetTestOutbox()
  })

  async function customer(email = "Ada@Example.com") {
    const { data } = await api.post("/admin/customers", { email, first_name: "Ada" }, session)
    return data.customer.id as string
  }

  async function enrolled(customerId: string) {
    const template = await journeys().createMessageTemplates({
      handle: `news-${Date.now()}`, name: "Weekly news", channel: "email", status: "published", subject: "News", html: "<p>News</p>",
    })
    const journey = await journeys().createJourneys({ name: "Welcome", status: "live" })
    const version = await journeys().createJourneyVersions({
      journey_id: journey.id, number: 1, status: "published", published_at: new Date(),
      definition: {
        schema_version: 1, trigger: { type: "customer_created" }, settings: { timezone: "UTC" }, entry_node: "hello",
        nodes: [{ id: "hello", type: "send", channel: "email", template_id: template.id }, { id: "later", type: "wait", duration: "P7D" }],
        edges: [{ from: "hello", port: "next", to: "later" }],
      },
    })
    const now = new Date()
    const [enrollment] = await journeys().createEnrollments([
      {
        journey_id: journey.id, version_id: version.id, customer_id: customerId, email: "ada@example.com", status: "waiting",
        current_node: "later", wake_at: new Date(now.getTime() + 7 * DAY), context: {}, trigger_key: `t-${customerId}`, entered_at: now,
      },
    ])
    return { template, journey, version, enrollment }
  }

  it("GET /admin/customers/:id/journeys: the customer's enrollments with their step, and their messages", async () => {
    const id = await customer()
    const other = await customer("bob@example.com")
    const { template, journey, enrollment } = await enrolled(id)
    await enrolled(other)
    const at = new Date()
    await journeys().createMessages({
      journey_id: journey.id, enrollment_id: enrollment.id, customer_id: id, node_id: "hello", channel: "email", template_id: template.id,
      recipient: "ada@example.com", category: "marketing", status: "sent", queued_at: at, sent_at: at, opened_at: at,
    })

    const { status, data } = await call("get", `/admin/customers/${id}/journeys`)
    expect(status).toBe(200)
    expect(data.enrollments).toEqual([
      expect.objectContaining({
        id: enrollment.id, journey: { id: journey.id, name: "Welcome" }, status: "waiting",
        current_node: { id: "later", type: "wait" }, converted: false, is_test: false, ended_at: null,
      }),
    ])
    expect(data.messages).toEqual([
      expect.objectContaining({
        channel: "email", status: "sent", journey: { id: journey.id, name: "Welcome" },
        template: { id: template.id, name: "Weekly news" }, opened_at: expect.any(String), clicked_at: null,
      }),
    ])
    expect((await call("get", `/admin/customers/cus_missing/journeys`)).status).toBe(404)
    expect((await call("get", `/admin/customers/${id}/journeys`, undefined, { headers: {} })).status).toBe(401)
  })

  it("GET and POST /admin/customers/:id/consent: implied by policy, changed by the admin, who is recorded", async () => {
    const id = await customer()
    const read = await call("get", `/admin/customers/${id}/consent`)
    expect(read.status).toBe(200)
    // The tests' app runs with `consent: "opt_out"`: nothing recorded means subscribed.
    expect(read.data).toEqual({
      consent_policy: "opt_out",
      channels: {
        // Medusa keeps the email as typed; consent compares it normalised.
        email: { address: "Ada@Example.com", status: "subscribed", recorded: false, since: null, source: null, reason: null },
        sms: { address: null, status: null, recorded: false, since: null, source: null, reason: null },
        push: { address: id, status: "subscribed", recorded: false, since: null, source: null, reason: null },
      },
    })

    const changed = await call("post", `/admin/customers/${id}/consent`, { channel: "email", status: "unsubscribed" })
    expect(changed.status).toBe(200)
    expect(changed.data.channels.email).toMatchObject({ status: "unsubscribed", recorded: true, source: "admin", since: expect.any(String) })
    expect(changed.data.channels.email.reason).toMatch(/^by user_/)
    expect(await journeys().listConsents({ customer_id: id })).toMatchObject([
      { channel: "email", address: "ada@example.com", status: "unsubscribed", source: "admin" },
    ])

    const bad = async (body: unknown, customerId = id) => (await call("post", `/admin/customers/${customerId}/consent`, body)).status
    expect(await bad({ channel: "fax", status: "subscribed" })).toBe(400)
    expect(await bad({ channel: "email", status: "suppressed" })).toBe(400)
    expect(await bad({ channel: "email" })).toBe(400)
    expect(await bad({ channel: "email", status: "subscribed", extra: 1 })).toBe(400)
    const noPhone = await call("post", `/admin/customers/${id}/consent`, { channel: "sms", status: "subscribed" })
    expect(noPhone.status).toBe(400)
    expect(noPhone.data.message).toMatch(/no phone number/)
    expect(await bad({ channel: "email", status: "subscribed" }, "cus_missing")).toBe(404)
    expect((await call("get", `/admin/customers/cus_missing/consent`)).status).toBe(404)
    expect((await call("get", `/admin/customers/${id}/consent`, undefined, { headers: {} })).status).toBe(401)
    expect((await call("post", `/admin/customers/${id}/consent`, { channel: "email", status: "subscribed" }, { headers: {} })).status).toBe(401)
  })

  it("lifting a suppression is an explicit, recorded admin action (409 without lift_suppression)", async () => {
    const id = await customer()
    await setConsentWorkflow(getContainer()).run({
      input: { entries: [{ channel: "email", address: "ada@example.com", status: "suppressed", source: "provider", reason: "complaint" }] },
    })
    expect((await call("get", `/admin/customers/${id}/consent`)).data.channels.email).toMatchObject({
      status: "suppressed", recorded: true, source: "provider", reason: "complaint",
    })
    const refused = await call("post", `/admin/customers/${id}/consent`, { channel: "email", status: "subscribed" })
    expect(refused.status).toBe(409)
    expect(refused.data.message).toMatch(/suppressed \(complaint\).*lift_suppression/)
    expect((await journeys().listConsents({ address: "ada@example.com" }))[0].status).toBe("suppressed")

    const lifted = await call("post", `/admin/customers/${id}/consent`, { channel: "email", status: "subscribed", lift_suppression: true })
    expect(lifted.status).toBe(200)
    expect(lifted.data.channels.email).toMatchObject({ status: "subscribed", source: "admin" })
    expect(lifted.data.channels.email.reason).toMatch(/^by user_\w+, lifting a suppression \(complaint\)$/)
  })

  it("an admin unsubscribe makes the customer's next marketing email skipped for consent", async () => {
    const id = await customer()
    const { template, journey, enrollment } = await enrolled(id)
    expect((await call("post", `/admin/customers/${id}/consent`, { channel: "email", status: "unsubscribed" })).status).toBe(200)
    const at = new Date(Math.ceil((Date.now() + 2 * DAY) / HOUR) * HOUR)
    const queue = (category: "marketing" | "transactional") =>
      journeys().createMessages({
        journey_id: journey.id, enrollment_id: enrollment.id, customer_id: id, node_id: "hello", channel: "email", template_id: template.id,
        recipient: "ada@example.com", category, status: "queued", next_attempt_at: at, queued_at: at,
      })
    const marketing = await queue("marketing")
    const receipt = await queue("transactional")
    expect(await dispatch(at)).toMatchObject({ sent: 1, skipped: 1 })
    expect((await journeys().listMessages({ id: marketing.id }))[0]).toMatchObject({
      status: "skipped", skip_reason: "the recipient unsubscribed from marketing email",
    })
    expect(sentNotifications.map((n) => (n.data as { category: string }).category)).toEqual(["transactional"])
    expect((await journeys().listMessages({ id: receipt.id }))[0].status).toBe("sent")
    const { data } = await call("get", `/admin/customers/${id}/journeys`)
    expect(data.messages).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: marketing.id, status: "skipped", skip_reason: "the recipient unsubscribed from marketing email" })])
    )
  })
}
