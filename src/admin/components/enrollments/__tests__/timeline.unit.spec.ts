import { advance, type JourneyDefinition } from "../../../../engine"
import type { EnrollmentActivity, EnrollmentDetail, EnrollmentEffect, EnrollmentMessage } from "../../../lib/api-enrollments"
import { readDraft, type DraftNode } from "../../../lib/editor/draft"
import { translator } from "../../editor/canvas/__tests__/translate"
import { describeEntry, describeRule, type DescribeContext } from "../describe"
import { buildTimeline, holdReason, readDeferral, type TimelineEntry } from "../timeline"

const en = translator("en")
const fr = translator("fr")
const T0 = "2026-03-02T09:00:00.000Z"
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString()

const activity = (id: string, type: string, fields: Partial<EnrollmentActivity> = {}): EnrollmentActivity => ({
  id, type, node_id: null, reason: null, data: null, occurred_at: T0, ...fields,
})
const message = (fields: Partial<EnrollmentMessage> = {}): EnrollmentMessage => ({
  id: "msg_1", node_id: "s1", channel: "email", template_id: "jtpl_1", recipient: "ada@example.com", category: "marketing",
  tag: null, status: "queued", attempts: 0, error: null, skip_reason: null, queued_at: T0,
  sent_at: null, delivered_at: null, opened_at: null, clicked_at: null, ...fields,
})
const effect = (fields: Partial<EnrollmentEffect> = {}): EnrollmentEffect => ({
  id: "eff_1", node_id: "h1", type: "webhook", status: "queued", attempts: 0, error: null, response_status: null,
  queued_at: T0, next_attempt_at: null, completed_at: null, ...fields,
})
const timeline = (parts: Partial<Pick<EnrollmentDetail, "activities" | "messages" | "effects">>) =>
  buildTimeline({ activities: [], messages: [], effects: [], ...parts })
const keys = (entries: TimelineEntry[]) =>
  entries.map((entry) => (entry.kind === "activity" ? `${entry.activity.type}${entry.message ? "+message" : ""}${entry.effect ? "+effect" : ""}` : `${entry.kind}:${entry.event}`))

const definition = {
  schema_version: 1,
  trigger: { type: "customer_created" },
  settings: { reentry: "once", timezone: "UTC" },
  entry_node: "c1",
  nodes: [
    { id: "c1", type: "condition", branches: [{ port: "vip", where: { field: "customer.email", op: "contains", value: "vip" } }] },
    { id: "w1", type: "wait", duration: "P1D" },
    { id: "vip_exit", type: "exit" },
    { id: "x1", type: "exit" },
  ],
  edges: [
    { from: "c1", port: "vip", to: "vip_exit" },
    { from: "c1", port: "else", to: "w1" },
    { from: "w1", port: "next", to: "x1" },
  ],
} as unknown as JourneyDefinition
const nodes = new Map(readDraft(definition).nodes.map((node): [string, DraftNode] => [node.id, node]))

function context(t = en, enrollment: Partial<DescribeContext["enrollment"]> = {}): DescribeContext {
  return {
    t,
    dateTime: (iso) => `<${iso}>`,
    number: (value) => String(value),
    money: (amount, currency) => `${amount} ${currency.toUpperCase()}`,
    nodes,
    enrollment: { conversion_order_id: null, conversion_value: null, context: null, ...enrollment },
  }
}

/** The interpreter's own lines for a customer entering `definition`, as the API returns them. */
function entered(email: string): EnrollmentActivity[] {
  const result = advance(
    definition,
    {
      id: "jenr_1", status: "active", current_node: null, wake_at: null, awaiting: null, state: null, exit_reason: null,
      context: { customer: { email } }, entered_at: new Date(T0),
    },
    { type: "enter" },
    new Date(T0)
  )
  return result.activities.map((line, index) => ({
    id: `act_${index}`,
    type: line.type,
    node_id: line.node_id,
    reason: line.reason,
    data: line.data ?? null,
    occurred_at: line.occurred_at.toISOString(),
  }))
}

