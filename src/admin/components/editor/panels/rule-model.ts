/**
 * The rule builder's model: a RULE (`{ all }`, `{ any }`, `{ not }`, conditions) read as a tree of
 * groups and conditions that the builder draws, edited there, and written back. Reading then writing
 * gives back the same JSON (only the root may come out simpler, see `writeRule`), so an edit changes
 * nothing but what was edited; what the builder cannot show (a `not` of a `not`, a malformed part)
 * is kept as a raw node, edited as JSON text.
 */
import { parseDuration, RULE_OPS, type RULE_ROOTS, type RuleOp } from "../../../../engine"
import { asRecord } from "../../../lib/editor/draft"
import { joinPath } from "./problems"

export type RuleGroup = {
  kind: "group"
  mode: "all" | "any"
  negated: boolean
  /**
   * Stands for a lone rule that is no group (a bare condition, `{ not: condition }`): written back
   * as that rule while it holds one child and matches all, so reading and writing change nothing.
   */
  implicit: boolean
  children: RuleNode[]
  /** JSON path of the group's rule, relative to the whole rule ("" for the root). */
  path: string
}
/** Field and op as written: absent ones stay absent until the merchant sets them. */
export type RuleConditionNode = { kind: "condition"; field?: string; op?: string; value?: unknown; path: string }
/**
 * A segment's condition on what the customer did: `event` at least `at_least` times (1 when
 * absent), in the last `within_last` (ever when absent), counting only events whose data matches
 * `where` when given — one condition on a data key, `{ field: "data.<key>", op, value }`.
 */
export type RuleEventNode = { kind: "event"; event: string; where?: EventDataCondition; within_last?: string; at_least?: number; path: string }
/** An event's `where` as the builder edits it: the key after `data.`. */
export type EventDataCondition = { key: string; op: string; value?: unknown }
export type RawRuleNode = { kind: "raw"; rule: unknown; path: string }
export type RuleNode = RuleGroup | RuleConditionNode | RuleEventNode | RawRuleNode

/** `events`: event conditions are read as such (segments); otherwise, as in journeys, they are raw. */
export type ReadOptions = { events?: boolean }

/** The rule as a tree whose root is always a group; an absent rule is an empty group. */
export function readRule(rule: unknown, options: ReadOptions = {}): RuleGroup {
  if (rule === undefined) return { kind: "group", mode: "all", negated: false, implicit: true, children: [], path: "" }
  const node = readNode(rule, "", options)
  return node.kind === "group" ? node : { kind: "group", mode: "all", negated: false, implicit: true, children: [node], path: "" }
}

function readNode(rule: unknown, path: string, options: ReadOptions): RuleNode {
  const fields = asRecord(rule)
  const keys = fields ? Object.keys(fields) : []
  if (fields && keys.length === 1 && (keys[0] === "all" || keys[0] === "any") && Array.isArray(fields[keys[0]])) {
    return readGroup(keys[0], fields[keys[0]] as unknown[], false, path, path, options)
  }
  if (fields && keys.length === 1 && keys[0] === "not") {
    const inner = asRecord(fields.not)
    const innerKeys = inner ? Object.keys(inner) : []
    if (inner && innerKeys.length === 1 && (innerKeys[0] === "all" || innerKeys[0] === "any") && Array.isArray(inner[innerKeys[0]])) {
      return readGroup(innerKeys[0], inner[innerKeys[0]] as unknown[], true, path, joinPath(path, "not"), options)
    }
    if (isCondition(fields.not) || (options.events && isEventCondition(fields.not))) {
      const condition = readNode(fields.not, joinPath(path, "not"), options)
      return { kind: "group", mode: "all", negated: true, implicit: true, children: [condition], path }
    }
  }
  if (isCondition(rule)) {
    const { field, op, value } = rule as { field?: string; op?: string; value?: unknown }
    return { kind: "condition", field, op, value, path }
  }
  if (options.events && isEventCondition(rule)) {
    const { event, where, within_last, at_least } = rule as { event: string; where?: { field: string; op: string; value?: unknown }; within_last?: string; at_least?: number }
    const data = where && { key: where.field.slice(EVENT_DATA.length), op: where.op, ...(where.value !== undefined && { value: where.value }) }
    return { kind: "event", event, ...(data && { where: data }), within_last, at_least, path }
  }
  return { kind: "raw", rule, path }
}

function readGroup(mode: "all" | "any", items: unknown[], negated: boolean, path: string, inner: string, options: ReadOptions): RuleGroup {
  return {
    kind: "group",
    mode,
    negated,
    implicit: false,
    children: Array.from(items, (item, index) => readNode(item, joinPath(inner, `${mode}[${index}]`), options)),
    path,
  }
}

const EVENT_DATA = "data."

