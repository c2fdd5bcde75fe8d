import fc from "fast-check"
import { isDeepStrictEqual } from "node:util"

import {
  email,
  event,
  journey,
  push,
  segment,
  sms,
  type JourneyBuilder,
  type SettingsOptions,
} from "../builder"
import {
  definitionSchema,
  type JourneyDefinition,
  type JourneyDefinitionInput,
  type JourneyNode,
  type JourneyNodeType,
  outputPorts,
} from "../definition"
import {
  advance,
  DEFAULT_MAX_STEPS,
  isEnded,
  type AdvanceEnv,
  type AdvanceInput,
  type AdvanceResult,
  type EnrollmentState,
  type SendEffect,
  type SentMessage,
} from "../interpreter"
import type { Rule } from "../rules"
import { validateDefinition } from "../validate"
import { everyNodeJourney } from "./fixtures"

const PARIS = "Europe/Paris"
const NEW_YORK = "America/New_York"
const HOUR = 3_600_000
const DAY = 24 * HOUR

/** Instants are written with their local offset, so each expectation reads as wall-clock time. */
const at = (iso: string) => new Date(iso)
const later = (from: Date, ms: number) => new Date(from.getTime() + ms)

const MONDAY_10 = at("2026-01-05T10:00:00+01:00")

const channel = (name: string): Rule => ({ field: "event.channel", op: "eq", value: name })

/** A journey triggered by order.placed in Paris, its steps written with the builder. */
function define(steps: (path: JourneyBuilder) => JourneyBuilder, settings: SettingsOptions = {}): JourneyDefinition {
  const start = journey("test").trigger(event("order.placed")).settings({ timezone: PARIS, ...settings })
  return steps(start).build().definition
}

/** A definition that passed the schema but not the graph checks, as only a bug could store. */
function unchecked(input: JourneyDefinitionInput): JourneyDefinition {
  return definitionSchema.parse(input)
}

function enrollment(overrides: Partial<EnrollmentState> = {}): EnrollmentState {
  return {
    id: "jenr_1",
    status: "active",
    current_node: null,
    wake_at: null,
    awaiting: null,
    context: {},
    state: null,
    exit_reason: null,
    entered_at: MONDAY_10,
    ...overrides,
  }
}

function enter(
  definition: JourneyDefinition,
  now = MONDAY_10,
  overrides: Partial<EnrollmentState> = {},
  env?: AdvanceEnv
): AdvanceResult {
  return advance(definition, enrollment({ entered_at: now, ...overrides }), { type: "enter" }, now, env)
}

const wake = (definition: JourneyDefinition, previous: AdvanceResult, now: Date, env?: AdvanceEnv) =>
  advance(definition, previous.state, { type: "wake" }, now, env)

function happen(
  definition: JourneyDefinition,
  previous: AdvanceResult,
  name: string,
  now: Date,
  data: unknown = {},
  context?: Extract<AdvanceInput, { type: "event" }>["context"]
): AdvanceResult {
  return advance(definition, previous.state, { type: "event", name, data, occurred_at: now, context }, now)
}

const sends = (result: AdvanceResult) =>
  result.effects.filter((effect): effect is SendEffect => effect.type === "send").map((effect) => effect.template_id)
const kinds = (result: AdvanceResult) => result.activities.map((activity) => activity.type)
const branchTaken = (result: AdvanceResult) =>
  result.activities.filter((activity) => activity.type === "branch").map((activity) => activity.data?.port)

function expectNoop(result: AdvanceResult, previous: EnrollmentState, why: RegExp): void {
  expect(result.noop).toMatch(why)
  expect(result.state).toBe(previous)
  expect(result.effects).toEqual([])
  expect(result.activities).toEqual([])
}

// ---------------------------------------------------------------------------------------------

describe("advance: entering", () => {
  it("walks from the entry node to the first wait, queueing messages on the way", () => {
    const definition = define((path) => path.send(email("welcome", { tag: "onboarding" })).wait("P1D").send(sms("tip")))

    const result = enter(definition)

    expect(result.effects).toEqual([
      { type: "send", node_id: "n1", channel: "email", template_id: "welcome", category: "marketing", tag: "onboarding" },
    ])
    expect(result.state).toMatchObject({
      status: "waiting",
      current_node: "n2",
      wake_at: at("2026-01-06T10:00:00+01:00"),
      awaiting: null,
      state: { arrived_at: MONDAY_10.toISOString() },
      exit_reason: null,
    })
    expect(result).toMatchObject({ ended: false, exit_reason: null })
    expect(result.noop).toBeUndefined()
    expect(result.activities).toEqual([
      { type: "entered", node_id: "n1", reason: "entered the journey", occurred_at: MONDAY_10 },
      {
        type: "message_queued",
        node_id: "n1",
        reason: 'email "welcome" queued (marketing, tag "onboarding")',
        occurred_at: MONDAY_10,
      },
      {
        type: "waiting",
        node_id: "n2",
        reason: "waits P1D, until 2026-01-06 10:00 Europe/Paris",
        data: { wake_at: "2026-01-06T09:00:00.000Z", awaiting: [] },
        occurred_at: MONDAY_10,
      },
    ])
  })

  it("completes at an exit node, with no exit reason", () => {
    const result = enter(define((path) => path.send(push("hello", { category: "transactional" }))))

    expect(result.state).toMatchObject({ status: "completed", current_node: "n2", wake_at: null, state: null })
    expect(result).toMatchObject({ ended: true, exit_reason: null })
    expect(kinds(result)).toEqual(["entered", "message_queued", "completed"])
    expect(result.effects).toEqual([
      { type: "send", node_id: "n1", channel: "push", template_id: "hello", category: "transactional", tag: null },
    ])
  })

  it("does nothing for an enrollment that has already entered", () => {
    const definition = define((path) => path.wait("P1D"))
    const entered = enter(definition)

    expectNoop(advance(definition, entered.state, { type: "enter" }, MONDAY_10), entered.state, /already entered/)
  })

  it("does not mutate the state it is given", () => {
    const definition = define((path) => path.send(email("a")).wait("P1D"))
    const given = enrollment({ context: { customer: { id: "cus_1" } } })
    const copy = structuredClone(given)

    advance(definition, given, { type: "enter" }, MONDAY_10)

    expect(given).toEqual(copy)
  })
})

