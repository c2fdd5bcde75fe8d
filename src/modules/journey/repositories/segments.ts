import type { EntityManager } from "@medusajs/framework/mikro-orm/knex"
import type { Context } from "@medusajs/framework/types"
import { mikroOrmBaseRepositoryFactory } from "@medusajs/framework/utils"
import { isoInstant, windowStart } from "../../../engine/rules"
import { EVENT_DATA_PREFIX, SEGMENT_METADATA_PREFIX, type SegmentEventCondition, type SegmentRule } from "../../../engine/segments"
import type { Rule, RuleCondition } from "../../../engine/rules"
import JourneySegment from "../models/segment"
import type { SegmentMember } from "../types"
import { query } from "../utils/query"

/**
 * Segment membership, computed by PostgreSQL over Medusa's own tables (customer, customer_address,
 * customer_group_customer, "order" with order_summary / order_item / order_line_item,
 * product_category_product, cart / cart_line_item) and the plugin's journey_event (its data jsonb
 * for an event condition's `where`): a rule compiles to one predicate over `customer c`, every
 * value bound as a parameter. Medusa's modules keep these
 * tables in the store's one database; reading them here is deliberate (issue 17), so all of that
 * SQL lives in this file.
 *
 * Shape of the joins: what a customer has one of per field family (their address, their orders'
 * aggregates, their open cart) is a LEFT JOIN LATERAL … LIMIT 1 or an aggregate, read per customer
 * through Medusa's customer_id indexes and joined only when the rule uses the family; what they
 * have many of (groups, bought products and categories, events) is a correlated EXISTS, which
 * stops at the first match instead of building the set. Every condition is made two-valued (`is
 * true` / `is not true`) so that `not` and the negative ops hold for missing values exactly as
 * the rule language says (neq, nin and `exists: false` are true when the value is missing).
 */

/** Orders that count: not deleted, not cancelled, not drafts. */
const LIVE_ORDER = `o.customer_id = c.id and o.deleted_at is null and o.canceled_at is null
  and o.status <> 'canceled' and not o.is_draft_order`

/** Carts that count as open: neither completed nor deleted. */
const OPEN_CART = "k.customer_id = c.id and k.deleted_at is null and k.completed_at is null"

/**
 * The laterals a rule may need, by field family. `address`: the default shipping address, else
 * the default billing, else the oldest. `orders`: count, total spent (the exact
 * raw_current_order_total of the order's current summary version), first and last order dates.
 * `cart`: the most recently updated open cart and its items' sum (Medusa stores no cart total).
 */
const LATERALS = {
  address: `left join lateral (
      select a.city, a.country_code, a.province, a.postal_code from customer_address a
       where a.customer_id = c.id and a.deleted_at is null
       order by a.is_default_shipping desc, a.is_default_billing desc, a.created_at, a.id limit 1) addr on true`,
  orders: `left join lateral (
      select count(*)::int as count,
             coalesce(sum((s.totals -> 'raw_current_order_total' ->> 'value')::numeric), 0) as total_spent,
             min(o.created_at) as first_at, max(o.created_at) as last_at
        from "order" o
        left join order_summary s on s.order_id = o.id and s.version = o.version and s.deleted_at is null
       where ${LIVE_ORDER}) ord on true`,
  cart: `left join lateral (
      select k.id, (select coalesce(sum(li.unit_price * li.quantity), 0) from cart_line_item li
                     where li.cart_id = k.id and li.deleted_at is null) as total
        from cart k where ${OPEN_CART}
       order by k.updated_at desc, k.id desc limit 1) crt on true`,
}
type Lateral = keyof typeof LATERALS

