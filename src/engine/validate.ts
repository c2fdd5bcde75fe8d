/**
 * The journey validator: every problem of a definition at once, each with the node it concerns,
 * its JSON path and a message for a store owner, in English and as a phrase to translate
 * (messages.ts). It never throws, whatever it is given.
 *
 * Shape and per-value problems come from `definitionSchema`. The graph checks read the raw input
 * leniently, so that one bad field does not hide a missing edge or an unreachable node elsewhere.
 */
import type { z } from "zod"

import {
  definitionSchema,
  isNodeType,
  NODE_TYPES,
  outputPorts,
  TRIGGER_TYPES,
  type JourneyDefinition,
  type JourneyNodeType,
} from "./definition"
import {
  andList,
  issuePhrase,
  phrase,
  quoted,
  VALIDATION_MESSAGES_EN,
  withText,
  type Phrase,
  type PhraseValue,
} from "./messages"
import type { Channel } from "./delivery"
import { findTooDeep, formatPath, MAX_NESTING_DEPTH } from "./nesting"
import { jsonTemplateProblem } from "./render"

export type DefinitionError = {
  /** The node to show the error on, when the problem belongs to one. */
  node_id: string | null
  /** JSON path into the definition: `nodes[2].duration`, `edges[0].to`, "" for the whole. */
  path: string
  /** In English. */
  message: string
  /**
   * The message as data, to say it in another language (see messages.ts). The validator always
   * sets it, as a non-enumerable property that JSON still carries; an older server does not send it.
   */
  text?: Phrase
}

export type TemplateSummary = { channel: Channel; status: "draft" | "published" }

export type ValidateOptions = {
  /** The store's templates by id; when given, send nodes must use a published one of their channel. */
  templates?: ReadonlyMap<string, TemplateSummary>
  /** The store's segment ids; when given, a segment trigger and every segment rule must name one. */
  segments?: ReadonlySet<string>
}

/**
 * The rule field holding the ids of the segments the customer belongs to when the rule is
 * evaluated (`{ field: "customer.segments", op: "contains", value: "<segment id>" }`): the engine's
 * caller computes these memberships for the segments a version names (`referencedSegmentIds`).
 */
export const SEGMENTS_FIELD = "customer.segments"

export type ValidationResult = {
  valid: boolean
  errors: DefinitionError[]
  /** The parsed definition (defaults filled in), when valid. */
  definition?: JourneyDefinition
}

/** Nodes that hold an enrollment until later, so a loop through one cannot spin. */
const WAIT_TYPES: ReadonlySet<JourneyNodeType> = new Set(["wait", "wait_until", "wait_for_event"])

export function validateDefinition(input: unknown, options: ValidateOptions = {}): ValidationResult {
  const view = readDefinition(input)
  const tooDeep = findTooDeep(input)
  if (tooDeep) {
    const text = phrase("check.tooDeep", { max: MAX_NESTING_DEPTH })
    return { valid: false, errors: [problem(locate(view, tooDeep).nodeId, tooDeep, text)] }
  }
  const parsed = definitionSchema.safeParse(input)
  const errors = [
    ...(parsed.error?.issues ?? []).flatMap((issue) => describeIssue(view, issue)),
    ...checkGraph(view),
    ...checkEndlessWaits(view),
    ...checkWebhookBodies(view),
    ...(options.templates ? checkTemplates(view, options.templates) : []),
    ...(options.segments ? checkSegments(view, options.segments) : []),
  ]
  return parsed.success && errors.length === 0
    ? { valid: true, errors, definition: parsed.data }
    : { valid: false, errors }
}

// ---------------------------------------------------------------------------------------------
// A lenient reading of the input: whatever parts are readable, whatever the rest looks like.

type Fields = Record<string, unknown>
type NodeView = {
  index: number
  raw: Fields | undefined
  id: string | undefined
  type: JourneyNodeType | undefined
  /** Undefined when the node's type or port list cannot be read. */
  ports: string[] | undefined
}
type EdgeView = { index: number; from: string | undefined; port: string | undefined; to: string | undefined }
type NamedNode = NodeView & { id: string }
type DefinitionView = {
  input: unknown
  nodes: NodeView[]
  /** The first node with each id. */
  byId: Map<string, NamedNode>
  edges: EdgeView[]
  entry: string | undefined
  hasGoal: boolean
}

