import { NODE_TYPES } from "../../../../../engine"
import type { DraftNode, DraftTrigger } from "../../../../lib/editor/draft"
import { createNode } from "../../../../lib/editor/operations"
import { STEP_CHOICES, STEP_GROUPS } from "../steps"
import {
  describeDays,
  describeStep,
  describeTrigger,
  formatDuration,
  formatMinutes,
  isTriggerUnfinished,
  portLabel,
  stepLabelKey,
} from "../summaries"
import { translator } from "./translate"

const en = translator("en")
const fr = translator("fr")
const blank = { schema_version: 1 as const, nodes: [], edges: [] }
const node = (fields: Record<string, unknown>) => fields as unknown as DraftNode

describe("step summaries", () => {
  it("sums up each kind of step in one line", () => {
    const lines = [
      node({ id: "s", type: "send", channel: "email", template_id: "cart-reminder", category: "marketing" }),
      node({ id: "r", type: "send", channel: "sms", template_id: "receipt", category: "transactional" }),
      node({ id: "w", type: "wait", duration: "P1DT2H" }),
      node({ id: "u", type: "wait_until", days: ["mon", "tue", "wed", "thu", "fri"], from: "09:00", to: "17:00", zone: "recipient" }),
      node({ id: "e", type: "wait_for_event", timeout: "P3D", events: [{ port: "a", event: "message.opened" }, { port: "b", event: "order.placed" }, { port: "c", event: "cart.updated" }] }),
      node({ id: "c", type: "condition", branches: [{ port: "vip", where: {} }, { port: "big", where: {} }] }),
      node({ id: "p", type: "random_split", branches: [{ port: "a", percent: 50 }, { port: "b", percent: 50 }] }),
      node({ id: "f", type: "frequency_cap", max: 2, within: "P7D", tag: "promo" }),
      node({ id: "m", type: "update_customer", metadata: { vip: true, tier: "gold" }, add_to_group: "cusgroup_1" }),
      node({ id: "h", type: "webhook", url: "https://hooks.example.com/journeys?x=1" }),
      node({ id: "x", type: "exit" }),
    ].map((step) => describeStep(step, en))
    expect(lines).toEqual([
      "Template cart-reminder",
      "Template receipt · Transactional",
      "1 day 2 hours",
      "Mon–Fri · 09:00–17:00 · recipient's time",
      "message.opened, order.placed +1 more · up to 3 days",
      "2 branches, then everyone else",
      "a 50% · b 50%",
      "At most 2 messages in 7 days · tag promo",
      "Sets vip, tier · Adds to group cusgroup_1",
      "Calls hooks.example.com",
      "Leaves the journey",
    ])
  })

  it("names a send's template as the store named it, and shows an unknown one by its id", () => {
    const names = new Map([["jtpl_1", "Cart reminder"]])
    const send = (template_id: string) => node({ id: "s", type: "send", channel: "email", template_id, category: "marketing" })
    expect(describeStep(send("jtpl_1"), en, { template: (id) => names.get(id) })).toBe("Template Cart reminder")
    expect(describeStep(send("jtpl_gone"), en, { template: (id) => names.get(id) })).toBe("Template jtpl_gone")
  })

  it("names an update's customer group as the store named it, and shows an unknown one by its id", () => {
    const groups = new Map([["cusgroup_1", "Loyal buyers"]])
    const update = (add_to_group: string) => node({ id: "u", type: "update_customer", add_to_group })
    expect(describeStep(update("cusgroup_1"), en, { group: (id) => groups.get(id) })).toBe("Adds to group Loyal buyers")
    expect(describeStep(update("cusgroup_gone"), en, { group: (id) => groups.get(id) })).toBe("Adds to group cusgroup_gone")
    // Save audience names its group, which may not exist yet.
    expect(describeStep(node({ id: "s", type: "update_customer", add_to_group_named: "High churn risk" }), en)).toBe("Save audience to “High churn risk”")
  })

  it("says what is missing on a step just added, in both languages", () => {
    const fresh = NODE_TYPES.map((type) => createNode(type, blank))
    expect(fresh.map((step) => describeStep(step, en))).toEqual([
      "No template chosen",
      "1 day",
      "Every day · 09:00–17:00 · recipient's time",
      "No event chosen · up to 1 day",
      "1 branch, then everyone else",
      "a 50% · b 50%",
      "At most 1 message in 1 day",
      "Nothing to change yet",
      "No URL yet",
      "Leaves the journey",
    ])
    expect(fresh.map((step) => describeStep(step, fr))).toEqual([
      "Aucun modèle choisi",
      "1 jour",
      "Tous les jours · 09:00–17:00 · heure du destinataire",
      "Aucun événement choisi · 1 jour au plus",
      "1 branche, puis tous les autres",
      "a 50 % · b 50 %",
      "Au plus 1 message en 1 jour",
      "Aucune modification pour l'instant",
      "Aucune URL pour l'instant",
      "Quitte le parcours",
    ])
  })

  it("reads a draft's wrong or missing fields without failing", () => {
    const odd = [
      node({ id: "a", type: "send", template_id: 42 }),
      node({ id: "b", type: "wait", duration: "P2M" }),
      node({ id: "c", type: "wait_until", days: "mon", zone: "journey" }),
      node({ id: "d", type: "wait_for_event", events: "none" }),
      node({ id: "e", type: "condition", branches: null }),
      node({ id: "f", type: "random_split", branches: [null, { port: "b" }] }),
      node({ id: "g", type: "frequency_cap", max: "2" }),
      node({ id: "h", type: "update_customer", metadata: [] }),
      node({ id: "i", type: "webhook", url: "not a url" }),
      node({ id: "j", type: "teleport" }),
    ]
    expect(odd.map((step) => describeStep(step, en))).toEqual([
      "No template chosen",
      "P2M",
      "Every day · No hours set · journey's time zone",
      "No event chosen · no time limit",
      "No branch yet",
      "? ?% · b ?%",
      "No limit set",
      "Nothing to change yet",
      "Calls not a url",
      "Unknown step type “teleport”",
    ])
  })

  it("names steps by kind, a send by its channel", () => {
    expect(stepLabelKey("send", "sms")).toBe("send_sms")
    expect(stepLabelKey("send", "fax")).toBe("send")
    expect(stepLabelKey("wait_until")).toBe("wait_until")
    expect(stepLabelKey("teleport")).toBe("unknown")
  })
})