type Kind = "text" | "number" | "date" | "boolean"
/** Fields read as one value per customer (null: missing), with the lateral they need. */
const SCALARS: Record<string, { sql: string; kind: Kind; lateral?: Lateral }> = {
  "customer.email": { sql: "c.email", kind: "text" },
  "customer.first_name": { sql: "c.first_name", kind: "text" },
  "customer.last_name": { sql: "c.last_name", kind: "text" },
  "customer.phone": { sql: "c.phone", kind: "text" },
  "customer.has_account": { sql: "c.has_account", kind: "boolean" },
  "customer.created_at": { sql: "c.created_at", kind: "date" },
  "address.city": { sql: "addr.city", kind: "text", lateral: "address" },
  "address.country_code": { sql: "addr.country_code", kind: "text", lateral: "address" },
  "address.province": { sql: "addr.province", kind: "text", lateral: "address" },
  "address.postal_code": { sql: "addr.postal_code", kind: "text", lateral: "address" },
  "orders.count": { sql: "ord.count", kind: "number", lateral: "orders" },
  "orders.total_spent": { sql: "ord.total_spent", kind: "number", lateral: "orders" },
  "orders.first_at": { sql: "ord.first_at", kind: "date", lateral: "orders" },
  "orders.last_at": { sql: "ord.last_at", kind: "date", lateral: "orders" },
  "cart.open": { sql: "(crt.id is not null)", kind: "boolean", lateral: "cart" },
  "cart.total": { sql: "crt.total", kind: "number", lateral: "cart" },
}

/**
 * List fields: `contains` is an EXISTS for one id (bound), `exists` the same EXISTS without it.
 * An empty list counts as missing.
 */
const LISTS: Record<string, { exists: string; match: string }> = {
  "customer.groups": {
    exists: `exists (select 1 from customer_group_customer g
                       join customer_group cg on cg.id = g.customer_group_id and cg.deleted_at is null
                      where g.customer_id = c.id and g.deleted_at is null`,
    match: "g.customer_group_id = ?",
  },
  "orders.product_ids": {
    exists: `exists (select 1 from "order" o
                       join order_item oi on oi.order_id = o.id and oi.version = o.version and oi.deleted_at is null
                       join order_line_item li on li.id = oi.item_id and li.deleted_at is null
                      where ${LIVE_ORDER} and li.product_id is not null`,
    match: "li.product_id = ?",
  },
  "orders.category_ids": {
    exists: `exists (select 1 from "order" o
                       join order_item oi on oi.order_id = o.id and oi.version = o.version and oi.deleted_at is null
                       join order_line_item li on li.id = oi.item_id and li.deleted_at is null
                       join product_category_product pcp on pcp.product_id = li.product_id
                      where ${LIVE_ORDER}`,
    match: "pcp.product_category_id = ?",
  },
  "cart.product_ids": {
    exists: `exists (select 1 from cart k
                       join cart_line_item li on li.cart_id = k.id and li.deleted_at is null
                      where ${OPEN_CART} and li.product_id is not null`,
    match: "li.product_id = ?",
  },
  "cart.category_ids": {
    exists: `exists (select 1 from cart k
                       join cart_line_item li on li.cart_id = k.id and li.deleted_at is null
                       join product_category_product pcp on pcp.product_id = li.product_id
                      where ${OPEN_CART}`,
    match: "pcp.product_category_id = ?",
  },
}

/**
 * A JSON value (`json`, whose one "?" is its bound key) read once per condition as the rule's
 * value needs it: a number (JSON numbers and numeric strings, as rules read "120"), a boolean, or
 * text (strings and numbers).
 */
const jsonValue = (json: string) => ({
  number: `(select case jsonb_typeof(m.v) when 'number' then (m.v #>> '{}')::numeric
                    when 'string' then case when m.v #>> '{}' ~ ? then (m.v #>> '{}')::numeric end end
              from (select ${json} as v) m)`,
  boolean: `(select case when jsonb_typeof(m.v) = 'boolean' then (m.v #>> '{}')::boolean end
               from (select ${json} as v) m)`,
  text: `(select case when jsonb_typeof(m.v) in ('string', 'number') then m.v #>> '{}' end
            from (select ${json} as v) m)`,
  exists: `coalesce(jsonb_typeof(${json}), 'null') <> 'null'`,
})
type JsonValue = ReturnType<typeof jsonValue>
/** `customer.metadata.<key>`: one key, dots included. */
const METADATA = jsonValue("c.metadata -> ?::text")
/** `data.<path>` of an event's `where`: a path of keys, one per dot. */
const EVENT_DATA = jsonValue("e.data #> ?::text[]")
// The rule language's numeric strings (rules.ts NUMERIC), bound: knex reads "?" as a placeholder.
const NUMERIC_TEXT = "^\\s*[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?\\s*$"

