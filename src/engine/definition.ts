/**
 * The journey definition (`schema_version: 1`): the JSON that journeys-as-code, import/export and the
 * admin editor all speak. Public API: change it only in ways that keep old definitions valid.
 *
 * `definitionSchema` checks everything that can be judged one value at a time: shapes, durations,
 * times of day, zones, URLs, rules and each node's own consistency (unique ports, percentages).
 * What needs the whole graph (ids, edges, ports, reachability, loops), several parts at once
 * (a wait for event with no timeout and no goal) or outside knowledge (templates) is checked by
 * `validateDefinition`, which also runs this schema: validate with that, not with the schema alone.
 */
import { DateTime } from "luxon"
import { z } from "zod"
import { CHANNELS } from "./delivery"

import { inEnglish, issueParams, phrase } from "./messages"
import { nonEmpty, ruleSchema } from "./rules"
import { isValidTimeOfDay, isValidZone, parseDuration, WEEKDAYS } from "./time"

// Messages are predicates (messages.ts): the validator prefixes them with the node and field they
// concern. Only custom checks carry a phrase, so bounds are refinements rather than `.min()`.
const name = nonEmpty(z.string(), phrase("predicate.empty"))
const isoDuration = z
  .string()
  .refine((value) => parseDuration(value) !== null, issueParams(phrase("predicate.duration")))
const isoDateTime = z
  .string()
  .refine(
    (value) => /(?:Z|[+-]\d{2}:\d{2})$/.test(value) && DateTime.fromISO(value).isValid,
    issueParams(phrase("predicate.dateTime"))
  )
const timeOfDay = z.string().refine(isValidTimeOfDay, issueParams(phrase("predicate.timeOfDay")))
const timeZone = z.string().refine(isValidZone, issueParams(phrase("predicate.timeZone")))
const port = name
// A fraction fails as a wrong type ("int"), which the validator words itself.
const wholeNumber = inEnglish(phrase("predicate.mustBe", { value: phrase("expected.int") }))
const atLeastOne = issueParams(phrase("predicate.atLeastOne"))

/** https only, except local addresses so tests can run a plain-HTTP receiver. */
const webhookUrl = z.string().refine((value) => {
  const url = URL.canParse(value) ? new URL(value) : null
  return (
    url !== null &&
    (url.protocol === "https:" ||
      (url.protocol === "http:" && (url.hostname === "localhost" || url.hostname === "127.0.0.1")))
  )
}, issueParams(phrase("predicate.httpsUrl")))

// ---------------------------------------------------------------------------------------------
// Trigger and settings

export const triggerSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("event"), event: name, where: ruleSchema.optional() }),
  z.strictObject({
    type: z.literal("cart_abandoned"),
    idle_minutes: z.number().int(wholeNumber).refine((value) => value > 0, atLeastOne),
    where: ruleSchema.optional(),
  }),
  z.strictObject({
    type: z.literal("segment"),
    segment_id: name,
    /**
     * Read the segment again at `at` (the journey's zone) every day, or on `days` only: members who
     * joined since the last read enter, until the journey's end date. Read once, at publish (or at
     * the start date), when absent.
     */
    repeat: z
      .strictObject({ at: timeOfDay, days: nonEmpty(z.array(z.enum(WEEKDAYS)), phrase("predicate.noDays")).optional() })
      .optional(),
    /** One entry per email address: a customer whose email (any case) already entered is skipped. */
    dedupe_by_email: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal("customer_created") }),
])

export const TRIGGER_TYPES = triggerSchema.options.map((option) => option.shape.type.value)

export const goalSchema = z.strictObject({
  event: name,
  where: ruleSchema.optional(),
  /** How long after entry the goal still counts as a conversion; any time when absent. */
  within: isoDuration.optional(),
})

export const settingsSchema = z
  .strictObject({
    reentry: z.enum(["multiple", "once", "after_exit"]),
    start_at: isoDateTime.optional(),
    end_at: isoDateTime.optional(),
    timezone: timeZone,
    /** Reaching the goal exits the journey and counts as a conversion. */
    goal: goalSchema.optional(),
  })
  .superRefine((settings, ctx) => {
    const { start_at, end_at } = settings
    if (start_at && end_at && DateTime.fromISO(start_at) >= DateTime.fromISO(end_at)) {
      ctx.addIssue({ code: "custom", path: ["end_at"], ...issueParams(phrase("predicate.afterStart")) })
    }
  })

// ---------------------------------------------------------------------------------------------
// Nodes

/**
 * What a send node may load for its template, set-based per batch, as a root of the same name:
 * `open_cart` — the customer's most recently updated open cart with its items (title, product
 * title, thumbnail, unit price, quantity, total); `viewed_products` — the products of the
 * customer's latest `product.viewed` events, newest first (title, description, thumbnail, price).
 */