describe("advance: every node's effects and ports", () => {
  it("update_customer and webhook leave by next with their effects", () => {
    const definition = define((path) =>
      path
        .updateCustomer({ metadata: { vip: true }, addToGroup: "cusgroup_vip" })
        .updateCustomer({ addToGroup: "cusgroup_all", addToGroupNamed: "High churn risk" })
        .webhook({ url: "https://example.com/hook", body: '{"id": "{{ customer.id }}"}' })
        .webhook({ url: "https://example.com/ping" })
    )

    const result = enter(definition)

    expect(result.effects).toEqual([
      { type: "update_customer", node_id: "n1", metadata: { vip: true }, add_to_group: "cusgroup_vip" },
      { type: "update_customer", node_id: "n2", add_to_group: "cusgroup_all", add_to_group_named: "High churn risk" },
      { type: "webhook", node_id: "n3", url: "https://example.com/hook", body: '{"id": "{{ customer.id }}"}' },
      { type: "webhook", node_id: "n4", url: "https://example.com/ping" },
    ])
    expect(result.activities.slice(1, 5).map((activity) => [activity.type, activity.reason])).toEqual([
      ["customer_updated", "sets metadata vip; adds to group cusgroup_vip"],
      ["customer_updated", 'adds to group cusgroup_all; adds to group "High churn risk"'],
      ["webhook", "calls https://example.com/hook"],
      ["webhook", "calls https://example.com/ping"],
    ])
    expect(result.state.status).toBe("completed")
  })

  it("walks the fixture that uses every node type, down each port", () => {
    const definition = definitionSchema.parse(everyNodeJourney())
    const friday = at("2026-12-04T18:00:00+01:00")
    const context = { cart: { total: 120 } }

    // else branch of the value split, then the weekday window (closed on Friday evening).
    const entered = enter(definition, friday, { context })
    const woke = wake(definition, entered, at("2026-12-05T18:00:00+01:00"))
    expect(branchTaken(woke)).toEqual(["ok", "else"])
    expect(woke.state).toMatchObject({ current_node: "w2", wake_at: at("2026-12-07T09:00:00+01:00") })
    expect(woke.state.awaiting).toEqual(["order.placed"])

    const opened = wake(definition, woke, at("2026-12-07T09:00:00+01:00"))
    expect(sends(opened)).toEqual(["reminder-sms"])
    expect(opened.state).toMatchObject({ current_node: "r1", awaiting: ["message.opened", "order.placed"] })

    const reacted = happen(definition, opened, "message.opened", at("2026-12-07T10:00:00+01:00"), { channel: "push" })
    expect(reacted.state.status).toBe("completed")
    expect(kinds(reacted)).toEqual(["reaction", "branch", expect.stringMatching(/customer_updated|webhook/), "completed"])

    // The other side of the value split: a transactional message, then straight to the reaction.
    const bigCart = enter(definition, friday, { context: { cart: { total: 250 } } })
    const big = wake(definition, bigCart, at("2026-12-05T18:00:00+01:00"))
    expect(branchTaken(big)).toEqual(["ok", "gt200"])
    expect(sends(big)).toEqual(["reminder-vip"])
    expect(big.state.current_node).toBe("r1")
  })
})

describe("advance: wait", () => {
  const daily = define((path) => path.wait("P1D").send(email("next")))
  const exact = define((path) => path.wait("PT24H").send(email("next")))

  it("P1D keeps the wall-clock time across the spring-forward switch (23 h)", () => {
    const saturday = at("2026-03-28T09:00:00+01:00")
    expect(enter(daily, saturday).state.wake_at).toEqual(at("2026-03-29T09:00:00+02:00"))
    expect(enter(exact, saturday).state.wake_at).toEqual(at("2026-03-29T10:00:00+02:00"))
  })

  it("P1D keeps the wall-clock time across the fall-back switch (25 h)", () => {
    const saturday = at("2026-10-24T09:00:00+02:00")
    expect(enter(daily, saturday).state.wake_at).toEqual(at("2026-10-25T09:00:00+01:00"))
    expect(enter(exact, saturday).state.wake_at).toEqual(at("2026-10-25T08:00:00+01:00"))
  })

  it("continues by next once due, and not before", () => {
    const waiting = enter(daily)
    expectNoop(wake(daily, waiting, later(MONDAY_10, DAY - 1)), waiting.state, /not due before 2026-01-06T09:00:00.000Z/)

    const due = later(MONDAY_10, DAY + 5 * 60_000)
    const woke = wake(daily, waiting, due)
    expect(woke.activities[0]).toEqual({ type: "woke", node_id: "n1", reason: "waited P1D", occurred_at: due })
    expect(sends(woke)).toEqual(["next"])
    expect(woke.state.status).toBe("completed")
  })

  it("a wake for an enrollment that is not waiting does nothing", () => {
    const fresh = enrollment()
    expectNoop(advance(daily, fresh, { type: "wake" }, MONDAY_10), fresh, /not waiting \(status active\)/)
  })
})

describe("advance: wait until", () => {
  const weekdays = ["mon", "tue", "wed", "thu", "fri"] as const
  const office = (zone: "journey" | "recipient") =>
    define((path) => path.waitUntil({ days: [...weekdays], from: "09:00", to: "17:00", zone }).send(email("promo")))
  const FRIDAY_18 = at("2026-01-09T18:00:00+01:00")
  const MONDAY_9 = at("2026-01-12T09:00:00+01:00")

  it("asked on Friday at 18:00, waits until Monday 09:00, then continues", () => {
    const definition = office("journey")
    const waiting = enter(definition, FRIDAY_18)
    expect(waiting.state).toMatchObject({ status: "waiting", current_node: "n1", wake_at: MONDAY_9 })
    expect(waiting.activities[1].reason).toBe(
      "outside the window mon, tue, wed, thu, fri 09:00–17:00 (Europe/Paris), until 2026-01-12 09:00 Europe/Paris"
    )

    const opened = wake(definition, waiting, MONDAY_9)
    expect(kinds(opened)).toEqual(["woke", "node", "message_queued", "completed"])
    expect(opened.activities[1].reason).toMatch(/^inside the window/)
  })

  it("inside the window, continues at once", () => {
    const result = enter(office("journey"), MONDAY_10)
    expect(sends(result)).toEqual(["promo"])
    expect(result.state.status).toBe("completed")
  })

  it("woken after the window closed again, waits for the next opening", () => {
    const definition = office("journey")
    const waiting = enter(definition, FRIDAY_18)
    const late = wake(definition, waiting, at("2026-01-12T17:30:00+01:00"))
    expect(sends(late)).toEqual([])
    expect(late.state).toMatchObject({ current_node: "n1", wake_at: at("2026-01-13T09:00:00+01:00") })
  })

  it("reads the window on the recipient's clock when its zone is recipient", () => {
    const definition = office("recipient")
    const inNewYork = { zone: NEW_YORK }
    // 18:00 in Paris is 12:00 in New York: open for the recipient.
    expect(sends(enter(definition, FRIDAY_18, {}, inNewYork))).toEqual(["promo"])
    // Friday 18:00 in New York waits until Monday 09:00 there.
    const evening = enter(definition, at("2026-01-09T18:00:00-05:00"), {}, inNewYork)
    expect(evening.state.wake_at).toEqual(at("2026-01-12T09:00:00-05:00"))
    expect(evening.activities[1].reason).toContain("(America/New_York)")
  })

  it("uses the journey's clock for zone journey, or when the recipient's zone is unknown or invalid", () => {
    expect(enter(office("journey"), FRIDAY_18, {}, { zone: NEW_YORK }).state.wake_at).toEqual(MONDAY_9)
    expect(enter(office("recipient"), FRIDAY_18).state.wake_at).toEqual(MONDAY_9)
    expect(enter(office("recipient"), FRIDAY_18, {}, { zone: "Mars/Olympus" }).state.wake_at).toEqual(MONDAY_9)
  })
})

