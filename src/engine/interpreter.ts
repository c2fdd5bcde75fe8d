/**
 * The journey interpreter: moves one enrollment through its pinned definition in answer to one input
 * (enter, wake, event, stop), node after node until a node holds it or the journey ends for it, and
 * returns everything the caller writes in one transaction: the new state, effects, activities.
 *
 * Pure: no I/O, no clock, no randomness. `now` and whatever lives outside (the recipient's zone, the
 * messages they got lately) are arguments; the same call on the same state gives the same result.
 * It never throws: a broken definition or stored state fails the enrollment instead.
 *
 * Where an enrollment stands after a call:
 * - waiting: held by a wait, a wait_until outside its window or a wait_for_event. `wake_at` is when
 *   a timer is due (the wait's end, the window's opening, the timeout), never later than
 *   `settings.end_at` so the timer sweep also ends journeys on time; `awaiting` lists the events
 *   that can move it: the wait_for_event's events and the goal event, at any waiting node.
 * - completed (exit_reason null): reached an exit node; the journey ran its course.
 * - exited: left early, exit_reason "goal", "ended" (now ≥ settings.end_at) or a stop's reason.
 * - failed (exit_reason "error"): a missing node or edge, a stored state that makes no sense, or more
 *   than `maxSteps` nodes in one call (a loop through a wait_until whose window is open). A call is
 *   all or nothing: on failure its effects and activities are dropped for one error activity, so a
 *   runaway loop queues no messages.
 *
 * Events: the goal is checked first, wherever the enrollment stands, so "reaching it exits" holds
 * even at a wait_for_event for the same event. It counts when the event occurred at or after entry,
 * within `goal.within` of entry when set, and its rule holds. A reaction needs the enrollment waiting
 * at a wait_for_event with a port for the event, occurred after arriving there and before the
 * timeout; the first port whose rule holds wins. Rules see the enrollment's context with `event` =
 * the event's data (plus any roots the caller loaded with it, such as the placed order); on a match
 * that becomes the enrollment's context, so later conditions and templates see what it reacted to.
 * Inputs that change nothing (a second enter, an early or stray wake, an event matching nothing,
 * anything once ended) return the state as given with `noop` saying why.
 */

import type {
  ConditionNode,
  FrequencyCapNode,
  JourneyDefinition,
  JourneyNode,
  RandomSplitNode,
  SendNode,
  WaitForEventNode,
  WaitUntilNode,
} from "./definition"
import { evaluateRule, withSegments, type RuleContext } from "./rules"
import { addDuration, localTimeText, nextWindowStart, resolveZone } from "./time"

export type EnrollmentStatus = "active" | "waiting" | "completed" | "exited" | "failed"

/** Bookkeeping kept in the enrollment's `state` column while it waits; null otherwise. */
export type InterpreterState = {
  /** When the enrollment reached its current node (ISO): older events are no reaction to this wait. */
  arrived_at: string
}

/** What an enrollment row holds, as far as the interpreter is concerned. */
export type EnrollmentState = {
  id: string
  status: EnrollmentStatus
  current_node: string | null
  wake_at: Date | null
  awaiting: string[] | null
  /** The trigger snapshot (customer, cart, order, event), then what it last reacted to. */
  context: RuleContext
  state: InterpreterState | null
  exit_reason: string | null
  entered_at: Date
}

export type AdvanceInput =
  /** Start at the entry node: an enrollment just created (status active, no current node). */
  | { type: "enter" }
  /** Its `wake_at` is due: a wait elapsed, a window opened, a wait_for_event timed out. */
  | { type: "wake" }
  /** An event of the enrollment's customer: a reaction, the goal, or nothing. */
  | {
      type: "event"
      name: string
      /** Seen by rules as `event`. */
      data?: unknown
      occurred_at: Date
      /** Other roots loaded with the event (e.g. the placed order), seen by its rules. */
      context?: Omit<RuleContext, "event" | "enrollment">
    }
  /** Exit now, e.g. "stopped" when a version is stopped. */
  | { type: "stop"; reason: string }