export const ENRICHMENTS = ["open_cart", "viewed_products"] as const
export type Enrichment = (typeof ENRICHMENTS)[number]

const nodeId = name

export const sendNodeSchema = z.strictObject({
  id: nodeId,
  type: z.literal("send"),
  channel: z.enum(CHANNELS),
  template_id: name,
  /** Marketing messages need consent; both categories wait out quiet hours (a receipt due at night goes out in the morning). */
  category: z.enum(["marketing", "transactional"]).default("marketing"),
  /** Groups messages for frequency caps and reporting. */
  tag: name.optional(),
  /** Related data loaded for the template when it renders: see ENRICHMENTS. */
  enrich: z.array(z.enum(ENRICHMENTS)).optional(),
})

export const waitNodeSchema = z.strictObject({ id: nodeId, type: z.literal("wait"), duration: isoDuration })

export const waitUntilNodeSchema = z
  .strictObject({
    id: nodeId,
    type: z.literal("wait_until"),
    /** Every day when absent. */
    days: nonEmpty(z.array(z.enum(WEEKDAYS)), phrase("predicate.noDays")).optional(),
    from: timeOfDay,
    /** Not after `from`: the window ends the next day (21:00–08:00). */
    to: timeOfDay,
    /** Whose clock the window is read on: the recipient's zone, or the journey's. */
    zone: z.enum(["recipient", "journey"]).default("recipient"),
  })
  .superRefine((node, ctx) => {
    if (node.from === node.to) {
      ctx.addIssue({ code: "custom", path: ["to"], ...issueParams(phrase("predicate.differsFromStart")) })
    }
  })

export const eventPortSchema = z.strictObject({ port, event: name, where: ruleSchema.optional() })

export const waitForEventNodeSchema = z
  .strictObject({
    id: nodeId,
    type: z.literal("wait_for_event"),
    /** Leaves by port "timeout" once elapsed; required unless the journey has a goal. */
    timeout: isoDuration.optional(),
    events: nonEmpty(z.array(eventPortSchema), phrase("predicate.noEvents")),
  })
  .superRefine((node, ctx) => checkPorts(node.events, "events", "timeout", ctx))

export const conditionBranchSchema = z.strictObject({ port, where: ruleSchema })

/** The first branch whose rule holds wins; port "else" otherwise. */
export const conditionNodeSchema = z
  .strictObject({
    id: nodeId,
    type: z.literal("condition"),
    branches: nonEmpty(z.array(conditionBranchSchema), phrase("predicate.noBranches")),
  })
  .superRefine((node, ctx) => checkPorts(node.branches, "branches", "else", ctx))

export const splitBranchSchema = z.strictObject({
  port,
  percent: z.number().refine((value) => value >= 0 && value <= 100, issueParams(phrase("predicate.percent"))),
})

export const randomSplitNodeSchema = z
  .strictObject({
    id: nodeId,
    type: z.literal("random_split"),
    branches: nonEmpty(z.array(splitBranchSchema), phrase("predicate.noBranches")),
  })
  .superRefine((node, ctx) => {
    checkPorts(node.branches, "branches", undefined, ctx)
    const total = node.branches.reduce((sum, branch) => sum + branch.percent, 0)
    // Decimal percentages (33.3 + 33.3 + 33.4) do not sum exactly in binary floating point.
    if (Math.abs(total - 100) > 1e-9) {
      const text = phrase("predicate.percentTotal", { total: Number(total.toFixed(6)) })
      ctx.addIssue({ code: "custom", path: ["branches"], ...issueParams(text) })
    }
  })

/** Leaves by "capped" when the customer already got `max` messages (with `tag`, if set) within the period. */
export const frequencyCapNodeSchema = z.strictObject({
  id: nodeId,
  type: z.literal("frequency_cap"),
  /** Counts only messages with this tag; every message when absent. */
  tag: name.optional(),
  max: z.number().int(wholeNumber).refine((value) => value >= 1, atLeastOne),
  within: isoDuration,
})

export const updateCustomerNodeSchema = z
  .strictObject({
    id: nodeId,
    type: z.literal("update_customer"),
    /** Merged into the customer's metadata. */
    metadata: z.record(z.string(), z.unknown()).optional(),
    /** The id of a customer group to add the customer to. */
    add_to_group: name.optional(),
    /** Save audience: the name of a customer group to add the customer to, created if missing. */
    add_to_group_named: name.optional(),
  })
  .superRefine((node, ctx) => {
    if (node.metadata === undefined && node.add_to_group === undefined && node.add_to_group_named === undefined) {
      ctx.addIssue({ code: "custom", path: [], ...issueParams(phrase("predicate.changesNothing")) })
    }
  })