function readDefinition(input: unknown): DefinitionView {
  const root = asRecord(input)
  const nodes = asList(root?.nodes).map((item, index): NodeView => {
    const raw = asRecord(item)
    const type = isNodeType(raw?.type) ? raw?.type : undefined
    return { index, raw, id: asText(raw?.id), type, ports: raw && type ? readPorts(type, raw) : undefined }
  })
  const byId = new Map<string, NamedNode>()
  for (const node of nodes) if (node.id !== undefined && !byId.has(node.id)) byId.set(node.id, { ...node, id: node.id })
  const edges = asList(root?.edges).map((item, index): EdgeView => {
    const raw = asRecord(item)
    return { index, from: asText(raw?.from), port: asText(raw?.port), to: asText(raw?.to) }
  })
  const hasGoal = asRecord(root?.settings)?.goal !== undefined
  return { input, nodes, byId, edges, entry: asText(root?.entry_node), hasGoal }
}

function readPorts(type: JourneyNodeType, raw: Fields): string[] | undefined {
  const ports = (list: unknown) =>
    Array.isArray(list)
      ? list.flatMap((item) => {
          const port = asText(asRecord(item)?.port)
          return port === undefined ? [] : [{ port }]
        })
      : undefined
  const branches = ports(raw.branches)
  const events = ports(raw.events)
  // Without its list a branching node's ports are unknown: judging its edges would only add noise.
  if ((type === "condition" || type === "random_split") && !branches) return undefined
  if (type === "wait_for_event" && !events) return undefined
  return outputPorts({ type, branches, events, timeout: raw.timeout })
}

function problem(nodeId: string | null, path: readonly PropertyKey[], text: Phrase): DefinitionError {
  return withText({ node_id: nodeId, path: formatPath(path) }, text)
}

function nodeName(node: NodeView): Phrase {
  const number = node.index + 1
  if (!node.type) {
    return node.id !== undefined
      ? phrase("subject.untypedNode", { id: node.id })
      : phrase("subject.untypedNodeAt", { number })
  }
  const type = phrase(`nodeType.${node.type}`)
  return node.id !== undefined ? phrase("subject.node", { type, id: node.id }) : phrase("subject.nodeAt", { type, number })
}

// ---------------------------------------------------------------------------------------------
// Schema issues, in words

type Place = {
  nodeId: string | null
  /** Who the problem is about: `Wait "w1"`, `The trigger`, `Edge 3 from "c1"`. */
  subject: Phrase
  /** The raw value the subject stands for, and the path below it. */
  base: unknown
  rest: PropertyKey[]
  /** The catalog's names for fields that mean something else under this subject. */
  labels?: "edgeField"
}

function locate(view: DefinitionView, path: readonly PropertyKey[]): Place {
  const [head, second] = path
  const below = path.length > 2
  const node = head === "nodes" && typeof second === "number" ? view.nodes[second] : undefined
  if (node) return { nodeId: node.id ?? null, subject: nodeName(node), base: node.raw, rest: path.slice(2) }
  if (head === "edges" && typeof second === "number" && path.length >= 2) {
    const edge = view.edges[second]
    const from = edge?.from !== undefined && view.byId.has(edge.from) ? edge.from : null
    const number = second + 1
    const subject = from === null ? phrase("subject.edge", { number }) : phrase("subject.edgeFrom", { number, from })
    const base = valueAt(view.input, path.slice(0, 2))
    return { nodeId: from, subject, base, rest: path.slice(2), labels: "edgeField" }
  }
  if (head === "settings" && second === "goal" && below) {
    const base = valueAt(view.input, path.slice(0, 2))
    return { nodeId: null, subject: phrase("subject.goal"), base, rest: path.slice(2) }
  }
  if ((head === "trigger" || head === "settings") && path.length > 1) {
    const subject = phrase(head === "trigger" ? "subject.trigger" : "subject.settings")
    return { nodeId: null, subject, base: valueAt(view.input, [head]), rest: path.slice(1) }
  }
  return { nodeId: null, subject: phrase("subject.journey"), base: view.input, rest: [...path] }
}

type FieldKey = keyof typeof VALIDATION_MESSAGES_EN.field
type EdgeFieldKey = keyof typeof VALIDATION_MESSAGES_EN.edgeField

