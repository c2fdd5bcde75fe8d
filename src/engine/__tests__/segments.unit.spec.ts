import fc from "fast-check"

import problemsArea from "../../admin/i18n/problems"
import { inEnglish, phraseKeys, renderPhrase, type MessageCatalog } from "../messages"
import { RULE_OPS } from "../rules"
import {
  checkSegmentRule,
  SEGMENT_FIELDS,
  SEGMENT_METADATA_PREFIX,
  SEGMENT_OPS,
  segmentFieldKind,
  type SegmentRule,
} from "../segments"
import { ANY_VALUE } from "./fixtures"

const FRENCH: MessageCatalog = problemsArea.fr.problems
const paths = (rule: unknown, path?: string) => checkSegmentRule(rule, path).map((problem) => problem.path)

/** The S1 audience: default address in one of three cities, born after 1980. */
const S1: SegmentRule = {
  all: [
    { field: "address.city", op: "in", value: ["Atlanta", "San Francisco", "Seattle"] },
    { field: "customer.metadata.birth_year", op: "gt", value: 1980 },
  ],
}

describe("the segment field catalogue", () => {
  it("has exactly the documented fields, each with its kind", () => {
    expect(SEGMENT_FIELDS.map(({ path, kind }) => `${path}:${kind}`)).toEqual([
      "customer.email:text",
      "customer.first_name:text",
      "customer.last_name:text",
      "customer.phone:text",
      "customer.has_account:boolean",
      "customer.created_at:date",
      "customer.groups:list",
      "address.city:text",
      "address.country_code:text",
      "address.province:text",
      "address.postal_code:text",
      "orders.count:number",
      "orders.total_spent:number",
      "orders.first_at:date",
      "orders.last_at:date",
      "orders.product_ids:list",
      "orders.category_ids:list",
      "cart.open:boolean",
      "cart.total:number",
      "cart.product_ids:list",
      "cart.category_ids:list",
    ])
  })

  it("reads any metadata key, but not the bare prefix", () => {
    expect(segmentFieldKind(`${SEGMENT_METADATA_PREFIX}birth_year`)).toBe("metadata")
    expect(segmentFieldKind(`${SEGMENT_METADATA_PREFIX}a.b`)).toBe("metadata")
    expect(segmentFieldKind(SEGMENT_METADATA_PREFIX)).toBeUndefined()
    expect(segmentFieldKind("cart.items")).toBeUndefined()
  })

  it("allows only the rule language's ops", () => {
    for (const ops of Object.values(SEGMENT_OPS)) expect(ops.filter((op) => !RULE_OPS.includes(op))).toEqual([])
  })
})