describe("advance: wait for event (S1, reactions with a timeout)", () => {
  const s1 = journey("S1")
    .trigger(segment("seg_young_west_coast"))
    .settings({ reentry: "once", timezone: PARIS })
    .send(email("first-message"))
    .send(push("first-message"))
    .waitForEvent({
      id: "reactions",
      timeout: "P1D",
      events: [
        { port: "push_opened", event: "message.opened", where: channel("push") },
        { port: "email_opened", event: "message.opened", where: channel("email") },
      ],
      onTimeout: (path) => path.send(email("reminder")),
    })
    .waitForEvent({
      id: "purchase",
      timeout: "P30D",
      events: [{ port: "bought", event: "order.placed", then: (path) => path.send(push("thank-you")) }],
    })
    .build().definition

  it("sends the first message by email and push, then awaits either open for one day", () => {
    const entered = enter(s1)
    expect(sends(entered)).toEqual(["first-message", "first-message"])
    expect(entered.state).toMatchObject({
      status: "waiting",
      current_node: "reactions",
      wake_at: later(MONDAY_10, DAY),
      awaiting: ["message.opened"],
    })
  })

  it("an email opened after 3 h takes the email port: no reminder, ever", () => {
    const entered = enter(s1)
    const opened = happen(s1, entered, "message.opened", later(MONDAY_10, 3 * HOUR), { channel: "email" })

    expect(opened.activities[0]).toMatchObject({
      type: "reaction",
      node_id: "reactions",
      reason: 'message.opened → port "email_opened": event.channel ("email") eq "email"',
      data: { event: "message.opened", port: "email_opened" },
    })
    expect(opened.effects).toEqual([])
    expect(opened.state).toMatchObject({ current_node: "purchase", awaiting: ["order.placed"] })
    expect(opened.state.context.event).toEqual({ channel: "email" })
    // The day the reminder would have gone out: nothing is due any more.
    expect(wake(s1, opened, later(MONDAY_10, DAY)).noop).toMatch(/not due/)
  })

  it("with nothing opened, the timeout path sends the reminder at +1 day", () => {
    const entered = enter(s1)
    expect(wake(s1, entered, later(MONDAY_10, DAY - 1)).noop).toMatch(/not due/)

    const timedOut = wake(s1, entered, later(MONDAY_10, DAY))
    expect(timedOut.activities[0]).toMatchObject({ type: "woke", reason: "no awaited event within P1D: timeout" })
    expect(sends(timedOut)).toEqual(["reminder"])
    expect(timedOut.state.current_node).toBe("purchase")
  })

  it("every path joins the purchase wait; a purchase gets exactly one thank-you", () => {
    const entered = enter(s1)
    const viaPush = happen(s1, entered, "message.opened", later(MONDAY_10, HOUR), { channel: "push" })
    const viaTimeout = wake(s1, entered, later(MONDAY_10, DAY))
    for (const waiting of [viaPush, viaTimeout]) {
      const bought = happen(s1, waiting, "order.placed", later(MONDAY_10, 2 * DAY), { id: "order_1" })
      expect(sends(bought)).toEqual(["thank-you"])
      expect(bought.state.status).toBe("completed")
      // A re-delivered event finds the enrollment ended.
      expectNoop(happen(s1, bought, "order.placed", later(MONDAY_10, 2 * DAY)), bought.state, /has ended/)
    }
  })

  it("ignores events that match no port, with the reason", () => {
    const entered = enter(s1)
    const sms = happen(s1, entered, "message.opened", later(MONDAY_10, HOUR), { channel: "sms" })
    expectNoop(sms, entered.state, /port "push_opened": event.channel \("sms"\) eq "push" is false; port "email_opened"/)
    expectNoop(happen(s1, entered, "message.clicked", later(MONDAY_10, HOUR)), entered.state, /neither the goal nor awaited/)
  })

  it("ignores an event that occurred before the wait began or after its timeout", () => {
    const entered = enter(s1)
    const old = advance(
      s1,
      entered.state,
      { type: "event", name: "message.opened", data: { channel: "email" }, occurred_at: later(MONDAY_10, -HOUR) },
      later(MONDAY_10, HOUR)
    )
    expectNoop(old, entered.state, /before the wait began/)

    const tooLate = happen(s1, entered, "message.opened", later(MONDAY_10, DAY), { channel: "email" })
    expectNoop(tooLate, entered.state, /after the timeout/)
  })

  it("reads the wait's start from the entry when the state lost its bookkeeping", () => {
    const entered = enter(s1)
    const bare = { ...entered.state, state: null }
    const opened = advance(
      s1,
      bare,
      { type: "event", name: "message.opened", data: { channel: "push" }, occurred_at: MONDAY_10 },
      MONDAY_10
    )
    expect(opened.state.current_node).toBe("purchase")
  })

  it("without a timeout (the goal covers it), waits with no timer", () => {
    const definition = define(
      (path) => path.waitForEvent({ events: [{ port: "clicked", event: "message.clicked" }] }),
      { goal: { event: "order.placed" } }
    )
    const waiting = enter(definition)
    expect(waiting.state).toMatchObject({ wake_at: null, awaiting: ["message.clicked", "order.placed"] })
    expect(waiting.activities[1].reason).toBe("waits for message.clicked")
    expectNoop(wake(definition, waiting, later(MONDAY_10, 365 * DAY)), waiting.state, /waits for an event, not for a time/)
  })

  it("the reacting event becomes the context's event; roots loaded with it join the context", () => {
    const definition = define((path) =>
      path
        .waitForEvent({ timeout: "P1D", events: [{ port: "viewed", event: "product.viewed" }] })
        .condition({
          branches: [
            { port: "cheap", where: { field: "event.price", op: "lt", value: 20 } },
            { port: "regular", where: { field: "cart.total", op: "gt", value: 0 } },
          ],
        })
    )
    const waiting = enter(definition, MONDAY_10, { context: { customer: { id: "cus_1" }, event: { id: "order_1" } } })
    const viewed = happen(definition, waiting, "product.viewed", later(MONDAY_10, HOUR), { price: 99 }, {
      cart: { total: 10 },
    })

    expect(branchTaken(viewed)).toEqual(["regular"])
    expect(viewed.state.context).toEqual({ customer: { id: "cus_1" }, event: { price: 99 }, cart: { total: 10 } })
  })
})

