import { createCustomersWorkflow } from "@medusajs/medusa/core-flows"
import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import { DateTime } from "luxon"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import { dispatchOutboxWorkflow, wakeDueEnrollmentsWorkflow } from "../../src/workflows"
import { adminSession } from "../helpers/admin-session"
import { emitAndWait } from "../helpers/events"
import { createOrder, seedStore } from "../helpers/store-data"
import { resetTestOutbox, sentNotifications } from "../providers/test-outbox"

const HOUR = 3_600_000
const DAY = 86_400_000
const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]

type Activity = { type: string; node_id: string | null; reason: string; data: Record<string, any> | null; occurred_at: string }

/**
 * S4 of SCENARIOS.md, end to end: journeys built and published through the admin API, shoppers
 * acting through Medusa's events and the event API, time moved by calling the engine's workflows
 * with a test clock, messages observed at the test provider.
 *
 * The plugin's every-minute jobs run here on the real clock, so whatever a test moves by its own
 * clock is due hours ahead of the real now; messages queued at the real now (sent on entry) are
 * delivered with `deliver(new Date())`, which also waits for any the job took first.
 */

export default ({ api, getContainer }: MedusaSuiteOptions) => {
  let session: { headers: Record<string, string> }
  const journeys = () => getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
  const post = (url: string, body: unknown = {}) => api.post(url, body, session).catch((e: any) => e.response)
  const get = (url: string) => api.get(url, session).catch((e: any) => e.response)
  const emit = (name: string, data: Record<string, unknown>) => emitAndWait(getContainer(), name, data)

  beforeEach(async () => {
    session = await adminSession(api, getContainer())
    resetTestOutbox()
  })

  async function template(handle: string, subject = handle) {
    const { status, data } = await post("/admin/message-templates", {
      handle,
      name: handle,
      channel: "email",
      status: "published",
      subject,
      html: `<p>${subject}</p>`,
    })
    expect(status).toBe(201)
    return data.message_template.id as string
  }

  async function publish(name: string, definition: unknown) {
    const created = await post("/admin/journeys", { name, definition })
    expect(created.status).toBe(201)
    const published = await post(`/admin/journeys/${created.data.journey.id}/publish`)
    expect(published.data).toMatchObject({ journey: { status: "live" } })
    return { id: created.data.journey.id as string, versionId: published.data.journey.published_version.id as string }
  }

  async function customers(data: Record<string, unknown>[]) {
    const { result } = await createCustomersWorkflow(getContainer()).run({ input: { customersData: data } })
    return result
  }

  /** Registration as Medusa announces it. */
  const register = async (...ids: string[]) => {
    for (const id of ids) await emit("customer.created", { id })
  }

  const customEvent = async (body: Record<string, unknown>) => {
    const response = await post("/admin/journeys/events", body)
    expect(response.status).toBe(200)
    return response.data.event as { id: string; duplicate: boolean; reacted: number; entered: number }
  }

  const wake = async (at: Date) =>
    (await wakeDueEnrollmentsWorkflow(getContainer()).run({ input: { now: at.toISOString() } })).result

  async function until(check: () => Promise<boolean>, what: string) {
    for (const started = Date.now(); Date.now() - started < 15_000; ) {
      if (await check()) return
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error(`timed out waiting for ${what}`)
  }

  /**
   * Sends what is due at `at`, then waits until nothing due is left queued or in flight: the
   * every-minute job may have claimed some of the messages queued at the real now.
   */
  async function deliver(at: Date) {
    await dispatchOutboxWorkflow(getContainer()).run({ input: { now: at.toISOString() } })
    await until(
      async () =>
        (await journeys().listMessages({ status: ["queued", "sending"], next_attempt_at: { $lte: at } })).length === 0,
      "the outbox to settle"
    )
  }

  /** What each recipient got, by subject, sorted. */
  const inboxes = () => {
    const byRecipient: Record<string, string[]> = {}
    for (const n of sentNotifications) (byRecipient[n.to] ??= []).push((n.content as { subject: string }).subject)
    for (const list of Object.values(byRecipient)) list.sort()
    return byRecipient
  }

  async function enrollmentOf(journeyId: string, customerId: string) {
    const [enrollment] = await journeys().listEnrollments({ journey_id: journeyId, customer_id: customerId })
    const view = await get(`/admin/journeys/${journeyId}/enrollments/${enrollment.id}`)
    expect(view.status).toBe(200)
    return view.data.enrollment as {
      id: string
      status: string
      current_node: string | null
      wake_at: string | null
      version: { number: number }
      activities: Activity[]
      messages: { template_id: string; status: string; sent_at: string | null }[]
    }
  }

  const branchOf = (activities: Activity[], nodeId: string) =>
    activities.find((a) => a.type === "branch" && a.node_id === nodeId)

  /** Three branches and an else, each to its own email. */
  function splitJourney(field: string, ports: Record<string, string>, elseTemplate: string) {
    const branches = Object.keys(ports).map((value) => ({ port: value, where: { field, op: "eq", value } }))
    return {
      schema_version: 1,
      trigger: { type: "customer_created" },
      settings: { reentry: "once", timezone: "Europe/Paris" },
      entry_node: "c1",
      nodes: [
        { id: "c1", type: "condition", branches },
        ...Object.entries(ports).map(([value, templateId]) => ({
          id: `send_${value}`, type: "send", channel: "email", template_id: templateId,
        })),
        { id: "send_else", type: "send", channel: "email", template_id: elseTemplate },
        { id: "x1", type: "exit" },
      ],
      edges: [
        ...Object.keys(ports).flatMap((value) => [
          { from: "c1", port: value, to: `send_${value}` },
          { from: `send_${value}`, port: "next", to: "x1" },
        ]),
        { from: "c1", port: "else", to: "send_else" },
        { from: "send_else", port: "next", to: "x1" },
      ],
    }
  }

  it("S4-b: a gender split sends each customer exactly the email of their branch, empty gender taking the else", async () => {
    const journey = await publish(
      "Gender split",
      splitJourney(
        "customer.metadata.gender",
        { female: await template("for-her", "For her"), male: await template("for-him", "For him") },
        await template("for-everyone", "For everyone")
      )
    )
    const [ann, bob, cam, dee] = await customers([
      { email: "ann@example.com", metadata: { gender: "female" } },
      { email: "bob@example.com", metadata: { gender: "male" } },
      { email: "cam@example.com" },
      { email: "dee@example.com", metadata: { gender: "" } },
    ])
    await register(ann.id, bob.id, cam.id, dee.id)
    await deliver(new Date())

    expect(inboxes()).toEqual({
      "ann@example.com": ["For her"],
      "bob@example.com": ["For him"],
      "cam@example.com": ["For everyone"],
      "dee@example.com": ["For everyone"],
    })
    const cams = await enrollmentOf(journey.id, cam.id)
    expect(cams.status).toBe("completed")
    expect(branchOf(cams.activities, "c1")?.data).toMatchObject({ port: "else" })
  })

  it("S4-b: the same split on customer.metadata.locale", async () => {
    await publish(
      "Language split",
      splitJourney(
        "customer.metadata.locale",
        { fr: await template("bonjour", "Bonjour"), de: await template("hallo", "Hallo") },
        await template("hello", "Hello")
      )
    )
    const people = await customers([
      { email: "fr@example.com", metadata: { locale: "fr" } },
      { email: "de@example.com", metadata: { locale: "de" } },
      { email: "it@example.com", metadata: { locale: "it" } },
      { email: "none@example.com" },
    ])
    await register(...people.map((c) => c.id))
    await deliver(new Date())

    expect(inboxes()).toEqual({
      "fr@example.com": ["Bonjour"],
      "de@example.com": ["Hallo"],
      "it@example.com": ["Hello"],
      "none@example.com": ["Hello"],
    })
  })

  /** Confirmation at once, cross-sell 2 days later unless one was sent in the last 2 days. */
  async function publishPostPurchase() {
    const confirmation = await template("confirmation", "Order #{{ order.display_id }} confirmed")
    const crossSell = await template("cross-sell", "You may also like")
    const journey = await publish("Confirmation and cross-sell", {
      schema_version: 1,
      trigger: { type: "event", event: "order.placed" },
      settings: { reentry: "multiple", timezone: "Europe/Paris" },
      entry_node: "s1",
      nodes: [
        { id: "s1", type: "send", channel: "email", template_id: confirmation, category: "transactional", tag: "confirmation" },
        { id: "w1", type: "wait", duration: "P2D" },
        { id: "f1", type: "frequency_cap", tag: "cross-sell", max: 1, within: "P2D" },
        { id: "s2", type: "send", channel: "email", template_id: crossSell, tag: "cross-sell" },
        { id: "x1", type: "exit" },
        { id: "x2", type: "exit" },
      ],
      edges: [
        { from: "s1", port: "next", to: "w1" },
        { from: "w1", port: "next", to: "f1" },
        { from: "f1", port: "ok", to: "s2" },
        { from: "f1", port: "capped", to: "x2" },
        { from: "s2", port: "next", to: "x1" },
      ],
    })
    const store = await seedStore(getContainer(), { email: "buyer@example.com" })
    const [once] = await customers([{ email: "once@example.com" }])
    return { journey, store, once }
  }

  async function buy(store: Awaited<ReturnType<typeof seedStore>>, customer = store.customer) {
    const order = await createOrder(getContainer(), { ...store, order: { ...store.order, customer_id: customer.id, email: customer.email! } })
    await emit("order.placed", { id: order.id })
    return order
  }

  it("S4-d: a second purchase within two days gets its confirmation but no second cross-sell", async () => {
    const { journey, store, once } = await publishPostPurchase()
    const first = await buy(store)
    await buy(store, once)
    const second = await buy(store)
    await deliver(new Date())
    expect(inboxes()).toEqual({
      "buyer@example.com": [`Order #${first.display_id} confirmed`, `Order #${second.display_id} confirmed`].sort(),
      "once@example.com": [expect.stringMatching(/^Order #\d+ confirmed$/)],
    })

    const enrollments = await journeys().listEnrollments(
      { journey_id: journey.id, customer_id: store.customer.id },
      { order: { entered_at: "ASC" } }
    )
    expect(enrollments.map((e) => e.trigger_key)).toEqual([`order.placed:${first.id}`, `order.placed:${second.id}`])
    const [firstDue, secondDue] = enrollments.map((e) => new Date(e.wake_at!))
    expect(firstDue.getTime()).toBeLessThan(secondDue.getTime())

    // Two days after the first order: its cross-sell goes out.
    expect(await wake(firstDue)).toBe(1)
    await deliver(firstDue)
    // Two days after the second (and the other buyer's): a cross-sell went out less than two
    // days ago, so the buyer's second enrollment exits; the other buyer gets theirs.
    expect(await wake(secondDue)).toBe(2)
    await deliver(secondDue)

    expect(inboxes()).toEqual({
      "buyer@example.com": [`Order #${first.display_id} confirmed`, `Order #${second.display_id} confirmed`, "You may also like"].sort(),
      "once@example.com": [expect.stringMatching(/^Order #\d+ confirmed$/), "You may also like"],
    })
    const capped = await get(`/admin/journeys/${journey.id}/enrollments/${enrollments[1].id}`)
    expect(capped.data.enrollment).toMatchObject({ status: "completed", current_node: "x2" })
    expect(branchOf(capped.data.enrollment.activities, "f1")).toMatchObject({
      reason: 'capped: 1 message tagged "cross-sell" in the last P2D, cap 1',
      data: { port: "capped", count: 1, max: 1 },
    })
  })

  it("S4-d: two purchases due in the same sweep still send one cross-sell", async () => {
    const { journey, store } = await publishPostPurchase()
    await buy(store)
    await buy(store)
    await deliver(new Date())
    // The every-minute job wakes everything due in one batch: both enrollments of the buyer.
    const later = new Date(Date.now() + 3 * DAY)
    expect(await wake(later)).toBe(2)
    await deliver(later)
    expect(inboxes()["buyer@example.com"].filter((subject) => subject === "You may also like")).toHaveLength(1)
    const ends = await journeys().listEnrollments({ journey_id: journey.id }, { order: { entered_at: "ASC" } })
    expect(ends.map((e) => e.current_node)).toEqual(["x1", "x2"])
  })

  /** Journeys started by a custom event the store sends (not the plugin's cart-abandonment trigger). */
  const abandoned = (definition: { entry_node: string; nodes: unknown[]; edges: unknown[] }, timezone: string, reentry = "multiple") => ({
    schema_version: 1,
    trigger: { type: "event", event: "basket.abandoned" },
    settings: { reentry, timezone },
    ...definition,
  })
  const sendAndExit = (templateId: string) => ({
    nodes: [
      { id: "s1", type: "send", channel: "email", template_id: templateId },
      { id: "x1", type: "exit" },
    ],
    edges: [{ from: "s1", port: "next", to: "x1" }],
  })
  const thenSend = (from: string, templateId: string) => {
    const { nodes, edges } = sendAndExit(templateId)
    return { nodes, edges: [{ from, port: "next", to: "s1" }, ...edges] }
  }
  function waitJourney(wait: Record<string, unknown>, templateId: string, timezone: string, reentry?: string) {
    const rest = thenSend("w1", templateId)
    return abandoned({ entry_node: "w1", nodes: [{ id: "w1", ...wait }, ...rest.nodes], edges: rest.edges }, timezone, reentry)
  }

  /** The first zone whose local time at `at` suits `ok`: keeps a window from opening around the real now. */
  function zoneWhere(at: Date, ok: (local: DateTime) => boolean) {
    const zone = ["Europe/Paris", "America/New_York", "Asia/Tokyo"].find((candidate) => ok(DateTime.fromJSDate(at, { zone: candidate })))
    if (!zone) throw new Error("no zone fits")
    return zone
  }

  it("S4-g: wait 2 hours, until 08:00 (journey zone), until a weekday 09:00–17:00 (recipient zone): exact wake and send times", async () => {
    const now = new Date()
    // Both windows closed for at least the next hour where they are read.
    const journeyZone = zoneWhere(now, (local) => local.hour < 7 || local.hour >= 9)
    const recipientZone = zoneWhere(now, (local) => local.weekday > 5 || local.hour < 8 || local.hour >= 17)
    const twoHours = await publish("Two hours", waitJourney({ type: "wait", duration: "PT2H" }, await template("two-hours", "Two hours"), "UTC"))
    const eight = await publish(
      "At eight",
      waitJourney({ type: "wait_until", from: "08:00", to: "09:00", zone: "journey" }, await template("at-eight", "At eight"), journeyZone)
    )
    const weekday = await publish(
      "Office hours",
      // The journey's zone is UTC: the recipient's own zone must decide.
      waitJourney(
        { type: "wait_until", days: WEEKDAYS, from: "09:00", to: "17:00", zone: "recipient" },
        await template("office-hours", "Office hours"),
        "UTC"
      )
    )
    const [nora] = await customers([{ email: "nora@example.com", metadata: { timezone: recipientZone } }])
    expect(await customEvent({ name: "basket.abandoned", customer_id: nora.id, id: "basket-1" })).toMatchObject({ entered: 3 })

    const entered = new Date((await journeys().listEnrollments({ customer_id: nora.id }))[0].entered_at)
    const local = (zone: string) => DateTime.fromJSDate(entered, { zone })
    let atEight = local(journeyZone).set({ hour: 8, minute: 0, second: 0, millisecond: 0 })
    if (atEight <= local(journeyZone)) atEight = atEight.plus({ days: 1 })
    let opening = local(recipientZone).set({ hour: 9, minute: 0, second: 0, millisecond: 0 })
    while (opening <= local(recipientZone) || opening.weekday > 5) opening = opening.plus({ days: 1 })
    const expected = [
      { journey: twoHours, due: new Date(entered.getTime() + 2 * HOUR), subject: "Two hours", window: false },
      { journey: eight, due: atEight.toJSDate(), subject: "At eight", window: true },
      { journey: weekday, due: opening.toJSDate(), subject: "Office hours", window: true },
    ].sort((a, b) => a.due.getTime() - b.due.getTime())

    for (const { journey, due } of expected) {
      const view = await enrollmentOf(journey.id, nora.id)
      expect(view).toMatchObject({ status: "waiting", current_node: "w1", wake_at: due.toISOString() })
      expect(view.activities.map((a) => [a.type, a.node_id, a.data?.wake_at])).toEqual([
        ["entered", "w1", undefined],
        ["waiting", "w1", due.toISOString()],
      ])
    }

    // The clock reaches each wake time in turn: nothing a millisecond before, the email at it.
    for (const { journey, due, subject, window } of expected) {
      expect(await wake(new Date(due.getTime() - 1))).toBe(0)
      expect(await wake(due)).toBe(1)
      await deliver(due)
      expect(sentNotifications.map((n) => (n.content as { subject: string }).subject).at(-1)).toBe(subject)
      const view = await enrollmentOf(journey.id, nora.id)
      expect(view.status).toBe("completed")
      expect(view.messages).toEqual([expect.objectContaining({ status: "sent", sent_at: due.toISOString() })])
      expect(view.activities.map((a) => a.type)).toEqual([
        "entered", "waiting", "woke", ...(window ? ["node"] : []), "message_queued", "completed",
      ])
    }
    expect(sentNotifications.map((n) => n.to)).toEqual(["nora@example.com", "nora@example.com", "nora@example.com"])
  })

  it("S4-g: across a daylight-saving change, 'until 08:00' and 'wait 1 day' keep the wall clock", async () => {
    const zone = "Europe/Paris"
    // The next switch at least two days ahead: the real clock never gets there during the test.
    let switchDay = DateTime.now().setZone(zone).startOf("day").plus({ days: 2 })
    while (switchDay.offset === switchDay.plus({ days: 1 }).offset) switchDay = switchDay.plus({ days: 1 })
    const eve = switchDay.minus({ days: 1 }).set({ hour: 20 })
    const shift = (switchDay.plus({ days: 1 }).offset - eve.offset) / 60 // +1 in spring, -1 in autumn

    // A short first wait; the clock then jumps to the eve of the switch, where the second wait starts.
    const twoWaits = (second: Record<string, unknown>, templateId: string) => {
      const rest = thenSend("w2", templateId)
      return abandoned(
        {
          entry_node: "w1",
          nodes: [{ id: "w1", type: "wait", duration: "PT1H" }, { id: "w2", ...second }, ...rest.nodes],
          edges: [{ from: "w1", port: "next", to: "w2" }, ...rest.edges],
        },
        zone
      )
    }
    const eight = await publish("Eight", twoWaits({ type: "wait_until", from: "08:00", to: "09:00", zone: "journey" }, await template("eight", "Eight")))
    const day = await publish("A day", twoWaits({ type: "wait", duration: "P1D" }, await template("a-day", "A day")))
    const [nora] = await customers([{ email: "nora@example.com" }])
    expect(await customEvent({ name: "basket.abandoned", customer_id: nora.id, id: "basket-dst" })).toMatchObject({ entered: 2 })

    expect(await wake(eve.toJSDate())).toBe(2)
    const atEight = switchDay.set({ hour: 8 }).toJSDate()
    const dayLater = switchDay.set({ hour: 20 }).toJSDate()
    expect((await enrollmentOf(eight.id, nora.id)).wake_at).toBe(atEight.toISOString())
    expect((await enrollmentOf(day.id, nora.id)).wake_at).toBe(dayLater.toISOString())
    // Wall clock kept: 12 h and 24 h on the clock face, one hour less (spring) or more (autumn) in fact.
    expect(atEight.getTime() - eve.toMillis()).toBe((12 - shift) * HOUR)
    expect(dayLater.getTime() - eve.toMillis()).toBe((24 - shift) * HOUR)
    expect(Math.abs(shift)).toBe(1)

    expect(await wake(new Date(atEight.getTime() - 1))).toBe(0)
    expect(await wake(atEight)).toBe(1)
    await deliver(atEight)
    expect(await wake(new Date(dayLater.getTime() - 1))).toBe(0)
    expect(await wake(dayLater)).toBe(1)
    await deliver(dayLater)
    expect(sentNotifications.map((n) => (n.content as { subject: string }).subject)).toEqual(["Eight", "A day"])
    for (const [journey, at] of [[eight, atEight], [day, dayLater]] as const) {
      expect((await enrollmentOf(journey.id, nora.id)).messages).toEqual([
        expect.objectContaining({ status: "sent", sent_at: at.toISOString() }),
      ])
    }
  })

  it("S4-h: 'multiple' enrolls each purchase, running side by side", async () => {
    const journey = await publish("Each purchase", {
      ...waitJourney({ type: "wait", duration: "P1D" }, await template("thanks", "Thanks"), "UTC"),
      trigger: { type: "event", event: "order.placed" },
    })
    const store = await seedStore(getContainer())
    const orders = [await buy(store), await buy(store)]
    const inside = await journeys().listEnrollments({ journey_id: journey.id }, { order: { entered_at: "ASC" } })
    expect(inside.map((e) => [e.trigger_key, e.status])).toEqual(orders.map((o) => [`order.placed:${o.id}`, "waiting"]))

    const later = new Date(Date.now() + 2 * DAY)
    expect(await wake(later)).toBe(2)
    await deliver(later)
    expect(inboxes()).toEqual({ "jane@example.com": ["Thanks", "Thanks"] })
  })

  it("S4-h: 'once' never enrolls the same customer again, even after they finished", async () => {
    const welcomeTemplate = await template("welcome", "Welcome")
    const welcome = await publish("Welcome", {
      schema_version: 1,
      trigger: { type: "customer_created" },
      settings: { reentry: "once", timezone: "UTC" },
      entry_node: "s1",
      ...sendAndExit(welcomeTemplate),
    })
    const survey = await publish(
      "Survey",
      abandoned({ entry_node: "s1", ...sendAndExit(await template("survey", "Survey")) }, "UTC", "once")
    )
    const [ann] = await customers([{ email: "ann@example.com" }])
    await register(ann.id)
    await register(ann.id)
    expect(await customEvent({ name: "basket.abandoned", customer_id: ann.id, id: "a-1" })).toMatchObject({ entered: 1 })
    // Finished, and another event (a new trigger, not a re-delivery): still out.
    expect(await customEvent({ name: "basket.abandoned", customer_id: ann.id, id: "a-2" })).toMatchObject({ duplicate: false, entered: 0 })
    await deliver(new Date())

    for (const journey of [welcome, survey]) {
      const enrollments = await journeys().listEnrollments({ journey_id: journey.id })
      expect(enrollments.map((e) => [e.status, e.entry_guard])).toEqual([["completed", ann.id]])
    }
    expect(inboxes()).toEqual({ "ann@example.com": ["Survey", "Welcome"] })
  })

  it("S4-h: 'after_exit' never holds a customer twice at once, and lets them in again once out", async () => {
    const journey = await publish(
      "Reminder",
      waitJourney({ type: "wait", duration: "PT4H" }, await template("reminder", "Reminder"), "UTC", "after_exit")
    )
    const [ann] = await customers([{ email: "ann@example.com" }])
    const both = await Promise.all(
      ["b-1", "b-2"].map((id) => customEvent({ name: "basket.abandoned", customer_id: ann.id, id }))
    )
    expect(both.map((e) => e.entered).sort()).toEqual([0, 1])
    expect(await customEvent({ name: "basket.abandoned", customer_id: ann.id, id: "b-3" })).toMatchObject({ entered: 0 })
    const [first] = await journeys().listEnrollments({ journey_id: journey.id })
    expect(first.status).toBe("waiting")

    const due = new Date(first.wake_at!)
    expect(await wake(due)).toBe(1)
    await deliver(due)
    expect(await customEvent({ name: "basket.abandoned", customer_id: ann.id, id: "b-4" })).toMatchObject({ entered: 1 })
    const all = await journeys().listEnrollments({ journey_id: journey.id }, { order: { created_at: "ASC" } })
    expect(all.map((e) => [e.status, e.entry_guard])).toEqual([
      ["completed", null],
      ["waiting", ann.id],
    ])
    expect(inboxes()).toEqual({ "ann@example.com": ["Reminder"] })
  })

  it("S4-i: 'email equals my address' lets only the owner in; test mode runs it for them alone; swapped branches apply to new entries", async () => {
    const preview = await template("preview", "Preview")
    const dayTwo = await template("preview-day-two", "Preview, day 2")
    const ownerDefinition = (ownerTo: string, elseTo: string) => ({
      schema_version: 1,
      trigger: { type: "customer_created" },
      settings: { reentry: "once", timezone: "UTC" },
      entry_node: "c1",
      nodes: [
        // The address as typed by the owner: email addresses match whatever their case.
        { id: "c1", type: "condition", branches: [{ port: "owner", where: { field: "customer.email", op: "eq", value: "Owner@Shop.test" } }] },
        { id: "s1", type: "send", channel: "email", template_id: preview },
        { id: "w1", type: "wait", duration: "P1D" },
        { id: "s2", type: "send", channel: "email", template_id: dayTwo },
        { id: "x1", type: "exit" },
        { id: "x2", type: "exit" },
      ],
      edges: [
        { from: "c1", port: "owner", to: ownerTo },
        { from: "c1", port: "else", to: elseTo },
        { from: "s1", port: "next", to: "w1" },
        { from: "w1", port: "next", to: "s2" },
        { from: "s2", port: "next", to: "x1" },
      ],
    })
    const journey = await publish("Launch", ownerDefinition("s1", "x2"))
    const [owner, bob] = await customers([{ email: "owner@shop.test" }, { email: "bob@example.com" }])
    await register(owner.id, bob.id)
    await deliver(new Date())
    expect(inboxes()).toEqual({ "owner@shop.test": ["Preview"] })
    const bobs = await enrollmentOf(journey.id, bob.id)
    expect(bobs).toMatchObject({ status: "completed", current_node: "x2", messages: [] })
    expect(branchOf(bobs.activities, "c1")).toMatchObject({
      reason: 'else, no branch matched ("owner": customer.email ("bob@example.com") eq "Owner@Shop.test" is false)',
      data: { port: "else" },
    })

    // Test mode: the owner alone, fast-forwarded; the owner's real enrollment keeps its clock.
    const real = (await journeys().listEnrollments({ journey_id: journey.id, customer_id: owner.id }))[0]
    const started = await post(`/admin/journeys/${journey.id}/test`, { customer_ids: [owner.id] })
    expect(started.status).toBe(201)
    expect(await post(`/admin/journeys/${journey.id}/test/advance`, { duration: "P1D" })).toMatchObject({
      data: { moved: 1, woken: 1 },
    })
    await deliver(new Date())
    const tests = sentNotifications.slice(1).map((n) => [n.to, (n.content as { subject: string }).subject, n.data?.is_test])
    expect(tests.sort(([, a], [, b]) => String(a).localeCompare(String(b)))).toEqual([
      ["owner@shop.test", "Preview", true],
      ["owner@shop.test", "Preview, day 2", true],
    ])
    const [test] = await journeys().listEnrollments({ id: started.data.enrollment_ids[0] })
    expect(test).toMatchObject({ is_test: true, status: "completed", customer_id: owner.id })
    expect((await journeys().listEnrollments({ id: real.id }))[0]).toMatchObject({ status: "waiting", wake_at: real.wake_at })
    expect(await journeys().listEnrollments({ journey_id: journey.id, is_test: false })).toHaveLength(2)

    // Version 2 swaps the branches; version 1 drains.
    const draft = await post(`/admin/journeys/${journey.id}/draft`, { definition: ownerDefinition("x2", "s1") })
    expect(draft.data.journey.draft.validation).toEqual({ valid: true, errors: [] })
    const published = await post(`/admin/journeys/${journey.id}/publish`, { mode: "drain" })
    expect(published.data.journey.published_version.number).toBe(2)
    const [carl] = await customers([{ email: "carl@example.com" }])
    await register(carl.id)
    await deliver(new Date())
    const carls = await enrollmentOf(journey.id, carl.id)
    expect(carls).toMatchObject({ status: "waiting", current_node: "w1", version: { number: 2 } })
    expect(branchOf(carls.activities, "c1")?.data).toMatchObject({ port: "else" })

    const later = new Date(Date.now() + 2 * DAY)
    expect(await wake(later)).toBe(2)
    await deliver(later)
    const owners = await enrollmentOf(journey.id, owner.id)
    expect(owners).toMatchObject({ status: "completed", current_node: "x1", version: { number: 1 } })
    expect(inboxes()).toEqual({
      "owner@shop.test": ["Preview", "Preview", "Preview, day 2", "Preview, day 2"],
      "carl@example.com": ["Preview", "Preview, day 2"],
    })
    expect(sentNotifications.filter((n) => n.data?.is_test)).toHaveLength(2)
  })

  it("S4-j: a 'no' branch ends the journey for some, with the rule that decided it; the others get the email", async () => {
    const offer = await template("offer", "Our offer")
    const journey = await publish("Offer", {
      schema_version: 1,
      trigger: { type: "customer_created" },
      settings: { reentry: "once", timezone: "UTC" },
      entry_node: "c1",
      nodes: [
        { id: "c1", type: "condition", branches: [{ port: "yes", where: { field: "customer.metadata.accepts_marketing", op: "eq", value: true } }] },
        { id: "w1", type: "wait", duration: "P1D" },
        { id: "s1", type: "send", channel: "email", template_id: offer },
        { id: "x1", type: "exit" },
        { id: "no", type: "exit" },
      ],
      edges: [
        { from: "c1", port: "yes", to: "w1" },
        { from: "c1", port: "else", to: "no" },
        { from: "w1", port: "next", to: "s1" },
        { from: "s1", port: "next", to: "x1" },
      ],
    })
    const [ann, bob, cam] = await customers([
      { email: "ann@example.com", metadata: { accepts_marketing: true } },
      { email: "bob@example.com", metadata: { accepts_marketing: false } },
      { email: "cam@example.com" },
    ])
    await register(ann.id, bob.id, cam.id)

    for (const [customer, because] of [
      [bob, "customer.metadata.accepts_marketing (false) eq true is false"],
      [cam, "customer.metadata.accepts_marketing is missing"],
    ] as const) {
      const view = await enrollmentOf(journey.id, customer.id)
      expect(view).toMatchObject({ status: "completed", current_node: "no", wake_at: null, messages: [] })
      expect(view.activities.map((a) => [a.type, a.node_id, a.reason])).toEqual([
        ["entered", "c1", "entered the journey"],
        ["branch", "c1", `else, no branch matched ("yes": ${because})`],
        ["completed", "no", "reached the exit"],
      ])
    }
    expect(await enrollmentOf(journey.id, ann.id)).toMatchObject({ status: "waiting", current_node: "w1" })

    const later = new Date(Date.now() + 2 * DAY)
    expect(await wake(later)).toBe(1)
    await deliver(later)
    expect(inboxes()).toEqual({ "ann@example.com": ["Our offer"] })
  })
}
