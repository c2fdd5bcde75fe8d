import fc from "fast-check"
import { z } from "zod"

import { checkRule, evaluateRule, Rule, RULE_OPS, RULE_ROOTS, RuleContext, RuleOp, ruleSchema } from "../rules"
import { ANY_VALUE } from "./fixtures"

const now = new Date("2026-06-15T12:00:00Z")

const context: RuleContext = {
  customer: {
    email: "Jane@Example.com",
    first_name: "Jane",
    has_account: true,
    created_at: "2026-06-14T08:00:00Z",
    metadata: {
      vip: true,
      points: "120",
      gender: null,
      tags: ["gold", "newsletter"],
      scores: [1, "2", { value: "3" }],
      next_visit: "2026-06-16T00:00:00Z",
    },
    groups: [{ name: "VIP" }, { name: "Wholesale" }],
    addresses: [],
  },
  cart: {
    id: "cart_1",
    email: "jane@example.com",
    total: 249.5,
    subtotal: "249.5",
    raw_total: { value: "249.5", precision: 20 },
    created_at: new Date("2026-06-13T12:00:00Z"),
    updated_at: Date.parse("2026-06-15T11:00:00Z"),
    items: [
      {
        product_id: "prod_1",
        quantity: 1,
        unit_price: 50,
        product: { collection: { title: "Exercise equipment" }, tags: [{ value: "yoga" }, { value: "mat" }] },
      },
      { product_id: "prod_2", quantity: 3, unit_price: "66.5", product: { collection: null, tags: [] } },
    ],
  },
  event: { name: "order.placed", data: { id: "order_1" } },
  enrollment: { attempt: 2 },
}

/** A condition; `value` left out when undefined, as a store owner writes `exists`. */
const when = (field: string, op: RuleOp, value?: unknown): Rule =>
  value === undefined ? { field, op } : { field, op, value }
const verdict = (field: string, op: RuleOp, value?: unknown) => evaluateRule(when(field, op, value), context, now)

type Case = [string, RuleOp, unknown, boolean]

/** Each row: field, op, value, expected result. */
const check = (title: string, cases: Case[]) =>
  it.each(cases)(`${title}: %s %s %j → %s`, (field, op, value, expected) => {
    expect(verdict(field, op, value).matched).toBe(expected)
  })

// ---------------------------------------------------------------------------------------------
// Random rules and contexts

const KEYS = ["a", "b", "items", "0", "1", "value", "total", "created_at", "name", "__proto__", "constructor", "length"]

const anything = fc.anything({ ...ANY_VALUE, key: fc.oneof(fc.constantFrom(...KEYS), fc.string()) })

const field = fc
  .tuple(
    fc.constantFrom(...RULE_ROOTS),
    fc.array(fc.oneof(fc.constantFrom(...KEYS), fc.stringMatching(/^[^.]+$/)), { maxLength: 4 }),
  )
  .map(([root, path]) => [root, ...path].join("."))