/** `at_least` events of a name, in a window when given: counted up to `at_least` only, through (customer_id, occurred_at). */
const EVENTS = {
  any: `exists (select 1 from journey_event e where e.customer_id = c.id and e.deleted_at is null and e.name = ?`,
  counted: `(select count(*) from (select 1 from journey_event e where e.customer_id = c.id and e.deleted_at is null and e.name = ?`,
  window: ` and e.occurred_at >= ? and e.occurred_at <= ?`,
}

/** A rule compiled: the laterals to join after `customer c`, and the predicate with its bindings, in order. */
export type CompiledSegment = { joins: string; where: string; bindings: unknown[] }

/** Compiles a valid segment rule (engine `checkSegmentRule` finds none) into SQL, `now` anchoring `within_last`. */
export function compileSegmentRule(rule: SegmentRule, now: Date): CompiledSegment {
  const laterals = new Set<Lateral>()
  const bindings: unknown[] = []
  // Fragments are put together in the order they appear in the text, so bindings follow their "?".
  const sql: Sql = (fragment, ...values) => {
    bindings.push(...values)
    return fragment
  }
  const compile = (rule: SegmentRule): string => {
    if ("all" in rule) return `(${rule.all.map(compile).join(" and ")})`
    if ("any" in rule) return `(${rule.any.map(compile).join(" or ")})`
    if ("not" in rule) return `(not ${compile(rule.not)})`
    if ("event" in rule) return eventPredicate(rule, now, sql)
    const scalar = SCALARS[rule.field]
    if (scalar?.lateral) laterals.add(scalar.lateral)
    if (scalar) return condition(scalar.sql, scalar.kind, rule, now, sql)
    const list = LISTS[rule.field]
    if (list) return rule.op === "contains" ? `(${list.exists} and ${sql(list.match, rule.value)}))` : presence(`${list.exists})`, rule)
    return jsonPredicate(METADATA, rule.field.slice(SEGMENT_METADATA_PREFIX.length), rule, now, sql)
  }
  const where = compile(rule)
  return { joins: [...laterals].map((lateral) => LATERALS[lateral]).join("\n"), where, bindings }
}

/** A fragment of SQL whose "?" take `values`, in order. */
type Sql = (fragment: string, ...values: unknown[]) => string

/** `exists` over a present-or-missing predicate. */
const presence = (present: string, { value }: RuleCondition) => (value === false ? `(not ${present})` : present)

/** A positive test made two-valued, negated for neq and nin: true when the value is missing. */
const decided = (test: string, negated: boolean) => `((${test}) ${negated ? "is not true" : "is true"})`

/**
 * A condition over the value `x` (null: missing). `x` appears twice for `within_last` and for an
 * `in` list mixing emails and other text: only plain columns reach those, never an `x` with
 * bindings of its own (metadata: no dates, and `in` compiled per value).
 */