/** Keys outside the schema (none reach here today) are shown as they are written. */
function labelOf(key: PropertyKey, labels: Place["labels"]): PhraseValue {
  if (typeof key !== "string") return String(key)
  if (labels && hasOwn(VALIDATION_MESSAGES_EN[labels], key)) return phrase(`${labels}.${key as EdgeFieldKey}`)
  return hasOwn(VALIDATION_MESSAGES_EN.field, key) ? phrase(`field.${key as FieldKey}`) : key.replace(/_/g, " ")
}

const STEPS = {
  branches: { named: "step.branch", at: "step.branchAt" },
  events: { named: "step.eventBranch", at: "step.eventBranchAt" },
  days: { named: "step.day", at: "step.dayAt" },
} as const

/** Who owns a field: the subject, or a part of it (`Random split "s1", branch "a"`). */
function ownerOf(subject: Phrase, parts: readonly PhraseValue[]): Phrase {
  return parts.reduce<Phrase>((owner, part) => phrase("subject.part", { subject: owner, part }), subject)
}

/**
 * Names for the steps of a path below its subject: `branch "vip"` rather than `branches[0]`. Stops
 * at a rule, whose own messages say where inside it the problem is (`ruleDepth` steps further).
 */
function fieldNames(place: Place): { names: PhraseValue[]; ruleDepth: number } {
  const names: PhraseValue[] = []
  let value = place.base
  for (let step = 0; step < place.rest.length; step++) {
    const key = place.rest[step]
    const index = place.rest[step + 1]
    if ((key === "branches" || key === "events" || key === "days") && typeof index === "number") {
      const item = asList(asRecord(value)?.[key])[index]
      const port = asText(asRecord(item)?.port)
      names.push(port === undefined ? phrase(STEPS[key].at, { number: index + 1 }) : phrase(STEPS[key].named, { port }))
      value = item
      step++
      continue
    }
    names.push(labelOf(key, place.labels))
    if (key === "where") return { names, ruleDepth: place.rest.length - step - 1 }
    value = typeof key === "string" ? asRecord(value)?.[key] : undefined
  }
  return { names, ruleDepth: 0 }
}

function describeIssue(view: DefinitionView, issue: z.core.$ZodIssue): DefinitionError[] {
  const place = locate(view, issue.path)
  const { names, ruleDepth } = fieldNames(place)
  const owner = ownerOf(place.subject, names.slice(0, -1))
  const field = names[names.length - 1]
  const at = (path: readonly PropertyKey[], text: Phrase) => problem(place.nodeId, path, text)

  if (issue.code === "unrecognized_keys") {
    // Named from the object that has the key, not from its parent.
    return issue.keys.map((key) => {
      const path = [...issue.path, key]
      const inner = locate(view, path)
      const whose = ownerOf(inner.subject, fieldNames(inner).names.slice(0, -1))
      return at(path, phrase("issue.unknownField", { owner: whose, key }))
    })
  }
  if (field === undefined) {
    return [at(issue.path, phrase("issue.predicate", { subject: place.subject, predicate: predicateOf(issue, view) }))]
  }
  if (ruleDepth === 0 && valueAt(view.input, issue.path) === undefined) {
    return [at(issue.path, phrase("issue.missing", { owner, field }))]
  }
  if (ruleDepth > 0) {
    return [at(issue.path, phrase("issue.inRule", { owner, field, problem: issuePhrase(issue) ?? issue.message }))]
  }
  return [at(issue.path, phrase("issue.fieldPredicate", { owner, field, predicate: predicateOf(issue, view) }))]
}

function predicateOf(issue: z.core.$ZodIssue, view: DefinitionView): PhraseValue {
  switch (issue.code) {
    case "invalid_type":
      return phrase("predicate.mustBe", { value: expectedOf(issue.expected) })
    case "invalid_value":
      return issue.values.length === 1
        ? phrase("predicate.mustBe", { value: showValue(issue.values[0]) })
        : phrase("predicate.mustBeOneOf", { values: issue.values.map(showValue) })
    case "invalid_union": {
      if (issue.discriminator === undefined) return phrase("predicate.invalid")
      const types = issue.path[0] === "nodes" ? NODE_TYPES : TRIGGER_TYPES
      const given = valueAt(view.input, issue.path)
      return typeof given === "string"
        ? phrase("predicate.unknownTypeNamed", { given, types })
        : phrase("predicate.unknownType", { types })
    }
    default:
      // Every other check in the schemas attaches its phrase, a predicate (see `issueParams`).
      return issuePhrase(issue) ?? issue.message
  }
}