/** A message the recipient was queued lately (any journey), for frequency caps. */
export type SentMessage = { tag?: string | null; queued_at: Date }

/** Facts from outside that the caller loads before the call. */
export type AdvanceEnv = {
  /** The recipient's IANA zone, for wait_until in zone "recipient"; the journey's when absent or invalid. */
  zone?: string | null
  /** The recipient's recent messages, at least as far back as the longest frequency cap of the journey. */
  messageHistory?: readonly SentMessage[]
  /** The most nodes one call may visit before the enrollment fails. */
  maxSteps?: number
  /**
   * The ids of the segments the recipient belongs to now, among those the definition's rules name
   * (`referencedSegmentIds`): rules see them as `customer.segments`. Absent: the field is as stored.
   */
  segments?: readonly string[]
}

export const DEFAULT_MAX_STEPS = 100

export type SendEffect = {
  type: "send"
  node_id: string
  channel: SendNode["channel"]
  template_id: string
  category: SendNode["category"]
  tag: string | null
}
export type UpdateCustomerEffect = {
  type: "update_customer"
  node_id: string
  metadata?: Record<string, unknown>
  add_to_group?: string
  /** Save audience: a group by name, created if missing. */
  add_to_group_named?: string
}
export type WebhookEffect = { type: "webhook"; node_id: string; url: string; body?: string }
/** The goal was reached: record the conversion (the caller has the event's data, e.g. the order). */
export type ConversionEffect = { type: "conversion"; node_id: string | null; event: string; occurred_at: Date }
export type Effect = SendEffect | UpdateCustomerEffect | WebhookEffect | ConversionEffect

/** The activity types the interpreter writes; `message_skipped` is the dispatcher's. */
export type InterpreterActivityType =
  | "entered"
  | "node"
  | "branch"
  | "message_queued"
  | "waiting"
  | "woke"
  | "reaction"
  | "goal"
  | "customer_updated"
  | "webhook"
  | "completed"
  | "exited"
  | "error"

export type ActivityRecord = {
  type: InterpreterActivityType
  node_id: string | null
  reason: string
  /** JSON-serialisable details: the port taken, a split's draw, a cap's count, a wait's end. */
  data?: Record<string, unknown>
  occurred_at: Date
}

export type AdvanceResult = {
  state: EnrollmentState
  effects: Effect[]
  activities: ActivityRecord[]
  /** Whether the enrollment has ended (completed, exited or failed), e.g. to release its entry guard. */
  ended: boolean
  exit_reason: string | null
  /** Set when the input changed nothing (state as given, no effects, no activities): why. */
  noop?: string
}

const ENDED: readonly EnrollmentStatus[] = ["completed", "exited", "failed"]

export function isEnded(status: EnrollmentStatus): boolean {
  return ENDED.includes(status)
}

export function advance(
  definition: JourneyDefinition,
  enrollment: EnrollmentState,
  input: AdvanceInput,
  now: Date,
  env: AdvanceEnv = {}
): AdvanceResult {
  if (isEnded(enrollment.status)) return unchanged(enrollment, `the enrollment has ended (${enrollment.status})`)
  // The caller's mistake, not the enrollment's: nothing to fail it for.
  if (Number.isNaN(now.getTime())) return unchanged(enrollment, "now is not a valid date")
  if (input.type === "event" && Number.isNaN(input.occurred_at.getTime())) {
    return unchanged(enrollment, "the event's occurred_at is not a valid date")
  }
  const run = startRun(definition, enrollment, now, env)
  try {
    if (run.endAt !== null && now.getTime() >= run.endAt.getTime()) {
      return exit(run, "ended", `the journey ended at ${definition.settings.end_at}`)
    }
    switch (input.type) {
      case "enter":
        return enter(run)
      case "wake":
        return wake(run)
      case "event":
        return react(run, input)
      case "stop":
        return exit(run, input.reason, `stopped (${input.reason})`)
      default:
        return unchanged(enrollment, "unknown input")
    }
  } catch (error) {
    // Broken: a definition or state the walk cannot follow; anything else is just as fatal to this call.
    const atNode = error instanceof Broken ? error.nodeId : enrollment.current_node
    const message = error instanceof Broken ? error.message : `unexpected error: ${String(error)}`
    return fail(run, atNode, message)
  }
}

