import fc from "fast-check"
import type { SegmentRule } from "../../../engine"
import { compileSegmentRule } from "../repositories/segments"

const now = new Date("2026-06-15T12:00:00Z")
const HOSTILE = "x'); drop table customer; --"

describe("compileSegmentRule", () => {
  it("binds every value, one binding per placeholder, and joins only the laterals a rule reads", () => {
    const rule: SegmentRule = {
      all: [
        { field: "customer.email", op: "in", value: [HOSTILE, "Jane@Example.com"] },
        { field: "customer.metadata.birth_year", op: "gt", value: 1980 },
        { field: `customer.metadata.${HOSTILE}`, op: "exists" },
        { field: "orders.product_ids", op: "contains", value: HOSTILE },
        { not: { event: HOSTILE, within_last: "P30D", at_least: 3 } },
        { event: "product.viewed", where: { field: `data.${HOSTILE}.id`, op: "in", value: [HOSTILE, 2] } },
        { field: "cart.category_ids", op: "contains", value: HOSTILE },
        { field: "address.city", op: "contains", value: HOSTILE },
      ],
    }
    const { joins, where, bindings } = compileSegmentRule(rule, now)
    expect(`${joins} ${where}`).not.toContain("drop table")
    expect(where.split("?").length - 1).toBe(bindings.length)
    expect(joins).toContain(") addr on true")
    expect(joins).not.toContain(") ord on true")
    expect(joins).not.toContain(") crt on true")
    // Emails compare without case; the cut-off of within_last is computed as rules.ts does.
    expect(bindings).toContainEqual(["jane@example.com"])
    expect(bindings).toContainEqual(new Date("2026-05-16T12:00:00Z"))
    // An event's data path is bound as an array of keys, a dot between each.
    expect(bindings).toContainEqual([HOSTILE, "id"])
  })

  it("puts an event's where inside its count, between the name and the window, bindings in that order", () => {
    const { where, bindings } = compileSegmentRule(
      { event: "product.viewed", where: { not: { field: "data.category_id", op: "neq", value: "pcat_1" } }, within_last: "P1D", at_least: 2 },
      now
    )
    expect(where).toContain("e.name = ? and (not ((")
    expect(where.indexOf("e.data #> ?::text[]")).toBeLessThan(where.indexOf("e.occurred_at >= ?"))
    expect(bindings).toEqual(["product.viewed", ["category_id"], "pcat_1", new Date("2026-06-14T12:00:00Z"), now, 2, 2])
  })

  it("makes every condition two-valued, so that not and the negative ops hold for missing values", () => {
    const { where } = compileSegmentRule({ not: { field: "cart.total", op: "neq", value: 5 } }, now)
    expect(where).toBe("(not ((crt.total = ?::numeric) is not true))")
  })

  it("keeps placeholders and bindings in step for any valid combination", () => {
    const leaf = fc.constantFrom<SegmentRule>(
      { field: "customer.metadata.tier", op: "in", value: ["gold", 3, true] },
      { field: "customer.metadata.tier", op: "nin", value: ["a@b.co"] },
      { field: "orders.last_at", op: "within_last", value: "P1M" },
      { field: "customer.groups", op: "exists", value: false },
      { event: "product.viewed", at_least: 2 },
      { event: "product.viewed", where: { any: [{ field: "data.price", op: "gt", value: 5 }, { field: "data.tag", op: "nin", value: ["a", 1] }] } },
      { field: "cart.product_ids", op: "exists", value: false },
      { field: "customer.email", op: "eq", value: "A@B.co" }
    )
    const rule = fc.letrec<{ rule: SegmentRule }>((tie) => ({
      rule: fc.oneof(
        { depthSize: "small" },
        leaf,
        fc.array(tie("rule"), { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
        fc.array(tie("rule"), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
        tie("rule").map((not) => ({ not }))
      ),
    })).rule
    fc.assert(
      fc.property(rule, (input) => {
        const { where, bindings } = compileSegmentRule(input, now)
        expect(where.split("?").length - 1).toBe(bindings.length)
      })
    )
  })
})