function expectedOf(expected: string): PhraseValue {
  return hasOwn(VALIDATION_MESSAGES_EN.expected, expected)
    ? phrase(`expected.${expected as keyof typeof VALIDATION_MESSAGES_EN.expected}`)
    : expected
}

// ---------------------------------------------------------------------------------------------
// The graph

type Report = (nodeId: string | null, path: readonly PropertyKey[], text: Phrase) => void

function checkGraph(view: DefinitionView): DefinitionError[] {
  const errors: DefinitionError[] = []
  const report: Report = (nodeId, path, text) => errors.push(problem(nodeId, path, text))
  checkIds(view, report)
  checkEdges(view, report)
  const links = linksOf(view)
  // With an edge that does not join two known nodes, reachability would only echo that error.
  if (links.complete) checkReachable(view, links.successors, report)
  checkLoops(view, links.successors, report)
  return errors
}

function checkIds(view: DefinitionView, report: Report): void {
  for (const node of view.nodes) {
    if (node.id !== undefined && view.byId.get(node.id)?.index !== node.index) {
      report(node.id, ["nodes", node.index, "id"], phrase("graph.duplicateId", { id: node.id }))
    }
  }
  if (view.entry !== undefined && !view.byId.has(view.entry)) {
    report(null, ["entry_node"], phrase("graph.unknownEntry", { id: view.entry }))
  }
}

/** Each edge joins known nodes by a port its source has; each port has exactly one edge. */
function checkEdges(view: DefinitionView, report: Report): void {
  const connected = new Map<string, Set<string>>()
  for (const edge of view.edges) {
    const number = edge.index + 1
    const from = edge.from !== undefined ? view.byId.get(edge.from) : undefined
    if (edge.from !== undefined && !from) {
      report(null, ["edges", edge.index, "from"], phrase("graph.unknownSource", { number, from: edge.from }))
    }
    if (edge.to !== undefined && !view.byId.has(edge.to)) {
      const name = from
        ? phrase("subject.edgeFromNode", { number, node: nodeName(from) })
        : phrase("subject.edge", { number })
      report(from?.id ?? null, ["edges", edge.index, "to"], phrase("graph.unknownTarget", { edge: name, to: edge.to }))
    }
    if (!from?.ports || edge.port === undefined) continue
    const used = connected.get(from.id) ?? new Set<string>()
    connected.set(from.id, used)
    const node = nodeName(from)
    if (!from.ports.includes(edge.port)) {
      const ports = [...new Set(from.ports)]
      const text =
        ports.length === 0
          ? phrase("graph.noPorts", { node, port: edge.port })
          : phrase("graph.unknownPort", { node, port: edge.port, ports })
      report(from.id, ["edges", edge.index, "port"], text)
    } else if (used.has(edge.port)) {
      report(from.id, ["edges", edge.index], phrase("graph.portTwice", { node, port: edge.port }))
    }
    used.add(edge.port)
  }
  for (const node of view.byId.values()) {
    for (const port of new Set(node.ports)) {
      if (!connected.get(node.id)?.has(port)) {
        report(node.id, ["nodes", node.index], phrase("graph.portOpen", { node: nodeName(node), port }))
      }
    }
  }
}

/** The graph to walk: the known nodes each edge leads to from its known source, whatever its port. */
function linksOf(view: DefinitionView): { successors: Map<string, string[]>; complete: boolean } {
  const successors = new Map<string, string[]>()
  let complete = true
  for (const { from, to } of view.edges) {
    if (from === undefined || to === undefined || !view.byId.has(from) || !view.byId.has(to)) {
      complete = false
      continue
    }
    const next = successors.get(from) ?? []
    successors.set(from, next)
    next.push(to)
  }
  return { successors, complete }
}

function checkReachable(view: DefinitionView, successors: Map<string, string[]>, report: Report): void {
  if (view.entry === undefined || !view.byId.has(view.entry)) return
  const reached = new Set([view.entry])
  const queue = [view.entry]
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const next of successors.get(id) ?? []) {
      if (reached.has(next)) continue
      reached.add(next)
      queue.push(next)
    }
  }
  for (const node of view.byId.values()) {
    if (reached.has(node.id)) continue
    report(node.id, ["nodes", node.index], phrase("graph.unreachable", { node: nodeName(node) }))
  }
}