describe("advance: condition", () => {
  const valueSplit = define((path) =>
    path.condition({
      branches: [
        { port: "gt200", where: { field: "cart.total", op: "gt", value: 200 }, then: (p) => p.send(email("incentive")) },
        { port: "gt100", where: { field: "cart.total", op: "gt", value: 100 }, then: (p) => p.send(email("mid")) },
      ],
      else: (p) => p.send(email("standard")),
    })
  )

  it("S4-a: carts over 200 € get the incentive, the others the standard reminder", () => {
    const big = enter(valueSplit, MONDAY_10, { context: { cart: { total: 250 } } })
    expect(sends(big)).toEqual(["incentive"])
    expect(big.activities[1]).toEqual({
      type: "branch",
      node_id: "n1",
      reason: 'branch "gt200": cart.total (250) gt 200',
      data: { port: "gt200", because: "cart.total (250) gt 200" },
      occurred_at: MONDAY_10,
    })
    expect(sends(enter(valueSplit, MONDAY_10, { context: { cart: { total: "150" } } }))).toEqual(["mid"])
    expect(sends(enter(valueSplit, MONDAY_10, { context: { cart: { total: 80 } } }))).toEqual(["standard"])
  })

  it("the first matching branch wins, in order", () => {
    // 250 also matches gt100, listed second.
    expect(branchTaken(enter(valueSplit, MONDAY_10, { context: { cart: { total: 250 } } }))).toEqual(["gt200"])
  })

  it("else records why each branch failed", () => {
    const small = enter(valueSplit, MONDAY_10, { context: { cart: { total: 80 } } })
    expect(small.activities[1]).toMatchObject({
      reason:
        'else, no branch matched ("gt200": cart.total (80) gt 200 is false; "gt100": cart.total (80) gt 100 is false)',
      data: {
        port: "else",
        because: ['"gt200": cart.total (80) gt 200 is false', '"gt100": cart.total (80) gt 100 is false'],
      },
    })
  })

  it("S4-b: female, male, and everyone else when the field is empty", () => {
    const gender = (value: string): Rule => ({ field: "customer.metadata.gender", op: "eq", value })
    const genderSplit = define((path) =>
      path.condition({
        branches: [
          { port: "female", where: gender("female"), then: (p) => p.send(email("f")) },
          { port: "male", where: gender("male"), then: (p) => p.send(email("m")) },
        ],
        else: (p) => p.send(email("all")),
      })
    )
    const as = (metadata: Record<string, unknown>) => enter(genderSplit, MONDAY_10, { context: { customer: { metadata } } })

    expect(sends(as({ gender: "female" }))).toEqual(["f"])
    expect(sends(as({ gender: "male" }))).toEqual(["m"])
    expect(sends(as({ gender: "" }))).toEqual(["all"])
    const missing = as({})
    expect(sends(missing)).toEqual(["all"])
    expect(missing.activities[1].reason).toContain('"female": customer.metadata.gender is missing')
  })

  it("rules can test the enrollment itself", () => {
    const definition = define((path) =>
      path.condition({
        branches: [
          { port: "me", where: { field: "enrollment.id", op: "eq", value: "jenr_1" }, then: (p) => p.send(email("hi")) },
        ],
      })
    )
    expect(sends(enter(definition))).toEqual(["hi"])
    expect(sends(enter(definition, MONDAY_10, { id: "jenr_2" }))).toEqual([])
  })

  it("customer in segment: rules see the memberships the caller loaded, never stored in the context", () => {
    const vipSplit = define((path) =>
      path.condition({
        branches: [{ port: "vip", where: { field: "customer.segments", op: "contains", value: "jseg_vip" }, then: (p) => p.send(email("vip")) }],
        else: (p) => p.send(email("standard")),
      })
    )
    const customer = { context: { customer: { id: "cus_1", segments: ["jseg_vip"] } } }
    const member = enter(vipSplit, MONDAY_10, customer, { segments: ["jseg_other", "jseg_vip"] })
    expect(sends(member)).toEqual(["vip"])
    expect(member.state.context).toBe(customer.context)
    // Loaded, the memberships replace whatever the stored context says.
    expect(sends(enter(vipSplit, MONDAY_10, customer, { segments: [] }))).toEqual(["standard"])
    expect(sends(enter(vipSplit, MONDAY_10, {}, { segments: ["jseg_vip"] }))).toEqual(["vip"])
  })
})

describe("advance: joins", () => {
  it("several paths meet at one node and continue from it", () => {
    const definition = define((path) =>
      path
        .randomSplit({
          branches: [
            { port: "a", percent: 50, then: (p) => p.send(email("a")) },
            { port: "b", percent: 50, then: (p) => p.send(sms("b")) },
          ],
        })
        .send(push("joined"), { id: "join" })
    )
    const paths = new Map<string, string[]>()
    for (let index = 0; index < 40; index++) {
      const result = enter(definition, MONDAY_10, { id: `jenr_${index}` })
      paths.set(String(branchTaken(result)[0]), sends(result))
    }
    expect(Object.fromEntries(paths)).toEqual({ a: ["a", "joined"], b: ["b", "joined"] })
  })
})

