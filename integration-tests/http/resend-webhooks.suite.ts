import { Modules } from "@medusajs/framework/utils"
import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import { randomUUID } from "node:crypto"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import { dispatchOutboxWorkflow, wakeDueEnrollmentsWorkflow } from "../../src/workflows"
import { adminSession } from "../helpers/admin-session"
import { emitAndWait } from "../helpers/events"
import { startFakeResend, TEST_APP_RESEND_PORT } from "../fakes/resend"
import { resetTestOutbox } from "../providers/test-outbox"

const HOUR = 3_600_000
const DAY = 24 * HOUR
// The test app's journey option webhooks.resend_signing_secret (medusa-config.ts).
const SECRET = "whsec_aW50ZWdyYXRpb24tdGVzdHMtcmVzZW5kLXNlY3JldA=="

type ResendEvent = { type: string; created_at: string; data: Record<string, unknown> }

export default ({ api, getContainer }: MedusaSuiteOptions) => {
  let session: { headers: Record<string, string> }
  const journeys = () => getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
  const post = (url: string, body: unknown = {}) => api.post(url, body, session).catch((e: any) => e.response)
  const message = async (id: string) => (await journeys().listMessages({ id }))[0]
  const later = (at: Date, ms: number) => new Date(at.getTime() + ms).toISOString()

  beforeEach(async () => {
    session = await adminSession(api, getContainer())
    resetTestOutbox()
  })

  /** Signs like Resend (Svix): id, unix timestamp and signature over the exact body. */
  async function signed(event: ResendEvent | string, secret = SECRET) {
    const { Webhook } = await import("svix")
    const body = typeof event === "string" ? event : JSON.stringify(event)
    const id = `msg_${randomUUID()}`
    const now = new Date()
    return {
      body,
      headers: {
        "content-type": "application/json",
        "svix-id": id,
        "svix-timestamp": String(Math.floor(now.getTime() / 1000)),
        "svix-signature": new Webhook(secret).sign(id, now, body),
      },
    }
  }

  const deliver = ({ body, headers }: { body: string; headers: Record<string, string> }) =>
    api.post("/hooks/journeys/resend", body, { headers, transformRequest: (b: string) => b }).catch((e: any) => e.response)

  const webhook = async (event: ResendEvent) => deliver(await signed(event))

  const emailEvent = (type: string, email_id: string, at: string, extra: Record<string, unknown> = {}): ResendEvent => ({
    type,
    created_at: at,
    data: {
      email_id,
      created_at: at,
      from: "Shop <hello@shop.com>",
      to: ["ada@example.com"],
      subject: "Welcome",
      ...extra,
    },
  })

  /**
   * A live journey (a day after registration: an email, then up to a day waiting for it to be
   * opened; opened leads to a second email) and these customers registered, their first email
   * sent through the test-outbox provider at the test clock `at` — two days ahead, out of reach
   * of the every-minute jobs, which run on the real clock.
   */
  async function sendWelcomes(names: string[]) {
    const template = await journeys().createMessageTemplates({
      handle: "welcome",
      name: "Welcome",
      channel: "email",
      status: "published",
      subject: "Welcome",
      html: "<p>Hello {{ customer.first_name }}</p>",
    })
    const created = await post("/admin/journeys", {
      name: "Welcome",
      definition: {
        schema_version: 1,
        trigger: { type: "customer_created" },
        settings: { reentry: "once", timezone: "UTC" },
        entry_node: "w1",
        nodes: [
          { id: "w1", type: "wait", duration: "P1D" },
          { id: "s1", type: "send", channel: "email", template_id: template.id, tag: "welcome" },
          { id: "r1", type: "wait_for_event", timeout: "P1D", events: [{ port: "opened", event: "message.opened" }] },
          { id: "s2", type: "send", channel: "email", template_id: template.id, tag: "welcome" },
          { id: "x1", type: "exit" },
        ],
        edges: [
          { from: "w1", port: "next", to: "s1" },
          { from: "s1", port: "next", to: "r1" },
          { from: "r1", port: "opened", to: "s2" },
          { from: "r1", port: "timeout", to: "x1" },
          { from: "s2", port: "next", to: "x1" },
        ],
      },
    })
    const journeyId = created.data.journey.id as string
    expect((await post(`/admin/journeys/${journeyId}/publish`)).status).toBe(200)
    const customers = await getContainer()
      .resolve(Modules.CUSTOMER)
      .createCustomers(names.map((first_name) => ({ first_name, email: `${first_name.toLowerCase()}@example.com` })))
    for (const customer of customers) await emitAndWait(getContainer(), "customer.created", { id: customer.id })
    const at = new Date(Date.now() + 2 * DAY)
    await wakeDueEnrollmentsWorkflow(getContainer()).run({ input: { now: at.toISOString() } })
    const { result } = await dispatchOutboxWorkflow(getContainer()).run({ input: { now: at.toISOString() } })
    expect(result.sent).toBe(names.length)
    const messages = await journeys().listMessages({ journey_id: journeyId }, { order: { recipient: "ASC" } })
    expect(messages.map((m) => [m.status, m.provider_message_id?.startsWith("test-outbox-")])).toEqual(names.map(() => ["sent", true]))
    return { at, journeyId, messages }
  }

  /** Everything a webhook could change, to compare before and after. */
  async function snapshot(journeyId: string) {
    const order = { order: { id: "ASC" as const } }
    return {
      messages: await journeys().listMessages({ journey_id: journeyId }, order),
      enrollments: await journeys().listEnrollments({ journey_id: journeyId }, order),
      consents: await journeys().listConsents({}, order),
      events: await journeys().listJourneyEvents({}, order),
    }
  }

  it("records delivered, opened and clicked; the first open moves the waiting enrollment on; a replay counts once", async () => {
    const { at, journeyId, messages: [sent] } = await sendWelcomes(["Ada"])
    const emailId = sent.provider_message_id!
    const [waiting] = await journeys().listEnrollments({ journey_id: journeyId })
    expect(waiting).toMatchObject({ status: "waiting", current_node: "r1" })

    const delivered = await webhook(emailEvent("email.delivered", emailId, later(at, 60_000)))
    expect(delivered.status).toBe(200)
    expect(delivered.data).toEqual({ type: "email.delivered", recorded: true })
    expect(await message(sent.id)).toMatchObject({ status: "delivered", opened_at: null })
    expect(new Date((await message(sent.id)).delivered_at!).toISOString()).toBe(later(at, 60_000))

    const opened = await signed(emailEvent("email.opened", emailId, later(at, HOUR)))
    expect((await deliver(opened)).status).toBe(200)
    const afterOpen = await snapshot(journeyId)
    expect(new Date(afterOpen.messages.find((m) => m.id === sent.id)!.opened_at!).toISOString()).toBe(later(at, HOUR))
    // The open took r1's "opened" port: the second email is queued and the journey is done.
    expect(afterOpen.enrollments).toEqual([expect.objectContaining({ id: waiting.id, status: "completed" })])
    expect(afterOpen.messages.map((m) => m.node_id).sort()).toEqual(["s1", "s2"])
    expect(afterOpen.events.filter((e) => e.name === "message.opened")).toHaveLength(1)

    // Resend retries a delivery it saw no answer to: the same request again, and the same
    // event re-signed later, change nothing.
    expect((await deliver(opened)).status).toBe(200)
    expect((await webhook(emailEvent("email.opened", emailId, later(at, 2 * HOUR)))).status).toBe(200)
    expect(await snapshot(journeyId)).toEqual(afterOpen)

    expect((await webhook(emailEvent("email.clicked", emailId, later(at, 3 * HOUR), { click: { link: "https://shop.com" } }))).status).toBe(200)
    const clicked = await message(sent.id)
    expect(new Date(clicked.clicked_at!).toISOString()).toBe(later(at, 3 * HOUR))
    expect(new Date(clicked.opened_at!).toISOString()).toBe(later(at, HOUR))
    expect(clicked.status).toBe("delivered")
  })

  it("suppresses the address on a complaint or a hard bounce, not on a soft one; replays change nothing", async () => {
    const { at, journeyId, messages: [ada, ben, cy] } = await sendWelcomes(["Ada", "Ben", "Cy"])

    expect((await webhook(emailEvent("email.complained", ada.provider_message_id!, later(at, HOUR)))).status).toBe(200)
    const hard = await signed(
      emailEvent("email.bounced", ben.provider_message_id!, later(at, HOUR), {
        bounce: { type: "Permanent", subType: "General", message: "The recipient's mailbox does not exist." },
      })
    )
    expect((await deliver(hard)).status).toBe(200)
    const soft = emailEvent("email.bounced", cy.provider_message_id!, later(at, HOUR), {
      bounce: { type: "Transient", subType: "MailboxFull", message: "The recipient's inbox is full." },
    })
    expect((await webhook(soft)).status).toBe(200)

    const consents = await journeys().listConsents({}, { order: { address: "ASC" } })
    expect(consents).toEqual([
      expect.objectContaining({ channel: "email", address: "ada@example.com", status: "suppressed", source: "provider", reason: "complaint" }),
      expect.objectContaining({
        address: "ben@example.com",
        status: "suppressed",
        reason: "hard bounce: Permanent/General: The recipient's mailbox does not exist.",
      }),
    ])
    expect(await message(ben.id)).toMatchObject({
      status: "failed",
      error: "Permanent/General: The recipient's mailbox does not exist.",
    })
    expect(await message(cy.id)).toMatchObject({ status: "failed", error: "Transient/MailboxFull: The recipient's inbox is full." })

    const before = await snapshot(journeyId)
    expect((await webhook(emailEvent("email.complained", ada.provider_message_id!, later(at, 2 * HOUR)))).status).toBe(200)
    expect((await deliver(hard)).status).toBe(200)
    expect(await snapshot(journeyId)).toEqual(before)
  })

  it("records a failed send with Resend's reason", async () => {
    const { at, messages: [sent] } = await sendWelcomes(["Ada"])
    const failed = emailEvent("email.failed", sent.provider_message_id!, later(at, 60_000), { failed: { reason: "reached_daily_quota" } })
    expect((await webhook(failed)).status).toBe(200)
    expect(await message(sent.id)).toMatchObject({ status: "failed", error: "reached_daily_quota" })
    expect(await journeys().listConsents({})).toEqual([])
  })

  it("refuses a missing, forged or tampered signature (401), changing nothing", async () => {
    const { at, journeyId, messages: [sent] } = await sendWelcomes(["Ada"])
    const before = await snapshot(journeyId)
    const event = emailEvent("email.complained", sent.provider_message_id!, later(at, HOUR))

    const good = await signed(event)
    const unsigned = await deliver({ body: good.body, headers: { "content-type": "application/json" } })
    expect(unsigned.status).toBe(401)
    expect(unsigned.data.message).toBe("Invalid or missing Svix signature")
    const otherSecret = await signed(event, "whsec_" + Buffer.from("some-other-secret").toString("base64"))
    expect((await deliver(otherSecret)).status).toBe(401)
    const tampered = { ...good, body: good.body.replace("email.complained", "email.delivered") }
    expect((await deliver(tampered)).status).toBe(401)
    const stale = await signed(event)
    stale.headers["svix-timestamp"] = String(Math.floor(Date.now() / 1000) - 3600)
    expect((await deliver(stale)).status).toBe(401)

    expect(await snapshot(journeyId)).toEqual(before)
  })

  it("answers 400 to a signed but malformed event, 200 to an unknown email or an event it does not track", async () => {
    const { at, journeyId, messages: [sent] } = await sendWelcomes(["Ada"])
    const before = await snapshot(journeyId)

    const noEmailId = await webhook({ type: "email.opened", created_at: later(at, HOUR), data: { to: ["ada@example.com"] } })
    expect(noEmailId.status).toBe(400)
    expect(noEmailId.data.message).toMatch(/email_id/)
    const badTime = await webhook({ ...emailEvent("email.opened", sent.provider_message_id!, "yesterday") })
    expect(badTime.status).toBe(400)
    expect(badTime.data.message).toMatch(/created_at/)
    expect((await deliver(await signed("[1, 2]"))).status).toBe(400)

    const unknown = await webhook(emailEvent("email.opened", "4ef9a417-02e9-4d39-ad75-9611e0fcc33c", later(at, HOUR)))
    expect(unknown.status).toBe(200)
    expect(unknown.data).toEqual({ type: "email.opened", recorded: false })
    const untracked = await webhook(emailEvent("email.delivery_delayed", sent.provider_message_id!, later(at, HOUR)))
    expect(untracked.data).toEqual({ type: "email.delivery_delayed", recorded: false })
    expect((await webhook({ type: "contact.created", created_at: later(at, HOUR), data: { id: "c1" } })).status).toBe(200)

    expect(await snapshot(journeyId)).toEqual(before)
  })

  it("sends through Medusa's Notification Module and the Resend provider, one email per message id", async () => {
    const fake = await startFakeResend(TEST_APP_RESEND_PORT)
    try {
      const notifications = getContainer().resolve(Modules.NOTIFICATION)
      const attempt = {
        to: "ada@example.com",
        channel: "resend-test",
        template: "welcome",
        content: { subject: "Welcome", html: "<p>Hello Ada</p>" },
        data: { message_id: "jmsg_01", headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } },
        idempotency_key: "jmsg_01:1",
      }
      const first = await notifications.createNotifications(attempt)
      expect(first).toMatchObject({ status: "success", provider_id: "resend", external_id: fake.delivered[0].id })
      expect(fake.requests[0].headers).toMatchObject({ authorization: "Bearer re_test_app", "idempotency-key": "jmsg_01" })
      expect(fake.requests[0].body).toMatchObject({
        from: "Shop <hello@shop.com>",
        to: "ada@example.com",
        headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
      })

      // The dispatcher's next attempt has a key of its own, but it is the same Resend email.
      const retry = await notifications.createNotifications({ ...attempt, idempotency_key: "jmsg_01:2" })
      expect(retry).toMatchObject({ status: "success", external_id: first.external_id })
      expect(fake.delivered).toHaveLength(1)

      // Without a message id (a store's own notification), Medusa's idempotency key is Resend's.
      await notifications.createNotifications({ ...attempt, data: {}, idempotency_key: "order-placed-1" })
      expect(fake.requests[2].headers["idempotency-key"]).toBe("order-placed-1")
      expect(fake.delivered).toHaveLength(2)
    } finally {
      await fake.close()
    }
  })

  it("answers 503 while no valid signing secret is configured", async () => {
    const options = journeys().getOptions()
    const spy = jest.spyOn(journeys(), "getOptions")
    const event = emailEvent("email.opened", "any", new Date().toISOString())
    try {
      spy.mockReturnValue({ ...options, webhooks: {} })
      const missing = await webhook(event)
      expect(missing.status).toBe(503)
      expect(missing.data.message).toMatch(/set the journey option webhooks.resend_signing_secret/)

      spy.mockReturnValue({ ...options, webhooks: { resend_signing_secret: "whsec_not base64!" } })
      const malformed = await webhook(event)
      expect(malformed.status).toBe(503)
      expect(malformed.data.message).toMatch(/^webhooks.resend_signing_secret is not a Svix signing secret/)
    } finally {
      spy.mockRestore()
    }
  })
}