/** A loop must hold enrollments somewhere: any cycle among the nodes that do not wait is an error. */
function checkLoops(view: DefinitionView, successors: Map<string, string[]>, report: Report): void {
  const passing = (id: string) => {
    const type = view.byId.get(id)?.type
    return type !== undefined && !WAIT_TYPES.has(type)
  }
  const ids = [...view.byId.keys()].filter(passing)
  for (const component of stronglyConnected(ids, (id) => (successors.get(id) ?? []).filter(passing))) {
    const members = component.map((id) => view.byId.get(id) as NamedNode).sort((a, b) => a.index - b.index)
    const first = members[0]
    if (members.length === 1 && !successors.get(first.id)?.includes(first.id)) continue
    const text =
      members.length === 1
        ? phrase("graph.selfLoop", { node: nodeName(first) })
        : phrase("graph.loop", { nodes: andList(members.map((node) => quoted(node.id))) })
    report(first.id, ["nodes", first.index], text)
  }
}

/** Tarjan's strongly connected components, iterative so that long chains cannot exhaust the stack. */
function stronglyConnected(vertices: readonly string[], next: (vertex: string) => string[]): string[][] {
  const order = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const components: string[][] = []
  const enter = (vertex: string) => {
    order.set(vertex, order.size)
    low.set(vertex, order.size - 1)
    stack.push(vertex)
    onStack.add(vertex)
    return { vertex, successors: next(vertex), position: 0 }
  }
  for (const root of vertices) {
    if (order.has(root)) continue
    const frames = [enter(root)]
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]
      if (frame.position < frame.successors.length) {
        const successor = frame.successors[frame.position++]
        if (!order.has(successor)) frames.push(enter(successor))
        else if (onStack.has(successor)) {
          low.set(frame.vertex, Math.min(low.get(frame.vertex) as number, order.get(successor) as number))
        }
        continue
      }
      frames.pop()
      const lowest = low.get(frame.vertex) as number
      const parent = frames[frames.length - 1]
      if (parent) low.set(parent.vertex, Math.min(low.get(parent.vertex) as number, lowest))
      if (lowest === order.get(frame.vertex)) {
        const component: string[] = []
        let member: string | undefined
        do {
          member = stack.pop() as string
          onStack.delete(member)
          component.push(member)
        } while (member !== frame.vertex)
        components.push(component)
      }
    }
  }
  return components
}

// ---------------------------------------------------------------------------------------------
// Checks across parts, and against the store

function checkEndlessWaits(view: DefinitionView): DefinitionError[] {
  if (view.hasGoal) return []
  return view.nodes
    .filter((node) => node.type === "wait_for_event" && node.raw?.timeout === undefined)
    .map((node) => {
      const text = phrase("check.endlessWait", { node: nodeName(node) })
      return problem(node.id ?? null, ["nodes", node.index, "timeout"], text)
    })
}

function checkTemplates(view: DefinitionView, templates: ReadonlyMap<string, TemplateSummary>): DefinitionError[] {
  return view.nodes.flatMap((node) => {
    const templateId = asText(node.raw?.template_id)
    if (node.type !== "send" || templateId === undefined) return []
    const template = templates.get(templateId)
    const channel = node.raw?.channel
    const named = { node: nodeName(node), template: templateId }
    const text = !template
      ? phrase("check.templateMissing", named)
      : template.status !== "published"
        ? phrase("check.templateDraft", named)
        : typeof channel === "string" && template.channel !== channel
          ? phrase("check.templateChannel", {
              ...named,
              actual: channelName(template.channel),
              expected: channelName(channel),
            })
          : undefined
    return text ? [problem(node.id ?? null, ["nodes", node.index, "template_id"], text)] : []
  })
}

/** Where a definition names a segment: its trigger, or a membership rule (`SEGMENTS_FIELD` contains). */
type SegmentUse = { segmentId: string; path: PropertyKey[] }