/**
 * An event condition the builder can edit: a text event, a text duration and a number count when
 * present, and a `where` of one condition on a data key.
 */
function isEventCondition(value: unknown): boolean {
  const fields = asRecord(value)
  const where = asRecord(fields?.where)
  return (
    fields !== undefined &&
    typeof fields.event === "string" &&
    Object.keys(fields).every((key) => key === "event" || key === "where" || key === "within_last" || key === "at_least") &&
    (fields.where === undefined ||
      (isCondition(where) && typeof where!.field === "string" && where!.field.startsWith(EVENT_DATA) && typeof where!.op === "string")) &&
    (fields.within_last === undefined || typeof fields.within_last === "string") &&
    (fields.at_least === undefined || typeof fields.at_least === "number")
  )
}

/** A condition the builder can edit: only field, op and value, field and op as text when present. */
function isCondition(value: unknown): boolean {
  const fields = asRecord(value)
  if (!fields || !("field" in fields || "op" in fields)) return false
  return (
    Object.keys(fields).every((key) => key === "field" || key === "op" || key === "value") &&
    (fields.field === undefined || typeof fields.field === "string") &&
    (fields.op === undefined || typeof fields.op === "string")
  )
}

/**
 * The JSON of a tree, the root in its simplest form: a root that all of one rule must match is
 * that rule alone (`{ all: [c] }` is written `c`), and an empty one is no rule (`undefined`).
 */
export function writeRule(root: RuleGroup): unknown {
  const simplest = { ...root, implicit: root.implicit || root.mode === "all" }
  if (simplest.implicit && simplest.children.length === 0 && !simplest.negated) return undefined
  return writeNode(simplest)
}