// ---------------------------------------------------------------------------------------------
// One call

type Run = {
  definition: JourneyDefinition
  enrollment: EnrollmentState
  now: Date
  journeyZone: string
  recipientZone: string
  endAt: Date | null
  maxSteps: number
  /** The enrollment's context, replaced when an event matches. */
  context: RuleContext
  /** The recipient's messages, plus those queued earlier in this call. */
  history: SentMessage[]
  segments: readonly string[] | undefined
  effects: Effect[]
  activities: ActivityRecord[]
  visited: string[]
}

function startRun(definition: JourneyDefinition, enrollment: EnrollmentState, now: Date, env: AdvanceEnv): Run {
  const journeyZone = definition.settings.timezone
  const endAt = definition.settings.end_at
  return {
    definition,
    enrollment,
    now,
    journeyZone,
    recipientZone: resolveZone([env.zone], journeyZone),
    endAt: endAt === undefined ? null : new Date(endAt),
    maxSteps: env.maxSteps ?? DEFAULT_MAX_STEPS,
    context: enrollment.context,
    history: [...(env.messageHistory ?? [])],
    segments: env.segments,
    effects: [],
    activities: [],
    visited: [],
  }
}

/** A definition or stored state the interpreter cannot follow; fails the enrollment at `nodeId`. */
class Broken extends Error {
  constructor(
    readonly nodeId: string | null,
    message: string
  ) {
    super(message)
  }
}

function enter(run: Run): AdvanceResult {
  const { enrollment, definition } = run
  if (enrollment.status !== "active" || enrollment.current_node !== null) {
    return unchanged(enrollment, `already entered (status ${enrollment.status}, at ${enrollment.current_node})`)
  }
  record(run, "entered", definition.entry_node, "entered the journey")
  return walk(run, definition.entry_node)
}

function wake(run: Run): AdvanceResult {
  const { enrollment, now } = run
  if (enrollment.status !== "waiting") return unchanged(enrollment, `not waiting (status ${enrollment.status})`)
  if (enrollment.wake_at === null) return unchanged(enrollment, "waits for an event, not for a time")
  if (now.getTime() < enrollment.wake_at.getTime()) {
    return unchanged(enrollment, `not due before ${enrollment.wake_at.toISOString()}`)
  }
  const node = currentNode(run)
  switch (node.type) {
    case "wait":
      record(run, "woke", node.id, `waited ${node.duration}`)
      return walk(run, follow(run, node, "next"))
    case "wait_until":
      // Woken late, the window may have closed again: judge it anew.
      record(run, "woke", node.id, "the window opens")
      return walk(run, node.id)
    case "wait_for_event":
      record(run, "woke", node.id, `no awaited event within ${node.timeout}: timeout`, { port: "timeout" })
      return walk(run, follow(run, node, "timeout"))
    default:
      throw new Broken(node.id, `waiting at "${node.id}", a ${node.type} node, which does not wait`)
  }
}

