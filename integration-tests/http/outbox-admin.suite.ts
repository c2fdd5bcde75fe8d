import { Modules } from "@medusajs/framework/utils"
import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import { dispatchOutboxWorkflow, wakeDueEnrollmentsWorkflow } from "../../src/workflows"
import { adminSession } from "../helpers/admin-session"
import { emitAndWait } from "../helpers/events"
import { failNextSends, resetTestOutbox, sentNotifications } from "../providers/test-outbox"

const DAY = 86_400_000

/** The outbox page's routes: lists and filters, a message's rendered content, retry and cancel. */
export default ({ api, getContainer }: MedusaSuiteOptions) => {
  let session: { headers: Record<string, string> }
  const journeys = () => getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
  const get = (url: string) => api.get(url, session).catch((e: any) => e.response)
  const post = (url: string, body: unknown = {}) => api.post(url, body, session).catch((e: any) => e.response)
  const message = async (id: string) => (await journeys().listMessages({ id }))[0]
  const dispatch = async (at: Date) => (await dispatchOutboxWorkflow(getContainer()).run({ input: { now: at.toISOString() } })).result

  beforeEach(async () => {
    session = await adminSession(api, getContainer())
    resetTestOutbox()
  })

  /** A live welcome journey and a customer registered: the queued message, due a day ahead (out of the jobs' reach). */
  async function queueWelcome(first_name = "Jane") {
    const template = await journeys().createMessageTemplates({
      handle: `welcome-${first_name.toLowerCase()}`,
      name: "Welcome mail",
      channel: "email",
      status: "published",
      subject: "Welcome, {{ customer.first_name }}",
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
          { id: "s1", type: "send", channel: "email", template_id: template.id, category: "transactional" },
          { id: "x1", type: "exit" },
        ],
        edges: [
          { from: "w1", port: "next", to: "s1" },
          { from: "s1", port: "next", to: "x1" },
        ],
      },
    })
    const journeyId = created.data.journey.id as string
    expect((await post(`/admin/journeys/${journeyId}/publish`)).status).toBe(200)
    const [customer] = await getContainer()
      .resolve(Modules.CUSTOMER)
      .createCustomers([{ first_name, email: `${first_name.toLowerCase()}@example.com` }])
    await emitAndWait(getContainer(), "customer.created", { id: customer.id })
    const at = new Date(Date.now() + 2 * DAY)
    await wakeDueEnrollmentsWorkflow(getContainer()).run({ input: { now: at.toISOString() } })
    const [queued] = await journeys().listMessages({ journey_id: journeyId })
    expect(queued).toMatchObject({ status: "queued" })
    return { at, queued, journeyId, templateId: template.id }
  }

  /** The welcome message failed for good: the provider failed every attempt. */
  async function failWelcome() {
    const welcome = await queueWelcome()
    const { max_attempts } = journeys().getOptions()
    failNextSends(max_attempts, "test-outbox: mailbox unavailable")
    let clock = welcome.at
    for (let attempt = 1; attempt <= max_attempts; attempt++) {
      await dispatch(clock)
      const row = await message(welcome.queued.id)
      if (row.status === "failed") break
      clock = new Date(row.next_attempt_at!)
    }
    expect(await message(welcome.queued.id)).toMatchObject({ status: "failed", attempts: max_attempts })
    return { ...welcome, clock }
  }

  const queuedAt = new Date("2026-01-01T10:00:00Z")
  const row = (values: Record<string, unknown>) => ({
    channel: "email" as const,
    template_id: "tmpl_none",
    recipient: "someone@example.com",
    queued_at: queuedAt,
    next_attempt_at: new Date(Date.now() + 30 * DAY),
    ...values,
  })

  describe("outbox lists", () => {
    it("lists messages newest first with filters on status, channel, journey and recipient", async () => {
      const created = await journeys().createMessages([
        row({ recipient: "ada@example.com", queued_at: new Date("2026-01-01T10:00:00Z") }),
        row({ recipient: "+33600000001", channel: "sms", status: "failed", error: "Twilio said no", next_attempt_at: null, queued_at: new Date("2026-01-02T10:00:00Z") }),
        row({ recipient: "ben_100%@example.com", status: "sent", next_attempt_at: null, journey_id: "jrny_x", queued_at: new Date("2026-01-03T10:00:00Z") }),
      ])
      const ids = (response: any) => response.data.messages.map((m: any) => m.recipient)

      const all = await get("/admin/journeys/outbox/messages")
      expect(all.status).toBe(200)
      expect(all.data).toMatchObject({ count: 3, limit: 20, offset: 0 })
      expect(ids(all)).toEqual(["ben_100%@example.com", "+33600000001", "ada@example.com"])
      expect(all.data.messages[1]).toMatchObject({
        id: created[1].id,
        channel: "sms",
        status: "failed",
        error: "Twilio said no",
        attempts: 0,
        journey: null,
        template: null,
      })

      expect(ids(await get("/admin/journeys/outbox/messages?status=failed"))).toEqual(["+33600000001"])
      expect(ids(await get("/admin/journeys/outbox/messages?status=failed&status=queued"))).toEqual(["+33600000001", "ada@example.com"])
      expect(ids(await get("/admin/journeys/outbox/messages?channel=email"))).toEqual(["ben_100%@example.com", "ada@example.com"])
      expect(ids(await get("/admin/journeys/outbox/messages?journey_id=jrny_x"))).toEqual(["ben_100%@example.com"])
      expect(ids(await get("/admin/journeys/outbox/messages?recipient=ADA"))).toEqual(["ada@example.com"])
      // Taken literally: % and _ are not wildcards.
      expect(ids(await get(`/admin/journeys/outbox/messages?recipient=${encodeURIComponent("_100%")}`))).toEqual(["ben_100%@example.com"])
      expect(ids(await get(`/admin/journeys/outbox/messages?recipient=${encodeURIComponent("%")}`))).toEqual(["ben_100%@example.com"])
      const paged = await get("/admin/journeys/outbox/messages?limit=1&offset=1")
      expect(paged.data).toMatchObject({ count: 3, limit: 1, offset: 1 })
      expect(ids(paged)).toEqual(["+33600000001"])
    })

    it("lists effects with their type, attempts, error and response status", async () => {
      await journeys().createEffects([
        { type: "webhook", payload: { url: "https://example.com" }, status: "failed", attempts: 5, error: "HTTP 500", response_status: 500, queued_at: queuedAt },
        { type: "update_customer", payload: { metadata: { a: 1 } }, queued_at: new Date("2026-01-02T10:00:00Z"), next_attempt_at: new Date(Date.now() + DAY) },
      ])
      const all = await get("/admin/journeys/outbox/effects")
      expect(all.status).toBe(200)
      expect(all.data.count).toBe(2)
      expect(all.data.effects.map((e: any) => e.type)).toEqual(["update_customer", "webhook"])
      const failed = await get("/admin/journeys/outbox/effects?status=failed&type=webhook")
      expect(failed.data.effects).toEqual([
        expect.objectContaining({ type: "webhook", status: "failed", attempts: 5, error: "HTTP 500", response_status: 500 }),
      ])
      const one = await get(`/admin/journeys/outbox/effects/${failed.data.effects[0].id}`)
      expect(one.data.effect).toMatchObject({ payload: { url: "https://example.com" }, response_status: 500 })
    })

    it("previews an unsent message as its send renders it", async () => {
      const { queued, journeyId, templateId } = await queueWelcome("Zoé")
      const response = await get(`/admin/journeys/outbox/messages/${queued.id}`)
      expect(response.status).toBe(200)
      expect(response.data.message).toMatchObject({
        id: queued.id,
        status: "queued",
        journey: { id: journeyId, name: "Welcome" },
        template: { id: templateId, name: "Welcome mail" },
        rendered: { channel: "email", subject: "Welcome, Zoé", html: "<p>Hello Zoé</p>" },
        rendered_as: "preview",
        render_error: null,
      })
    })

    it("shows a sent message as it was sent, after its template was edited", async () => {
      const { at, queued, templateId } = await queueWelcome("Zoé")
      expect(await dispatch(at)).toMatchObject({ sent: 1 })
      const edited = await post(`/admin/message-templates/${templateId}`, { subject: "Changed, {{ customer.first_name }}", html: "<p>Changed</p>" })
      expect(edited.status).toBe(200)

      const response = await get(`/admin/journeys/outbox/messages/${queued.id}`)
      expect(response.status).toBe(200)
      const sent = { channel: "email", subject: "Welcome, Zoé", html: "<p>Hello Zoé</p>", text: null }
      expect(response.data.message).toMatchObject({ status: "sent", rendered: sent, rendered_as: "sent", render_error: null })
      expect(response.data.message).not.toHaveProperty("content")
      // What the provider was handed.
      expect(sentNotifications).toEqual([expect.objectContaining({ content: { subject: sent.subject, html: sent.html } })])
    })
  })

  describe("outbox actions", () => {
    it("retries a failed message: sent by the next dispatch, a new attempt under the same message id", async () => {
      const { queued, clock, templateId } = await failWelcome()
      const { max_attempts } = journeys().getOptions()
      const listed = await get("/admin/journeys/outbox/messages?status=failed")
      expect(listed.data.messages).toEqual([
        expect.objectContaining({ id: queued.id, error: expect.stringContaining("test-outbox: mailbox unavailable"), journey: expect.objectContaining({ name: "Welcome" }) }),
      ])

      const retried = await post(`/admin/journeys/outbox/messages/${queued.id}/retry`)
      expect(retried.status).toBe(200)
      expect(retried.data.message).toMatchObject({ id: queued.id, status: "queued", attempts: max_attempts })
      // A second retry finds it queued.
      const again = await post(`/admin/journeys/outbox/messages/${queued.id}/retry`)
      expect(again.status).toBe(409)
      expect(again.data).toMatchObject({ type: "conflict", message: "Only a failed message can be retried; this one is queued" })

      // The failed attempts' content is shown as such; the retry renders the template as it is then.
      const failed = await get(`/admin/journeys/outbox/messages/${queued.id}`)
      expect(failed.data.message).toMatchObject({ rendered_as: "attempted", rendered: { subject: "Welcome, Jane" } })
      await post(`/admin/message-templates/${templateId}`, { subject: "Sorry for the wait, {{ customer.first_name }}" })

      expect(await dispatch(new Date(Math.max(Date.now(), clock.getTime()) + 1000))).toMatchObject({ sent: 1 })
      const sent = await message(queued.id)
      expect(sent).toMatchObject({ status: "sent", attempts: max_attempts + 1, error: null })
      expect(sentNotifications).toHaveLength(1)
      expect(sentNotifications[0].data).toMatchObject({ message_id: queued.id })
      const notification = await getContainer().resolve(Modules.NOTIFICATION).retrieveNotification(sent.notification_id!)
      expect(notification).toMatchObject({ resource_id: queued.id, idempotency_key: `${queued.id}:${max_attempts + 1}` })
      const shown = await get(`/admin/journeys/outbox/messages/${queued.id}`)
      expect(shown.data.message).toMatchObject({ rendered_as: "sent", rendered: { subject: "Sorry for the wait, Jane" } })

      const timeline = await journeys().listActivities({ enrollment_id: queued.enrollment_id!, type: "admin_action" })
      expect(timeline).toEqual([expect.objectContaining({ reason: "Retried by an admin", node_id: "s1" })])
    })

    it("cancels a queued message, which is never sent afterwards", async () => {
      const { at, queued } = await queueWelcome()
      const cancelled = await post(`/admin/journeys/outbox/messages/${queued.id}/cancel`)
      expect(cancelled.status).toBe(200)
      expect(cancelled.data.message).toMatchObject({ status: "cancelled", next_attempt_at: null })
      expect(await dispatch(new Date(at.getTime() + DAY))).toMatchObject({ sent: 0 })
      expect(sentNotifications).toHaveLength(0)
      expect((await message(queued.id)).status).toBe("cancelled")
      const timeline = await journeys().listActivities({ enrollment_id: queued.enrollment_id!, type: "admin_action" })
      expect(timeline.map((a) => a.reason)).toEqual(["Cancelled by an admin"])

      const twice = await post(`/admin/journeys/outbox/messages/${queued.id}/cancel`)
      expect(twice.status).toBe(409)
      expect(twice.data.message).toBe("Only a queued message can be cancelled; this one is cancelled")
      expect((await post(`/admin/journeys/outbox/messages/${queued.id}/retry`)).status).toBe(409)
    })

    it("retries a failed effect and cancels a queued one", async () => {
      const [failed, queued] = await journeys().createEffects([
        { type: "webhook", payload: { url: "https://example.com" }, status: "failed", attempts: 5, error: "HTTP 500", queued_at: queuedAt },
        { type: "webhook", payload: { url: "https://example.com" }, queued_at: queuedAt, next_attempt_at: new Date(Date.now() + DAY) },
      ])
      const retried = await post(`/admin/journeys/outbox/effects/${failed.id}/retry`)
      expect(retried.status).toBe(200)
      expect(retried.data.effect).toMatchObject({ status: "queued", attempts: 5 })
      expect(new Date(retried.data.effect.next_attempt_at).getTime()).toBeLessThanOrEqual(Date.now())
      expect((await post(`/admin/journeys/outbox/effects/${queued.id}/cancel`)).data.effect).toMatchObject({ status: "cancelled" })
      const conflict = await post(`/admin/journeys/outbox/effects/${queued.id}/retry`)
      expect(conflict.status).toBe(409)
      expect(conflict.data.message).toBe("Only a failed effect can be retried; this one is cancelled")
    })

    it("answers 400 naming the field, 401 without a session, 404 for an unknown id", async () => {
      for (const [url, field] of [
        ["/admin/journeys/outbox/messages?status=lost", "status"],
        ["/admin/journeys/outbox/messages?channel=fax", "channel"],
        ["/admin/journeys/outbox/messages?limit=0", "limit"],
        ["/admin/journeys/outbox/messages?colour=red", "colour"],
        ["/admin/journeys/outbox/effects?type=email", "type"],
      ]) {
        const response = await get(url)
        expect({ url, status: response.status }).toEqual({ url, status: 400 })
        expect(response.data.message).toContain(field)
      }
      const body = await post("/admin/journeys/outbox/messages/jmsg_unknown/retry", { force: true })
      expect(body.status).toBe(400)
      expect(body.data.message).toContain("force")

      const anonymous = await api.get("/admin/journeys/outbox/messages").catch((e: any) => e.response)
      expect(anonymous.status).toBe(401)
      const anonymousRetry = await api.post("/admin/journeys/outbox/messages/jmsg_unknown/retry", {}).catch((e: any) => e.response)
      expect(anonymousRetry.status).toBe(401)

      for (const url of [
        "/admin/journeys/outbox/messages/jmsg_unknown/retry",
        "/admin/journeys/outbox/messages/jmsg_unknown/cancel",
        "/admin/journeys/outbox/effects/jefx_unknown/retry",
        "/admin/journeys/outbox/effects/jefx_unknown/cancel",
      ]) {
        expect({ url, status: (await post(url)).status }).toEqual({ url, status: 404 })
      }
      expect((await get("/admin/journeys/outbox/messages/jmsg_unknown")).status).toBe(404)
      expect((await get("/admin/journeys/outbox/effects/jefx_unknown")).status).toBe(404)
    })
  })
}
