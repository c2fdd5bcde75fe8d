import { createApiKeysWorkflow, createCustomersWorkflow, linkSalesChannelsToApiKeyWorkflow } from "@medusajs/medusa/core-flows"
import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import { randomUUID } from "node:crypto"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import { dispatchOutboxWorkflow, readSegmentsWorkflow, wakeDueEnrollmentsWorkflow } from "../../src/workflows"
import { adminSession } from "../helpers/admin-session"
import { emitAndWait } from "../helpers/events"
import { createOrder, seedStore, type SeededStore } from "../helpers/store-data"
import { resetTestOutbox, sentNotifications } from "../providers/test-outbox"
import { atClock } from "../helpers/clock"

const HOUR = 3_600_000
const DAY = 24 * HOUR
// The test app's journey option webhooks.resend_signing_secret (medusa-config.ts).
const RESEND_SECRET = "whsec_aW50ZWdyYXRpb24tdGVzdHMtcmVzZW5kLXNlY3JldA=="
const CITIES = ["Atlanta", "San Francisco", "Seattle"]

/** The audience: a default address in one of the cities, born after 1980. */
const AUDIENCE = {
  all: [
    { field: "address.city", op: "in", value: CITIES },
    { field: "customer.metadata.birth_year", op: "gt", value: 1980 },
  ],
}

type Person = { name: string; city: string; birth_year: number }

/**
 * S1 of SCENARIOS.md end to end: the audience is a segment built through the admin API; the
 * segment read job enters its members, and the journey's first step checks membership again
 * (`customer.segments`), so that a non-member handed to it (test mode) is refused; a first message
 * by email and push; one wait with two reaction ports (push opened, email opened) and one timeout
 * leading to a reminder; all paths join a wait for a purchase, then a thank-you push.
 *
 * Clocks: events stamped by the app (push opens, order.placed) carry the real clock, and a reaction
 * counts only after its wait began. So members enter at the real now (the read run by this spec or
 * by the every-minute job, whichever comes first), their first messages are sent
 * at the real now (by this spec or the every-minute job: counts are read per message, whoever sent
 * it) and a push open goes through the store route on the real clock. Resend stamps an open with its
 * own `created_at`, so the email open is reported 3 h after entry; later times (the timeout, the
 * purchases after it) are run on a test clock, the purchases under `atClock`.
 */