function condition(x: string, kind: Kind, { op, value }: RuleCondition, now: Date, sql: Sql): string {
  const cast = { number: "::numeric", date: "::timestamptz", boolean: "::boolean", text: "::text" }[kind]
  const bound = kind === "date" ? new Date(isoInstant(value)) : value
  const compare = (operator: string) => decided(`${x} ${operator} ${sql(`?${cast}`, bound)}`, false)
  switch (op) {
    case "exists":
      return value === false ? `(${x} is null)` : `(${x} is not null)`
    case "eq":
    case "neq":
      return decided(
        kind === "text" && String(value).includes("@") ? `lower(${x}) = lower(${sql("?::text", value)})` : `${x} = ${sql(`?${cast}`, value)}`,
        op === "neq"
      )
    case "in":
    case "nin": {
      const values = value as unknown[]
      const emails = kind === "text" ? values.filter((v) => String(v).includes("@")) : []
      const exact = values.filter((v) => !emails.includes(v))
      const tests = [
        ...(exact.length ? [`${x} = any(${sql(`?${cast}[]`, exact)})`] : []),
        ...(emails.length ? [`lower(${x}) = any(${sql("?::text[]", emails.map((v) => String(v).toLowerCase()))})`] : []),
      ]
      return decided(tests.join(" or "), op === "nin")
    }
    case "contains":
      return decided(`strpos(lower(${x}), lower(${sql("?::text", value)})) > 0`, false)
    case "gt":
    case "after":
      return compare(">")
    case "gte":
      return compare(">=")
    case "lt":
    case "before":
      return compare("<")
    case "lte":
      return compare("<=")
    case "within_last":
      return decided(`${x} >= ${sql("?::timestamptz", new Date(windowStart(now, value)))} and ${x} <= ${sql("?::timestamptz", now)}`, false)
  }
}

/** A condition over a JSON value at `key` (a metadata key, an event's data path). */
function jsonPredicate(json: JsonValue, key: string | string[], rule: RuleCondition, now: Date, sql: Sql): string {
  if (rule.op === "exists") return presence(sql(json.exists, key), rule)
  if (rule.op === "in" || rule.op === "nin") {
    // Mixed lists ("1", 1, true) compare each value as its own type, as rules.ts does.
    const each = (rule.value as unknown[]).map((value) => jsonPredicate(json, key, { field: rule.field, op: "eq", value }, now, sql))
    return rule.op === "in" ? `(${each.join(" or ")})` : `(not (${each.join(" or ")}))`
  }
  const kind = typeof rule.value === "number" ? "number" : typeof rule.value === "boolean" ? "boolean" : "text"
  const x = kind === "number" ? sql(json.number, NUMERIC_TEXT, key) : sql(json[kind], key)
  return condition(x, kind, rule, now, sql)
}

/** An event's `where` over its data, made two-valued like the segment's own conditions. */
function eventDataPredicate(rule: Rule, now: Date, sql: Sql): string {
  if ("all" in rule) return `(${rule.all.map((inner) => eventDataPredicate(inner, now, sql)).join(" and ")})`
  if ("any" in rule) return `(${rule.any.map((inner) => eventDataPredicate(inner, now, sql)).join(" or ")})`
  if ("not" in rule) return `(not ${eventDataPredicate(rule.not, now, sql)})`
  return jsonPredicate(EVENT_DATA, rule.field.slice(EVENT_DATA_PREFIX.length).split("."), rule, now, sql)
}

function eventPredicate({ event, where, within_last, at_least = 1 }: SegmentEventCondition, now: Date, sql: Sql): string {
  const among = (head: string) =>
    sql(head, event) +
    (where === undefined ? "" : ` and ${eventDataPredicate(where, now, sql)}`) +
    (within_last === undefined ? "" : sql(EVENTS.window, new Date(windowStart(now, within_last)), now))
  if (at_least === 1) return `(${among(EVENTS.any)}))`
  return `(${among(EVENTS.counted)} ${sql("limit ?) hits) >= ?", at_least, at_least)})`
}

/** Bindings: the compiled rule's. */
const COUNT = (from: string, where: string) => `
  select count(*)::int as count from customer c ${from} where c.deleted_at is null and ${where}`

/** Bindings: the compiled rule's, then the id to start after (or null), limit and offset. */
const PAGE = (from: string, where: string) => `
  select c.id, c.email, c.first_name, c.last_name, c.created_at from customer c ${from}
   where c.deleted_at is null and ${where} and (?::text is null or c.id > ?::text)
   order by c.id limit ? offset ?`

