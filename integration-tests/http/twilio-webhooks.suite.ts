import { Modules } from "@medusajs/framework/utils"
import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import twilio from "twilio"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import { dispatchOutboxWorkflow, wakeDueEnrollmentsWorkflow } from "../../src/workflows"
import { adminSession } from "../helpers/admin-session"
import { emitAndWait } from "../helpers/events"
import { resetTestOutbox } from "../providers/test-outbox"

// The test app's journey options (root medusa-config.ts): Twilio signs the public URL.
const AUTH_TOKEN = "integration-tests-twilio-auth-token"
const PUBLIC_URL = "https://api.shop.test"
const PATH = "/hooks/journeys/twilio"
const PHONE = "+33612345678"
const TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'

export default ({ api, getContainer }: MedusaSuiteOptions) => {
  let session: { headers: Record<string, string> }
  const journeys = () => getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
  const message = async (id: string) => (await journeys().listMessages({ id }))[0]
  const consents = () => journeys().listConsents({}, { select: ["channel", "address", "status", "source"] })

  /** Posts a form the way Twilio does, signed over `signedUrl` with `token` unless told otherwise. */
  const hook = (
    params: Record<string, string>,
    { path = PATH, token = AUTH_TOKEN, signedUrl = PUBLIC_URL + path, signature }: Partial<Record<string, string | null>> = {}
  ) => {
    const sig = signature === undefined ? twilio.getExpectedTwilioSignature(token!, signedUrl!, params) : signature
    return api
      .post(path!, new URLSearchParams(params).toString(), {
        headers: { "content-type": "application/x-www-form-urlencoded", ...(sig !== null && { "x-twilio-signature": sig }) },
      })
      .catch((e: any) => e.response)
  }
  const statusCallback = (sid: string, status: string, extra: Record<string, string> = {}) => ({
    AccountSid: `AC${"0".repeat(32)}`,
    ApiVersion: "2010-04-01",
    From: "+15005550006",
    To: PHONE,
    MessageSid: sid,
    SmsSid: sid,
    MessageStatus: status,
    SmsStatus: status,
    ...extra,
  })
  const inbound = (body: string) => ({
    AccountSid: `AC${"0".repeat(32)}`,
    ApiVersion: "2010-04-01",
    MessageSid: `SM${"9".repeat(32)}`,
    SmsSid: `SM${"9".repeat(32)}`,
    SmsStatus: "received",
    From: PHONE,
    To: "+15005550006",
    Body: body,
    NumMedia: "0",
    NumSegments: "1",
  })

  beforeEach(async () => {
    session = await adminSession(api, getContainer())
    resetTestOutbox()
  })

  /**
   * A live journey that texts a customer a day after registration, run to the send on a test
   * clock two days ahead: the message is `sent`, under the test provider's id (`test-outbox-1`),
   * and nothing is left for the every-minute jobs on the real clock to change.
   */
  async function sentSms() {
    const template = await journeys().createMessageTemplates({
      handle: "welcome-sms",
      name: "Welcome SMS",
      channel: "sms",
      status: "published",
      body: "Welcome {{ customer.first_name }}! Reply STOP to opt out.",
    })
    const created = await api.post(
      "/admin/journeys",
      {
        name: "Welcome by SMS",
        definition: {
          schema_version: 1,
          trigger: { type: "customer_created" },
          settings: { reentry: "once", timezone: "UTC" },
          entry_node: "w1",
          nodes: [
            { id: "w1", type: "wait", duration: "P1D" },
            { id: "s1", type: "send", channel: "sms", template_id: template.id },
            { id: "x1", type: "exit" },
          ],
          edges: [
            { from: "w1", port: "next", to: "s1" },
            { from: "s1", port: "next", to: "x1" },
          ],
        },
      },
      session
    )
    await api.post(`/admin/journeys/${created.data.journey.id}/publish`, {}, session)
    const [customer] = await getContainer()
      .resolve(Modules.CUSTOMER)
      .createCustomers([{ first_name: "Ada", email: "ada@example.com", phone: PHONE }])
    await emitAndWait(getContainer(), "customer.created", { id: customer.id })
    // Noon two days ahead, whatever the hour now: SMS quiet hours (21:00–08:00) would defer it.
    const today = new Date()
    const at = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 2, 12)).toISOString()
    await wakeDueEnrollmentsWorkflow(getContainer()).run({ input: { now: at } })
    expect((await dispatchOutboxWorkflow(getContainer()).run({ input: { now: at } })).result).toMatchObject({ sent: 1 })
    const [sent] = await journeys().listMessages({ journey_id: created.data.journey.id })
    expect(sent).toMatchObject({ channel: "sms", recipient: PHONE, status: "sent", provider_message_id: "test-outbox-1" })
    return sent
  }

  it("marks a message delivered once; interim statuses change nothing", async () => {
    const sent = await sentSms()

    for (const interim of ["queued", "sent"]) {
      expect(await hook(statusCallback("test-outbox-1", interim))).toMatchObject({ status: 200 })
    }
    expect(await message(sent.id)).toMatchObject({ status: "sent", delivered_at: null })

    const response = await hook(statusCallback("test-outbox-1", "delivered"))
    expect(response.status).toBe(200)
    expect(response.headers["content-type"]).toMatch(/^text\/xml/)
    expect(response.data).toBe(TWIML)
    const delivered = await message(sent.id)
    expect(delivered).toMatchObject({ status: "delivered", error: null })
    expect(delivered.delivered_at).not.toBeNull()

    // Twilio retries a callback it saw fail: the replay keeps the first delivery time.
    expect(await hook(statusCallback("test-outbox-1", "delivered"))).toMatchObject({ status: 200 })
    expect(await message(sent.id)).toMatchObject({ status: "delivered", delivered_at: delivered.delivered_at })
  })

  it.each([
    ["undelivered", { ErrorCode: "30003" }, "Twilio undelivered (error 30003)"],
    ["failed", { ErrorCode: "30008" }, "Twilio failed (error 30008)"],
    ["failed", {}, "Twilio failed"],
  ])("marks a message failed on %s %j, with Twilio's error code", async (status, extra, error) => {
    const sent = await sentSms()

    expect(await hook(statusCallback("test-outbox-1", status, extra))).toMatchObject({ status: 200 })
    expect(await message(sent.id)).toMatchObject({ status: "failed", error })

    expect(await hook(statusCallback("test-outbox-1", status, extra))).toMatchObject({ status: 200 })
    expect(await message(sent.id)).toMatchObject({ status: "failed", error })
  })

  it("verifies a callback URL with a query string against public_url + path + query", async () => {
    const sent = await sentSms()
    const path = `${PATH}?store=eu&retry=1`

    expect(await hook(statusCallback("test-outbox-1", "delivered"), { path, signedUrl: PUBLIC_URL + PATH })).toMatchObject({
      status: 401,
    })
    expect(await hook(statusCallback("test-outbox-1", "delivered"), { path })).toMatchObject({ status: 200 })
    expect(await message(sent.id)).toMatchObject({ status: "delivered" })
  })

  it("answers 200 for a message this store did not send, changing nothing", async () => {
    const sent = await sentSms()

    expect(await hook(statusCallback(`SM${"1".repeat(32)}`, "delivered"))).toMatchObject({ status: 200, data: TWIML })
    expect(await message(sent.id)).toMatchObject({ status: "sent", delivered_at: null })
  })

  it("opts a number out on STOP and its variants, once, and back in on START / UNSTOP", async () => {
    const response = await hook(inbound("  stop \n"))
    expect(response).toMatchObject({ status: 200, data: TWIML })
    expect(response.headers["content-type"]).toMatch(/^text\/xml/)
    expect(await consents()).toEqual([
      expect.objectContaining({ channel: "sms", address: PHONE, status: "unsubscribed", source: "sms_keyword" }),
    ])

    expect(await hook(inbound("STOP"))).toMatchObject({ status: 200 })
    expect(await consents()).toHaveLength(1)

    expect(await hook(inbound("Start"))).toMatchObject({ status: 200 })
    expect(await consents()).toEqual([expect.objectContaining({ address: PHONE, status: "subscribed", source: "sms_keyword" })])

    for (const keyword of ["STOPALL", "unsubscribe", "Cancel", "END", "quit", "REVOKE", "optout"]) {
      await journeys().setConsent([{ channel: "sms", address: PHONE, status: "subscribed", source: "admin" }])
      expect(await hook(inbound(keyword))).toMatchObject({ status: 200 })
      expect((await consents())[0]).toMatchObject({ status: "unsubscribed" })
    }
    expect(await hook(inbound("unstop"))).toMatchObject({ status: 200 })
    expect(await consents()).toEqual([expect.objectContaining({ address: PHONE, status: "subscribed" })])
  })

  it("ignores other replies, even ones that contain a keyword", async () => {
    for (const body of ["Please stop texting me", "Thanks!", "STOP STOP", ""]) {
      expect(await hook(inbound(body))).toMatchObject({ status: 200, data: TWIML })
    }
    expect(await consents()).toEqual([])
  })

  it("refuses a missing or forged signature with 401 and changes nothing", async () => {
    const sent = await sentSms()
    const delivered = statusCallback("test-outbox-1", "delivered")

    const refused = [
      await hook(delivered, { signature: null }),
      await hook(delivered, { signature: "" }),
      await hook(delivered, { token: "someone-elses-auth-token" }),
      // Signed for the host Medusa sees rather than the public one Twilio calls.
      await hook(delivered, { signedUrl: `http://localhost${PATH}` }),
      // A valid signature over other fields.
      await hook(delivered, { signature: twilio.getExpectedTwilioSignature(AUTH_TOKEN, PUBLIC_URL + PATH, statusCallback("test-outbox-1", "sent")) }),
      await hook(inbound("STOP"), { signature: null }),
      await hook(inbound("STOP"), { token: "someone-elses-auth-token" }),
    ]

    expect(refused.map((response) => response.status)).toEqual(refused.map(() => 401))
    expect(await message(sent.id)).toMatchObject({ status: "sent", delivered_at: null })
    expect(await consents()).toEqual([])
  })

  it("refuses a malformed request with 400", async () => {
    const sent = await sentSms()
    const { MessageSid: _sid, SmsSid: _smsSid, ...noSid } = statusCallback("test-outbox-1", "delivered")

    expect(await hook(noSid)).toMatchObject({ status: 400 })
    expect(await hook({ AccountSid: `AC${"0".repeat(32)}`, To: PHONE })).toMatchObject({ status: 400 })
    expect(await hook({})).toMatchObject({ status: 400 })
    const json = await api
      .post(PATH, { MessageSid: "test-outbox-1", MessageStatus: "delivered" }, {
        headers: { "x-twilio-signature": twilio.getExpectedTwilioSignature(AUTH_TOKEN, PUBLIC_URL + PATH, {}) },
      })
      .catch((e: any) => e.response)
    expect(json.status).toBe(400)
    expect(await message(sent.id)).toMatchObject({ status: "sent", delivered_at: null })
  })

  it("answers 503 while public_url or the auth token is not configured", async () => {
    const options = journeys().getOptions()
    const spy = jest.spyOn(journeys(), "getOptions")
    try {
      spy.mockReturnValue({ ...options, webhooks: { ...options.webhooks, twilio_auth_token: undefined } })
      expect(await hook(inbound("STOP"))).toMatchObject({ status: 503 })
      spy.mockReturnValue({ ...options, public_url: undefined })
      expect(await hook(inbound("STOP"))).toMatchObject({ status: 503 })
    } finally {
      spy.mockRestore()
    }
    expect(await consents()).toEqual([])
  })
}