function writeNode(node: RuleNode): unknown {
  switch (node.kind) {
    case "raw":
      return node.rule
    case "condition":
      return {
        ...(node.field === undefined ? {} : { field: node.field }),
        ...(node.op === undefined ? {} : { op: node.op }),
        ...(node.value === undefined ? {} : { value: node.value }),
      }
    case "event":
      return {
        event: node.event,
        ...(node.where && {
          where: { field: `${EVENT_DATA}${node.where.key}`, op: node.where.op, ...(node.where.value !== undefined && { value: node.where.value }) },
        }),
        ...(node.within_last === undefined ? {} : { within_last: node.within_last }),
        ...(node.at_least === undefined ? {} : { at_least: node.at_least }),
      }
    case "group": {
      const lone = node.implicit && node.mode === "all" && node.children.length === 1
      const rule = lone ? writeNode(node.children[0]) : { [node.mode]: node.children.map(writeNode) }
      return node.negated ? { not: rule } : rule
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Edits, by address: the child indexes from the root group to a node.

export type Address = readonly number[]

/** The tree with the node at `address` replaced by `change(node)`, or removed when it returns undefined. */
export function changeAt(root: RuleGroup, address: Address, change: (node: RuleNode) => RuleNode | undefined): RuleGroup {
  const visit = (node: RuleNode, rest: Address): RuleNode | undefined => {
    if (rest.length === 0) return change(node)
    if (node.kind !== "group") return node
    const [index, ...deeper] = rest
    const children = node.children.flatMap((child, at) => {
      if (at !== index) return [child]
      const changed = visit(child, deeper)
      return changed === undefined ? [] : [changed]
    })
    return { ...node, children }
  }
  return (visit(root, address) as RuleGroup | undefined) ?? root
}

/**
 * A condition still to fill in: `eq`, the most common test, on no field and with no value yet, so
 * that the validator points at both until they are given.
 */
export const NEW_CONDITION: RuleConditionNode = { kind: "condition", field: "", op: "eq", path: "" }

/** An event condition still to name its event. */
export const NEW_EVENT_CONDITION: RuleEventNode = { kind: "event", event: "", path: "" }

export function newGroup(mode: "all" | "any" = "all"): RuleGroup {
  return { kind: "group", mode, negated: false, implicit: false, children: [{ ...NEW_CONDITION }], path: "" }
}

/** An optional rule as it starts when the merchant adds one: a single condition to fill in. */
export const NEW_RULE = writeRule(newGroup())

export function addChild(root: RuleGroup, groupAddress: Address, child: RuleNode): RuleGroup {
  return changeAt(root, groupAddress, (node) => (node.kind === "group" ? { ...node, children: [...node.children, child] } : node))
}

/** Sets a group's mode; an implicit group becomes explicit (`{ any: [x] }` must be written as such). */
export function setMode(root: RuleGroup, address: Address, mode: "all" | "any"): RuleGroup {
  return changeAt(root, address, (node) => (node.kind === "group" && node.mode !== mode ? { ...node, mode, implicit: false } : node))
}

export function setNegated(root: RuleGroup, address: Address, negated: boolean): RuleGroup {
  return changeAt(root, address, (node) => (node.kind === "group" ? { ...node, negated } : node))
}

// ---------------------------------------------------------------------------------------------
// Operators and their values

/** What an operator compares with (see `VALUES` in the engine's rules.ts). */
export type ValueShape =
  | "scalar" // text, a number or true/false
  | "list" // a non-empty list of those
  | "bound" // a number or an ISO date
  | "date" // an ISO date or date-time
  | "duration" // an ISO 8601 duration
  | "presence" // nothing, or false for "is missing"

export const OPERATOR_VALUES: Record<RuleOp, ValueShape> = {
  eq: "scalar",
  neq: "scalar",
  contains: "scalar",
  in: "list",
  nin: "list",
  gt: "bound",
  gte: "bound",
  lt: "bound",
  lte: "bound",
  before: "date",
  after: "date",
  within_last: "duration",
  exists: "presence",
}

export function isRuleOp(op: string): op is RuleOp {
  return (RULE_OPS as readonly string[]).includes(op)
}

const isScalar = (value: unknown): value is string | number | boolean =>
  typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T|$)/
const NUMERIC = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)\s*$/
const isDate = (value: unknown): value is string => typeof value === "string" && ISO_DATE.test(value)

/**
 * The value a condition keeps when its operator changes: what still fits the new operator (a
 * number stays a number, `eq "FR"` becomes `in ["FR"]`), nothing when nothing fits.
 */
export function valueForOp(op: RuleOp, value: unknown): unknown {
  const first = Array.isArray(value) ? value.find(isScalar) : value
  switch (OPERATOR_VALUES[op]) {
    case "scalar":
      return isScalar(first) ? first : undefined
    case "list":
      if (Array.isArray(value)) return value.filter(isScalar)
      return isScalar(value) && value !== "" ? [value] : []
    case "bound":
      if (typeof first === "number" || isDate(first)) return first
      return typeof first === "string" && NUMERIC.test(first) ? Number(first) : undefined
    case "date":
      return isDate(first) ? first : undefined
    case "duration":
      return typeof value === "string" && parseDuration(value) !== null ? value : undefined
    case "presence":
      return value === false ? false : undefined
  }
}

/** How a scalar value is typed in: as text, a number or yes / no. */
export type ScalarKind = "text" | "number" | "boolean"

export function scalarKind(value: unknown, fieldKind: FieldKind | undefined): ScalarKind {
  if (typeof value === "boolean") return "boolean"
  if (typeof value === "number") return "number"
  if (value === "" || value === undefined) {
    if (fieldKind === "boolean" || fieldKind === "number") return fieldKind
  }
  return "text"
}

/** A scalar (or each item of a list) converted to another kind; text that is no number is dropped. */
export function convertScalar(value: unknown, kind: ScalarKind): unknown {
  if (Array.isArray(value)) return value.map((item) => convertScalar(item, kind)).filter((item) => item !== undefined)
  switch (kind) {
    case "text":
      return value === undefined ? undefined : String(value)
    case "number": {
      if (typeof value === "number") return value
      return typeof value === "string" && NUMERIC.test(value) ? Number(value) : undefined
    }
    case "boolean":
      return typeof value === "boolean" ? value : value === "false" ? false : true
  }
}

/** How a bound (gt…lte) is typed in: a number, or a date. */
export function boundKind(value: unknown, fieldKind: FieldKind | undefined): "number" | "date" {
  if (isDate(value)) return "date"
  if (value === undefined && fieldKind === "date") return "date"
  return "number"
}

/** Whether a date value is a plain calendar date, edited with a date input (else as ISO text). */
export function isCalendarDate(value: unknown): boolean {
  return value === undefined || value === "" || (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value))
}

// ---------------------------------------------------------------------------------------------
// Field suggestions, grouped by the object they read

/** `list`: a list of ids (a segment's customer groups, products ordered), tested with `contains`. */
export type FieldKind = "text" | "number" | "boolean" | "date" | "list"
export type FieldSuggestion = {
  path: string
  /** Key of its name, under the catalogue's `keys.fields`. */
  label: string
  kind?: FieldKind
  /** Ends with a dot: the merchant types the rest (a metadata key, an event's data key). */
  prefix?: boolean
  /** Its value is a record of the store, picked by name (the builder's value pickers). */
  picker?: ValuePicker
}
/** The store's records a value can be picked from: a segment, a customer group. */
export type ValuePicker = "segment" | "customer_group"
export type FieldGroup<Root extends string = (typeof RULE_ROOTS)[number]> = { root: Root; fields: FieldSuggestion[] }

