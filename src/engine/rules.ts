/**
 * RULE: the small JSON rule language of journey definitions, evaluated over a context of `customer`,
 * `cart`, `order`, `event` and `enrollment`.
 *
 *   { "all": [RULE, …] }  { "any": [RULE, …] }  { "not": RULE }
 *   { "field": "cart.total", "op": "gt", "value": 200 }
 *
 * Evaluation is total (never throws) and follows these rules:
 * - Paths: dot-separated keys, numeric parts index arrays (`cart.items.0.product_id`). A key applied
 *   to an array applies to each element, so `cart.items.product.collection.title` yields one value
 *   per item and a condition holds when ANY of them satisfies it. A path ending on an array yields
 *   the array itself: test membership with `contains`.
 * - Missing: an absent path, undefined or null. Every op is false on a missing value except the
 *   negative ones: `exists` with value false, `neq` and `nin`.
 * - `neq` and `nin` are exactly `not eq` and `not in`: true when missing, when of another type, and
 *   for arrays only when NO element is equal / in the list.
 * - Numbers: data given as a numeric string ("249.5", BigNumber serialised) or as a BigNumber-like
 *   `{ value: "249.5" }` compares numerically with a number in the rule.
 * - Dates: Date objects, ISO strings ("2026-01-31", "2026-01-31T09:00:00+02:00"; no offset = UTC)
 *   and epoch milliseconds compare as instants against an ISO date in the rule (gt/gte/lt/lte,
 *   before/after, eq). `within_last` holds for instants in [now − duration, now], calendar units
 *   counted in UTC.
 * - Strings: `eq` is exact, except when the rule value contains "@" (an email address): then it
 *   ignores case, as email addresses are matched in practice ("email equals my address").
 *   `contains` on text is a case-insensitive substring; on an array, membership by `eq`.
 * - Type mismatches (text gt 5, an object eq "x") are false, never exceptions.
 * - `customer.segments` lists the segments the customer belongs to when the rule runs (`contains`
 *   a segment id): the engine's caller computes them for the segments a definition names.
 */
import { DateTime } from "luxon"
import { z } from "zod"

import {
  issueParams,
  issuePhrase,
  orList,
  phrase,
  quoted,
  withText,
  type MessageKey,
  type Phrase,
  type PhraseValue,
} from "./messages"
import { parseDuration } from "./time"

export const RULE_OPS = [
  "eq",
  "neq",
  "in",
  "nin",
  "gt",
  "gte",
  "lt",
  "lte",
  "contains",
  "exists",
  "before",
  "after",
  "within_last",
] as const
export type RuleOp = (typeof RULE_OPS)[number]

export const RULE_ROOTS = ["customer", "cart", "order", "event", "enrollment"] as const

export type RuleCondition = { field: string; op: RuleOp; value?: unknown }
export type Rule = { all: Rule[] } | { any: Rule[] } | { not: Rule } | RuleCondition

export type RuleContext = { customer?: unknown; cart?: unknown; order?: unknown; event?: unknown; enrollment?: unknown }
/** `message` is in English; `text` says it as data (see messages.ts), and is not enumerable. */
export type RuleProblem = { path: string; message: string; text: Phrase }
export type RuleVerdict = { matched: boolean; because: string }

// ---------------------------------------------------------------------------------------------
// Schema

/**
 * A list or string of at least one item. A refinement, not `.min(1)`: zod 4 runs length checks
 * even on a value of the wrong type that has a `length` property, and comparing that property
 * can throw (found by the rules' property test).
 */
export const nonEmpty = <T extends z.ZodType<{ length: number }>>(schema: T, text: Phrase) =>
  schema.refine((value) => value.length > 0, issueParams(text))

/**
 * A rule language over the shared grammar (`all`, `any`, `not`, `{ field, op, value }`): journeys'
 * RULE, and segments' (engine/segments.ts), whose conditions check their fields against their own
 * catalogue and which add forms of their own (a form is chosen by its distinguishing key).
 * `condition` adds the issues of a condition whose shape is right (its field, its value).
 */
export type RuleDialect = {
  condition: (condition: RuleCondition, ctx: z.RefinementCtx) => void
  forms?: Record<string, z.ZodType>
}

/**
 * The recursive schema of a dialect, shape and semantics. It dispatches on the rule's key instead
 * of being a plain union, so an error points at the faulty part (`all[1].op`) rather than at a union
 * none of whose members matched.
 */