/** The membership conditions of a rule, read leniently, with their paths below `path`. */
function segmentConditions(rule: unknown, path: PropertyKey[]): SegmentUse[] {
  const fields = asRecord(rule)
  if (!fields) return []
  const segmentId = asText(fields.value)
  return [
    ...(["all", "any"] as const).flatMap((key) => asList(fields[key]).flatMap((inner, index) => segmentConditions(inner, [...path, key, index]))),
    ...("not" in fields ? segmentConditions(fields.not, [...path, "not"]) : []),
    ...(fields.field === SEGMENTS_FIELD && fields.op === "contains" && segmentId ? [{ segmentId, path: [...path, "value"] }] : []),
  ]
}

function segmentUses(view: DefinitionView): SegmentUse[] {
  const root = asRecord(view.input)
  const trigger = asRecord(root?.trigger)
  const triggerSegment = trigger?.type === "segment" ? asText(trigger.segment_id) : undefined
  return [
    ...(triggerSegment ? [{ segmentId: triggerSegment, path: ["trigger", "segment_id"] }] : []),
    ...segmentConditions(trigger?.where, ["trigger", "where"]),
    ...segmentConditions(asRecord(asRecord(root?.settings)?.goal)?.where, ["settings", "goal", "where"]),
    ...view.nodes.flatMap((node) =>
      (["branches", "events"] as const).flatMap((key) =>
        asList(node.raw?.[key]).flatMap((item, index) => segmentConditions(asRecord(item)?.where, ["nodes", node.index, key, index, "where"]))
      )
    ),
  ]
}

/** The ids of the segments a rule tests membership of, each once. */
export function ruleSegmentIds(rule: unknown): string[] {
  return [...new Set(segmentConditions(rule, []).map(({ segmentId }) => segmentId))]
}

/**
 * The ids of the segments named by the rules the interpreter evaluates (conditions, reactions,
 * the goal), each once: not the trigger's, read before entry (`ruleSegmentIds` of its `where`).
 */
export function referencedSegmentIds(definition: JourneyDefinition): string[] {
  const uses = segmentUses(readDefinition(definition)).filter(({ path }) => path[0] !== "trigger")
  return [...new Set(uses.map(({ segmentId }) => segmentId))]
}

/** A segment trigger or a membership rule naming a segment the store does not have, shown where it is named. */
function checkSegments(view: DefinitionView, segments: ReadonlySet<string>): DefinitionError[] {
  return segmentUses(view).flatMap(({ segmentId, path }) => {
    if (segments.has(segmentId)) return []
    const place = locate(view, path)
    const owner = ownerOf(place.subject, fieldNames(place).names.slice(0, -1))
    return [problem(place.nodeId, path, phrase("check.segmentMissing", { owner, segment: segmentId }))]
  })
}

/**
 * Webhook bodies whose Liquid does not parse: refused before publishing rather than failing for
 * every customer who reaches the node. A check of the validator, not of the schema, so versions
 * published before it keep parsing.
 */
function checkWebhookBodies(view: DefinitionView): DefinitionError[] {
  return view.nodes.flatMap((node) => {
    const body = node.raw?.body
    const liquid = node.type === "webhook" && typeof body === "string" ? jsonTemplateProblem(body) : null
    if (liquid === null) return []
    const text = phrase("check.webhookLiquid", { node: nodeName(node), problem: liquid })
    return [problem(node.id ?? null, ["nodes", node.index, "body"], text)]
  })
}

// ---------------------------------------------------------------------------------------------
// Reading unknown values safely

function asRecord(value: unknown): Fields | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Fields) : undefined
}

/** Holes of sparse arrays read as undefined, so every index has an entry. */
function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? Array.from(value) : []
}

/** A non-empty string, the only kind that can name a node or a port. */
function asText(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined
}

/** Own properties only: a path must not reach into prototypes ("constructor", "__proto__"). */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root
  for (const key of path) {
    if (typeof key === "symbol" || typeof value !== "object" || value === null || !hasOwn(value, key)) {
      return undefined
    }
    value = (value as Record<PropertyKey, unknown>)[key]
  }
  return value
}

function hasOwn(value: object, key: PropertyKey): boolean {
  return Object.prototype.hasOwnProperty.call(value, key)
}

function showValue(value: unknown): PhraseValue {
  return typeof value === "string" ? quoted(value) : String(value)
}

function channelName(channel: string): PhraseValue {
  return hasOwn(VALIDATION_MESSAGES_EN.channel, channel)
    ? phrase(`channel.${channel as keyof typeof VALIDATION_MESSAGES_EN.channel}`)
    : channel
}