/** The fields the engine's context holds (see workflows/message-context.ts and the interpreter). */
export const RULE_FIELDS: FieldGroup[] = [
  {
    root: "customer",
    fields: [
      { path: "customer.email", label: "email", kind: "text" },
      { path: "customer.first_name", label: "first_name", kind: "text" },
      { path: "customer.last_name", label: "last_name", kind: "text" },
      { path: "customer.phone", label: "phone", kind: "text" },
      { path: "customer.has_account", label: "has_account", kind: "boolean" },
      { path: "customer.created_at", label: "customer_created_at", kind: "date" },
      // The ids of the segments the conditions name that the customer is in, when the rule is evaluated.
      { path: "customer.segments", label: "segments", kind: "list", picker: "segment" },
      { path: "customer.metadata.", label: "metadata", prefix: true },
    ],
  },
  {
    root: "cart",
    fields: [
      { path: "cart.total", label: "total", kind: "number" },
      { path: "cart.item_total", label: "item_total", kind: "number" },
      { path: "cart.currency_code", label: "currency_code", kind: "text" },
      { path: "cart.email", label: "email", kind: "text" },
      { path: "cart.items.product_id", label: "item_product", kind: "text" },
      { path: "cart.items.quantity", label: "item_quantity", kind: "number" },
      { path: "cart.metadata.", label: "metadata", prefix: true },
    ],
  },
  {
    root: "order",
    fields: [
      { path: "order.total", label: "total", kind: "number" },
      { path: "order.currency_code", label: "currency_code", kind: "text" },
      { path: "order.display_id", label: "display_id", kind: "number" },
      { path: "order.email", label: "email", kind: "text" },
      { path: "order.items.product_id", label: "item_product", kind: "text" },
      { path: "order.created_at", label: "order_created_at", kind: "date" },
    ],
  },
  {
    root: "event",
    fields: [
      { path: "event.name", label: "event_name", kind: "text" },
      { path: "event.data.", label: "event_data", prefix: true },
    ],
  },
  {
    root: "enrollment",
    fields: [{ path: "enrollment.entered_at", label: "entered_at", kind: "date" }],
  },
]

/** What a rule builder offers: the journey editor's context, or a segment's customer data. */
export type RuleCatalogue = {
  groups: readonly FieldGroup<string>[]
  /** Where the names are, under `journeys`: `<fields>.<label>` for a field, `<roots>.<root>` for a group. */
  keys: { fields: string; roots: string }
  /** The field input's example. */
  placeholder: string
  /** The operators a field allows; undefined (or none given) for all of them. */
  opsFor?: (path: string) => readonly RuleOp[] | undefined
  /** Whether conditions on events the customer did are offered (`{ event, within_last?, at_least? }`). */
  events: boolean
}

export const JOURNEY_RULES: RuleCatalogue = {
  groups: RULE_FIELDS,
  keys: { fields: "panels.rule.fields", roots: "panels.rule.roots" },
  placeholder: "cart.total",
  // "Is in segment"; "is not in" is the Not of a group around it.
  opsFor: (path) => (path === "customer.segments" ? ["contains"] : undefined),
  events: false,
}

function knownField(path: string, catalogue: RuleCatalogue): FieldSuggestion | undefined {
  for (const group of catalogue.groups) {
    const known = group.fields.find((field) => !field.prefix && field.path === path)
    if (known) return known
  }
  return undefined
}

/** The kind of value a known field holds, to type the value in the right way. */
export function fieldKind(path: string, catalogue: RuleCatalogue = JOURNEY_RULES): FieldKind | undefined {
  return knownField(path, catalogue)?.kind
}

/** The picker of a field whose value is a store record (a segment, a customer group); none for typed values. */
export function fieldPicker(path: string, catalogue: RuleCatalogue = JOURNEY_RULES): ValuePicker | undefined {
  return knownField(path, catalogue)?.picker
}

/**
 * A condition with a field picked from the suggestions: a picker's field takes its first operator
 * when the current one is not allowed there (`customer.segments` only `contains`), and then no
 * value; any other field keeps operator and value, for the validator to judge.
 */
export function withPickedField(condition: RuleConditionNode, field: string, catalogue: RuleCatalogue = JOURNEY_RULES): RuleConditionNode {
  const allowed = catalogue.opsFor?.(field)
  const op = condition.op
  if (!fieldPicker(field, catalogue) || !allowed?.length || (op !== undefined && isRuleOp(op) && allowed.includes(op))) {
    return { ...condition, field }
  }
  return { ...condition, field, op: allowed[0], value: undefined }
}

/** The operators offered for a field: its kind's, and the one already chosen even when its kind does not allow it (the validator says so). */
export function operatorsFor(path: string, op: string, catalogue: RuleCatalogue = JOURNEY_RULES): readonly RuleOp[] {
  const allowed = catalogue.opsFor?.(path) ?? RULE_OPS
  return isRuleOp(op) && !allowed.includes(op) ? RULE_OPS.filter((candidate) => candidate === op || allowed.includes(candidate)) : allowed
}