export function ruleSchemaFor<R>(dialect: RuleDialect): z.ZodType<R> {
  const ruleList = (key: "all" | "any") => nonEmpty(z.array(z.lazy(() => schema)), phrase("rule.needsRule", { key }))
  // zod's own issues here (a wrong type, an unknown op, a key too many) are worded by `ruleIssuePhrase`.
  const forms: Record<string, z.ZodType> = {
    all: z.strictObject({ all: ruleList("all") }),
    any: z.strictObject({ any: ruleList("any") }),
    not: z.strictObject({ not: z.lazy(() => schema) }),
    ...dialect.forms,
    condition: z
      .strictObject({ field: z.string(), op: z.enum(RULE_OPS), value: z.unknown().optional() })
      .superRefine((condition, ctx) => dialect.condition(condition, ctx)),
  }
  const groups = Object.keys(forms).filter((key) => key !== "condition")
  const formOf = (value: unknown) => {
    if (!isRecord(value)) return undefined
    const group = groups.find((key) => key in value)
    return group ?? ("field" in value || "op" in value ? "condition" : undefined)
  }
  const schema: z.ZodType<R> = z.custom<R>().superRefine((value, ctx) => {
    const form = formOf(value)
    if (!form) return ctx.addIssue({ code: "custom", ...issueParams(phrase("rule.notARule")) })
    for (const issue of forms[form].safeParse(value).error?.issues ?? []) {
      const text = ruleIssuePhrase(issue, value as Record<string, unknown>)
      ctx.addIssue({ code: "custom", path: issue.path, ...issueParams(text) })
    }
  })
  return schema
}

/** The problem of a condition's value that does not suit its op, if any. */
export function conditionValueProblem({ op, value }: RuleCondition): Phrase | undefined {
  const expected = VALUES[op]
  return expected.accepts(value) ? undefined : phrase(expected.hint, { op })
}

/** The journeys' RULE schema: fields under the known roots. */
export const ruleSchema: z.ZodType<Rule> = ruleSchemaFor<Rule>({
  condition: (condition, ctx) => {
    const problem = fieldProblem(condition.field)
    if (problem) ctx.addIssue({ code: "custom", path: ["field"], ...issueParams(problem) })
    const valueProblem = conditionValueProblem(condition)
    if (valueProblem) ctx.addIssue({ code: "custom", path: ["value"], ...issueParams(valueProblem) })
  },
})

/** An issue of one of a dialect's forms in words: our checks attached theirs; zod's own are worded here. */
function ruleIssuePhrase(issue: z.core.$ZodIssue, rule: Record<string, unknown>): Phrase {
  const own = issuePhrase(issue)
  if (own) return own
  if (issue.code === "unrecognized_keys") {
    return phrase(issue.keys.length > 1 ? "rule.unexpectedKeys" : "rule.unexpectedKey", { keys: issue.keys.map(quoted) })
  }
  // Otherwise a key of the form holds a value of the wrong type (for `op`, not a known op).
  const key = issue.path[0]
  if (key === "field") return phrase("rule.fieldNotPath")
  if (key === "op") {
    const ops = [...RULE_OPS]
    return rule.op === undefined ? phrase("rule.opMissing", { ops }) : phrase("rule.opUnknown", { op: shown(rule.op), ops })
  }
  return phrase("rule.needsList", { key: String(key) })
}

function fieldProblem(field: string): Phrase | undefined {
  const parts = field.split(".")
  if (!(RULE_ROOTS as readonly string[]).includes(parts[0])) {
    return phrase("rule.fieldRoot", { field, roots: orList(RULE_ROOTS) })
  }
  if (parts.includes("")) return phrase("rule.fieldEmptyPart", { field })
  return undefined
}

const isScalar = (value: unknown) =>
  typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))

const scalar = { accepts: isScalar, hint: "rule.value.scalar" } as const
const list = {
  accepts: (value: unknown) => Array.isArray(value) && value.length > 0 && value.every(isScalar),
  hint: "rule.value.list",
} as const
const bound = {
  accepts: (value: unknown) =>
    (typeof value === "number" && Number.isFinite(value)) || !Number.isNaN(isoInstant(value)),
  hint: "rule.value.bound",
} as const
const date = {
  accepts: (value: unknown) => !Number.isNaN(isoInstant(value)),
  hint: "rule.value.date",
} as const