describe("advance: random split", () => {
  const abTest = (percentA: number) =>
    define((path) =>
      path.randomSplit({
        id: "ab",
        branches: [
          { port: "a", percent: percentA, then: (p) => p.send(email("a")) },
          { port: "b", percent: 100 - percentA, then: (p) => p.send(email("b")) },
        ],
      })
    )
  const port = (definition: JourneyDefinition, id: string) => branchTaken(enter(definition, MONDAY_10, { id }))[0]

  it("draws the same branch for the same enrollment, every time", () => {
    const definition = abTest(50)
    const first = enter(definition, MONDAY_10, { id: "jenr_01JABCDEF" })
    const again = enter(definition, at("2027-06-01T00:00:00Z"), { id: "jenr_01JABCDEF" })
    expect(again.activities[1].data).toEqual(first.activities[1].data)
    expect(first.activities[1].reason).toMatch(/^branch "[ab]" \(drew \d+\.\d\d of 100\)$/)
    expect(first.activities[1].data?.draw).toEqual(expect.any(Number))
  })

  it("splits 10,000 enrollments 50/50 within ±5 points", () => {
    const definition = abTest(50)
    let a = 0
    for (let index = 0; index < 10_000; index++) if (port(definition, `jenr_${index}`) === "a") a++
    expect(Math.abs(a / 100 - 50)).toBeLessThanOrEqual(5)
  })

  it("follows uneven shares, and never takes a 0% branch", () => {
    const tenPercent = abTest(10)
    let a = 0
    for (let index = 0; index < 10_000; index++) if (port(tenPercent, `jenr_01J${index.toString(36)}`) === "a") a++
    expect(Math.abs(a / 100 - 10)).toBeLessThanOrEqual(2)

    const never = abTest(0)
    for (let index = 0; index < 500; index++) expect(port(never, `jenr_${index}`)).toBe("b")
  })

  it("draws independently at different nodes", () => {
    const definition = define((path) =>
      path
        .randomSplit({ id: "first", branches: [{ port: "a", percent: 50 }, { port: "b", percent: 50 }] })
        .randomSplit({ id: "second", branches: [{ port: "a", percent: 50 }, { port: "b", percent: 50 }] })
    )
    const same = Array.from({ length: 400 }, (_, index) => branchTaken(enter(definition, MONDAY_10, { id: `e${index}` })))
    const agreeing = same.filter(([first, second]) => first === second).length
    expect(Math.abs(agreeing / 4 - 50)).toBeLessThanOrEqual(10)
  })
})

describe("advance: frequency cap", () => {
  /** S4-d: a confirmation on purchase, a cross-sell two days later, at most one cross-sell per two days. */
  const crossSell = define((path) =>
    path
      .send(email("confirmation", { tag: "confirmation", category: "transactional" }))
      .wait("P2D")
      .frequencyCap({ tag: "cross-sell", max: 1, within: "P2D", capped: (p) => p.exit() })
      .send(email("cross-sell", { tag: "cross-sell" }))
  )

  it("S4-d: a second purchase within the two days does not get the cross-sell twice", () => {
    const history: SentMessage[] = []
    const queue = (result: AdvanceResult, now: Date) => {
      for (const effect of result.effects) if (effect.type === "send") history.push({ tag: effect.tag, queued_at: now })
      return result
    }
    const day = (n: number) => later(MONDAY_10, n * DAY)
    const first = queue(enter(crossSell, day(0), { id: "jenr_first" }), day(0))
    const second = queue(enter(crossSell, day(1), { id: "jenr_second" }), day(1))

    const firstWakes = queue(wake(crossSell, first, day(2), { messageHistory: history }), day(2))
    expect(sends(firstWakes)).toEqual(["cross-sell"])
    expect(firstWakes.activities[1].reason).toBe('ok: 0 messages tagged "cross-sell" in the last P2D, cap 1')

    const secondWakes = wake(crossSell, second, day(3), { messageHistory: history })
    expect(sends(secondWakes)).toEqual([])
    expect(secondWakes.activities[1]).toMatchObject({
      type: "branch",
      reason: 'capped: 1 message tagged "cross-sell" in the last P2D, cap 1',
      data: { port: "capped", count: 1, max: 1 },
    })
    expect(secondWakes.state).toMatchObject({ status: "completed", current_node: expect.any(String) })
  })

  it("forgets messages older than the period", () => {
    const waiting = enter(crossSell)
    const woke = wake(crossSell, waiting, later(MONDAY_10, 2 * DAY), {
      messageHistory: [{ tag: "cross-sell", queued_at: later(MONDAY_10, -1) }],
    })
    expect(branchTaken(woke)).toEqual(["ok"])
  })

  it("without a tag counts every message, including those queued earlier in the same call", () => {
    const definition = define((path) =>
      path
        .send(email("one"))
        .send(sms("two", { tag: "promo" }))
        .frequencyCap({ max: 2, within: "PT1H", capped: (p) => p.exit() })
        .send(push("three"))
    )
    const result = enter(definition)
    expect(sends(result)).toEqual(["one", "two"])
    expect(result.activities[3].reason).toBe("capped: 2 messages in the last PT1H, cap 2")
  })
})