describe("durations and days", () => {
  it("writes ISO durations and minutes in words, keeping what it cannot read", () => {
    expect(formatDuration("PT30M", en)).toBe("30 minutes")
    expect(formatDuration("P2DT1H1M", fr)).toBe("2 jours 1 heure 1 minute")
    // A week is 7 days; a month has no fixed length in days: shown as written.
    expect(formatDuration("P1W", en)).toBe("7 days")
    expect(formatDuration("P1M", en)).toBe("P1M")
    expect(formatDuration("", en)).toBeNull()
    expect(formatDuration(undefined, en)).toBeNull()
    expect(formatMinutes(90, en)).toBe("1 hour 30 minutes")
    expect(formatMinutes(1440, en)).toBe("1 day")
    expect(formatMinutes(0, en)).toBe("0 minutes")
  })

  it("groups consecutive weekdays", () => {
    expect(describeDays(["mon", "tue", "wed"], en)).toBe("Mon–Wed")
    expect(describeDays(["sat", "sun"], en)).toBe("Sat, Sun")
    expect(describeDays(["fri", "mon", "wed", "thu"], en)).toBe("Mon, Wed–Fri")
    expect(describeDays(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], en)).toBe("Every day")
    expect(describeDays(undefined, fr)).toBe("Tous les jours")
    expect(describeDays([], en)).toBe("No day")
    expect(describeDays(["mon", "tue", "wed", "thu", "fri"], fr)).toBe("lun.–ven.")
  })
})

describe("a condition testing segments", () => {
  it("names the segments its branches test, in or not in, by their names when known", () => {
    const inSegment = (id: string) => ({ field: "customer.segments", op: "contains" as const, value: id })
    const node: DraftNode = {
      id: "c1",
      type: "condition",
      branches: [
        { port: "vip", where: inSegment("jseg_vip") },
        { port: "others", where: { all: [{ not: inSegment("jseg_churned") }, { field: "cart.total", op: "gt", value: 50 }, inSegment("jseg_vip")] } },
      ],
    }
    const names = { segment: (id: string) => (id === "jseg_vip" ? "VIP" : undefined) }
    expect(describeStep(node, en, names)).toBe("Segments VIP, jseg_churned · 2 branches, then everyone else")
    expect(describeStep({ id: "c2", type: "condition", branches: [{ port: "a", where: inSegment("jseg_vip") }] }, fr, names)).toBe(
      "Segment VIP · 1 branche, puis tous les autres"
    )
  })
})