describe("checkSegmentRule", () => {
  it("accepts every field family, events, not and the S1 audience", () => {
    const rule: SegmentRule = {
      all: [
        S1,
        { field: "customer.email", op: "eq", value: "Jane@Example.com" },
        { field: "customer.first_name", op: "contains", value: "an" },
        { field: "customer.phone", op: "exists", value: false },
        { field: "customer.has_account", op: "eq", value: true },
        { field: "customer.created_at", op: "within_last", value: "P1Y" },
        { field: "customer.groups", op: "contains", value: "cusgroup_1" },
        { field: "address.country_code", op: "nin", value: ["fr", "be"] },
        { field: "orders.count", op: "gte", value: 2 },
        { field: "orders.total_spent", op: "in", value: [10, 20.5] },
        { field: "orders.last_at", op: "before", value: "2026-01-31T09:00:00+02:00" },
        { field: "orders.first_at", op: "gt", value: "2025-01-01" },
        { field: "orders.category_ids", op: "exists" },
        { field: "cart.open", op: "eq", value: false },
        { field: "cart.total", op: "lt", value: 100 },
        { field: "customer.metadata.vip", op: "eq", value: true },
        { field: "customer.metadata.tier", op: "in", value: ["gold", 3, true] },
        { event: "product.viewed", within_last: "P30D", at_least: 3 },
        { field: "cart.category_ids", op: "contains", value: "pcat_1" },
        // S2: interest in a category, from the views' data
        {
          event: "product.viewed",
          where: {
            any: [
              { field: "data.category_id", op: "eq", value: "pcat_1" },
              { field: "data.product.category_ids", op: "contains", value: "pcat_1" },
              { not: { field: "data.price", op: "lt", value: 10 } },
              { field: "data.tags", op: "exists" },
            ],
          },
          within_last: "P90D",
        },
        { not: { any: [{ event: "order.placed" }, { field: "customer.metadata.churned", op: "exists" }] } },
      ],
    }
    expect(checkSegmentRule(rule)).toEqual([])
  })

  it("locates each problem under the given path", () => {
    expect(
      paths(
        {
          all: [
            { field: "customer.groups", op: "eq", value: "x" },
            { field: "orders.lifetime", op: "gt", value: 1 },
            { any: [{ event: "product.viewed", within_last: "30 days" }] },
            { not: { event: "", at_least: 0 } },
            { field: "orders.count", op: "gt", value: "5" },
            { field: "customer.created_at", op: "before", value: 2026 },
            { event: "a.b", when: "now" },
            { field: SEGMENT_METADATA_PREFIX, op: "exists" },
            { field: "customer.metadata.year", op: "gte", value: "1980" },
            { field: "cart.open", op: "eq", value: "yes" },
            { event: "product.viewed", where: { all: [{ field: "category_id", op: "eq", value: "x" }, { field: "data.price", op: "gt", value: "5" }] } },
            { event: "product.viewed", where: { not: { field: "data..id", op: "within_last", value: "P1D" } } },
            { event: "product.viewed", where: [] },
          ],
        },
        "rule"
      )
    ).toEqual([
      "rule.all[0].op",
      "rule.all[1].field",
      "rule.all[2].any[0].within_last",
      "rule.all[3].not.event",
      "rule.all[3].not.at_least",
      "rule.all[4].value",
      "rule.all[5].value",
      "rule.all[6]",
      "rule.all[7].field",
      "rule.all[8].value",
      "rule.all[9].value",
      "rule.all[10].where.all[0].field",
      "rule.all[10].where.all[1].value",
      "rule.all[11].where.not.field",
      "rule.all[12].where",
    ])
    expect(paths({ any: [] })).toEqual(["any"])
    expect(paths(3)).toEqual([""])
  })

  it("says each problem for a store owner, in English and wholly in French", () => {
    const problems = checkSegmentRule({
      all: [
        { field: "customer.groups", op: "eq", value: "x" },
        { field: "orders.lifetime", op: "gt", value: 1 },
        { event: "", within_last: "soon", at_least: 1.5 },
        { field: "orders.count", op: "gt", value: "5" },
        { field: "customer.email", op: "in", value: [1] },
        { field: "customer.created_at", op: "gt", value: 5 },
        { field: "customer.has_account", op: "eq", value: 1 },
        { field: "orders.product_ids", op: "contains", value: 7 },
        { field: "customer.metadata.year", op: "lt", value: "x" },
        { event: "product.viewed", where: { field: "product_id", op: "eq", value: "x" } },
        { event: "product.viewed", where: { field: "data.at", op: "before", value: "2026-01-01" } },
      ],
    })
    expect(problems.map((problem) => problem.message)).toEqual([
      '"eq" does not apply to customer.groups; use contains or exists',
      expect.stringMatching(/^field "orders.lifetime" is not a segment field; use customer.email, .* or customer.metadata.<key>$/),
      'event must be the name of an event, such as "product.viewed"',
      '"within_last" needs a positive ISO 8601 duration such as "P2D" (2 days) or "PT12H" (12 hours)',
      "at_least must be a whole number, 1 or more",
      'orders.count is a number: "gt" needs a number (a list of numbers for in and nin)',
      'customer.email is text: "in" needs text (a list of texts for in and nin)',
      'customer.created_at is a date: "gt" needs an ISO date such as "2026-01-31"',
      'customer.has_account is true or false: "eq" needs true or false',
      'orders.product_ids is a list: "contains" needs the value to look for, such as an id',
      '"lt" on customer.metadata.year needs a number',
      'field "product_id" of an event\'s where must be data.<key>, such as "data.product_id"',
      '"before" does not apply to data.at; use eq, neq, in, nin, contains, gt, gte, lt, lte or exists',
    ])
    const frenchKeys = new Set(catalogKeys(FRENCH))
    for (const problem of problems) {
      expect(inEnglish(problem.text)).toBe(problem.message)
      expect([...phraseKeys(problem.text)].filter((key) => !frenchKeys.has(key))).toEqual([])
      expect(renderPhrase(problem.text, FRENCH)).not.toMatch(/{{| needs | is not | does not /)
    }
  })

  it("never throws, whatever it is given", () => {
    fc.assert(
      fc.property(fc.anything(ANY_VALUE), (input) => {
        for (const problem of checkSegmentRule(input, "rule")) expect(problem.path.startsWith("rule")).toBe(true)
      }),
      { numRuns: 300 }
    )
  })
})

function catalogKeys(catalog: MessageCatalog, prefix = ""): string[] {
  return Object.entries(catalog).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : catalogKeys(value, `${prefix}${key}.`)
  )
}