describe("advance: goal", () => {
  const withGoal = (within?: string) =>
    define((path) => path.send(email("reminder")).wait("P1D").send(email("last-chance")), {
      goal: { event: "order.placed", where: { field: "order.total", op: "gte", value: 1 }, within },
    })

  it("exits with reason goal and a conversion effect, wherever the enrollment waits", () => {
    const definition = withGoal()
    const waiting = enter(definition)
    expect(waiting.state.awaiting).toEqual(["order.placed"])

    const bought = later(MONDAY_10, 3 * HOUR)
    const converted = happen(definition, waiting, "order.placed", bought, { id: "order_1" }, { order: { total: 49 } })
    expect(converted.state).toMatchObject({ status: "exited", exit_reason: "goal", current_node: "n2", wake_at: null })
    expect(converted).toMatchObject({ ended: true, exit_reason: "goal" })
    expect(converted.effects).toEqual([{ type: "conversion", node_id: "n2", event: "order.placed", occurred_at: bought }])
    expect(converted.activities).toEqual([
      {
        type: "goal",
        node_id: "n2",
        reason: "reached the goal order.placed: order.total (49) gte 1",
        data: { event: "order.placed", occurred_at: bought.toISOString() },
        occurred_at: bought,
      },
      { type: "exited", node_id: "n2", reason: "reached the goal", data: { exit_reason: "goal" }, occurred_at: bought },
    ])
  })

  it("does not count when its rule fails", () => {
    const definition = withGoal()
    const waiting = enter(definition)
    const free = happen(definition, waiting, "order.placed", later(MONDAY_10, HOUR), {}, { order: { total: 0 } })
    expectNoop(free, waiting.state, /goal: order.total \(0\) gte 1 is false/)
  })

  it("counts only within goal.within of entry", () => {
    const definition = withGoal("PT12H")
    const waiting = enter(definition)
    const order = { order: { total: 10 } }
    expect(happen(definition, waiting, "order.placed", later(MONDAY_10, 12 * HOUR), {}, order).exit_reason).toBe("goal")
    expectNoop(
      happen(definition, waiting, "order.placed", later(MONDAY_10, 12 * HOUR + 1), {}, order),
      waiting.state,
      /only within PT12H of entry/
    )
  })

  it("does not count an event that occurred before entry", () => {
    const definition = withGoal()
    const waiting = enter(definition)
    const early = advance(
      definition,
      waiting.state,
      { type: "event", name: "order.placed", occurred_at: later(MONDAY_10, -1), context: { order: { total: 5 } } },
      MONDAY_10
    )
    expectNoop(early, waiting.state, /before entry/)
  })

  it("takes precedence over a reaction to the same event", () => {
    const definition = define(
      (path) =>
        path.waitForEvent({
          timeout: "P7D",
          events: [{ port: "bought", event: "order.placed", then: (p) => p.send(push("thanks")) }],
        }),
      { goal: { event: "order.placed" } }
    )
    const waiting = enter(definition)
    expect(waiting.state.awaiting).toEqual(["order.placed"])
    const bought = happen(definition, waiting, "order.placed", later(MONDAY_10, HOUR))
    expect(bought.state.exit_reason).toBe("goal")
    expect(sends(bought)).toEqual([])
    expect(bought.activities[0].reason).toBe("reached the goal order.placed")
  })
})

describe("advance: end date and stop", () => {
  const endAt = "2026-01-08T00:00:00+01:00"
  const ending = define((path) => path.send(email("a")).wait("P7D").send(email("b")), { endAt })

  it("keeps the timer no later than the end date", () => {
    expect(enter(ending).state.wake_at).toEqual(at(endAt))
  })

  it("on any input once the end date has passed, exits with reason ended", () => {
    const waiting = enter(ending)
    const inputs: AdvanceInput[] = [
      { type: "wake" },
      { type: "event", name: "order.placed", occurred_at: at(endAt) },
      { type: "stop", reason: "stopped" },
    ]
    for (const input of inputs) {
      const result = advance(ending, waiting.state, input, at(endAt))
      expect(result.state).toMatchObject({ status: "exited", exit_reason: "ended", current_node: "n2", wake_at: null })
      expect(result.activities).toEqual([
        {
          type: "exited",
          node_id: "n2",
          reason: `the journey ended at ${endAt}`,
          data: { exit_reason: "ended" },
          occurred_at: at(endAt),
        },
      ])
      expect(result.effects).toEqual([])
    }
    const late = enter(ending, at("2026-02-01T00:00:00Z"))
    expect(late.state).toMatchObject({ status: "exited", exit_reason: "ended", current_node: null })
  })

  it("gives a wait for event without timeout a timer at the end date", () => {
    const definition = define((path) => path.waitForEvent({ events: [{ port: "clicked", event: "message.clicked" }] }), {
      endAt,
      goal: { event: "order.placed" },
    })
    expect(enter(definition).state.wake_at).toEqual(at(endAt))
  })

  it("a stop exits with its reason; anything after the end does nothing", () => {
    const waiting = enter(ending)
    const stopped = advance(ending, waiting.state, { type: "stop", reason: "stopped" }, later(MONDAY_10, HOUR))
    expect(stopped.state).toMatchObject({ status: "exited", exit_reason: "stopped", state: null })
    expect(stopped).toMatchObject({ ended: true, exit_reason: "stopped", effects: [] })
    expect(kinds(stopped)).toEqual(["exited"])

    for (const input of [{ type: "stop", reason: "again" }, { type: "wake" }, { type: "enter" }] as AdvanceInput[]) {
      const after = advance(ending, stopped.state, input, later(MONDAY_10, 2 * HOUR))
      expectNoop(after, stopped.state, /the enrollment has ended \(exited\)/)
      expect(after).toMatchObject({ ended: true, exit_reason: "stopped" })
    }
  })
})