function react(run: Run, input: Extract<AdvanceInput, { type: "event" }>): AdvanceResult {
  const { enrollment, definition, now } = run
  const context: RuleContext = { ...enrollment.context, ...input.context, event: input.data }
  const occurred = input.occurred_at.getTime()
  const rejections: string[] = []

  const goal = definition.settings.goal
  if (goal?.event === input.name) {
    const entered = enrollment.entered_at
    const verdict = goal.where && evaluateRule(goal.where, ruleContext(run, context), now)
    if (occurred < entered.getTime()) rejections.push("the goal event occurred before entry")
    else if (goal.within && occurred > addDuration(entered, goal.within, run.journeyZone).getTime()) {
      rejections.push(`the goal counts only within ${goal.within} of entry`)
    } else if (verdict && !verdict.matched) rejections.push(`goal: ${verdict.because}`)
    else {
      run.context = context
      const nodeId = enrollment.current_node
      record(run, "goal", nodeId, `reached the goal ${input.name}${verdict ? `: ${verdict.because}` : ""}`, {
        event: input.name,
        occurred_at: input.occurred_at.toISOString(),
      })
      run.effects.push({ type: "conversion", node_id: nodeId, event: input.name, occurred_at: input.occurred_at })
      return exit(run, "goal", "reached the goal")
    }
  }

  const node = enrollment.status === "waiting" ? currentNode(run) : undefined
  const candidates = node?.type === "wait_for_event" ? node.events.filter((port) => port.event === input.name) : []
  if (node?.type === "wait_for_event" && candidates.length > 0) {
    if (occurred < arrivedAt(enrollment).getTime()) rejections.push("it occurred before the wait began")
    else if (enrollment.wake_at !== null && occurred >= enrollment.wake_at.getTime()) {
      rejections.push("it occurred after the timeout")
    } else {
      for (const candidate of candidates) {
        const verdict = candidate.where && evaluateRule(candidate.where, ruleContext(run, context), now)
        if (verdict && !verdict.matched) {
          rejections.push(`port "${candidate.port}": ${verdict.because}`)
          continue
        }
        run.context = context
        const because = verdict ? `: ${verdict.because}` : ""
        record(run, "reaction", node.id, `${input.name} → port "${candidate.port}"${because}`, {
          event: input.name,
          port: candidate.port,
          occurred_at: input.occurred_at.toISOString(),
        })
        return walk(run, follow(run, node, candidate.port))
      }
    }
  }
  const why = rejections.length > 0 ? rejections.join("; ") : "it is neither the goal nor awaited here"
  return unchanged(enrollment, `${input.name} changes nothing: ${why}`)
}

// ---------------------------------------------------------------------------------------------
// The walk

/** What visiting a node decides: the port to leave by, or where the enrollment now stands. */
type Step = { leave: string } | { result: AdvanceResult }

function walk(run: Run, from: string): AdvanceResult {
  for (let nodeId = from; ; ) {
    if (run.visited.length >= run.maxSteps) {
      throw new Broken(
        nodeId,
        `visited ${run.maxSteps} nodes in one step without reaching a wait or an exit: ` +
          "a loop through a wait until whose window is open"
      )
    }
    run.visited.push(nodeId)
    const node = nodeById(run, nodeId)
    const step = visit(run, node)
    if ("result" in step) return step.result
    nodeId = follow(run, node, step.leave)
  }
}

function visit(run: Run, node: JourneyNode): Step {
  const { now } = run
  switch (node.type) {
    case "send":
      return { leave: send(run, node) }
    case "wait": {
      const wakeAt = addDuration(now, node.duration, run.journeyZone)
      return { result: hold(run, node, wakeAt, [], `waits ${node.duration}`) }
    }
    case "wait_until":
      return waitUntil(run, node)
    case "wait_for_event":
      return { result: waitForEvent(run, node) }
    case "condition":
      return { leave: condition(run, node) }
    case "random_split":
      return { leave: randomSplit(run, node) }
    case "frequency_cap":
      return { leave: frequencyCap(run, node) }
    case "update_customer": {
      const { id, metadata, add_to_group, add_to_group_named } = node
      run.effects.push({ type: "update_customer", node_id: id, metadata, add_to_group, add_to_group_named })
      const changes = [
        ...(metadata ? [`sets metadata ${Object.keys(metadata).join(", ")}`] : []),
        ...(add_to_group ? [`adds to group ${add_to_group}`] : []),
        ...(add_to_group_named ? [`adds to group "${add_to_group_named}"`] : []),
      ]
      record(run, "customer_updated", id, changes.join("; "))
      return { leave: "next" }
    }
    case "webhook":
      run.effects.push({ type: "webhook", node_id: node.id, url: node.url, body: node.body })
      record(run, "webhook", node.id, `calls ${node.url}`)
      return { leave: "next" }
    case "exit":
      record(run, "completed", node.id, "reached the exit")
      return { result: end(run, node.id, "completed", null) }
  }
}

