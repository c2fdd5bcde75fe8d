/**
 * Segment rules: who belongs to a segment, computed by the store's database (the journey module's
 * segment repository compiles a rule to one SQL predicate). The grammar is the journeys' RULE
 * (`all`, `any`, `not`, `{ field, op, value }`, same ops and semantics for missing values), over a
 * catalogue of customer fields instead of an event's context, plus an event condition:
 *
 *   { "event": "product.viewed", "within_last": "P30D", "at_least": 2 }
 *
 * holds for customers with at least `at_least` (default 1) such events, in the last `within_last`
 * when given; "did not do X" is `{ "not": { "event": … } }`. Its `where`, a rule over the event's
 * data (`{ "field": "data.category_id", "op": "eq", "value": "pcat_1" }`, nested keys as
 * `data.product.id`), counts only the events it holds for; data keys compare like metadata keys.
 *
 * `address.*` is the customer's default shipping address, else their default billing address,
 * else their oldest address. `orders.*` count orders that are not cancelled nor drafts;
 * `orders.total_spent` sums their current totals. `cart.*` reads carts neither completed nor
 * deleted; `cart.total` is the items' sum (unit price × quantity) of the most recently updated one,
 * Medusa storing no cart total; `cart.product_ids` and `cart.category_ids` are those of the
 * items of any open cart.
 */
import { z } from "zod"

import { issueParams, orList, phrase, type Phrase } from "./messages"
import {
  conditionValueProblem,
  ruleProblems,
  ruleSchemaFor,
  type Rule,
  type RuleCondition,
  type RuleOp,
  type RuleProblem,
} from "./rules"
import { parseDuration } from "./time"

export type SegmentFieldKind = "text" | "number" | "date" | "boolean" | "list"

export const SEGMENT_FIELDS: readonly { path: string; kind: SegmentFieldKind }[] = [
  { path: "customer.email", kind: "text" },
  { path: "customer.first_name", kind: "text" },
  { path: "customer.last_name", kind: "text" },
  { path: "customer.phone", kind: "text" },
  { path: "customer.has_account", kind: "boolean" },
  { path: "customer.created_at", kind: "date" },
  { path: "customer.groups", kind: "list" },
  { path: "address.city", kind: "text" },
  { path: "address.country_code", kind: "text" },
  { path: "address.province", kind: "text" },
  { path: "address.postal_code", kind: "text" },
  { path: "orders.count", kind: "number" },
  { path: "orders.total_spent", kind: "number" },
  { path: "orders.first_at", kind: "date" },
  { path: "orders.last_at", kind: "date" },
  { path: "orders.product_ids", kind: "list" },
  { path: "orders.category_ids", kind: "list" },
  { path: "cart.open", kind: "boolean" },
  { path: "cart.total", kind: "number" },
  { path: "cart.product_ids", kind: "list" },
  { path: "cart.category_ids", kind: "list" },
]

/** `customer.metadata.<key>`: any key, compared as text, or as a number or a boolean when the rule's value is one. */
export const SEGMENT_METADATA_PREFIX = "customer.metadata."

/** What a metadata key is, besides the catalogue's kinds: its type is only known from the rule's value. */
export type SegmentValueKind = SegmentFieldKind | "metadata"

/** The ops each kind of field takes. */
export const SEGMENT_OPS: Record<SegmentValueKind, readonly RuleOp[]> = {
  text: ["eq", "neq", "in", "nin", "contains", "exists"],
  number: ["eq", "neq", "gt", "gte", "lt", "lte", "in", "nin", "exists"],
  date: ["before", "after", "gt", "gte", "lt", "lte", "within_last", "exists"],
  boolean: ["eq", "exists"],
  list: ["contains", "exists"],
  metadata: ["eq", "neq", "in", "nin", "contains", "gt", "gte", "lt", "lte", "exists"],
}

/** `data.<key>` in an event condition's `where`: the event's data, compared as metadata keys are. */
export const EVENT_DATA_PREFIX = "data."

export type SegmentEventCondition = { event: string; where?: Rule; within_last?: string; at_least?: number }
export type SegmentRule =
  | { all: SegmentRule[] }
  | { any: SegmentRule[] }
  | { not: SegmentRule }
  | RuleCondition
  | SegmentEventCondition

/** The kind of a segment field, or undefined for a path that is not one. */
export function segmentFieldKind(path: string): SegmentValueKind | undefined {
  if (path.startsWith(SEGMENT_METADATA_PREFIX)) return path.length > SEGMENT_METADATA_PREFIX.length ? "metadata" : undefined
  return SEGMENT_FIELDS.find((field) => field.path === path)?.kind
}

const isText = (value: unknown) => typeof value === "string"
const isNumber = (value: unknown) => typeof value === "number" && Number.isFinite(value)
const each = (test: (value: unknown) => boolean) => (value: unknown) => Array.isArray(value) && value.every(test)

