import { Modules } from "@medusajs/framework/utils"
import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import { dispatchOutboxWorkflow, wakeDueEnrollmentsWorkflow } from "../../src/workflows"
import { messageRecord } from "../../src/workflows/dispatch/outcomes"
import { leaseEnd } from "../../src/workflows/retry-policy"
import { adminSession } from "../helpers/admin-session"
import { emitAndWait } from "../helpers/events"
import { failNextSends, resetTestOutbox, sentNotifications } from "../providers/test-outbox"

const MINUTE = 60_000
const DAY = 86_400_000

export default ({ api, getContainer }: MedusaSuiteOptions) => {
  let session: { headers: Record<string, string> }
  const journeys = () => getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
  const post = (url: string, body: unknown = {}) => api.post(url, body, session).catch((e: any) => e.response)
  const message = async (id: string) => (await journeys().listMessages({ id }))[0]
  const later = (at: Date, ms: number) => new Date(at.getTime() + ms)

  beforeEach(async () => {
    session = await adminSession(api, getContainer())
    resetTestOutbox()
  })

  const emit = (name: string, data: Record<string, unknown>) => emitAndWait(getContainer(), name, data)

  const dispatch = async (at: Date, batch_size?: number) =>
    (await dispatchOutboxWorkflow(getContainer()).run({ input: { now: at.toISOString(), batch_size } })).result

  /**
   * A live welcome journey (an email a day after registration) and these customers registered:
   * returns their queued messages and the test clock at which they are due. Being due a day
   * ahead, they are out of reach of the every-minute jobs, which run on the real clock.
   */
  async function queueWelcomes(names: [string, string][]) {
    const template = await journeys().createMessageTemplates({
      handle: "welcome",
      name: "Welcome",
      channel: "email",
      status: "published",
      subject: "Welcome, {{ customer.first_name }} {{ customer.last_name }}",
      html: "<p>Hello {{ customer.first_name }} {{ customer.last_name }}</p>",
      text: "Hello {{ customer.first_name }}, from {{ store.name }}",
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
          { id: "x1", type: "exit" },
        ],
        edges: [
          { from: "w1", port: "next", to: "s1" },
          { from: "s1", port: "next", to: "x1" },
        ],
      },
    })
    const journeyId = created.data.journey.id as string
    expect((await post(`/admin/journeys/${journeyId}/publish`)).data).toMatchObject({ journey: { status: "live" } })
    const customers = await getContainer()
      .resolve(Modules.CUSTOMER)
      .createCustomers(
        names.map(([first_name, last_name]) => ({ first_name, last_name, email: `${first_name.toLowerCase()}@example.com` }))
      )
    for (const customer of customers) await emit("customer.created", { id: customer.id })
    const at = new Date(Date.now() + 2 * DAY)
    await wakeDueEnrollmentsWorkflow(getContainer()).run({ input: { now: at.toISOString() } })
    const messages = await journeys().listMessages({ journey_id: journeyId }, { order: { recipient: "ASC" } })
    expect(messages.map((m) => m.status)).toEqual(names.map(() => "queued"))
    return { at, messages, templateId: template.id }
  }

  it("sends a due email once, rendered for its customer, and records the notification", async () => {
    const { at, messages: [queued], templateId } = await queueWelcomes([["Jane", "O'Hara<script>"]])
    // The store's name is read when the message renders: renamed after the queueing, the new one.
    const stores = getContainer().resolve(Modules.STORE)
    const [{ id: storeId }] = await stores.listStores()
    await stores.updateStores(storeId, { name: "Olive & Oak" })

    expect(await dispatch(at)).toEqual({ sent: 1, retried: 0, failed: 0, requeued: 0, skipped: 0, deferred: 0 })
    expect(sentNotifications).toHaveLength(1)
    expect(sentNotifications[0]).toMatchObject({
      to: "jane@example.com",
      channel: "email",
      template: templateId,
      content: {
        subject: "Welcome, Jane O'Hara<script>",
        // A marketing email whose template has no unsubscribe link gets one.
        html: expect.stringMatching(
          /^<p>Hello Jane O&#39;Hara&lt;script&gt;<\/p>\n<p [^>]*><a href="https:\/\/api\.shop\.test\/journeys\/unsubscribe\?token=[\w-]+\.[\w-]+">Unsubscribe<\/a><\/p>$/
        ),
        text: expect.stringMatching(/^Hello Jane, from Olive & Oak\n\nUnsubscribe: https:\/\/api\.shop\.test\/journeys\/unsubscribe\?token=/),
      },
      data: {
        message_id: queued.id,
        category: "marketing",
        tag: "welcome",
        is_test: false,
        headers: {
          "List-Unsubscribe": expect.stringMatching(/^<https:\/\/api\.shop\.test\/journeys\/unsubscribe\?token=.+>$/),
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
      },
    })
    const sent = await message(queued.id)
    expect(sent).toMatchObject({ status: "sent", attempts: 1, error: null, provider_message_id: "test-outbox-1" })
    expect(new Date(sent.sent_at!)).toEqual(at)
    const notification = await getContainer().resolve(Modules.NOTIFICATION).retrieveNotification(sent.notification_id!)
    expect(notification).toMatchObject({
      status: "success",
      external_id: "test-outbox-1",
      resource_id: queued.id,
      resource_type: "journey_message",
      trigger_type: "journey",
      receiver_id: queued.customer_id,
    })

    // Sent is final: another run, even much later, sends nothing.
    expect(await dispatch(later(at, DAY))).toEqual({ sent: 0, retried: 0, failed: 0, requeued: 0, skipped: 0, deferred: 0 })
    expect(sentNotifications).toHaveLength(1)
  })

  it("waits as long as a throttling provider asks (Retry-After) when that is longer than the backoff", async () => {
    const { at, messages: [queued] } = await queueWelcomes([["Jane", "Doe"]])
    failNextSends(1, "Resend answered HTTP 429 rate_limit_exceeded: Too many requests (retry after 900 s)")
    expect(await dispatch(at)).toMatchObject({ retried: 1 })
    expect(new Date((await message(queued.id)).next_attempt_at!)).toEqual(later(at, 15 * MINUTE))
    expect(await dispatch(later(at, 15 * MINUTE - 1000))).toMatchObject({ sent: 0 })
    expect(await dispatch(later(at, 15 * MINUTE))).toMatchObject({ sent: 1 })
  })

  it("retries a provider failure a minute later, with a new idempotency key, and not before", async () => {
    const { at, messages: [queued] } = await queueWelcomes([["Jane", "Doe"]])
    failNextSends(1)

    expect(await dispatch(at)).toMatchObject({ sent: 0, retried: 1 })
    const retried = await message(queued.id)
    expect(retried).toMatchObject({ status: "queued", attempts: 1, notification_id: null, sent_at: null })
    expect(retried.error).toContain("test-outbox: provider unavailable")
    expect(new Date(retried.next_attempt_at!)).toEqual(later(at, MINUTE))

    expect(await dispatch(later(at, MINUTE - 1000))).toMatchObject({ sent: 0, retried: 0 })
    expect(sentNotifications).toHaveLength(0)

    expect(await dispatch(later(at, MINUTE))).toMatchObject({ sent: 1 })
    expect(sentNotifications).toHaveLength(1)
    const sent = await message(queued.id)
    expect(sent).toMatchObject({ status: "sent", attempts: 2, error: null })
    const notification = await getContainer().resolve(Modules.NOTIFICATION).retrieveNotification(sent.notification_id!)
    expect(notification).toMatchObject({ idempotency_key: `${queued.id}:2` })
  })

  it("sends a group in one Notification Module call: one failure retries that message alone, with its own error", async () => {
    const { at, messages } = await queueWelcomes([["Jane", "Doe"], ["John", "Roe"], ["Ann", "Lee"]])
    failNextSends(1, "test-outbox: mailbox busy (retry after 300 s)")

    expect(await dispatch(at)).toMatchObject({ sent: 2, retried: 1 })
    const rows = await Promise.all(messages.map((m) => message(m.id)))
    const retried = rows.filter((row) => row.status === "queued")
    expect(retried).toHaveLength(1)
    expect(retried[0].error).toBe("test-outbox: mailbox busy (retry after 300 s)")
    expect(new Date(retried[0].next_attempt_at!)).toEqual(later(at, 5 * MINUTE))
    for (const sent of rows.filter((row) => row.status === "sent")) {
      expect(sent).toMatchObject({ attempts: 1, error: null, notification_id: expect.stringMatching(/^noti_/) })
    }
    expect(new Set(sentNotifications.map((n) => n.to)).size).toBe(2)

    expect(await dispatch(later(at, 5 * MINUTE))).toMatchObject({ sent: 1, retried: 0 })
    expect(sentNotifications).toHaveLength(3)
  })

  it("backs off exponentially and ends failed after max_attempts, keeping the error", async () => {
    const { at, messages: [queued] } = await queueWelcomes([["Jane", "Doe"]])
    const { max_attempts } = journeys().getOptions()
    failNextSends(max_attempts)

    let clock = at
    for (let attempt = 1; attempt < max_attempts; attempt++) {
      expect(await dispatch(clock)).toMatchObject({ retried: 1 })
      const row = await message(queued.id)
      expect(row).toMatchObject({ status: "queued", attempts: attempt })
      expect(new Date(row.next_attempt_at!).getTime() - clock.getTime()).toBe(MINUTE * 2 ** (attempt - 1))
      clock = new Date(row.next_attempt_at!)
    }
    expect(await dispatch(clock)).toMatchObject({ failed: 1 })
    const failed = await message(queued.id)
    expect(failed).toMatchObject({ status: "failed", attempts: max_attempts, next_attempt_at: null })
    expect(failed.error).toContain("test-outbox: provider unavailable")
    expect((await journeys().listMessages({ status: "failed" })).map((m) => m.id)).toEqual([queued.id])

    expect(await dispatch(later(clock, DAY))).toMatchObject({ sent: 0, failed: 0 })
    expect(sentNotifications).toHaveLength(0)
  })

  it("fails, saying why and without retrying, a message whose template was deleted or unpublished", async () => {
    const { at, messages: [ada, ben], templateId } = await queueWelcomes([["Ada", "Doe"], ["Ben", "Doe"]])
    const draft = await journeys().createMessageTemplates({
      handle: "draft",
      name: "Draft",
      channel: "email",
      status: "draft",
      subject: "Soon",
      html: "<p>Soon</p>",
    })
    await journeys().updateMessages({ id: ben.id, template_id: draft.id })
    await journeys().softDeleteMessageTemplates([templateId])

    expect(await dispatch(at)).toEqual({ sent: 0, retried: 0, failed: 2, requeued: 0, skipped: 0, deferred: 0 })
    expect(await message(ada.id)).toMatchObject({
      status: "failed",
      attempts: 1,
      error: `template ${templateId} no longer exists`,
    })
    expect(await message(ben.id)).toMatchObject({
      status: "failed",
      attempts: 1,
      error: `template ${draft.id} is not published`,
    })
    expect(sentNotifications).toHaveLength(0)
  })

  it("requeues a message left sending past its lease and sends it once; the lost worker's record is ignored", async () => {
    const { at, messages: [queued] } = await queueWelcomes([["Jane", "Doe"]])
    // A worker claims the message, then stops before sending or recording anything.
    expect((await journeys().claimDueMessages(at, 10, leaseEnd(at))).map((m) => m.id)).toEqual([queued.id])
    expect(await message(queued.id)).toMatchObject({ status: "sending", attempts: 1 })

    expect(await dispatch(later(at, 9 * MINUTE))).toEqual({ sent: 0, retried: 0, failed: 0, requeued: 0, skipped: 0, deferred: 0 })
    expect(await message(queued.id)).toMatchObject({ status: "sending" })

    expect(await dispatch(later(at, 10 * MINUTE))).toEqual({ sent: 1, retried: 0, failed: 0, requeued: 1, skipped: 0, deferred: 0 })
    expect(sentNotifications).toHaveLength(1)
    expect(await message(queued.id)).toMatchObject({ status: "sent", attempts: 2, error: null })

    const late = await journeys().recordDispatch([
      messageRecord({ id: queued.id, attempts: 1, result: "retry", error: "late", content: { channel: "email", subject: "late", html: "", text: null } }, undefined, later(at, 11 * MINUTE), journeys().getOptions()),
    ])
    expect(late).toEqual([])
    expect(await message(queued.id)).toMatchObject({ status: "sent", attempts: 2, content: { subject: "Welcome, Jane Doe" } })
  })

  it("two dispatchers running at once send each message exactly once, test messages included", async () => {
    const names: [string, string][] = ["Ada", "Ben", "Cy", "Dee", "Eve", "Fay", "Gus"].map((n) => [n, "Doe"])
    const { at, messages } = await queueWelcomes(names)
    await journeys().updateMessages({ id: messages[0].id, is_test: true })

    const runs = await Promise.all([dispatch(at, 2), dispatch(at, 2)])
    expect(runs[0].sent + runs[1].sent).toBe(names.length)
    expect(sentNotifications.map((n) => n.to).sort()).toEqual(messages.map((m) => m.recipient))
    const rows = await journeys().listMessages({ id: messages.map((m) => m.id) })
    expect(rows.map((m) => [m.status, m.attempts])).toEqual(names.map(() => ["sent", 1]))
    expect(sentNotifications.find((n) => n.to === messages[0].recipient)?.data).toMatchObject({ is_test: true })
  })
}