/** Bindings: the compiled rule's, then the customer ids (an array). */
const AMONG = (from: string, where: string) => `
  select c.id from customer c ${from} where c.deleted_at is null and ${where} and c.id = any(?)`

/** A timestamp as JavaScript's toISOString writes it (milliseconds, UTC), as the Customer Module's dates serialise. */
const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/**
 * Customers (binding: their ids) as the `customer` root of a message context: the fields and
 * addresses that message-context.ts reads through the Customer Module, in the JSON that module's
 * entities serialise to, built by PostgreSQL in one statement. A segment read enters thousands
 * of customers a second: hydrating them as entities was a third of its time and most of Node's.
 */
const CUSTOMER_CONTEXTS = `
  select c.id, json_build_object(
           'id', c.id, 'email', c.email, 'first_name', c.first_name, 'last_name', c.last_name, 'phone', c.phone,
           'company_name', c.company_name, 'has_account', c.has_account, 'metadata', c.metadata,
           'created_at', ${iso("c.created_at")},
           'addresses', coalesce((
             select json_agg(json_build_object(
                      'id', a.id, 'address_name', a.address_name, 'is_default_shipping', a.is_default_shipping,
                      'is_default_billing', a.is_default_billing, 'company', a.company, 'first_name', a.first_name,
                      'last_name', a.last_name, 'address_1', a.address_1, 'address_2', a.address_2, 'city', a.city,
                      'country_code', a.country_code, 'province', a.province, 'postal_code', a.postal_code,
                      'phone', a.phone, 'metadata', a.metadata, 'customer_id', a.customer_id,
                      'created_at', ${iso("a.created_at")}, 'updated_at', ${iso("a.updated_at")}, 'deleted_at', null)
                    order by a.created_at, a.id)
               from customer_address a where a.customer_id = c.id and a.deleted_at is null), '[]')) as customer
    from customer c where c.id = any(?) and c.deleted_at is null`

/** The members of segments, read by their rules. */
export class SegmentRepository extends mikroOrmBaseRepositoryFactory(JourneySegment) {
  async count(rule: SegmentRule, now: Date, context: Context): Promise<number> {
    const { joins, where, bindings } = compileSegmentRule(rule, now)
    const [row] = await query<{ count: number }>(this.getActiveManager<EntityManager>(context), COUNT(joins, where), bindings)
    return row.count
  }

  /** Members by id: a page (`offset`) or, keyset, those after the id `after`. */
  async members(
    rule: SegmentRule,
    now: Date,
    page: { limit: number; offset?: number; after?: string | null },
    context: Context
  ): Promise<SegmentMember[]> {
    const { joins, where, bindings } = compileSegmentRule(rule, now)
    const after = page.after ?? null
    return query<SegmentMember>(this.getActiveManager<EntityManager>(context), PAGE(joins, where), [
      ...bindings,
      after,
      after,
      page.limit,
      page.offset ?? 0,
    ])
  }

  /** Which of these customers are members (their ids): the rule's predicate restricted to them. */
  async membersAmong(rule: SegmentRule, customerIds: string[], now: Date, context: Context): Promise<string[]> {
    const { joins, where, bindings } = compileSegmentRule(rule, now)
    const rows = await query<{ id: string }>(this.getActiveManager<EntityManager>(context), AMONG(joins, where), [
      ...bindings,
      customerIds,
    ])
    return rows.map(({ id }) => id)
  }

  /** These customers' `customer` context roots by id (CUSTOMER_CONTEXTS); unknown ids are absent. */
  async customerContexts(customerIds: string[], context: Context): Promise<Map<string, Record<string, unknown>>> {
    const rows = await query<{ id: string; customer: Record<string, unknown> }>(
      this.getActiveManager<EntityManager>(context),
      CUSTOMER_CONTEXTS,
      [customerIds]
    )
    return new Map(rows.map(({ id, customer }) => [id, customer]))
  }
}