function send(run: Run, node: SendNode): string {
  const tag = node.tag ?? null
  const { channel, template_id, category } = node
  run.effects.push({ type: "send", node_id: node.id, channel, template_id, category, tag })
  // A frequency cap further on in this call counts it too.
  run.history.push({ tag, queued_at: run.now })
  const tagged = tag === null ? "" : `, tag "${tag}"`
  record(run, "message_queued", node.id, `${channel} "${template_id}" queued (${category}${tagged})`)
  return "next"
}

function waitUntil(run: Run, node: WaitUntilNode): Step {
  const zone = node.zone === "journey" ? run.journeyZone : run.recipientZone
  const window = `${node.days ? `${node.days.join(", ")} ` : "every day "}${node.from}–${node.to} (${zone})`
  const opens = nextWindowStart(run.now, node, zone)
  if (opens.getTime() > run.now.getTime()) return { result: hold(run, node, opens, [], `outside the window ${window}`) }
  record(run, "node", node.id, `inside the window ${window}`)
  return { leave: "next" }
}

function waitForEvent(run: Run, node: WaitForEventNode): AdvanceResult {
  const events = [...new Set(node.events.map((port) => port.event))]
  if (node.timeout === undefined) return hold(run, node, null, events, `waits for ${events.join(", ")}`)
  const timeoutAt = addDuration(run.now, node.timeout, run.journeyZone)
  return hold(run, node, timeoutAt, events, `waits for ${events.join(", ")} for ${node.timeout}`)
}

function condition(run: Run, node: ConditionNode): string {
  const context = ruleContext(run, run.context)
  const failed: string[] = []
  for (const { port, where } of node.branches) {
    const { matched, because } = evaluateRule(where, context, run.now)
    if (matched) return branch(run, node, port, `branch "${port}": ${because}`, { because })
    failed.push(`"${port}": ${because}`)
  }
  return branch(run, node, "else", `else, no branch matched (${failed.join("; ")})`, { because: failed })
}

function randomSplit(run: Run, node: RandomSplitNode): string {
  const draw = drawPercent(`${run.enrollment.id}:${node.id}`)
  let bound = 0
  // Valid shares add up to 100 within 1e-9, above every draw (at most 100 − 2e-8).
  const chosen = node.branches.find((candidate) => draw < (bound += candidate.percent))
  if (!chosen) throw new Broken(node.id, `the shares of "${node.id}" add up to ${bound}, not 100`)
  return branch(run, node, chosen.port, `branch "${chosen.port}" (drew ${draw.toFixed(2)} of 100)`, { draw })
}

function frequencyCap(run: Run, node: FrequencyCapNode): string {
  const { tag, max, within } = node
  const count = run.history.filter(
    (message) =>
      (tag === undefined || message.tag === tag) &&
      addDuration(message.queued_at, within, run.journeyZone).getTime() > run.now.getTime()
  ).length
  const port = count >= max ? "capped" : "ok"
  const messages = `${count} message${count === 1 ? "" : "s"}${tag === undefined ? "" : ` tagged "${tag}"`}`
  return branch(run, node, port, `${port}: ${messages} in the last ${within}, cap ${max}`, { count, max })
}

function branch(run: Run, node: JourneyNode, port: string, reason: string, data: Record<string, unknown>): string {
  record(run, "branch", node.id, reason, { port, ...data })
  return port
}

// ---------------------------------------------------------------------------------------------
// Outcomes

function hold(run: Run, node: JourneyNode, wakeAt: Date | null, events: string[], reason: string): AdvanceResult {
  const { endAt, now } = run
  // A timer at the end date lets the wake sweep end the journey on time.
  const wake_at = endAt !== null && (wakeAt === null || endAt < wakeAt) ? endAt : wakeAt
  const goal = run.definition.settings.goal?.event
  const awaiting = [...new Set([...events, ...(goal === undefined ? [] : [goal])])]
  const until = wake_at === null ? "" : `, until ${localTimeText(wake_at, run.journeyZone)}`
  record(run, "waiting", node.id, `${reason}${until}`, {
    wake_at: wake_at?.toISOString() ?? null,
    awaiting,
  })
  return settle(run, {
    status: "waiting",
    current_node: node.id,
    wake_at,
    awaiting: awaiting.length > 0 ? awaiting : null,
    state: { arrived_at: now.toISOString() },
    exit_reason: null,
  })
}