describe("advance: broken definitions and states fail the enrollment, never throw", () => {
  /** Valid: the loop goes through a wait until, but an always-open window never holds anyone. */
  const spinning = define((path) =>
    path.send(email("again"), { id: "again" }).waitUntil({ from: "00:00", to: "23:59", zone: "journey" }).goTo("again")
  )

  it(`stops a loop through an open window after maxSteps (default ${DEFAULT_MAX_STEPS}) nodes, queueing nothing`, () => {
    const result = enter(spinning, MONDAY_10)
    expect(result.state).toMatchObject({ status: "failed", exit_reason: "error", wake_at: null, awaiting: null })
    expect(result).toMatchObject({ ended: true, exit_reason: "error", effects: [] })
    expect(result.activities).toHaveLength(1)
    expect(result.activities[0]).toMatchObject({ type: "error", reason: expect.stringMatching(/^visited 100 nodes/) })
    expect(result.activities[0].data?.visited).toHaveLength(DEFAULT_MAX_STEPS)

    expect(enter(spinning, MONDAY_10, {}, { maxSteps: 5 }).activities[0].data?.visited).toEqual([
      "again",
      "n2",
      "again",
      "n2",
      "again",
    ])
    // Outside the window the same journey waits as it should.
    expect(enter(spinning, at("2026-01-05T23:59:30+01:00")).state.status).toBe("waiting")
  })

  it("a missing edge fails at the node it should leave", () => {
    const definition = unchecked({
      schema_version: 1,
      trigger: { type: "event", event: "order.placed" },
      settings: { reentry: "multiple", timezone: "UTC" },
      entry_node: "s1",
      nodes: [
        { id: "s1", type: "send", channel: "email", template_id: "a" },
        { id: "x1", type: "exit" },
      ],
      edges: [],
    })
    const result = enter(definition)
    expect(result.state).toMatchObject({ status: "failed", current_node: "s1", exit_reason: "error" })
    expect(result.effects).toEqual([])
    expect(result.activities).toEqual([
      {
        type: "error",
        node_id: "s1",
        reason: 'no edge leaves "s1" by port "next"',
        data: { visited: ["s1"] },
        occurred_at: MONDAY_10,
      },
    ])
  })

  it("an edge to a node that does not exist, or an entry node that does not exist", () => {
    const base = {
      schema_version: 1 as const,
      trigger: { type: "event" as const, event: "order.placed" },
      settings: { reentry: "multiple" as const, timezone: "UTC" },
      nodes: [{ id: "w1", type: "wait" as const, duration: "P1D" }],
    }
    const dangling = unchecked({ ...base, entry_node: "w1", edges: [{ from: "w1", port: "next", to: "ghost" }] })
    const woke = wake(dangling, enter(dangling), later(MONDAY_10, DAY))
    expect(woke.state).toMatchObject({ status: "failed", current_node: "ghost" })
    expect(woke.activities[0].reason).toBe('node "ghost" is not in the journey')

    const noEntry = enter(unchecked({ ...base, entry_node: "nowhere", edges: [] }))
    expect(noEntry.state).toMatchObject({ status: "failed", current_node: "nowhere" })
  })

  it("a stored state the definition cannot explain", () => {
    const definition = define((path) => path.send(email("a")).wait("P1D"))
    const due = { wake_at: MONDAY_10, awaiting: null, status: "waiting" as const }

    const unknownNode = advance(definition, enrollment({ ...due, current_node: "gone" }), { type: "wake" }, MONDAY_10)
    expect(unknownNode.state).toMatchObject({ status: "failed", current_node: "gone" })

    const notAWait = advance(definition, enrollment({ ...due, current_node: "n1" }), { type: "wake" }, MONDAY_10)
    expect(notAWait.activities[0].reason).toBe('waiting at "n1", a send node, which does not wait')

    const nowhere = advance(definition, enrollment({ ...due, current_node: null }), { type: "wake" }, MONDAY_10)
    expect(nowhere.activities[0]).toMatchObject({ type: "error", node_id: null, reason: "waiting at no node" })
  })

  it("an invalid clock or event time changes nothing; an invalid history fails instead of throwing", () => {
    const definition = define((path) => path.send(email("a")).wait("P1D"), { goal: { event: "order.placed" } })
    const fresh = enrollment()
    expectNoop(advance(definition, fresh, { type: "enter" }, new Date(Number.NaN)), fresh, /not a valid date/)
    const waiting = enter(definition)
    const undated: AdvanceInput = { type: "event", name: "order.placed", occurred_at: new Date("someday") }
    expectNoop(advance(definition, waiting.state, undated, MONDAY_10), waiting.state, /not a valid date/)

    const capped = define((path) => path.frequencyCap({ max: 1, within: "P1D" }))
    const badHistory = enter(capped, MONDAY_10, {}, { messageHistory: [{ queued_at: "yesterday" as unknown as Date }] })
    expect(badHistory.state.status).toBe("failed")
    expect(badHistory.activities[0].reason).toMatch(/^unexpected error: /)
  })

  it("an unknown input changes nothing", () => {
    const fresh = enrollment()
    const jump = { type: "jump" } as unknown as AdvanceInput
    const result = advance(define((path) => path.wait("P1D")), fresh, jump, MONDAY_10)
    expectNoop(result, fresh, /unknown input/)
  })
})

// ---------------------------------------------------------------------------------------------
// Properties over random journeys and random inputs

/** A few variants of each node type, enough to reach every port and every kind of wait. */
type Unplaced<Node> = Node extends unknown ? Omit<Node, "id"> : never
const VARIANTS: Record<Exclude<JourneyNodeType, "exit">, Unplaced<JourneyNode>[]> = {
  send: [
    { type: "send", channel: "email", template_id: "promo", category: "marketing", tag: "promo" },
    { type: "send", channel: "push", template_id: "note", category: "transactional" },
  ],
  wait: [
    { type: "wait", duration: "PT2H" },
    { type: "wait", duration: "P1D" },
  ],
  wait_until: [
    { type: "wait_until", days: ["mon", "tue", "wed", "thu", "fri"], from: "09:00", to: "17:00", zone: "recipient" },
    { type: "wait_until", from: "00:00", to: "23:59", zone: "journey" },
    { type: "wait_until", from: "22:00", to: "06:00", zone: "journey" },
  ],
  wait_for_event: [
    {
      type: "wait_for_event",
      timeout: "PT6H",
      events: [
        { port: "opened", event: "message.opened", where: channel("email") },
        { port: "clicked", event: "message.clicked" },
      ],
    },
    { type: "wait_for_event", events: [{ port: "viewed", event: "product.viewed" }] },
  ],
  condition: [
    {
      type: "condition",
      branches: [
        { port: "big", where: { field: "cart.total", op: "gt", value: 100 } },
        { port: "fr", where: { field: "customer.country", op: "eq", value: "FR" } },
      ],
    },
  ],
  random_split: [
    {
      type: "random_split",
      branches: [
        { port: "a", percent: 30 },
        { port: "b", percent: 70 },
      ],
    },
  ],
  frequency_cap: [
    { type: "frequency_cap", tag: "promo", max: 1, within: "P1D" },
    { type: "frequency_cap", max: 2, within: "PT12H" },
  ],
  update_customer: [{ type: "update_customer", metadata: { touched: true } }],
  webhook: [{ type: "webhook", url: "https://example.com/hook" }],
}
const VARIANT_LIST = Object.values(VARIANTS).flat()
const WAITS = new Set<string>(["wait", "wait_until", "wait_for_event"])
const EVENTS = ["message.opened", "message.clicked", "product.viewed", "order.placed", "cart.updated"]
const START = at("2026-03-27T08:00:00Z")

/**
 * Nodes n0…n(k−1) then an exit. Each node's first port leads on to the next node, so every node is
 * reachable; other ports jump ahead, and only waits may jump back (loops must go through a wait).
 * A wait_for_event without timeout needs a goal; the validator filters what the choices break.
 */