const scalar = fc.oneof(
  fc.string(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constantFrom("Jane@Example.com", "249.5", "2026-06-14", "2026-06-14T12:00:00+02:00"),
)
const isoDate = fc
  .date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2200-01-01T00:00:00Z"), noInvalidDate: true })
  .map((date) => date.toISOString())

const condition = <Op extends RuleOp>(ops: Op[], value: fc.Arbitrary<unknown>) =>
  fc.record({ field, op: fc.constantFrom(...ops), value })

const validRule: fc.Arbitrary<Rule> = fc.letrec<{ rule: Rule }>((tie) => ({
  rule: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    condition(["eq", "neq", "contains"], scalar),
    condition(["in", "nin"], fc.array(scalar, { minLength: 1, maxLength: 4 })),
    condition(["gt", "gte", "lt", "lte"], fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), isoDate)),
    condition(["before", "after"], isoDate),
    condition(["within_last"], fc.constantFrom("P2D", "PT1H", "P1Y2M", "P1W", "PT0.5S", "P100Y")),
    fc.record({ field, op: fc.constant("exists" as const), value: fc.boolean() }, { requiredKeys: ["field", "op"] }),
    fc.record({ all: fc.array(tie("rule"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie("rule"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie("rule") }),
  ),
})).rule

/** Rule-shaped but often invalid input, to exercise the validator beyond random junk. */
const ruleLike = fc.letrec<{ rule: unknown }>((tie) => ({
  rule: fc.oneof(
    { depthSize: "small" },
    fc.record(
      { field: fc.oneof(field, anything), op: fc.oneof(fc.constantFrom(...RULE_OPS), anything), value: anything },
      { requiredKeys: [] },
    ),
    fc.record({ all: fc.oneof(fc.array(tie("rule"), { maxLength: 3 }), anything) }),
    fc.record({ any: fc.array(tie("rule"), { maxLength: 3 }), extra: anything }, { requiredKeys: ["any"] }),
    fc.record({ not: tie("rule") }),
  ),
})).rule

/** Contexts whose keys often match the generated paths. */
const ruleContext = fc.oneof(
  anything,
  fc.record(
    { customer: anything, cart: anything, order: anything, event: anything, enrollment: anything },
    { requiredKeys: [] },
  ),
)

describe("evaluateRule: conditions", () => {
  describe("eq", () => {
    check("strings", [
      ["customer.first_name", "eq", "Jane", true],
      ["customer.first_name", "eq", "jane", false],
      ["customer.first_name", "eq", "Jan", false],
      ["customer.email", "eq", "jane@example.com", true],
      ["customer.email", "eq", "JANE@EXAMPLE.COM", true],
      ["cart.email", "eq", "Jane@Example.com", true],
      ["customer.email", "eq", "jane@example.org", false],
    ])
    check("numbers", [
      ["cart.total", "eq", 249.5, true],
      ["cart.total", "eq", 250, false],
      ["cart.subtotal", "eq", 249.5, true],
      ["cart.raw_total", "eq", 249.5, true],
      ["cart.total", "eq", "249.5", true],
      ["cart.total", "eq", "249.50", true],
      ["enrollment.attempt", "eq", 2, true],
    ])
    check("booleans", [
      ["customer.metadata.vip", "eq", true, true],
      ["customer.metadata.vip", "eq", false, false],
      ["customer.has_account", "eq", true, true],
    ])
    check("dates as instants", [
      ["cart.created_at", "eq", "2026-06-13T12:00:00Z", true],
      ["cart.created_at", "eq", "2026-06-13T14:00:00+02:00", true],
      ["cart.updated_at", "eq", "2026-06-15T11:00:00.000Z", true],
      ["customer.created_at", "eq", "2026-06-14T10:00:00+02:00", true],
      ["customer.created_at", "eq", "2026-06-14", false],
      ["cart.created_at", "eq", "2026-06-13", false],
    ])
    check("missing", [
      ["customer.metadata.unknown", "eq", "x", false],
      ["customer.metadata.gender", "eq", "f", false],
      ["order.id", "eq", "order_1", false],
      ["customer.first_name.length", "eq", 4, false],
    ])
    check("type mismatches", [
      ["customer.metadata.vip", "eq", "true", false],
      ["customer.metadata.points", "eq", true, false],
      ["customer.first_name", "eq", 0, false],
      ["customer.metadata", "eq", "x", false],
      ["customer.metadata.tags", "eq", "gold", false],
      ["cart.total", "eq", "2026-01-01", false],
    ])
    check("arrays of objects: any element", [
      ["customer.groups.name", "eq", "VIP", true],
      ["customer.groups.name", "eq", "Wholesale", true],
      ["customer.groups.name", "eq", "Retail", false],
      ["cart.items.product.collection.title", "eq", "Exercise equipment", true],
      ["cart.items.product.collection.title", "eq", "exercise equipment", false],
      ["cart.items.product.tags.value", "eq", "mat", true],
      ["cart.items.unit_price", "eq", 66.5, true],
    ])
    check("array indexes", [
      ["cart.items.0.product_id", "eq", "prod_1", true],
      ["cart.items.1.product_id", "eq", "prod_1", false],
      ["cart.items.1.product_id", "eq", "prod_2", true],
      ["customer.metadata.tags.1", "eq", "newsletter", true],
      ["cart.items.7.product_id", "eq", "prod_1", false],
    ])
  })

  describe("neq (exactly not eq)", () => {
    check("values", [
      ["customer.first_name", "neq", "John", true],
      ["customer.first_name", "neq", "Jane", false],
      ["customer.email", "neq", "JANE@example.com", false],
      ["cart.total", "neq", 200, true],
      ["cart.subtotal", "neq", 249.5, false],
    ])
    check("missing matches", [
      ["customer.metadata.unknown", "neq", "x", true],
      ["customer.metadata.gender", "neq", "f", true],
    ])
    check("type mismatch matches", [["customer.metadata.vip", "neq", "true", true]])
    check("arrays: no element may be equal", [
      ["customer.groups.name", "neq", "VIP", false],
      ["customer.groups.name", "neq", "Retail", true],
    ])
  })

  describe("in / nin", () => {
    check("in", [
      ["customer.first_name", "in", ["Jane", "John"], true],
      ["customer.first_name", "in", ["John"], false],
      ["cart.total", "in", [100, 249.5], true],
      ["cart.subtotal", "in", [249.5], true],
      ["customer.email", "in", ["JANE@example.com"], true],
      ["customer.groups.name", "in", ["Retail", "Wholesale"], true],
      ["customer.metadata.unknown", "in", ["x"], false],
      ["customer.metadata.vip", "in", ["true"], false],
      ["customer.first_name", "in", "Jane", false],
    ])
    check("nin", [
      ["customer.first_name", "nin", ["John"], true],
      ["customer.first_name", "nin", ["Jane", "John"], false],
      ["customer.groups.name", "nin", ["Wholesale"], false],
      ["customer.groups.name", "nin", ["Retail"], true],
      ["customer.metadata.unknown", "nin", ["x"], true],
      ["customer.metadata.vip", "nin", ["true"], true],
    ])
  })

  describe("gt / gte / lt / lte", () => {
    check("numbers", [
      ["cart.total", "gt", 200, true],
      ["cart.total", "gt", 249.5, false],
      ["cart.total", "gte", 249.5, true],
      ["cart.total", "gte", 250, false],
      ["cart.total", "lt", 300, true],
      ["cart.total", "lt", 249.5, false],
      ["cart.total", "lte", 249.5, true],
      ["cart.total", "lte", 249, false],
      ["cart.total", "gt", -1, true],
    ])
    check("numeric strings and BigNumber-like values", [
      ["cart.subtotal", "gt", 200, true],
      ["cart.subtotal", "lt", 200, false],
      ["cart.raw_total", "gte", 249.5, true],
      ["cart.raw_total", "lt", 249.5, false],
      ["customer.metadata.points", "gte", 100, true],
    ])
    check("dates", [
      ["cart.created_at", "gt", "2026-06-01", true],
      ["cart.created_at", "lt", "2026-06-01", false],
      ["customer.created_at", "lt", "2026-06-14T09:00:00Z", true],
      ["customer.created_at", "lte", "2026-06-14T10:00:00+02:00", true],
      ["customer.created_at", "gte", "2026-06-14T10:00:00+02:00", true],
      ["cart.updated_at", "gte", "2026-06-15T11:00:00Z", true],
      ["cart.updated_at", "gt", "2026-06-15T11:00:00Z", false],
    ])
    check("missing", [
      ["customer.metadata.unknown", "gt", 0, false],
      ["customer.metadata.unknown", "lte", 0, false],
      ["customer.metadata.gender", "lt", 10, false],
    ])
    check("type mismatches", [
      ["customer.first_name", "gt", 5, false],
      ["customer.first_name", "lte", 5, false],
      ["customer.metadata.vip", "gte", 0, false],
      ["customer.metadata", "gt", 0, false],
      ["customer.first_name", "gt", "2026-01-01", false],
      ["cart.created_at", "gt", 5, false],
      ["cart.total", "gt", "200", false],
      ["cart.total", "gt", true, false],
    ])
    check("arrays: any element", [
      ["cart.items.quantity", "gt", 2, true],
      ["cart.items.quantity", "gt", 3, false],
      ["cart.items.unit_price", "gte", 60, true],
      ["cart.items.unit_price", "lt", 50, false],
    ])
  })

  describe("before / after", () => {
    check("Date, ISO string and epoch ms", [
      ["cart.created_at", "before", "2026-06-14", true],
      ["cart.created_at", "after", "2026-06-14", false],
      ["customer.created_at", "after", "2026-06-14", true],
      ["customer.created_at", "before", "2026-06-14T09:00:00+02:00", false],
      ["cart.updated_at", "after", "2026-06-15T10:59:59Z", true],
      ["cart.updated_at", "before", "2026-06-15T10:59:59Z", false],
    ])
    check("strict bounds", [
      ["cart.created_at", "before", "2026-06-13T12:00:00Z", false],
      ["cart.created_at", "after", "2026-06-13T12:00:00Z", false],
    ])
    check("missing and mismatches", [
      ["customer.metadata.unknown", "before", "2030-01-01", false],
      ["customer.metadata.gender", "after", "2000-01-01", false],
      ["customer.first_name", "before", "2030-01-01", false],
      ["customer.metadata.points", "after", "2000-01-01", false],
      ["customer.metadata.vip", "after", "2000-01-01", false],
      ["cart.created_at", "before", 5, false],
      ["cart.created_at", "before", "not a date", false],
    ])
  })

  describe("within_last (now = 2026-06-15T12:00Z)", () => {
    check("dates", [
      ["customer.created_at", "within_last", "P2D", true],
      ["customer.created_at", "within_last", "PT12H", false],
      ["customer.created_at", "within_last", "PT28H", true],
      ["cart.created_at", "within_last", "P2D", true],
      ["cart.created_at", "within_last", "P1D", false],
      ["cart.created_at", "within_last", "PT47H59M59S", false],
      ["cart.updated_at", "within_last", "PT1H", true],
      ["cart.updated_at", "within_last", "PT59M", false],
      ["cart.updated_at", "within_last", "P1W", true],
    ])
    check("future dates are not within the last period", [
      ["customer.metadata.next_visit", "within_last", "P2D", false],
    ])
    check("missing, mismatches and invalid durations", [
      ["customer.metadata.unknown", "within_last", "P2D", false],
      ["customer.first_name", "within_last", "P2D", false],
      ["customer.metadata.vip", "within_last", "P2D", false],
      ["cart.created_at", "within_last", "2 days", false],
      ["cart.created_at", "within_last", 2, false],
    ])

    it("is relative to the given now", () => {
      const rule: Rule = { field: "cart.created_at", op: "within_last", value: "P1D" }
      expect(evaluateRule(rule, context, new Date("2026-06-14T11:59:59Z")).matched).toBe(true)
      expect(evaluateRule(rule, context, new Date("2026-06-14T12:00:00Z")).matched).toBe(true)
      expect(evaluateRule(rule, context, new Date("2026-06-14T12:00:01Z")).matched).toBe(false)
      expect(evaluateRule(rule, context, new Date("2026-06-13T11:59:59Z")).matched).toBe(false)
    })
  })

  describe("contains", () => {
    check("text: case-insensitive substring", [
      ["customer.first_name", "contains", "an", true],
      ["customer.first_name", "contains", "AN", true],
      ["customer.first_name", "contains", "x", false],
      ["customer.email", "contains", "@EXAMPLE.com", true],
      ["cart.subtotal", "contains", 249, true],
      ["cart.items.product.collection.title", "contains", "equipment", true],
    ])
    check("arrays: element membership", [
      ["customer.metadata.tags", "contains", "gold", true],
      ["customer.metadata.tags", "contains", "silver", false],
      ["customer.metadata.tags", "contains", "old", false],
      ["customer.metadata.scores", "contains", 2, true],
      ["customer.metadata.scores", "contains", "1", true],
      ["customer.metadata.scores", "contains", 3, true],
      ["customer.metadata.scores", "contains", 4, false],
      ["cart.items.product.tags.value", "contains", "yo", true],
    ])
    check("missing and mismatches", [
      ["customer.metadata.unknown", "contains", "x", false],
      ["cart.total", "contains", 2, false],
      ["customer.metadata.vip", "contains", true, false],
      ["customer.groups", "contains", "VIP", false],
      ["customer.first_name", "contains", true, false],
    ])
  })

  describe("exists", () => {
    check("present", [
      ["customer.email", "exists", undefined, true],
      ["customer.email", "exists", true, true],
      ["customer.email", "exists", false, false],
      ["customer.metadata.vip", "exists", undefined, true],
      ["customer.addresses", "exists", undefined, true],
      ["cart.items.product.collection.title", "exists", undefined, true],
      ["event", "exists", undefined, true],
    ])
    check("missing (absent, undefined or null)", [
      ["customer.phone", "exists", undefined, false],
      ["customer.phone", "exists", false, true],
      ["customer.metadata.gender", "exists", undefined, false],
      ["customer.metadata.gender", "exists", false, true],
      ["customer.addresses.id", "exists", undefined, false],
      ["order", "exists", undefined, false],
      ["order.id", "exists", false, true],
      ["cart.items.5", "exists", undefined, false],
    ])
    check("paths never reach into prototypes", [
      ["customer.constructor", "exists", undefined, false],
      ["customer.__proto__", "exists", undefined, false],
      ["customer.metadata.toString", "exists", undefined, false],
      ["customer.first_name.length", "exists", undefined, false],
      ["cart.items.length", "exists", undefined, false],
    ])
  })

  it("compares the same instant as a Date, an ISO string or epoch milliseconds", () => {
    const instant = "2026-06-14T12:00:00Z"
    for (const created_at of [new Date(instant), instant, "2026-06-14T14:00:00+02:00", Date.parse(instant)]) {
      const data: RuleContext = { customer: { created_at } }
      const holds = (op: RuleOp, value: unknown) => evaluateRule(when("customer.created_at", op, value), data, now).matched
      expect(holds("eq", "2026-06-14T12:00:00.000Z")).toBe(true)
      expect(holds("gt", "2026-06-14")).toBe(true)
      expect(holds("lte", "2026-06-14T12:00:00Z")).toBe(true)
      expect(holds("before", "2026-06-14T12:00:01Z")).toBe(true)
      expect(holds("after", "2026-06-14T11:59:59Z")).toBe(true)
      expect(holds("within_last", "P1D")).toBe(true)
      expect(holds("within_last", "PT23H")).toBe(false)
    }
  })

  it("treats ISO dates without an offset as UTC", () => {
    const data: RuleContext = { order: { created_at: "2026-06-14T00:30:00" } }
    expect(evaluateRule(when("order.created_at", "after", "2026-06-14T00:00:00Z"), data, now).matched).toBe(true)
    expect(evaluateRule(when("order.created_at", "before", "2026-06-14T01:00:00Z"), data, now).matched).toBe(true)
  })

  it("ignores invalid Dates", () => {
    const data: RuleContext = { order: { created_at: new Date(Number.NaN) } }
    for (const op of ["before", "after", "eq", "gt", "lt"] as const) {
      expect(evaluateRule(when("order.created_at", op, "2026-06-14"), data, now).matched).toBe(false)
    }
    expect(evaluateRule(when("order.created_at", "within_last", "P100Y"), data, now).matched).toBe(false)
  })
})

describe("evaluateRule: all / any / not", () => {
  const big: Rule = { field: "cart.total", op: "gt", value: 200 }
  const huge: Rule = { field: "cart.total", op: "gt", value: 1000 }
  const vip: Rule = { field: "customer.metadata.vip", op: "eq", value: true }
  const noGender: Rule = { field: "customer.metadata.gender", op: "exists" }

  it.each<[string, Rule, boolean]>([
    ["all true", { all: [big, vip] }, true],
    ["all with one false", { all: [big, huge] }, false],
    ["all of one", { all: [big] }, true],
    ["any with one true", { any: [huge, vip] }, true],
    ["any all false", { any: [huge, noGender] }, false],
    ["not false", { not: huge }, true],
    ["not true", { not: big }, false],
    ["not not", { not: { not: big } }, true],
    ["not of a missing value", { not: noGender }, true],
    ["nested", { all: [{ any: [huge, { not: noGender }] }, { not: { all: [big, huge] } }] }, true],
    ["nested, failing", { any: [{ all: [big, huge] }, { not: { any: [vip, huge] } }] }, false],
  ])("%s", (_, rule, expected) => {
    expect(evaluateRule(rule, context, now).matched).toBe(expected)
  })

  it("stops at the deciding condition", () => {
    // A condition after the decision is never looked at, so it cannot change the reason.
    expect(evaluateRule({ all: [huge, big] }, context, now).because).toBe("cart.total (249.5) gt 1000 is false")
    expect(evaluateRule({ any: [vip, huge] }, context, now).because).toBe("customer.metadata.vip (true) eq true")
  })
})

describe("evaluateRule: because", () => {
  it.each<[string, Rule, string]>([
    ["a matched condition", when("cart.total", "gt", 200), "cart.total (249.5) gt 200"],
    ["a failed condition", when("cart.total", "gt", 300), "cart.total (249.5) gt 300 is false"],
    ["a missing value", when("customer.metadata.gender", "eq", "f"), "customer.metadata.gender is missing"],
    ["exists false on a missing value", when("customer.phone", "exists", false), "customer.phone is missing"],
    ["exists on a present value", when("customer.email", "exists"), 'customer.email is present ("Jane@Example.com")'],
    ["a BigNumber-like value", when("cart.raw_total", "gte", 100), "cart.raw_total (249.5) gte 100"],
    ["a list", when("customer.first_name", "in", ["Jane", "John"]), 'customer.first_name ("Jane") in ["Jane", "John"]'],
    ["a Date", when("cart.created_at", "before", "2026-06-14"), 'cart.created_at (2026-06-13T12:00:00.000Z) before "2026-06-14"'],
    ["the matching array element", when("cart.items.quantity", "gt", 2), "cart.items.quantity (3) gt 2"],
    ["several values, none matching", when("cart.items.quantity", "gt", 5), "cart.items.quantity (2 values) gt 5 is false"],
    ["neq failing on one element", when("customer.groups.name", "neq", "VIP"), 'customer.groups.name ("VIP") neq "VIP" is false'],
    ["neq holding for all elements", when("customer.groups.name", "neq", "Retail"), 'customer.groups.name (2 values) neq "Retail"'],
    [
      "an array value",
      when("customer.metadata.tags", "contains", "gold"),
      'customer.metadata.tags (["gold", "newsletter"]) contains "gold"',
    ],
    ["an object value", when("customer.metadata", "eq", "x"), 'customer.metadata (an object) eq "x" is false'],
    ["all matched", { all: [when("cart.total", "gt", 200), when("customer.email", "exists")] }, "all 2 conditions matched"],
    ["none of any", { any: [when("cart.total", "gt", 900), when("customer.phone", "exists")] }, "none of 2 conditions matched"],
    ["not keeps the fact", { not: when("cart.total", "gt", 300) }, "cart.total (249.5) gt 300 is false"],
  ])("names %s", (_, rule, because) => {
    expect(evaluateRule(rule, context, now).because).toBe(because)
  })

  it("shortens long text", () => {
    const data: RuleContext = { customer: { note: "x".repeat(500) } }
    const { because } = evaluateRule({ field: "customer.note", op: "eq", value: "y" }, data, now)
    expect(because.length).toBeLessThan(120)
  })
})

describe("checkRule", () => {
  const condition = { field: "cart.total", op: "gt", value: 200 }

  it.each<[string, unknown]>([
    ["a condition", condition],
    ["all", { all: [condition, { field: "customer.email", op: "exists" }] }],
    ["any", { any: [condition] }],
    ["not", { not: condition }],
    ["nested groups", { all: [{ any: [condition, { not: { all: [condition] } }] }] }],
    ["a root-only field", { field: "order", op: "exists", value: false }],
    ["an indexed path", { field: "cart.items.0.product.collection.title", op: "eq", value: "Exercise equipment" }],
  ])("accepts %s", (_, rule) => {
    expect(checkRule(rule, "where")).toEqual([])
  })

  it.each<[RuleOp, unknown]>([
    ["eq", "x"],
    ["eq", 1],
    ["eq", false],
    ["neq", ""],
    ["contains", "gold"],
    ["contains", 2],
    ["in", ["FR", "BE"]],
    ["nin", [1, "2", true]],
    ["gt", 200],
    ["gte", -1.5],
    ["lt", "2026-01-31"],
    ["lte", "2026-01-31T09:00:00+02:00"],
    ["before", "2026-01-31"],
    ["after", "2026-01-31T09:00:00Z"],
    ["within_last", "P2D"],
    ["within_last", "PT12H"],
    ["exists", undefined],
    ["exists", true],
    ["exists", false],
  ])("accepts %s with %j", (op, value) => {
    expect(checkRule({ field: "cart.total", op, value }, "where")).toEqual([])
  })

  it.each<[RuleOp, unknown, RegExp]>([
    ["eq", undefined, /"eq" needs a value to compare with/],
    ["eq", null, /"eq" needs a value/],
    ["neq", {}, /"neq" needs a value/],
    ["contains", ["a"], /"contains" needs a value/],
    ["eq", Number.NaN, /"eq" needs a value/],
    ["in", "FR", /"in" needs a non-empty list/],
    ["in", [], /"in" needs a non-empty list/],
    ["nin", [{}], /"nin" needs a non-empty list/],
    ["gt", "abc", /"gt" needs a number, or an ISO date/],
    ["gt", "200", /"gt" needs a number/],
    ["lte", true, /"lte" needs a number/],
    ["lt", undefined, /"lt" needs a number/],
    ["gte", Number.POSITIVE_INFINITY, /"gte" needs a number/],
    ["before", 5, /"before" needs an ISO date or date-time/],
    ["after", "tomorrow", /"after" needs an ISO date/],
    ["before", "2026-02-30", /"before" needs an ISO date/],
    ["before", "2026", /"before" needs an ISO date/],
    ["within_last", "2 days", /"within_last" needs a positive ISO 8601 duration such as "P2D"/],
    ["within_last", "P0D", /"within_last" needs a positive ISO 8601 duration/],
    ["within_last", "-P1D", /"within_last" needs a positive/],
    ["within_last", 2, /"within_last" needs a positive/],
    ["within_last", undefined, /"within_last" needs a positive/],
    ["exists", "yes", /"exists" takes no value, or true\/false/],
    ["exists", 1, /"exists" takes no value/],
  ])("refuses %s with %j", (op, value, message) => {
    expect(checkRule({ field: "cart.total", op, value }, "where")).toEqual([
      { path: "where.value", message: expect.stringMatching(message) },
    ])
  })

  it.each<[string, unknown, string, RegExp]>([
    ["a string", "cart.total > 200", "where", /must be a rule: \{ "all": \[\.\.\.\] \}/],
    ["null", null, "where", /must be a rule/],
    ["an array", [condition], "where", /must be a rule/],
    ["an empty object", {}, "where", /must be a rule/],
    ["a bare value", { value: 1 }, "where", /must be a rule/],
    ["a non-array all", { all: condition }, "where.all", /"all" needs a list of rules/],
    ["an empty all", { all: [] }, "where.all", /"all" needs at least one rule/],
    ["an empty any", { any: [] }, "where.any", /"any" needs at least one rule/],
    ["an unknown key", { ...condition, extra: 1 }, "where", /^unexpected key "extra"$/],
    ["two forms", { all: [condition], any: [condition] }, "where", /^unexpected key "any"$/],
    ["two unknown keys", { not: condition, a: 1, b: 2 }, "where", /^unexpected keys "a", "b"$/],
    ["a missing field", { op: "exists" }, "where.field", /field must be a path such as "cart.total"/],
    ["a non-string field", { field: 3, op: "exists" }, "where.field", /field must be a path/],
    [
      "an unknown root",
      { field: "total", op: "exists" },
      "where.field",
      /field "total" must start with customer, cart, order, event or enrollment \(e.g. "cart.total"\)/,
    ],
    ["an empty field", { field: "", op: "exists" }, "where.field", /must start with customer/],
    ["an empty path part", { field: "cart..total", op: "exists" }, "where.field", /field "cart..total" has an empty part/],
    ["a trailing dot", { field: "cart.", op: "exists" }, "where.field", /empty part/],
    ["an unknown op", { field: "cart.total", op: "bigger", value: 1 }, "where.op", /op "bigger" is unknown; use one of eq, neq/],
    ["a missing op", { field: "cart.total", value: 1 }, "where.op", /op is missing; use one of/],
    ["an invalid inner rule", { not: { field: "cart.total" } }, "where.not.op", /op is missing/],
  ])("reports %s", (_, rule, path, message) => {
    expect(checkRule(rule, "where")).toEqual([{ path, message: expect.stringMatching(message) }])
  })

  it("prefixes the JSON path of every problem", () => {
    const rule = {
      all: [
        condition,
        { field: "cart.total", op: "bigger", value: 1 },
        { any: [{ not: { field: "x.y", op: "gt", value: "z" } }] },
      ],
    }
    const problems = checkRule(rule, "nodes[3].branches[0].where")
    expect(problems).toEqual([
      { path: "nodes[3].branches[0].where.all[1].op", message: expect.any(String) },
      { path: "nodes[3].branches[0].where.all[2].any[0].not.field", message: expect.any(String) },
      { path: "nodes[3].branches[0].where.all[2].any[0].not.value", message: expect.any(String) },
    ])
    expect(problems.map((problem) => problem.message)).toEqual([
      expect.stringMatching(/op "bigger" is unknown/),
      expect.stringMatching(/field "x.y" must start/),
      expect.stringMatching(/"gt" needs a number/),
    ])
  })

  it("reports a field and a value problem together", () => {
    expect(checkRule({ field: "total", op: "in", value: "FR" }, "where").map((problem) => problem.path)).toEqual([
      "where.field",
      "where.value",
    ])
  })

  it("joins paths without a leading dot when no prefix is given", () => {
    expect(checkRule({ all: [{ any: [] }] }, "")).toEqual([{ path: "all[0].any", message: expect.any(String) }])
    expect(checkRule(42, "")).toEqual([{ path: "", message: expect.stringMatching(/must be a rule/) }])
  })

  it("reports a list that is not a list, even one with a `length` that cannot be compared", () => {
    // The property test's counterexample: zod's own length check threw on it.
    const rule = { all: [{ all: { length: [Object.create(null)] } }] }
    expect(checkRule(rule, "where")).toEqual([{ path: "where.all[0].all", message: expect.stringMatching(/needs a list of rules/) }])
  })

  it("never throws, whatever it is given (property)", () => {
    fc.assert(
      fc.property(fc.oneof(anything, ruleLike), fc.string(), (rule, path) => {
        const problems = checkRule(rule, path)
        expect(Array.isArray(problems)).toBe(true)
        for (const problem of problems) {
          expect(typeof problem.path).toBe("string")
          expect(typeof problem.message).toBe("string")
        }
      }),
      { numRuns: 1000 },
    )
  })
})

describe("ruleSchema", () => {
  it("parses a valid rule unchanged", () => {
    const rule = { any: [when("cart.total", "gt", 200), { not: when("customer.phone", "exists") }] }
    expect(ruleSchema.parse(rule)).toEqual(rule)
  })

  it("reports precise paths when embedded in a larger schema", () => {
    const node = z.object({ branches: z.array(z.object({ port: z.string(), where: ruleSchema })) })
    const result = node.safeParse({ branches: [{ port: "gt200", where: { all: [when("cart.total", "gt", "x")] } }] })
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([["branches", 0, "where", "all", 0, "value"]])
  })
})

describe("evaluateRule (property)", () => {
  it("never throws for schema-valid rules over any context and any now", () => {
    fc.assert(
      fc.property(validRule, ruleContext, fc.date(), (rule, data, at) => {
        expect(ruleSchema.safeParse(rule).success).toBe(true)
        const result = evaluateRule(rule, data as RuleContext, at)
        expect(typeof result.matched).toBe("boolean")
        expect(typeof result.because).toBe("string")
      }),
      { numRuns: 2000 },
    )
  })

  it("neq and nin are exactly the negations of eq and in", () => {
    fc.assert(
      fc.property(field, scalar, ruleContext, (path, value, data) => {
        const holds = (rule: Rule) => evaluateRule(rule, data as RuleContext, now).matched
        expect(holds({ field: path, op: "neq", value })).toBe(!holds({ field: path, op: "eq", value }))
        expect(holds(when(path, "nin", [value]))).toBe(!holds(when(path, "in", [value])))
        expect(holds({ field: path, op: "exists", value: false })).toBe(!holds({ field: path, op: "exists" }))
        expect(holds({ not: { field: path, op: "eq", value } })).toBe(holds({ field: path, op: "neq", value }))
      }),
      { numRuns: 500 },
    )
  })
})