export default ({ api, getContainer }: MedusaSuiteOptions) => {
  let session: { headers: Record<string, string> }
  let store: SeededStore
  const journeys = () => getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
  const post = (url: string, body: unknown = {}, headers = session.headers) =>
    api.post(url, body, { headers }).catch((e: any) => e.response)
  const get = (url: string) => api.get(url, session).catch((e: any) => e.response)
  const later = (at: Date, ms: number) => new Date(at.getTime() + ms)

  beforeEach(async () => {
    session = await adminSession(api, getContainer())
    store = await seedStore(getContainer())
    resetTestOutbox()
  })

  async function until(check: () => Promise<boolean>, what: string) {
    for (const started = Date.now(); Date.now() - started < 15_000; ) {
      if (await check()) return
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error(`timed out waiting for ${what}`)
  }

  /** Sends what is due at `at`, then waits for any message the every-minute job took first. */
  async function deliver(at: Date) {
    await dispatchOutboxWorkflow(getContainer()).run({ input: { now: at.toISOString() } })
    await until(async () => {
      const pending = await journeys().listMessages({ status: ["queued", "sending"] })
      return pending.every((m) => m.status === "queued" && new Date(m.next_attempt_at!).getTime() > at.getTime())
    }, "the outbox to settle")
  }

  const wake = async (at: Date) =>
    (await wakeDueEnrollmentsWorkflow(getContainer()).run({ input: { now: at.toISOString() } })).result


  async function customers(people: Person[]) {
    const { result } = await createCustomersWorkflow(getContainer()).run({
      input: {
        customersData: people.map(({ name, city, birth_year }) => ({
          first_name: name,
          email: `${name.toLowerCase()}@example.com`,
          metadata: { birth_year },
          addresses: [{ address_1: "1 Main St", city, country_code: "us", is_default_shipping: true, is_default_billing: true }],
        })),
      },
    })
    for (const customer of result) {
      await journeys().registerPushDevice({ customer_id: customer.id, token: `fcm-${customer.id}`, platform: "ios" }, new Date())
    }
    return result
  }

  /** The four templates, the audience segment and the S1 journey built on them, published unless asked not to. */
  async function s1Journey({ publish = true } = {}) {
    const segment = await post("/admin/journeys/segments", { name: "S1 audience", rule: AUDIENCE })
    expect(segment.status).toBe(201)
    const audience = segment.data.segment.id as string
    const templates = {
      first_email: await journeys().createMessageTemplates({
        handle: "s1-first-email", name: "First message", channel: "email", status: "published",
        subject: "Hello {{ customer.first_name }}", html: "<p>Our new collection is here</p>",
      }),
      first_push: await journeys().createMessageTemplates({
        handle: "s1-first-push", name: "First message", channel: "push", status: "published",
        title: "Hello {{ customer.first_name }}", body: "Our new collection is here", data: { url: "/collections/new" },
      }),
      reminder: await journeys().createMessageTemplates({
        handle: "s1-reminder", name: "Reminder", channel: "email", status: "published",
        subject: "Did you see it, {{ customer.first_name }}?", html: "<p>Our new collection is still here</p>",
      }),
      thank_you: await journeys().createMessageTemplates({
        handle: "s1-thank-you", name: "Thank you", channel: "push", status: "published",
        title: "Thank you {{ customer.first_name }}", body: "Your order is on its way",
      }),
    }
    const opened = (channel: string) => ({
      all: [
        { field: "event.channel", op: "eq", value: channel },
        { field: "event.tag", op: "eq", value: "s1-first" },
      ],
    })
    const created = await post("/admin/journeys", {
      name: "S1 new collection",
      definition: {
        schema_version: 1,
        trigger: { type: "segment", segment_id: audience },
        settings: { reentry: "once", timezone: "UTC" },
        entry_node: "audience",
        nodes: [
          { id: "audience", type: "condition", branches: [{ port: "member", where: { field: "customer.segments", op: "contains", value: audience } }] },
          { id: "first_email", type: "send", channel: "email", template_id: templates.first_email.id, category: "marketing", tag: "s1-first" },
          { id: "first_push", type: "send", channel: "push", template_id: templates.first_push.id, category: "marketing", tag: "s1-first" },
          // One timeout for both reactions.
          {
            id: "reacted", type: "wait_for_event", timeout: "P1D",
            events: [
              { port: "push_opened", event: "message.opened", where: opened("push") },
              { port: "email_opened", event: "message.opened", where: opened("email") },
            ],
          },
          { id: "reminder", type: "send", channel: "email", template_id: templates.reminder.id, category: "marketing" },
          { id: "purchase", type: "wait_for_event", timeout: "P7D", events: [{ port: "bought", event: "order.placed" }] },
          { id: "thank_you", type: "send", channel: "push", template_id: templates.thank_you.id, category: "transactional" },
          { id: "refused", type: "exit" },
          { id: "done", type: "exit" },
          { id: "no_purchase", type: "exit" },
        ],
        edges: [
          { from: "audience", port: "member", to: "first_email" },
          { from: "audience", port: "else", to: "refused" },
          { from: "first_email", port: "next", to: "first_push" },
          { from: "first_push", port: "next", to: "reacted" },
          { from: "reacted", port: "push_opened", to: "purchase" },
          { from: "reacted", port: "email_opened", to: "purchase" },
          { from: "reacted", port: "timeout", to: "reminder" },
          { from: "reminder", port: "next", to: "purchase" },
          { from: "purchase", port: "bought", to: "thank_you" },
          { from: "purchase", port: "timeout", to: "no_purchase" },
          { from: "thank_you", port: "next", to: "done" },
        ],
      },
    })
    expect(created.status).toBe(201)
    const journeyId = created.data.journey.id as string
    if (publish) expect((await post(`/admin/journeys/${journeyId}/publish`)).status).toBe(200)
    const names = new Map(Object.entries(templates).map(([name, t]) => [t.id, name]))
    return { journeyId, templates, names }
  }

  /** What each customer received at the provider, as template names, sorted: messages due together go out in any order. */
  async function received(names: Map<string, string>) {
    const messages = await journeys().listMessages({ id: sentNotifications.map((n) => n.data!.message_id as string) })
    const owner = new Map(messages.map((m) => [m.id, m.customer_id!]))
    const byCustomer: Record<string, string[]> = {}
    for (const n of sentNotifications) (byCustomer[owner.get(n.data!.message_id as string)!] ??= []).push(names.get(n.template)!)
    for (const list of Object.values(byCustomer)) list.sort()
    return byCustomer
  }

  // A push goes to the customer id (the provider resolves the devices).
  const pushTo = (customerId: string, template: string) =>
    sentNotifications.find((n) => n.channel === "push" && n.template === template && n.to === customerId)

  /** Resend reporting an email opened at `at` (its own clock), signed with Svix like Resend does. */
  async function resendOpened(emailId: string, at: Date) {
    const { Webhook } = await import("svix")
    const body = JSON.stringify({ type: "email.opened", created_at: at.toISOString(), data: { email_id: emailId, created_at: at.toISOString() } })
    const id = `msg_${randomUUID()}`
    const now = new Date()
    const headers = {
      "content-type": "application/json",
      "svix-id": id,
      "svix-timestamp": String(Math.floor(now.getTime() / 1000)),
      "svix-signature": new Webhook(RESEND_SECRET).sign(id, now, body),
    }
    return api.post("/hooks/journeys/resend", body, { headers, transformRequest: (b: string) => b }).catch((e: any) => e.response)
  }

  /** The storefront's headers: the publishable key of the store's sales channel. */
  async function storefront() {
    const { result: [key] } = await createApiKeysWorkflow(getContainer()).run({
      input: { api_keys: [{ title: "App", type: "publishable", created_by: "" }] },
    })
    await linkSalesChannelsToApiKeyWorkflow(getContainer()).run({ input: { id: key.id, add: [store.channel.id] } })
    return { "x-publishable-api-key": key.token }
  }

  async function buy(customer: { id: string; email: string }) {
    const order = await createOrder(getContainer(), { ...store, order: { ...store.order, customer_id: customer.id, email: customer.email } })
    await emitAndWait(getContainer(), "order.placed", { id: order.id })
  }

  const enrollmentOf = async (journeyId: string, customerId: string) =>
    (await journeys().listEnrollments({ journey_id: journeyId, customer_id: customerId }))[0]

  it("S1: segment read, email + push, reactions with one timeout, a reminder to the silent, a thank-you per purchase", async () => {
    // The customers first: the every-minute job may run the read as soon as the journey is published.
    const [ada, ben, cleo] = await customers([
      { name: "Ada", city: "Atlanta", birth_year: 1990 },
      { name: "Ben", city: "San Francisco", birth_year: 1985 },
      { name: "Cleo", city: "Seattle", birth_year: 1999 },
      { name: "Dan", city: "Boston", birth_year: 1990 },
      { name: "Eve", city: "Seattle", birth_year: 1975 },
    ])
    const { journeyId, templates, names } = await s1Journey()
    // The segment read enters the members (in one batch: at one instant).
    await readSegmentsWorkflow(getContainer()).run({ input: { now: new Date().toISOString() } })
    await until(async () => (await journeys().listEnrollments({ journey_id: journeyId })).length >= 3, "the segment read")
    const entered = await journeys().listEnrollments({ journey_id: journeyId })
    expect(entered.map((e) => [e.customer_id, e.status, e.current_node]).sort()).toEqual(
      [ada, ben, cleo].map((c) => [c.id, "waiting", "reacted"]).sort()
    )
    const entry = new Date(entered[0].entered_at)

    // 1. Every member gets the first message by email and by push; Dan and Eve get nothing, now or later.
    await deliver(entry)
    expect(await received(names)).toEqual({
      [ada.id]: ["first_email", "first_push"],
      [ben.id]: ["first_email", "first_push"],
      [cleo.id]: ["first_email", "first_push"],
    })
    const firstEmailOf = async (customerId: string) =>
      (await journeys().listMessages({ journey_id: journeyId, customer_id: customerId, node_id: "first_email" }))[0]
    const adaEmail = await firstEmailOf(ada.id)
    expect(adaEmail.provider_message_id).toMatch(/^test-outbox-\d+$/)

    // 2. Ada opens the email 3 h after entry (Resend's clock); Ben taps the push now (the app's clock).
    const adaOpen = later(entry, 3 * HOUR)
    const opened = await resendOpened(adaEmail.provider_message_id!, adaOpen)
    expect(opened.data).toEqual({ type: "email.opened", recorded: true })
    const benPush = pushTo(ben.id, templates.first_push.id)!
    const openToken = (benPush.data!.push_data as { open_token: string }).open_token
    // Signed out: the app reports the tap with the token alone.
    expect((await post("/store/journeys/push-opens", { token: openToken }, await storefront())).data).toEqual({ recorded: true })
    for (const [customer, port] of [[ada, "email_opened"], [ben, "push_opened"]] as const) {
      const enrollment = await enrollmentOf(journeyId, customer.id)
      expect(enrollment).toMatchObject({ status: "waiting", current_node: "purchase" })
      const reaction = await journeys().listActivities({ enrollment_id: enrollment.id, type: "reaction" })
      expect(reaction.map((a) => a.data)).toEqual([expect.objectContaining({ port })])
    }
    expect(new Date((await enrollmentOf(journeyId, ada.id)).wake_at!).toISOString()).toBe(later(adaOpen, 7 * DAY).toISOString())

    // Ada buys an hour after her open: exactly one thank-you push.
    const adaBuys = later(adaOpen, HOUR)
    await atClock(adaBuys, () => buy(ada))
    expect(await enrollmentOf(journeyId, ada.id)).toMatchObject({ status: "completed", current_node: "done" })
    await deliver(adaBuys)

    // 3. Cleo opened nothing: the timeout is due exactly a day after entry, as the admin shows it.
    const listed = await get(`/admin/journeys/${journeyId}/enrollments?status=waiting`)
    const cleoListed = listed.data.enrollments.find((e: { customer_id: string }) => e.customer_id === cleo.id)
    expect(cleoListed).toMatchObject({ current_node: "reacted", wake_at: later(entry, DAY).toISOString() })
    expect(await wake(later(entry, DAY - 1))).toBe(0)
    expect(await wake(later(entry, DAY))).toBe(1)
    expect(await enrollmentOf(journeyId, cleo.id)).toMatchObject({ status: "waiting", current_node: "purchase" })
    await deliver(later(entry, DAY))
    const reminders = await journeys().listMessages({ journey_id: journeyId, node_id: "reminder" })
    expect(reminders.map((m) => [m.customer_id, m.status, new Date(m.queued_at).toISOString()])).toEqual([
      [cleo.id, "sent", later(entry, DAY).toISOString()],
    ])

    // 4. Cleo buys after the reminder: one thank-you; a second purchase sends nothing more.
    const cleoBuys = later(entry, DAY + 2 * HOUR)
    await atClock(cleoBuys, () => buy(cleo))
    await atClock(later(cleoBuys, HOUR), () => buy(cleo))
    await deliver(later(cleoBuys, HOUR))

    expect(await received(names)).toEqual({
      [ada.id]: ["first_email", "first_push", "thank_you"],
      [ben.id]: ["first_email", "first_push"],
      [cleo.id]: ["first_email", "first_push", "reminder", "thank_you"],
    })
    // Dan and Eve never entered.
    const final = await journeys().listEnrollments({ journey_id: journeyId })
    expect(final.map((e) => [e.customer_id, e.status, e.current_node]).sort()).toEqual(
      [
        [ada.id, "completed", "done"],
        [ben.id, "waiting", "purchase"],
        [cleo.id, "completed", "done"],
      ].sort()
    )
    expect(final.every((e) => !e.is_test)).toBe(true)
  })

  it("S1 test mode: 100 test profiles fast-forwarded through the day, non-members refused, real customers untouched", async () => {
    // Tested as a draft, before going live: no segment read enters the real members meanwhile.
    const { journeyId, names } = await s1Journey({ publish: false })
    const people: Person[] = [
      { name: "Dan", city: "Boston", birth_year: 1990 },
      { name: "Eve", city: "Seattle", birth_year: 1975 },
      ...Array.from({ length: 98 }, (_, i) => ({ name: `Tester${i}`, city: CITIES[i % 3], birth_year: 1981 + (i % 20) })),
    ]
    const profiles = await customers(people)
    const [dan, eve, ...testers] = profiles
    // A real member, not among the test profiles.
    const [ruth] = await customers([{ name: "Ruth", city: "Atlanta", birth_year: 1992 }])

    const tooMany = await post(`/admin/journeys/${journeyId}/test`, { customer_ids: [...profiles.map((p) => p.id), ruth.id] })
    expect(tooMany.status).toBe(400)
    const started = await post(`/admin/journeys/${journeyId}/test`, { customer_ids: profiles.map((p) => p.id) })
    expect(started.status).toBe(201)
    expect(started.data.enrollment_ids).toHaveLength(100)

    // The journey's own audience rule refuses the non-members handed to it.
    for (const refused of [dan, eve]) {
      expect(await enrollmentOf(journeyId, refused.id)).toMatchObject({ is_test: true, status: "completed", current_node: "refused" })
    }
    const start = new Date()
    await deliver(start)
    const firstRound = await received(names)
    expect(Object.keys(firstRound).sort()).toEqual(testers.map((t) => t.id).sort())
    expect(Object.values(firstRound).every((got) => got.join() === "first_email,first_push")).toBe(true)

    // A day fast-forwarded: every tester opened nothing, so each gets the reminder.
    const advanced = await post(`/admin/journeys/${journeyId}/test/advance`, { duration: "P1D" })
    expect(advanced.data).toEqual({ moved: 98, woken: 98 })
    await deliver(new Date())
    const afterDay = await received(names)
    expect(Object.values(afterDay).every((got) => got.join() === "first_email,first_push,reminder")).toBe(true)
    expect(Object.keys(afterDay)).toHaveLength(98)
    expect(sentNotifications).toHaveLength(3 * 98)
    expect(sentNotifications.every((n) => n.data!.is_test === true)).toBe(true)

    const week = await post(`/admin/journeys/${journeyId}/test/advance`, { duration: "P7D" })
    expect(week.data).toEqual({ moved: 98, woken: 98 })
    const ended = await journeys().listEnrollments({ journey_id: journeyId })
    expect(ended.filter((e) => e.current_node === "no_purchase")).toHaveLength(98)
    expect(ended.every((e) => e.is_test && e.status === "completed")).toBe(true)

    // Real customers untouched: nothing for Ruth, no real enrollment, nothing in the journey's numbers.
    expect(ended.some((e) => e.customer_id === ruth.id)).toBe(false)
    expect(sentNotifications.some((n) => n.to === ruth.email || n.to === ruth.id)).toBe(false)
    expect((await get(`/admin/journeys/${journeyId}/enrollments`)).data.count).toBe(0)
    expect((await get(`/admin/journeys/${journeyId}/enrollments?is_test=true`)).data.count).toBe(100)
    expect((await get("/admin/journeys")).data.journeys[0].counts.entered).toBe(0)
  })
}