describe("an enrollment's timeline", () => {
  it("tells a queued message once, then its delivery events in time order, a failure after its last known moment", () => {
    const entries = timeline({
      activities: [
        activity("a1", "entered", { node_id: "s1" }),
        activity("a2", "message_queued", { node_id: "s1" }),
        activity("a3", "waiting", { node_id: "w1", data: { wake_at: at(1440), awaiting: [] } }),
        activity("a4", "woke", { node_id: "w1", occurred_at: at(1440) }),
      ],
      messages: [
        message({ sent_at: at(1), delivered_at: at(2), opened_at: at(90) }),
        message({ id: "msg_2", node_id: "s2", queued_at: at(1440), sent_at: at(1441), status: "failed", error: "bounced", attempts: 3 }),
      ],
    })
    expect(keys(entries)).toEqual([
      "entered",
      "message_queued+message",
      "waiting",
      "message:sent",
      "message:delivered",
      "message:opened",
      "woke",
      "message:queued",
      "message:sent",
      "message:failed",
    ])
    expect(entries.at(-1)!.at).toBeNull()
  })

  it("joins the dispatcher's skip and the engine's effect lines to their rows", () => {
    const entries = timeline({
      activities: [
        activity("a1", "message_queued", { node_id: "s1" }),
        activity("a2", "webhook", { node_id: "h1", reason: "calls https://hooks.example.com" }),
        activity("a3", "message_skipped", { node_id: "s1", occurred_at: at(1), reason: "no marketing consent for email (the store's consent policy is opt-in)", data: { message_id: "msg_1" } }),
        activity("a4", "webhook", { node_id: "h1", occurred_at: at(2), reason: "delivered to https://hooks.example.com: HTTP 200", data: { effect_id: "eff_1", attempts: 1, response_status: 200 } }),
      ],
      messages: [message({ status: "skipped", skip_reason: "no marketing consent for email (the store's consent policy is opt-in)" })],
      effects: [
        effect({ status: "done", attempts: 1, response_status: 200, completed_at: at(2) }),
        // Queued by no line this admin can pair (older data): told from the row alone.
        effect({ id: "eff_2", type: "update_customer", node_id: "u1", queued_at: at(3), status: "failed", attempts: 5, error: "no customer", completed_at: at(4) }),
      ],
    })
    expect(keys(entries)).toEqual(["message_queued+message", "webhook+effect", "message_skipped+message", "webhook+effect", "effect:queued", "effect:failed"])
    const words = entries.map((entry) => describeEntry(entry, context()))
    expect(words[2]).toMatchObject({ title: "Message not sent", details: ["No marketing consent", expect.stringMatching(/^no marketing consent/)] })
    expect(words[3]).toMatchObject({ title: "Webhook called", details: ["delivered to https://hooks.example.com: HTTP 200"] })
    expect(words[5]).toMatchObject({ title: "Customer update failed", details: ["no customer", "5 attempts"], tone: "red" })
  })

  it("tells a webhook an admin cancelled after a failed attempt as cancelled, not as retrying", () => {
    const entries = timeline({
      effects: [effect({ status: "cancelled", attempts: 1, error: "HTTP 503", next_attempt_at: at(3), completed_at: at(2) })],
    })
    expect(keys(entries)).toEqual(["effect:queued", "effect:cancelled"])
    expect(describeEntry(entries[1], context())).toMatchObject({ title: "Webhook cancelled", tone: "grey" })
  })

  it("says which branch a condition took and the rule that decided it, from the engine's own lines", () => {
    const vip = timeline({ activities: entered("vip.ada@example.com") })
    expect(keys(vip)).toEqual(["entered", "branch", "completed"])
    const branch = describeEntry(vip[1], context())
    expect(branch).toEqual({
      title: "Took the branch “vip”",
      rule: 'customer.email contains "vip"',
      details: ['Evaluated: customer.email ("vip.ada@example.com") contains "vip"'],
      tone: "blue",
    })
    expect(describeEntry(vip[1], context(fr)).rule).toBe('customer.email contient "vip"')

    const other = timeline({ activities: entered("bob@example.com") })
    expect(keys(other)).toEqual(["entered", "branch", "waiting"])
    expect(describeEntry(other[1], context())).toMatchObject({
      title: "Took the branch “Everyone else”",
      details: ['“vip” not taken: customer.email contains "vip"', expect.stringMatching(/^Evaluated: "vip": customer\.email/)],
    })
    expect(describeEntry(other[2], context())).toMatchObject({ title: "Waits 1 day", details: ["Until <2026-03-03T09:00:00.000Z>"] })
    expect(describeEntry(other[2], context(fr))).toMatchObject({ title: "Attend 1 jour", details: ["Jusqu'au <2026-03-03T09:00:00.000Z>"] })
  })

  it("explains holds, deferrals, goals and exits, and shows a line it does not know as it is", () => {
    const describe = (line: EnrollmentActivity, enrollment?: Partial<DescribeContext["enrollment"]>) =>
      describeEntry({ kind: "activity", key: line.id, at: line.occurred_at, nodeId: line.node_id, activity: line }, context(en, enrollment))
    const deferral = activity("a1", "waiting", {
      node_id: "s1",
      reason: "quiet hours for email (21:00–08:00 Europe/Paris): sent at 2026-03-03T07:00:00.000Z",
      data: { message_id: "msg_1" },
    })
    expect(describe(deferral)).toEqual({
      title: "Message held back",
      details: ["Quiet hours", "quiet hours for email (21:00–08:00 Europe/Paris)", "Goes out at <2026-03-03T07:00:00.000Z>"],
      tone: "orange",
    })
    expect(describe(activity("a2", "goal", { data: { event: "order.placed" } }), { conversion_order_id: "order_1", conversion_value: 50, context: { order: { currency_code: "eur" } } })).toMatchObject({
      title: "Reached the goal: order.placed",
      details: ["Order order_1", "Value 50 EUR"],
    })
    expect(describe(activity("a3", "exited", { reason: "exited: the version was stopped by an admin" })).title).toBe("Left the journey: the version was stopped")
    expect(describe(activity("a4", "exited", { data: { exit_reason: "goal" } })).title).toBe("Left the journey: goal reached")
    expect(describe(activity("a5", "teleported", { reason: "beamed up", data: { to: "mars" } }))).toEqual({
      title: "teleported",
      details: ["beamed up"],
      tone: "grey",
      raw: JSON.stringify({ to: "mars" }, null, 2),
    })
    expect(describe(activity("a6", "branch", { node_id: "gone", data: { port: "b" }, reason: 'branch "b" (drew 51.20 of 100)' }))).toMatchObject({
      title: "Took the branch “b”",
      details: ['branch "b" (drew 51.20 of 100)'],
    })
  })

  it("recognises the dispatcher's reasons for holding a message back", () => {
    expect(
      [
        "the email address is suppressed (hard bounce or complaint)",
        "the number opted out of SMS (STOP)",
        "the recipient unsubscribed from marketing email",
        "no marketing consent for sms (the store's consent policy is opt-in)",
        "quiet hours for sms (21:00–08:00 Europe/Paris)",
        "frequency cap: 3 marketing email message(s) already sent within P7D",
        "no phone number to send to",
        "something new",
      ].map(holdReason)
    ).toEqual(["suppressed", "smsStop", "unsubscribed", "noConsent", "quietHours", "frequencyCap", "noAddress", undefined])
    expect(readDeferral("quiet hours for email (x): sent at 2026-03-03T07:00:00.000Z")).toEqual({ why: "quiet hours for email (x)", until: "2026-03-03T07:00:00.000Z" })
    expect(readDeferral("quiet hours")).toEqual({ why: "quiet hours" })
  })
})

describe("a rule in words", () => {
  it("reads conditions, groups and negations in the admin's language", () => {
    const rule = {
      all: [
        { field: "cart.total", op: "gte", value: 100 },
        { any: [{ field: "customer.metadata.tier", op: "in", value: ["gold", "silver"] }, { not: { field: "customer.has_account", op: "eq", value: true } }] },
        { field: "enrollment.entered_at", op: "within_last", value: "P2D" },
        { field: "customer.phone", op: "exists", value: false },
      ],
    }
    expect(describeRule(rule, en)).toBe(
      'cart.total is at least 100 and (customer.metadata.tier is one of "gold", "silver" or not (customer.has_account equals Yes)) and enrollment.entered_at is within the last 2 days and customer.phone is missing'
    )
    expect(describeRule({ field: "order.created_at", op: "before", value: "2026-01-01" }, fr)).toBe("order.created_at est avant 2026-01-01")
    expect(describeRule({ field: "x", op: "resembles", value: 1 }, en)).toBe("x resembles 1")
    expect(describeRule({ all: [] }, en)).toBe("always")
    expect(describeRule("nonsense", en)).toBe('"nonsense"')
  })
})