/**
 * Whether a value the op accepts (see rules.ts) also suits the field's kind: SQL compares typed
 * columns, so a text field takes text, a number field numbers. Ops not listed take what rules.ts
 * accepts (dates, durations, exists).
 */
const SUITS: Partial<Record<SegmentValueKind, Partial<Record<RuleOp, (value: unknown) => boolean>>>> = {
  text: { eq: isText, neq: isText, contains: isText, in: each(isText), nin: each(isText) },
  number: {
    eq: isNumber, neq: isNumber, gt: isNumber, gte: isNumber, lt: isNumber, lte: isNumber,
    in: each(isNumber), nin: each(isNumber),
  },
  date: { gt: isText, gte: isText, lt: isText, lte: isText },
  boolean: { eq: (value) => typeof value === "boolean" },
  list: { contains: isText },
  metadata: { gt: isNumber, gte: isNumber, lt: isNumber, lte: isNumber },
}

const FIELD_NAMES = [...SEGMENT_FIELDS.map((field) => field.path), `${SEGMENT_METADATA_PREFIX}<key>`]

function checkSegmentCondition(condition: RuleCondition, ctx: z.RefinementCtx) {
  const { field, op } = condition
  const kind = segmentFieldKind(field)
  const problem: [string, Phrase] | undefined = !kind
    ? ["field", phrase("segment.fieldUnknown", { field, fields: orList(FIELD_NAMES) })]
    : !SEGMENT_OPS[kind].includes(op)
      ? ["op", phrase("segment.opNotFor", { op, field, ops: orList(SEGMENT_OPS[kind]) })]
      : valueProblem(kind, condition)
  if (problem) ctx.addIssue({ code: "custom", path: [problem[0]], ...issueParams(problem[1]) })
}

/** The field's kind speaks first: "orders.count is a number" says more than what "gt" takes in general. */
function valueProblem(kind: SegmentValueKind, condition: RuleCondition): [string, Phrase] | undefined {
  const suits = SUITS[kind]?.[condition.op]
  if (suits && !suits(condition.value)) {
    return ["value", phrase(`segment.value.${kind}`, { op: condition.op, field: condition.field })]
  }
  const general = conditionValueProblem(condition)
  return general && ["value", general]
}

/** A condition of an event's `where`: a `data.<key>` path (no empty part), with a metadata key's ops and values. */
function checkEventDataCondition(condition: RuleCondition, ctx: z.RefinementCtx) {
  const { field, op } = condition
  const key = field.startsWith(EVENT_DATA_PREFIX) ? field.slice(EVENT_DATA_PREFIX.length) : ""
  const problem: [string, Phrase] | undefined = !key || key.split(".").includes("")
    ? ["field", phrase("segment.eventDataField", { field })]
    : !SEGMENT_OPS.metadata.includes(op)
      ? ["op", phrase("segment.opNotFor", { op, field, ops: orList(SEGMENT_OPS.metadata) })]
      : valueProblem("metadata", condition)
  if (problem) ctx.addIssue({ code: "custom", path: [problem[0]], ...issueParams(problem[1]) })
}

const eventDataRuleSchema = ruleSchemaFor<Rule>({ condition: checkEventDataCondition })

const isWholeAtLeastOne = (value: unknown) => Number.isInteger(value) && (value as number) >= 1

/** The event condition; its keys' problems are all worded here, none left to zod. */
const eventConditionSchema = z
  .strictObject({
    event: z.unknown(),
    where: z.unknown().optional(),
    within_last: z.unknown().optional(),
    at_least: z.unknown().optional(),
  })
  .superRefine((condition, ctx) => {
    const add = (key: string, text: Phrase) => ctx.addIssue({ code: "custom", path: [key], ...issueParams(text) })
    if (typeof condition.event !== "string" || !condition.event.trim()) add("event", phrase("segment.eventName"))
    if (condition.where !== undefined) {
      // The inner rule's issues are worded by its own schema; they keep their phrases here.
      for (const issue of eventDataRuleSchema.safeParse(condition.where).error?.issues ?? []) {
        ctx.addIssue({ code: "custom", path: ["where", ...issue.path], message: issue.message, params: (issue as { params?: object }).params })
      }
    }
    const { within_last } = condition
    if (within_last !== undefined && (typeof within_last !== "string" || !parseDuration(within_last))) {
      add("within_last", phrase("rule.value.duration", { op: "within_last" }))
    }
    if (condition.at_least !== undefined && !isWholeAtLeastOne(condition.at_least)) add("at_least", phrase("segment.atLeast"))
  })

export const segmentRuleSchema = ruleSchemaFor<SegmentRule>({
  condition: checkSegmentCondition,
  forms: { event: eventConditionSchema },
})

/**
 * Every problem of a segment rule, each with its JSON path under `path` (`rule.all[1].field`,
 * `any[0].within_last`) and a message for a store owner. Never throws.
 */
export function checkSegmentRule(rule: unknown, path = ""): RuleProblem[] {
  return ruleProblems(segmentRuleSchema, rule, path)
}