describe("the trigger node", () => {
  const cases: [DraftTrigger | undefined, string, string, boolean][] = [
    [undefined, "No trigger yet", "Choose what starts the journey", true],
    [{ type: "cart_abandoned", idle_minutes: 60 }, "Abandoned cart", "After 1 hour idle", false],
    [{ type: "cart_abandoned", idle_minutes: 45, where: { field: "cart.total", op: "gt", value: 50 } }, "Abandoned cart", "After 45 minutes idle · with conditions", false],
    [{ type: "cart_abandoned" }, "Abandoned cart", "No idle time set", true],
    [{ type: "event", event: "order.placed" }, "On an event", "order.placed", false],
    [{ type: "event" }, "On an event", "No event chosen", true],
    [{ type: "customer_created" }, "New customer", "When a customer account is created", false],
    [{ type: "segment", segment_id: "vip" }, "Segment entry", "Segment vip", false],
    [{ type: "segment", segment_id: "" }, "Segment entry", "No segment chosen", true],
    [{ type: "segment", segment_id: "vip", repeat: { at: "08:00" } }, "Segment entry", "Segment vip · Every day at 08:00", false],
    [
      { type: "segment", segment_id: "vip", repeat: { at: "07:30", days: ["mon", "tue", "wed"] }, dedupe_by_email: true },
      "Segment entry",
      "Segment vip · Mon–Wed at 07:30 · one per email",
      false,
    ],
  ]
  it.each(cases)("shows %j as what starts the journey", (trigger, title, summary, unfinished) => {
    expect(describeTrigger(trigger, en)).toEqual({ title, summary })
    expect(isTriggerUnfinished(trigger)).toBe(unfinished)
  })

  it("speaks French", () => {
    expect(describeTrigger({ type: "cart_abandoned", idle_minutes: 120 }, fr)).toEqual({
      title: "Panier abandonné",
      summary: "Après 2 heures d'inactivité",
    })
    expect(describeTrigger({ type: "segment", segment_id: "vip", repeat: { at: "08:00", days: ["sat"] }, dedupe_by_email: true }, fr).summary).toBe(
      "Segment vip · sam. à 08:00 · une par e-mail"
    )
  })
})

describe("port labels", () => {
  it("translates the engine's fixed ports and keeps the merchant's names", () => {
    const condition = node({ id: "c", type: "condition", branches: [{ port: "else_vip", where: {} }] })
    const cap = node({ id: "f", type: "frequency_cap", max: 1, within: "P1D" })
    const wait = node({ id: "e", type: "wait_for_event", events: [{ port: "timeout_2", event: "x" }], timeout: "P1D" })
    const split = node({ id: "s", type: "random_split", branches: [{ port: "a", percent: 30 }, { port: "b" }] })
    expect([portLabel(condition, "else_vip", en), portLabel(condition, "else", en), portLabel(condition, "else", fr)]).toEqual([
      "else_vip",
      "Everyone else",
      "Tous les autres",
    ])
    expect([portLabel(cap, "ok", en), portLabel(cap, "capped", fr)]).toEqual(["Under the cap", "Limite atteinte"])
    expect([portLabel(wait, "timeout", en), portLabel(wait, "timeout_2", en)]).toEqual(["Timed out", "timeout_2"])
    expect([portLabel(split, "a", fr), portLabel(split, "b", en)]).toEqual(["a 30 %", "b"])
  })
})

describe("strings looked up by computed keys", () => {
  it.each(["en", "fr"] as const)("exist in %s for every step, group, weekday and port", (language) => {
    const t = translator(language)
    const keys = [
      ...STEP_CHOICES.map((choice) => `canvas.steps.${stepLabelKey(choice.type, choice.channel)}`),
      ...["send", "unknown"].map((key) => `canvas.steps.${key}`),
      ...STEP_GROUPS.map((group) => `canvas.groups.${group}`),
      ...["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((day) => `canvas.weekdays.${day}`),
      ...["days", "hours", "minutes"].map((unit) => `duration.${unit}`),
    ]
    for (const key of keys) expect(t(key, { count: 2 })).not.toBe("")
  })
})