const journeys = fc
  .record({
    nodes: fc.array(
      fc.record({
        variant: fc.nat(VARIANT_LIST.length - 1),
        jumps: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
        back: fc.boolean(),
      }),
      { minLength: 1, maxLength: 8 }
    ),
    goal: fc.option(fc.constantFrom("order.placed", "message.clicked"), { nil: undefined }),
    endAfterHours: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }),
  })
  .map(({ nodes, goal, endAfterHours }) => {
    const exitIndex = nodes.length
    const built = nodes.map(({ variant }, index) => ({ ...VARIANT_LIST[variant], id: `n${index}` }) as JourneyNode)
    const edges = built.flatMap((node, index) =>
      outputPorts(node).map((port, portIndex) => {
        const jump = nodes[index].jumps[portIndex % 3]
        const mayGoBack = WAITS.has(node.type) && (portIndex > 0 || nodes[index].back)
        const ahead = portIndex === 0 ? index + 1 : index + 1 + (jump % (exitIndex - index))
        const target = mayGoBack ? jump % (exitIndex + 1) : ahead
        return { from: node.id, port, to: target === exitIndex ? "x" : `n${target}` }
      })
    )
    return validateDefinition({
      schema_version: 1,
      trigger: { type: "event", event: "order.placed" },
      settings: {
        reentry: "multiple",
        timezone: PARIS,
        ...(goal && { goal: { event: goal } }),
        ...(endAfterHours && { end_at: later(START, endAfterHours * HOUR).toISOString() }),
      },
      entry_node: "n0",
      nodes: [...built, { id: "x", type: "exit" }],
      edges,
    }).definition
  })
  .filter((definition): definition is JourneyDefinition => definition !== undefined)

type Move =
  | { kind: "wake_due" | "wake" | "enter"; minutes: number }
  | { kind: "event"; minutes: number; stray: boolean; pick: number; channel: string; late: boolean }
  | { kind: "stop"; minutes: number }

/** True once in `times` draws. */
const onceIn = (times: number) => fc.nat(times - 1).map((draw) => draw === 0)

/** Mostly what moves an enrollment: due wakes and awaited events; sometimes noise. */
const moves: fc.Arbitrary<Move[]> = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant("wake_due" as const), minutes: fc.nat(600) }) },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant("event" as const),
        minutes: fc.nat(600),
        stray: onceIn(4),
        pick: fc.nat(),
        channel: fc.constantFrom("email", "push"),
        late: onceIn(6),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constantFrom("wake" as const, "enter" as const), minutes: fc.nat(3 * 1440) }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("stop" as const), minutes: fc.nat(600) }) }
  ),
  { maxLength: 12 }
)

const contexts = fc.record({
  customer: fc.record({ country: fc.constantFrom("FR", "DE") }),
  cart: fc.record({ total: fc.integer({ min: 0, max: 300 }) }),
})

const STATUSES = ["active", "waiting", "completed", "exited", "failed"]

/** Every promise a result keeps; plain checks rather than one expect each keep many runs fast. */
function brokenPromises(
  definition: JourneyDefinition,
  before: EnrollmentState,
  result: AdvanceResult,
  now: Date
): string[] {
  const broken: string[] = []
  const { state } = result
  const waiting = state.status === "waiting"
  if (!STATUSES.includes(state.status)) broken.push(`unknown status ${state.status}`)
  if (waiting !== (state.wake_at !== null || (state.awaiting?.length ?? 0) > 0)) {
    broken.push("waiting disagrees with wake_at / awaiting")
  }
  if (result.ended !== isEnded(state.status)) broken.push("ended disagrees with status")
  if (result.exit_reason !== state.exit_reason) broken.push("exit_reason differs from the state's")
  if (result.ended && (state.wake_at !== null || state.awaiting !== null)) broken.push("ended but still waiting")
  if ((state.status === "failed") !== (state.exit_reason === "error")) broken.push("failed without reason error")
  if (state.status === "completed" && state.exit_reason !== null) broken.push("completed with an exit reason")
  if (result.noop !== undefined) {
    if (state !== before || result.effects.length > 0 || result.activities.length > 0) {
      broken.push("noop changed something")
    }
  } else {
    if (state.status === "active") broken.push("left active")
    if (result.activities.length === 0) broken.push("a change with no activity")
    if (result.activities.some((activity) => activity.occurred_at.getTime() !== now.getTime())) {
      broken.push("activity not at now")
    }
  }
  if (waiting) {
    const node = definition.nodes.find((candidate) => candidate.id === state.current_node)
    if (!node || !WAITS.has(node.type)) broken.push(`waiting at ${state.current_node}, not a wait`)
    const goal = definition.settings.goal?.event
    if (goal && !state.awaiting?.includes(goal)) broken.push("waiting without awaiting the goal")
    const endAt = definition.settings.end_at
    if (endAt && state.wake_at && state.wake_at > new Date(endAt)) broken.push("wake_at after the end date")
    if (state.wake_at && state.wake_at <= now && result.noop === undefined) broken.push("wake_at not in the future")
  }
  const json = { bookkeeping: state.state, data: result.activities.map((activity) => activity.data ?? null) }
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(json)), json)) broken.push("bookkeeping or data not JSON")
  return broken
}

describe("advance on random journeys and inputs", () => {
  it("never throws, keeps the state consistent, and gives the same result for the same call", () => {
    fc.assert(
      fc.property(journeys, moves, contexts, fc.constantFrom("jenr_a", "jenr_b"), (definition, steps, context, id) => {
        let now = START
        let state = enrollment({ id, context, entered_at: START })
        const history: SentMessage[] = []
        const all: Move[] = [{ kind: "enter", minutes: 0 }, ...steps]
        for (const move of all) {
          now = later(now, move.minutes * 60_000)
          if (move.kind === "wake_due" && state.wake_at && state.wake_at > now) now = state.wake_at
          const names = move.kind === "event" && !move.stray && state.awaiting ? state.awaiting : EVENTS
          const input: AdvanceInput =
            move.kind === "event"
              ? {
                  type: "event",
                  name: names[move.pick % names.length],
                  data: { channel: move.channel },
                  occurred_at: move.late ? later(now, -DAY) : now,
                  context: { order: { total: 10 } },
                }
              : move.kind === "stop"
                ? { type: "stop", reason: "stopped" }
                : { type: move.kind === "enter" ? "enter" : "wake" }
          const env = { zone: NEW_YORK, messageHistory: [...history] }
          const snapshot = JSON.stringify(state)
          const result = advance(definition, state, input, now, env)
          const replay = advance(definition, state, input, now, env)
          const broken = brokenPromises(definition, state, result, now)
          if (!isDeepStrictEqual(result, replay)) broken.push("a replay gave another result")
          if (JSON.stringify(state) !== snapshot) broken.push("the given state was mutated")
          if (broken.length > 0) expect({ input, broken }).toEqual({ input, broken: [] })
          for (const effect of result.effects) {
            if (effect.type === "send") history.push({ tag: effect.tag, queued_at: now })
          }
          state = result.state
        }
      }),
      { numRuns: 1_500 }
    )
  })
})