/** Which values each op takes, and the phrase saying so. */
const VALUES: Record<RuleOp, { accepts: (value: unknown) => boolean; hint: MessageKey }> = {
  eq: scalar,
  neq: scalar,
  contains: scalar,
  in: list,
  nin: list,
  gt: bound,
  gte: bound,
  lt: bound,
  lte: bound,
  before: date,
  after: date,
  within_last: {
    accepts: (value) => typeof value === "string" && parseDuration(value) !== null,
    hint: "rule.value.duration",
  },
  exists: {
    accepts: (value) => value === undefined || typeof value === "boolean",
    hint: "rule.value.exists",
  },
}

/**
 * Every problem of a rule, each with its JSON path under `path` (e.g. `nodes[3].branches[0].where.all[1].op`)
 * and a message for a store owner. Never throws.
 */
export function checkRule(rule: unknown, path: string): RuleProblem[] {
  return ruleProblems(ruleSchema, rule, path)
}

/** The problems a rule schema finds, located under `path` and worded. */
export function ruleProblems(schema: z.ZodType, rule: unknown, path: string): RuleProblem[] {
  const result = schema.safeParse(rule)
  if (result.success) return []
  return result.error.issues.map((issue) =>
    withText(
      {
        path: issue.path.reduce<string>(
          (joined, key) =>
            typeof key === "number" ? `${joined}[${key}]` : joined ? `${joined}.${String(key)}` : String(key),
          path,
        ),
      },
      // ruleSchema words every issue; the fallback only keeps this total.
      issuePhrase(issue) ?? phrase("predicate.invalid"),
    ),
  )
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/**
 * The context with `customer.segments`: the ids of the segments the customer belongs to now, which
 * the caller computed (never stored in an enrollment's context: memberships change).
 */
export function withSegments(context: RuleContext, segments: readonly string[]): RuleContext {
  const customer = typeof context.customer === "object" && context.customer !== null ? context.customer : {}
  return { ...context, customer: { ...customer, segments } }
}

/** Whether `rule` holds over `context` at `now`, and the deciding condition in words for the activity log. */
export function evaluateRule(rule: Rule, context: RuleContext, now: Date): RuleVerdict {
  if ("all" in rule) return evaluateGroup(rule.all, context, now, false, `all ${rule.all.length} conditions matched`)
  if ("any" in rule) return evaluateGroup(rule.any, context, now, true, `none of ${rule.any.length} conditions matched`)
  if ("not" in rule) {
    // The inner sentence states a fact ("cart.total (150) gt 200 is false") that stays true under negation.
    const inner = evaluateRule(rule.not, context, now)
    return { matched: !inner.matched, because: inner.because }
  }
  return evaluateCondition(rule, context, now)
}

/** Stops at the first rule whose result is `decisive` (false for all, true for any) and names it. */
function evaluateGroup(
  rules: Rule[],
  context: RuleContext,
  now: Date,
  decisive: boolean,
  otherwise: string,
): RuleVerdict {
  for (const rule of rules) {
    const verdict = evaluateRule(rule, context, now)
    if (verdict.matched === decisive || rules.length === 1) return verdict
  }
  return { matched: !decisive, because: otherwise }
}

type Test = (actual: unknown, expected: unknown, now: Date) => boolean

/** The positive ops; neq, nin and `exists: false` are their negations. */
const TESTS: Record<Exclude<RuleOp, "neq" | "nin">, Test> = {
  eq: (actual, expected) => equals(actual, expected),
  in: (actual, expected) => Array.isArray(expected) && expected.some((item) => equals(actual, item)),
  gt: (actual, expected) => compare(actual, expected) > 0,
  gte: (actual, expected) => compare(actual, expected) >= 0,
  lt: (actual, expected) => compare(actual, expected) < 0,
  lte: (actual, expected) => compare(actual, expected) <= 0,
  before: (actual, expected) => toInstant(actual) < isoInstant(expected),
  after: (actual, expected) => toInstant(actual) > isoInstant(expected),
  within_last: (actual, expected, now) => {
    const at = toInstant(actual)
    return windowStart(now, expected) <= at && at <= now.getTime()
  },
  contains: (actual, expected) =>
    typeof actual === "string"
      ? (typeof expected === "string" || typeof expected === "number") &&
        actual.toLowerCase().includes(String(expected).toLowerCase())
      : Array.isArray(actual) && actual.some((item) => equals(item, expected)),
  exists: () => true,
}

function evaluateCondition({ field, op, value }: RuleCondition, context: RuleContext, now: Date): RuleVerdict {
  const values = resolvePath(context, field)
  const negated = op === "neq" || op === "nin" || (op === "exists" && value === false)
  const test = TESTS[op === "neq" ? "eq" : op === "nin" ? "in" : op]
  const witness = values.findIndex((actual) => test(actual, value, now))
  const matched = witness >= 0 !== negated
  if (values.length === 0) return { matched, because: `${field} is missing` }
  if (op === "exists") return { matched, because: `${field} is present (${show(values[0])})` }
  const shown =
    witness >= 0 ? show(values[witness]) : values.length === 1 ? show(values[0]) : `${values.length} values`
  return { matched, because: `${field} (${shown}) ${op} ${show(value)}${matched ? "" : " is false"}` }
}

/** The present (not undefined, not null) values a path leads to; several when it crosses arrays. */
function resolvePath(context: RuleContext, field: string): unknown[] {
  let values: unknown[] = [context]
  for (const key of field.split(".")) values = values.flatMap((value) => step(value, key))
  return values.filter((value) => value !== undefined && value !== null)
}

function step(value: unknown, key: string): unknown[] {
  if (Array.isArray(value)) return /^\d+$/.test(key) ? [value[Number(key)]] : value.flatMap((item) => step(item, key))
  // Own properties only: a path must not reach into prototypes ("constructor", "__proto__").
  return isRecord(value) && Object.prototype.hasOwnProperty.call(value, key) ? [value[key]] : []
}

function equals(actual: unknown, expected: unknown): boolean {
  if (typeof expected === "boolean") return actual === expected
  if (typeof expected === "number") return toNumber(actual) === expected
  if (typeof expected !== "string") return false
  if (typeof actual === "string") {
    const same = expected.includes("@") ? actual.toLowerCase() === expected.toLowerCase() : actual === expected
    if (same) return true
  }
  if (NUMERIC.test(expected)) return toNumber(actual) === Number(expected)
  return toInstant(actual) === isoInstant(expected)
}

/** actual − expected, as numbers when the rule gives a number, else as instants; NaN when incomparable. */
function compare(actual: unknown, expected: unknown): number {
  return typeof expected === "number" ? toNumber(actual) - expected : toInstant(actual) - isoInstant(expected)
}

const NUMERIC = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?\s*$/i
// A full calendar date first, so that "2026" or "249" are never read as dates.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T|$)/

/** A number, a numeric string or a BigNumber-like `{ value }`; NaN otherwise. */
function toNumber(value: unknown): number {
  if (typeof value === "number") return value
  if (typeof value === "string") return NUMERIC.test(value) ? Number(value) : NaN
  const inner = isRecord(value) ? value.value : undefined
  if (typeof inner === "string" || typeof inner === "number") return toNumber(inner)
  return NaN
}

/** Epoch milliseconds of a Date, an epoch number or an ISO string; NaN otherwise. */
function toInstant(value: unknown): number {
  if (value instanceof Date) return value.getTime()
  return typeof value === "number" ? value : isoInstant(value)
}

/** Where `within_last` starts: `now` minus the ISO duration, calendar units counted in UTC; NaN for no duration. */
export function windowStart(now: Date, duration: unknown): number {
  const parsed = typeof duration === "string" ? parseDuration(duration) : null
  return parsed === null ? NaN : DateTime.fromJSDate(now, { zone: "utc" }).minus(parsed).toMillis()
}

/** Epoch milliseconds of an ISO date or date-time as rules read it (no offset = UTC); NaN otherwise. */
export function isoInstant(value: unknown): number {
  return typeof value === "string" && ISO_DATE.test(value) ? DateTime.fromISO(value, { zone: "utc" }).toMillis() : NaN
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

/** `show` for a problem's message, its quotes and words ("an object", "[7 items]") as phrases. */
function shown(value: unknown): PhraseValue {
  if (typeof value === "string") return quoted(show(value).slice(1, -1))
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? phrase("value.invalidDate") : show(value)
  if (Array.isArray(value)) {
    return value.length > 5
      ? phrase("value.items", { number: value.length })
      : phrase("value.list", { items: value.map(shown) })
  }
  if (isRecord(value) && Number.isNaN(toNumber(value))) return phrase("value.object")
  return show(value)
}

/** A short rendering of any value for messages; never throws (no implicit string conversion). */
function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 59)}…` : value)
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "an invalid date" : value.toISOString()
  if (Array.isArray(value)) return value.length > 5 ? `[${value.length} items]` : `[${value.map(show).join(", ")}]`
  if (isRecord(value)) return Number.isNaN(toNumber(value)) ? "an object" : String(toNumber(value))
  return String(value)
}
