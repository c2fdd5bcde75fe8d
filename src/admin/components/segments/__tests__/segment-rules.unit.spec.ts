import { checkSegmentRule, RULE_OPS, SEGMENT_FIELDS, SEGMENT_METADATA_PREFIX, SEGMENT_OPS } from "../../../../engine"
import { translator } from "../../editor/canvas/__tests__/translate"
import { describeTrigger } from "../../editor/canvas/summaries"
import { changeAt, fieldKind, NEW_EVENT_CONDITION, operatorsFor, readRule, writeRule, addChild } from "../../editor/panels/rule-model"
import { describeRule } from "../../enrollments/describe"
import { rulePlacedProblems } from "../rule-problems"
import { fieldLabel, SEGMENT_RULES } from "../segment-fields"

const country = { field: "address.country_code", op: "eq", value: "FR" }
const clicked = { event: "message.clicked", within_last: "P30D", at_least: 2 }
const rule = { all: [country, { not: { event: "order.placed", within_last: "P90D" } }, clicked] }

describe("a segment's rule in the builder", () => {
  it("suggests every field the segment engine reads, once, with its kind, and any metadata key", () => {
    const suggested = SEGMENT_RULES.groups.flatMap((group) => group.fields.map((field) => ({ ...field, root: group.root })))
    for (const { path, kind } of SEGMENT_FIELDS) {
      const picker = path === "customer.groups" ? { picker: "customer_group" } : {}
      expect(suggested.filter((field) => field.path === path)).toEqual([{ path, kind, label: fieldLabel(path), root: path.split(".")[0], ...picker }])
      expect(fieldKind(path, SEGMENT_RULES)).toBe(kind)
      expect(checkSegmentRule({ field: path, op: "exists" })).toEqual([])
    }
    expect(suggested.find((field) => field.prefix)).toMatchObject({ path: SEGMENT_METADATA_PREFIX, root: "customer" })
    expect(checkSegmentRule({ field: `${SEGMENT_METADATA_PREFIX}tier`, op: "exists" })).toEqual([])
    expect(fieldKind(`${SEGMENT_METADATA_PREFIX}tier`, SEGMENT_RULES)).toBeUndefined()
  })

  it("names every field and group in English and French", () => {
    for (const t of [translator("en"), translator("fr")]) {
      for (const group of SEGMENT_RULES.groups) {
        expect(t(`${SEGMENT_RULES.keys.roots}.${group.root}`)).toEqual(expect.any(String))
        for (const field of group.fields) expect(t(`${SEGMENT_RULES.keys.fields}.${field.label}`)).toEqual(expect.any(String))
      }
    }
  })

  it("offers the operators a field's kind allows, keeping one already chosen", () => {
    expect(operatorsFor("customer.groups", "contains", SEGMENT_RULES)).toEqual(["contains", "exists"])
    expect(operatorsFor("customer.has_account", "eq", SEGMENT_RULES)).toEqual(["eq", "exists"])
    // Chosen before the field changed: still shown, so the validator's message about it reads.
    expect(operatorsFor("customer.groups", "gt", SEGMENT_RULES)).toEqual(["gt", "contains", "exists"])
    expect(operatorsFor(`${SEGMENT_METADATA_PREFIX}tier`, "eq", SEGMENT_RULES)).toEqual(SEGMENT_OPS.metadata)
    expect(operatorsFor("cart.item_total", "eq", SEGMENT_RULES)).toEqual(RULE_OPS)
    // Every op the engine accepts for a kind is offered for it.
    for (const { path } of SEGMENT_FIELDS) {
      for (const op of RULE_OPS) {
        const accepted = checkSegmentRule({ field: path, op }).every((problem) => !problem.path.endsWith("op"))
        expect([path, op, operatorsFor(path, "", SEGMENT_RULES).includes(op)]).toEqual([path, op, accepted])
      }
    }
  })

  it("reads event conditions, negated ones too, and writes the rule back unchanged", () => {
    const root = readRule(rule, { events: true })
    expect(root.children.map((child) => child.kind)).toEqual(["condition", "group", "event"])
    const negated = root.children[1]
    expect(negated).toMatchObject({ kind: "group", negated: true, implicit: true, path: "all[1]" })
    expect(negated.kind === "group" && negated.children[0]).toMatchObject({ kind: "event", event: "order.placed", path: "all[1].not" })
    expect(root.children[2]).toMatchObject({ kind: "event", path: "all[2]", at_least: 2 })
    expect(writeRule(root)).toEqual(rule)
    expect(writeRule(readRule(clicked, { events: true }))).toEqual(clicked)
  })

  it("leaves event conditions raw where they are not offered (journeys) or malformed", () => {
    expect(readRule(rule).children.map((child) => child.kind)).toEqual(["condition", "raw", "raw"])
    const odd = { event: "order.placed", at_least: "2" }
    // A where the row cannot show (a group, a field outside the data) stays raw, unchanged.
    const grouped = { event: "product.viewed", where: { any: [{ field: "data.a", op: "exists" }] } }
    expect(readRule(grouped, { events: true }).children[0].kind).toBe("raw")
    expect(readRule({ event: "product.viewed", where: { field: "customer.id", op: "exists" } }, { events: true }).children[0].kind).toBe("raw")
    expect(writeRule(readRule(grouped, { events: true }))).toEqual(grouped)
    expect(readRule(odd, { events: true }).children[0].kind).toBe("raw")
    expect(readRule({ event: "x", extra: 1 }, { events: true }).children[0].kind).toBe("raw")
  })

  it("adds an event condition to fill in and edits it in place", () => {
    const added = addChild(readRule(country, { events: true }), [], { ...NEW_EVENT_CONDITION })
    expect(writeRule(added)).toEqual({ all: [country, { event: "" }] })
    const named = changeAt(added, [1], (node) => ({ ...node, event: "order.placed", at_least: 3 }))
    expect(writeRule(named)).toEqual({ all: [country, { event: "order.placed", at_least: 3 }] })
    // A where on one data key: the row edits the key after "data."; an empty key is written as is, for the validator.
    const filtered = changeAt(named, [1], (node) => ({ ...node, where: { key: "", op: "eq" } }))
    expect(writeRule(filtered)).toEqual({ all: [country, { event: "order.placed", where: { field: "data.", op: "eq" }, at_least: 3 }] })
    const viewed = { event: "product.viewed", where: { field: "data.category_id", op: "eq", value: "pcat_1" } }
    expect(readRule(viewed, { events: true }).children[0]).toMatchObject({ kind: "event", where: { key: "category_id", op: "eq", value: "pcat_1" } })
    expect(writeRule(readRule(viewed, { events: true }))).toEqual(viewed)
  })

  it("says a segment's rule in words, in English and French", () => {
    expect(describeRule(rule, translator("en"), { events: true })).toBe(
      'address.country_code equals "FR" and not (did order.placed in the last 90 days) and did message.clicked at least 2 times in the last 30 days'
    )
    expect(describeRule({ event: "order.placed", at_least: 1 }, translator("fr"), { events: true })).toBe("a fait order.placed au moins une fois")
    expect(describeRule({ event: "order.placed", within_last: "P1D" }, translator("fr"), { events: true })).toBe("a fait order.placed depuis 1 jour")
    const viewed = { event: "product.viewed", where: { field: "data.category_id", op: "eq", value: "pcat_1" }, within_last: "P1D" }
    expect(describeRule(viewed, translator("en"), { events: true })).toBe('did product.viewed where category_id equals "pcat_1" in the last 1 day')
  })

  it("places the server's problems at their path and says them in the admin's words when the engine agrees", () => {
    const incomplete = { all: [country, { field: "", op: "eq" }] }
    // As the preview route answers: under the body's `rule`, in English only (JSON drops `text`).
    const server = JSON.parse(JSON.stringify(checkSegmentRule(incomplete, "rule"))) as { path: string; message: string }[]
    expect(server.map((problem) => problem.path)).toEqual(expect.arrayContaining(["rule.all[1].field"]))
    const placed = rulePlacedProblems([...server, { path: "all[0]", message: "a newer server's words" }], incomplete, "Choose a field")
    expect(placed.map((problem) => problem.path)).toEqual([...server.map((problem) => problem.path.slice("rule.".length)), "all[0]"])
    // The empty field is told in a few words, the rest as the engine says them.
    const emptyField = placed.find((problem) => problem.path === "all[1].field")
    expect(emptyField).toEqual({ node_id: null, path: "all[1].field", message: "Choose a field", text: undefined })
    expect(placed.slice(0, -1).filter((problem) => problem !== emptyField).every((problem) => problem.node_id === null && problem.text !== undefined)).toBe(true)
    expect(placed.at(-1)).toEqual({ node_id: null, path: "all[0]", message: "a newer server's words", text: undefined })
    // A field named but unknown keeps the engine's list of fields; a lone condition's empty field is found too.
    const unknown = JSON.parse(JSON.stringify(checkSegmentRule({ field: "customer.nope", op: "eq", value: "x" }, "rule")))
    expect(rulePlacedProblems(unknown, { field: "customer.nope", op: "eq", value: "x" }, "Choose a field")[0].message).toMatch(/not a segment field/)
    const lone = JSON.parse(JSON.stringify(checkSegmentRule({ field: "", op: "eq" }, "rule")))
    expect(rulePlacedProblems(lone, { field: "", op: "eq" }, "Choose a field").find((problem) => problem.path === "field")?.message).toBe("Choose a field")
  })

  it("names a journey's segment trigger by its segment's name, or its id when unknown", () => {
    const trigger = { type: "segment" as const, segment_id: "jseg_1" }
    expect(describeTrigger(trigger, translator("en"), { segment: (id) => (id === "jseg_1" ? "VIP" : undefined) }).summary).toBe("Segment VIP")
    expect(describeTrigger(trigger, translator("en"), { segment: () => undefined }).summary).toBe("Segment jseg_1")
  })
})
