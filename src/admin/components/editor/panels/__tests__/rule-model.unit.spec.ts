import { checkRule, RULE_OPS, type RuleOp } from "../../../../../engine"
import panels from "../../../../i18n/panels"
import {
  addChild,
  changeAt,
  convertScalar,
  fieldKind,
  fieldPicker,
  newGroup,
  NEW_CONDITION,
  OPERATOR_VALUES,
  readRule,
  RULE_FIELDS,
  scalarKind,
  setMode,
  setNegated,
  valueForOp,
  writeRule,
  boundKind,
  isCalendarDate,
  JOURNEY_RULES,
  operatorsFor,
  withPickedField,
} from "../rule-model"
import { SEGMENT_RULES } from "../../../segments/segment-fields"

const total = { field: "cart.total", op: "gt", value: 200 }
const fr = { field: "customer.metadata.locale", op: "eq", value: "fr" }

describe("the rule builder's model", () => {
  it.each([
    ["a bare condition", total],
    ["all", { all: [total, fr] }],
    ["any", { any: [total] }],
    ["an empty any group", { any: [] }],
    ["not of a group", { not: { any: [total, fr] } }],
    ["not of a condition", { not: total }],
    ["nested groups", { all: [total, { not: { any: [fr, { all: [total] }] } }, { not: fr }] }],
    ["a not of a not (raw)", { not: { not: total } }],
    ["junk inside a group (raw)", { all: [total, 42, { field: "x", op: "eq", extra: 1 }] }],
    ["a condition missing its field", { op: "exists" }],
    ["a condition with a non-text field (raw)", { field: 3, op: "eq", value: 1 }],
  ])("reads and writes back %s unchanged", (_name, rule) => {
    expect(writeRule(readRule(rule))).toEqual(rule)
  })

  it("reads no rule as an empty group and writes it back as no rule", () => {
    const root = readRule(undefined)
    expect(root).toMatchObject({ kind: "group", mode: "all", children: [] })
    expect(writeRule(root)).toBeUndefined()
  })

  it("writes the root in its simplest form: one rule that all must match is that rule alone", () => {
    expect(writeRule(readRule({ all: [total] }))).toEqual(total)
    expect(writeRule(readRule({ all: [] }))).toBeUndefined()
    expect(writeRule(readRule({ not: { all: [total] } }))).toEqual({ not: total })
    expect(writeRule(readRule({ not: { all: [] } }))).toEqual({ not: { all: [] } })
    // Below the root, groups stay as written.
    expect(writeRule(readRule({ any: [{ all: [total] }] }))).toEqual({ any: [{ all: [total] }] })
  })

  it("gives every node the JSON path the validator uses for it", () => {
    const root = readRule({ all: [total, { not: { any: [fr] } }, { not: total }] })
    const [first, second, third] = root.children
    expect(first.path).toBe("all[0]")
    expect(second.path).toBe("all[1]")
    expect(second.kind === "group" && second.children[0].path).toBe("all[1].not.any[0]")
    expect(third.path).toBe("all[2]")
    expect(third.kind === "group" && third.children[0].path).toBe("all[2].not")
    expect(readRule(total).children[0].path).toBe("")
    // The validator's paths for the same rule, for a wrong value at each place.
    const broken = { all: [{ ...total, value: "x" }, { not: { any: [{ ...fr, op: "gt" }] } }] }
    expect(checkRule(broken, "").map((problem) => problem.path)).toEqual(["all[0].value", "all[1].not.any[0].value"])
  })

  it("adds conditions and groups, and turns a lone condition into a group when a second comes", () => {
    const one = readRule(total)
    const two = addChild(one, [], { ...NEW_CONDITION })
    expect(writeRule(two)).toEqual({ all: [total, { field: "", op: "eq" }] })
    const nested = addChild(two, [], newGroup("any"))
    expect(writeRule(addChild(readRule({ all: [] }), [], { ...NEW_CONDITION }))).toEqual({ field: "", op: "eq" })
    expect(writeRule(nested)).toEqual({ all: [total, { field: "", op: "eq" }, { any: [{ field: "", op: "eq" }] }] })
    const removed = changeAt(readRule(writeRule(nested)), [1], () => undefined)
    expect(writeRule(removed)).toEqual({ all: [total, { any: [{ field: "", op: "eq" }] }] })
  })

  it("switches all / any and negates groups, a lone rule included", () => {
    expect(writeRule(setMode(readRule({ all: [total, fr] }), [], "any"))).toEqual({ any: [total, fr] })
    expect(writeRule(setMode(readRule(total), [], "any"))).toEqual({ any: [total] })
    expect(writeRule(setNegated(readRule(total), [], true))).toEqual({ not: total })
    expect(writeRule(setNegated(readRule({ not: { all: [total, fr] } }), [], false))).toEqual({ all: [total, fr] })
    expect(writeRule(setNegated(readRule({ all: [total, { any: [fr] }] }), [1], true))).toEqual({
      all: [total, { not: { any: [fr] } }],
    })
  })

  it("edits a condition in place", () => {
    const root = readRule({ all: [total, fr] })
    const changed = changeAt(root, [1], (node) => (node.kind === "condition" ? { ...node, value: "de" } : node))
    expect(writeRule(changed)).toEqual({ all: [total, { ...fr, value: "de" }] })
  })

  it("knows the value every operator of the rule language takes", () => {
    expect(Object.keys(OPERATOR_VALUES).sort()).toEqual([...RULE_OPS].sort())
  })

  it("keeps what fits when the operator changes, and gives values the validator accepts", () => {
    expect(valueForOp("in", "FR")).toEqual(["FR"])
    expect(valueForOp("in", "")).toEqual([])
    expect(valueForOp("eq", ["FR", "BE"])).toBe("FR")
    expect(valueForOp("gt", 200)).toBe(200)
    expect(valueForOp("gt", "200")).toBe(200)
    expect(valueForOp("gt", "2026-01-31")).toBe("2026-01-31")
    expect(valueForOp("gt", "abc")).toBeUndefined()
    expect(valueForOp("before", 5)).toBeUndefined()
    expect(valueForOp("within_last", "P2D")).toBe("P2D")
    expect(valueForOp("within_last", "2 days")).toBeUndefined()
    expect(valueForOp("exists", "x")).toBeUndefined()
    expect(valueForOp("exists", false)).toBe(false)
    expect(valueForOp("eq", undefined)).toBeUndefined()
    const samples: unknown[] = ["FR", 200, true, ["FR", "BE"], "2026-01-31", "P2D", false]
    for (const op of RULE_OPS as readonly RuleOp[]) {
      for (const sample of samples) {
        const value = valueForOp(op, sample)
        const problems = checkRule({ field: "cart.total", op, ...(value === undefined ? {} : { value }) }, "")
        // A value is kept only when the validator takes it; otherwise it is left for the merchant to give.
        if (value !== undefined && !(Array.isArray(value) && value.length === 0)) expect([op, sample, problems]).toEqual([op, sample, []])
      }
    }
  })

  it("types scalar values as text, numbers or yes / no, from the value or the field", () => {
    expect(scalarKind(true, undefined)).toBe("boolean")
    expect(scalarKind(3, "text")).toBe("number")
    expect(scalarKind(undefined, "number")).toBe("number")
    expect(scalarKind("3", "number")).toBe("text")
    expect(convertScalar("3.5", "number")).toBe(3.5)
    expect(convertScalar("x", "number")).toBeUndefined()
    expect(convertScalar(3, "text")).toBe("3")
    expect(convertScalar("false", "boolean")).toBe(false)
    expect(convertScalar(["1", "x", "2"], "number")).toEqual([1, 2])
    expect(boundKind("2026-01-31", undefined)).toBe("date")
    expect(boundKind(undefined, "date")).toBe("date")
    expect(boundKind(200, "date")).toBe("number")
    expect(isCalendarDate("2026-01-31")).toBe(true)
    expect(isCalendarDate("2026-01-31T09:00:00Z")).toBe(false)
  })

  it("suggests only fields the rule language accepts, with their kind", () => {
    for (const group of RULE_FIELDS) {
      for (const field of group.fields) {
        expect(field.path.startsWith(`${group.root}.`)).toBe(true)
        const path = field.prefix ? `${field.path}key` : field.path
        expect(checkRule({ field: path, op: "exists" }, "")).toEqual([])
      }
    }
    expect(fieldKind("cart.total")).toBe("number")
    expect(fieldKind("customer.has_account")).toBe("boolean")
    expect(fieldKind("customer.metadata.locale")).toBeUndefined()
  })

  it("picks a segment for `customer in segment`, a customer group for a segment's groups, and their operator", () => {
    expect([fieldPicker("customer.segments"), fieldPicker("customer.groups", SEGMENT_RULES), fieldPicker("customer.email")]).toEqual([
      "segment",
      "customer_group",
      undefined,
    ])
    expect(operatorsFor("customer.segments", "contains", JOURNEY_RULES)).toEqual(["contains"])
    // Picked from the suggestions, a new condition's `eq` becomes `contains` and loses a value typed for another field.
    const picked = withPickedField({ ...NEW_CONDITION, value: "x" }, "customer.segments")
    expect(picked).toEqual({ kind: "condition", field: "customer.segments", op: "contains", value: undefined, path: "" })
    expect(writeRule(readRule({ not: { field: "customer.segments", op: "contains", value: "jseg_vip" } }))).toEqual({
      not: { field: "customer.segments", op: "contains", value: "jseg_vip" },
    })
    expect(checkRule({ not: { field: "customer.segments", op: "contains", value: "jseg_vip" } }, "")).toEqual([])
    // An allowed operator stays with its value; a field without a picker changes nothing else.
    const group = { kind: "condition" as const, field: "", op: "contains", value: "cusgroup_1", path: "" }
    expect(withPickedField(group, "customer.groups", SEGMENT_RULES)).toEqual({ ...group, field: "customer.groups" })
    expect(withPickedField(NEW_CONDITION, "orders.count", SEGMENT_RULES)).toEqual({ ...NEW_CONDITION, field: "orders.count" })
  })

  it("names every suggested field and object in English and French", () => {
    for (const strings of [panels.en, panels.fr]) {
      for (const group of RULE_FIELDS) {
        expect([group.root, strings.panels.rule.roots[group.root]]).toEqual([group.root, expect.any(String)])
        for (const field of group.fields) {
          const fields: Record<string, string> = strings.panels.rule.fields
          expect([field.label, fields[field.label]]).toEqual([field.label, expect.any(String)])
        }
      }
    }
  })
})
