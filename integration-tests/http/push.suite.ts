import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import { signToken, verifyToken } from "../../src/modules/journey/tokens"
import { dispatchOutboxWorkflow, wakeDueEnrollmentsWorkflow } from "../../src/workflows"
import { adminSession } from "../helpers/admin-session"
import { createSalesChannelsWorkflow } from "@medusajs/medusa/core-flows"
import { storeShopper } from "../helpers/store-data"
import { rejectPushTokens, resetTestOutbox, sentNotifications } from "../providers/test-outbox"

const DAY = 86_400_000
const MINUTE = 60_000

export default ({ api, getContainer }: MedusaSuiteOptions) => {
  let admin: Record<string, string>
  const journeys = () => getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
  const call = (method: "get" | "post" | "delete", url: string, headers: Record<string, string>, body?: unknown) =>
    (method === "post" ? api.post(url, body, { headers }) : api[method](url, { headers })).catch((e: any) => e.response)

  beforeEach(async () => {
    admin = (await adminSession(api, getContainer())).headers
    resetTestOutbox()
  })

  async function shopper(email = "shopper@example.com") {
    const { result: [channel] } = await createSalesChannelsWorkflow(getContainer()).run({
      input: { salesChannelsData: [{ name: `Web ${email}` }] },
    })
    return storeShopper(api, getContainer(), channel.id, { email, password: "shopper-secret" })
  }

  async function publish(name: string, definition: Record<string, unknown>) {
    const created = await call("post", "/admin/journeys", admin, { name, definition })
    const journeyId = created.data.journey.id as string
    expect((await call("post", `/admin/journeys/${journeyId}/publish`, admin, {})).status).toBe(200)
    return journeyId
  }

  /**
   * A live journey entered on the shopper's `app.installed` event: a day's wait, then a push.
   * Woken on a test clock two days ahead, the push is due then: out of reach of the every-minute
   * jobs, which run on the wall clock. With `waiter`, a second journey entered on the same
   * event waits (from now, on the wall clock, for three days) for any `message.opened`.
   */
  async function queuePush(headers: Record<string, string>, { waiter = false, others = [] as Record<string, string>[] } = {}) {
    const template = await journeys().createMessageTemplates({
      handle: `app-welcome-${Date.now()}`,
      name: "App welcome",
      channel: "push",
      status: "published",
      title: "Welcome, {{ customer.email }}",
      body: "Your first order ships free",
      data: { url: "/offers/first-order" },
    })
    const trigger = { type: "event", event: "app.installed" }
    const settings = { reentry: "once", timezone: "UTC" }
    const journeyId = await publish("App welcome", {
      schema_version: 1, trigger, settings, entry_node: "w1",
      nodes: [
        { id: "w1", type: "wait", duration: "P1D" },
        { id: "s1", type: "send", channel: "push", template_id: template.id, category: "transactional" },
        { id: "x1", type: "exit" },
      ],
      edges: [
        { from: "w1", port: "next", to: "s1" },
        { from: "s1", port: "next", to: "x1" },
      ],
    })
    const waiterId = waiter
      ? await publish("Opened the app welcome", {
          schema_version: 1, trigger, settings, entry_node: "r1",
          nodes: [
            { id: "r1", type: "wait_for_event", timeout: "P3D", events: [{ port: "opened", event: "message.opened" }] },
            { id: "x1", type: "exit" },
            { id: "x2", type: "exit" },
          ],
          edges: [
            { from: "r1", port: "opened", to: "x1" },
            { from: "r1", port: "timeout", to: "x2" },
          ],
        })
      : null
    for (const shopperHeaders of [headers, ...others]) {
      const entered = await call("post", "/store/journeys/events", shopperHeaders, { name: "app.installed" })
      expect(entered.data.event).toMatchObject({ entered: waiter ? 2 : 1 })
    }
    const at = new Date(Date.now() + 2 * DAY)
    await wakeDueEnrollmentsWorkflow(getContainer()).run({ input: { now: at.toISOString() } })
    const messages = await journeys().listMessages({ journey_id: journeyId })
    expect(messages.map((m) => [m.channel, m.status])).toEqual([headers, ...others].map(() => ["push", "queued"]))
    return { at, message: messages[0], messages, journeyId, waiterId }
  }

  const dispatch = async (at: Date) =>
    (await dispatchOutboxWorkflow(getContainer()).run({ input: { now: at.toISOString() } })).result
  const register = (headers: Record<string, string>, token: string, platform = "ios") =>
    call("post", "/store/journeys/push-devices", headers, { token, platform })
  const tokensOf = async (customerId: string) =>
    (await journeys().listPushDevices({ customer_id: customerId }, { order: { token: "ASC" } })).map((d) => d.token)

  it("registers devices idempotently, moves a token to its new owner, and deletes only one's own", async () => {
    const jane = await shopper("jane@example.com")
    const first = await register(jane.shopper, "fcm-token-1")
    expect(first.status).toBe(200)
    expect(first.data.push_device).toMatchObject({ token: "fcm-token-1", platform: "ios" })
    const again = await register(jane.shopper, "fcm-token-1")
    expect(new Date(again.data.push_device.last_seen_at).getTime()).toBeGreaterThanOrEqual(
      new Date(first.data.push_device.last_seen_at).getTime()
    )
    await register(jane.shopper, "fcm-token-2", "web")
    expect(await tokensOf(jane.customer.id)).toEqual(["fcm-token-1", "fcm-token-2"])

    // The phone changed hands: the token follows whoever registers it last.
    const john = await shopper("john@example.com")
    expect((await register(john.shopper, "fcm-token-1", "android")).status).toBe(200)
    expect(await tokensOf(jane.customer.id)).toEqual(["fcm-token-2"])
    expect(await tokensOf(john.customer.id)).toEqual(["fcm-token-1"])

    expect((await call("delete", "/store/journeys/push-devices/fcm-token-1", jane.shopper)).status).toBe(404)
    const removed = await call("delete", "/store/journeys/push-devices/fcm-token-1", john.shopper)
    expect(removed.status).toBe(200)
    expect(removed.data).toEqual({ token: "fcm-token-1", object: "push_device", deleted: true })
    expect(await tokensOf(john.customer.id)).toEqual([])
    expect((await call("delete", "/store/journeys/push-devices/fcm-token-1", john.shopper)).status).toBe(404)
  })

  it("refuses bad device registrations and strangers", async () => {
    const { store, shopper: headers } = await shopper()
    expect((await register(store, "fcm-token-1")).status).toBe(401)
    expect((await call("delete", "/store/journeys/push-devices/fcm-token-1", store)).status).toBe(401)
    for (const [body, field] of [
      [{ platform: "ios" }, "token"],
      [{ token: "", platform: "ios" }, "token"],
      [{ token: "t", platform: "symbian" }, "platform"],
      [{ token: "t", platform: "ios", customer_id: "cus_other" }, "customer_id"],
    ] as const) {
      const response = await call("post", "/store/journeys/push-devices", headers, body)
      expect(response.status).toBe(400)
      expect(response.data.message).toContain(field)
    }
  })

  it("pushes to the customer's devices with a signed open token; the open makes the waiting enrollment react, once", async () => {
    const { store, shopper: headers, customer } = await shopper()
    await register(headers, "fcm-old", "android")
    await register(headers, "fcm-new", "ios")
    const { at, message, waiterId } = await queuePush(headers, { waiter: true })

    expect(await dispatch(at)).toMatchObject({ sent: 1, failed: 0 })
    expect(sentNotifications).toHaveLength(1)
    const sent = sentNotifications[0]
    expect(sent).toMatchObject({
      to: customer.id,
      channel: "push",
      content: { subject: "Welcome, shopper@example.com", text: "Your first order ships free" },
      data: { message_id: message.id, push_data: { url: "/offers/first-order", open_token: expect.any(String) } },
    })
    // Most recently seen first.
    expect(sent.data!.tokens).toEqual(["fcm-new", "fcm-old"])
    const openToken = (sent.data!.push_data as Record<string, string>).open_token
    const { secret } = journeys().getOptions()
    expect(verifyToken(secret!, "push_open", openToken)).toEqual({ m: message.id })

    const [waiting] = await journeys().listEnrollments({ journey_id: waiterId! })
    expect(waiting).toMatchObject({ customer_id: customer.id, status: "waiting", current_node: "r1" })

    // Signed out: the token alone authorises the report.
    const opened = await call("post", "/store/journeys/push-opens", store, { token: openToken })
    expect(opened.status).toBe(200)
    expect(opened.data).toEqual({ recorded: true })
    const [done] = await journeys().listEnrollments({ journey_id: waiterId! })
    expect(done).toMatchObject({ status: "completed", current_node: "x1" })
    expect((await journeys().listMessages({ id: message.id }))[0].opened_at).not.toBeNull()

    expect((await call("post", "/store/journeys/push-opens", store, { token: openToken })).status).toBe(200)
    const events = await journeys().listJourneyEvents({ name: "message.opened", customer_id: customer.id })
    expect(events).toHaveLength(1)
    expect(events[0].data).toMatchObject({ message_id: message.id, channel: "push" })
  })

  it("refuses forged, altered, foreign-purpose and missing open tokens", async () => {
    const { store } = await shopper()
    const { secret } = journeys().getOptions()
    const genuine = signToken(secret!, "push_open", { m: "jmsg_unknown" })
    const [payload, signature] = genuine.split(".")
    const forged = [
      signToken("another-secret-0123456789abcdef0123456789", "push_open", { m: "jmsg_1" }),
      `${Buffer.from(JSON.stringify({ m: "jmsg_2" })).toString("base64url")}.${signature}`,
      signToken(secret!, "unsubscribe", { m: "jmsg_1" }),
      `${payload}.${signature}.x`,
      "garbage",
    ]
    for (const token of forged) {
      expect((await call("post", "/store/journeys/push-opens", store, { token })).status).toBe(401)
    }
    // Genuine, for a message this store does not have.
    expect((await call("post", "/store/journeys/push-opens", store, { token: genuine })).status).toBe(404)
    for (const body of [{}, { token: "" }, { token: 42 }, { token: genuine, extra: 1 }]) {
      const response = await call("post", "/store/journeys/push-opens", store, body)
      expect(response.status).toBe(400)
    }
    const missing = await call("post", "/store/journeys/push-opens", store, {})
    expect(missing.data.message).toContain("token")
  })

  it("fails a push to a customer with no device, saying so", async () => {
    const { shopper: headers } = await shopper()
    const { at, message } = await queuePush(headers)
    expect(await dispatch(at)).toMatchObject({ sent: 0, failed: 1 })
    expect(sentNotifications).toEqual([])
    expect((await journeys().listMessages({ id: message.id }))[0]).toMatchObject({
      status: "failed",
      error: "the customer has no registered push device",
    })
  })

  it("prunes the tokens the provider reports dead: a partial send succeeds, an all-dead one retries and then fails", async () => {
    const jane = await shopper("jane@example.com")
    await register(jane.shopper, "fcm-dead")
    await register(jane.shopper, "fcm-live")
    const john = await shopper("john@example.com")
    await register(john.shopper, "fcm-gone")
    const { at, messages } = await queuePush(jane.shopper, { others: [john.shopper] })
    const messageOf = async (customerId: string) =>
      (await journeys().listMessages({ id: messages.map((m) => m.id), customer_id: customerId }))[0]
    rejectPushTokens(["fcm-dead", "fcm-gone"])

    expect(await dispatch(at)).toMatchObject({ sent: 1, retried: 1 })
    // The provider's push.invalid_tokens events reach the pruning subscriber asynchronously.
    const deadline = Date.now() + 10_000
    while ((await tokensOf(jane.customer.id)).length > 1 || (await tokensOf(john.customer.id)).length > 0) {
      if (Date.now() > deadline) throw new Error("dead tokens were not pruned")
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(await tokensOf(jane.customer.id)).toEqual(["fcm-live"])
    expect(sentNotifications.map((n) => n.data!.tokens)).toEqual([["fcm-live", "fcm-dead"]])
    expect(await messageOf(jane.customer.id)).toMatchObject({ status: "sent" })
    const retried = await messageOf(john.customer.id)
    expect(retried).toMatchObject({ status: "queued" })
    expect(retried.error).toContain("every device token is dead")

    expect(await dispatch(new Date(at.getTime() + MINUTE))).toMatchObject({ failed: 1 })
    expect(await messageOf(john.customer.id)).toMatchObject({
      status: "failed",
      error: "the customer has no registered push device",
    })
  })

  it("reads and changes the shopper's own consent per channel; a suppressed email stays suppressed", async () => {
    const { store, shopper: headers, customer } = await shopper()
    const empty = await call("get", "/store/journeys/preferences", headers)
    expect(empty.status).toBe(200)
    // The test app's policy is opt_out: no answer reads as subscribed.
    expect(empty.data).toEqual({
      consent_policy: "opt_out",
      preferences: {
        email: { address: "shopper@example.com", status: "subscribed", recorded: false },
        sms: { address: null, status: null, recorded: false },
        push: { address: customer.id, status: "subscribed", recorded: false },
      },
    })

    const changed = await call("post", "/store/journeys/preferences", headers, { email: false, push: true })
    expect(changed.status).toBe(200)
    expect(changed.data.preferences).toMatchObject({
      email: { status: "unsubscribed", recorded: true },
      push: { status: "subscribed", recorded: true },
    })
    const [consent] = await journeys().listConsents({ channel: "push", address: customer.id })
    expect(consent).toMatchObject({ status: "subscribed", source: "store", customer_id: customer.id })
    expect((await call("post", "/store/journeys/preferences", headers, { push: false })).data.preferences.push).toEqual({
      address: customer.id,
      status: "unsubscribed",
      recorded: true,
    })

    await journeys().setConsent([
      { channel: "email", address: "shopper@example.com", status: "suppressed", source: "provider", reason: "complaint" },
    ])
    const suppressed = await call("post", "/store/journeys/preferences", headers, { email: true })
    expect(suppressed.data.preferences.email).toEqual({ address: "shopper@example.com", status: "suppressed", recorded: true })

    const noPhone = await call("post", "/store/journeys/preferences", headers, { sms: true })
    expect(noPhone.status).toBe(400)
    expect(noPhone.data.message).toContain("no phone number")
    for (const [body, field] of [
      [{}, "at least one"],
      [{ email: "yes" }, "email"],
      [{ fax: true }, "fax"],
    ] as const) {
      const response = await call("post", "/store/journeys/preferences", headers, body)
      expect(response.status).toBe(400)
      expect(response.data.message).toContain(field)
    }
    expect((await call("get", "/store/journeys/preferences", store)).status).toBe(401)
    expect((await call("post", "/store/journeys/preferences", store, { email: true })).status).toBe(401)
  })
}