export const webhookNodeSchema = z.strictObject({
  id: nodeId,
  type: z.literal("webhook"),
  url: webhookUrl,
  /** A Liquid template rendered over the enrollment context. */
  body: z.string().optional(),
})

export const exitNodeSchema = z.strictObject({ id: nodeId, type: z.literal("exit") })

export const nodeSchema = z.discriminatedUnion("type", [
  sendNodeSchema,
  waitNodeSchema,
  waitUntilNodeSchema,
  waitForEventNodeSchema,
  conditionNodeSchema,
  randomSplitNodeSchema,
  frequencyCapNodeSchema,
  updateCustomerNodeSchema,
  webhookNodeSchema,
  exitNodeSchema,
])

/** Branch and event ports must be unique within their node and must not take the fixed port's name. */
function checkPorts(
  items: readonly { port: string }[],
  key: "branches" | "events",
  reserved: string | undefined,
  ctx: z.RefinementCtx
): void {
  const seen = new Set<string>()
  items.forEach((item, index) => {
    const path = [key, index, "port"]
    if (item.port === reserved) {
      ctx.addIssue({ code: "custom", path, ...issueParams(phrase("predicate.reservedPort", { port: reserved })) })
    } else if (seen.has(item.port)) {
      ctx.addIssue({ code: "custom", path, ...issueParams(phrase("predicate.portTwice", { port: item.port })) })
    }
    seen.add(item.port)
  })
}

// ---------------------------------------------------------------------------------------------
// Definition

export const edgeSchema = z.strictObject({ from: nodeId, port, to: nodeId })

export const definitionSchema = z.strictObject({
  schema_version: z.literal(1),
  trigger: triggerSchema,
  settings: settingsSchema,
  entry_node: nodeId,
  nodes: nonEmpty(z.array(nodeSchema), phrase("predicate.noNodes")),
  edges: z.array(edgeSchema),
})

/** A parsed definition: defaults filled in (send `category`, wait_until `zone`). */
export type JourneyDefinition = z.output<typeof definitionSchema>
/** What may be written by hand: defaulted fields are optional. */
export type JourneyDefinitionInput = z.input<typeof definitionSchema>
export type JourneyTrigger = z.output<typeof triggerSchema>
export type JourneySettings = z.output<typeof settingsSchema>
export type JourneyGoal = z.output<typeof goalSchema>
export type JourneyEdge = z.output<typeof edgeSchema>
export type JourneyNode = z.output<typeof nodeSchema>
export type JourneyNodeType = JourneyNode["type"]
export type SendNode = z.output<typeof sendNodeSchema>
export type WaitNode = z.output<typeof waitNodeSchema>
export type WaitUntilNode = z.output<typeof waitUntilNodeSchema>
export type WaitForEventNode = z.output<typeof waitForEventNodeSchema>
export type ConditionNode = z.output<typeof conditionNodeSchema>
export type RandomSplitNode = z.output<typeof randomSplitNodeSchema>
export type FrequencyCapNode = z.output<typeof frequencyCapNodeSchema>
export type UpdateCustomerNode = z.output<typeof updateCustomerNodeSchema>
export type WebhookNode = z.output<typeof webhookNodeSchema>
export type ExitNode = z.output<typeof exitNodeSchema>

export const NODE_TYPES = nodeSchema.options.map((option) => option.shape.type.value)

export function isNodeType(value: unknown): value is JourneyNodeType {
  return (NODE_TYPES as readonly unknown[]).includes(value)
}

/**
 * What decides a node's ports. Every `JourneyNode` fits, and so does a node read leniently from
 * unvalidated input (the validator checks edges of nodes whose other fields are still wrong).
 */
export type PortSource = {
  type: JourneyNodeType
  branches?: readonly { port: string }[]
  events?: readonly { port: string }[]
  timeout?: unknown
}

/** The ports a node leaves by, each of which needs exactly one edge. */
export function outputPorts(node: PortSource): string[] {
  switch (node.type) {
    case "condition":
      return [...(node.branches ?? []).map((branch) => branch.port), "else"]
    case "random_split":
      return (node.branches ?? []).map((branch) => branch.port)
    case "wait_for_event":
      return [...(node.events ?? []).map((event) => event.port), ...(node.timeout === undefined ? [] : ["timeout"])]
    case "frequency_cap":
      return ["ok", "capped"]
    case "exit":
      return []
    case "send":
    case "wait":
    case "wait_until":
    case "update_customer":
    case "webhook":
      return ["next"]
  }
}