function exit(run: Run, exitReason: string, reason: string): AdvanceResult {
  const nodeId = run.enrollment.current_node
  record(run, "exited", nodeId, reason, { exit_reason: exitReason })
  return end(run, nodeId, "exited", exitReason)
}

function fail(run: Run, nodeId: string | null, message: string): AdvanceResult {
  run.effects = []
  run.activities = []
  record(run, "error", nodeId, message, { visited: run.visited })
  return end(run, nodeId, "failed", "error")
}

function end(run: Run, nodeId: string | null, status: EnrollmentStatus, exitReason: string | null): AdvanceResult {
  return settle(run, {
    status,
    current_node: nodeId,
    wake_at: null,
    awaiting: null,
    state: null,
    exit_reason: exitReason,
  })
}

function settle(run: Run, change: Omit<EnrollmentState, "id" | "context" | "entered_at">): AdvanceResult {
  const state: EnrollmentState = { ...run.enrollment, context: run.context, ...change }
  return {
    state,
    effects: run.effects,
    activities: run.activities,
    ended: isEnded(state.status),
    exit_reason: state.exit_reason,
  }
}

function unchanged(enrollment: EnrollmentState, why: string): AdvanceResult {
  return {
    state: enrollment,
    effects: [],
    activities: [],
    ended: isEnded(enrollment.status),
    exit_reason: enrollment.exit_reason,
    noop: why,
  }
}

function record(
  run: Run,
  type: InterpreterActivityType,
  nodeId: string | null,
  reason: string,
  data?: Record<string, unknown>
): void {
  run.activities.push({ type, node_id: nodeId, reason, ...(data && { data }), occurred_at: run.now })
}

// ---------------------------------------------------------------------------------------------
// Reading the definition and the state

function nodeById(run: Run, nodeId: string): JourneyNode {
  const node = run.definition.nodes.find((candidate) => candidate.id === nodeId)
  if (!node) throw new Broken(nodeId, `node "${nodeId}" is not in the journey`)
  return node
}

function currentNode(run: Run): JourneyNode {
  const nodeId = run.enrollment.current_node
  if (nodeId === null) throw new Broken(null, "waiting at no node")
  return nodeById(run, nodeId)
}

function follow(run: Run, node: JourneyNode, port: string): string {
  const edge = run.definition.edges.find((candidate) => candidate.from === node.id && candidate.port === port)
  if (!edge) throw new Broken(node.id, `no edge leaves "${node.id}" by port "${port}"`)
  return edge.to
}

/** When the enrollment reached its node; its entry for a state written without bookkeeping. */
function arrivedAt(enrollment: EnrollmentState): Date {
  const arrived = Date.parse(enrollment.state?.arrived_at ?? "")
  return Number.isNaN(arrived) ? enrollment.entered_at : new Date(arrived)
}

/**
 * Rules may also test the enrollment itself (`enrollment.entered_at within_last P1D`), and the
 * customer's segments when the caller loaded them (never stored in the context: they change).
 */
function ruleContext(run: Run, context: RuleContext): RuleContext {
  const { id, entered_at } = run.enrollment
  const given = typeof context.enrollment === "object" && context.enrollment !== null ? context.enrollment : {}
  const seen = run.segments ? withSegments(context, run.segments) : context
  return { ...seen, enrollment: { ...given, id, entered_at: entered_at.toISOString() } }
}

/**
 * A stable draw in [0, 100) from a seed: a retry of the same enrollment at the same node takes the
 * same branch. FNV-1a then murmur3's finaliser, whose avalanche spreads ids that differ only in
 * their last characters; plain JavaScript so the engine stays usable in the browser.
 */
function drawPercent(seed: string): number {
  let hash = 0x811c9dc5
  for (let index = 0; index < seed.length; index++) {
    hash = Math.imul(hash ^ seed.charCodeAt(index), 0x01000193)
  }
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b)
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35)
  hash ^= hash >>> 16
  return ((hash >>> 0) / 2 ** 32) * 100
}

