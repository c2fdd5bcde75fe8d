/**
 * Journeys as code: a typed fluent builder that writes the definition JSON.
 *
 *   journey("Abandoned cart")
 *     .trigger(cartAbandoned({ idleMinutes: 60 }))
 *     .settings({ reentry: "after_exit", timezone: "Europe/Paris", goal: { event: "order.placed" } })
 *     .send(email("reminder-1"))
 *     .wait("PT23H")
 *     .send(email("reminder-2"))
 *     .build()
 *
 * Steps chain in order. A branching step (condition, random split, frequency cap, wait for event)
 * takes one callback per port, which continues the path that leaves by that port; a port without a
 * callback, and every branch that does not end (with `.exit()` or `.goTo(id)`), joins again at the
 * step that follows the branching one. Open ends left at `build()` lead to a final exit node.
 *
 * Node ids are "n1", "n2", … in creation order (a branch's nodes are created when its callback
 * runs, ports in order), unless a step is given its own `id`; `goTo(id)` makes loops and
 * arbitrary joins. `build()` validates the result and throws `JourneyBuildError` listing every
 * problem, so a mistake fails where the journey is written.
 */
import {
  outputPorts,
  type JourneyDefinition,
  type JourneyEdge,
  type JourneyNode,
  type JourneySettings,
  type Enrichment,
  type JourneyTrigger,
  type SendNode,
  type WaitForEventNode,
} from "./definition"
import type { Rule } from "./rules"
import type { Weekday } from "./time"
import { validateDefinition, type DefinitionError } from "./validate"

export type Message = Pick<SendNode, "channel" | "template_id" | "category" | "tag" | "enrich">
/** `enrich`: related data the template renders (see ENRICHMENTS). */
export type MessageOptions = { category?: SendNode["category"]; tag?: string; enrich?: Enrichment[] }
export type NodeOptions = { id?: string }
/** Continues the path leaving by one port; return the path (or nothing). */
export type Then = (path: JourneyPath) => unknown

export class JourneyBuildError extends Error {
  constructor(
    readonly journey: string,
    readonly errors: DefinitionError[]
  ) {
    const lines = errors.map((error) => `- ${error.path || "(journey)"}: ${error.message}`)
    super([`Journey "${journey}" is not valid:`, ...lines].join("\n"))
    this.name = "JourneyBuildError"
  }
}

// ---------------------------------------------------------------------------------------------
// Triggers and messages

export function event(name: string, where?: Rule): JourneyTrigger {
  return compact({ type: "event", event: name, where })
}

export function cartAbandoned(options: { idleMinutes: number; where?: Rule }): JourneyTrigger {
  return compact({ type: "cart_abandoned", idle_minutes: options.idleMinutes, where: options.where })
}

export function customerCreated(): JourneyTrigger {
  return { type: "customer_created" }
}

export function segment(
  segmentId: string,
  options: { repeat?: { at: string; days?: Weekday[] }; dedupeByEmail?: boolean } = {}
): JourneyTrigger {
  return compact({ type: "segment", segment_id: segmentId, repeat: options.repeat, dedupe_by_email: options.dedupeByEmail })
}

export function email(templateId: string, options?: MessageOptions): Message {
  return message("email", templateId, options)
}

export function sms(templateId: string, options?: MessageOptions): Message {
  return message("sms", templateId, options)
}

export function push(templateId: string, options?: MessageOptions): Message {
  return message("push", templateId, options)
}

function message(channel: Message["channel"], templateId: string, options: MessageOptions = {}): Message {
  return compact({ channel, template_id: templateId, category: options.category ?? "marketing", tag: options.tag, enrich: options.enrich })
}

// ---------------------------------------------------------------------------------------------
// Paths

/** A port not connected yet: the next step added to the path connects it. */
type End = { from: string; port: string }

type Draft = { nodes: JourneyNode[]; edges: JourneyEdge[]; entry: string | undefined; created: number }

export class JourneyPath {
  /** `null` until the journey's first node is placed: that node becomes the entry. */
  protected ends: End[] | null

  protected constructor(
    protected readonly draft: Draft,
    ends: End[] | null
  ) {
    this.ends = ends
  }

  send(message: Message, options: NodeOptions = {}): this {
    return this.add({ id: this.nodeId(options), type: "send", ...message })
  }

  wait(duration: string, options: NodeOptions = {}): this {
    return this.add({ id: this.nodeId(options), type: "wait", duration })
  }

  waitUntil(
    options: NodeOptions & { days?: Weekday[]; from: string; to: string; zone?: "recipient" | "journey" }
  ): this {
    const { days, from, to, zone = "recipient" } = options
    return this.add(compact({ id: this.nodeId(options), type: "wait_until", days, from, to, zone }))
  }

  /** Leaves by each event's port, or by "timeout" (continued by `onTimeout`) once `timeout` elapses. */
  waitForEvent(
    options: NodeOptions & {
      events: { port: string; event: string; where?: Rule; then?: Then }[]
      timeout?: string
      onTimeout?: Then
    }
  ): this {
    if (options.onTimeout && options.timeout === undefined) {
      throw new Error("Journey builder: onTimeout needs a timeout")
    }
    const events = options.events.map(({ port, event, where }) => compact({ port, event, where }))
    const { timeout } = options
    const node: WaitForEventNode = compact({ id: this.nodeId(options), type: "wait_for_event", timeout, events })
    return this.branch(node, [
      ...options.events.map(({ port, then }) => [port, then] as const),
      ["timeout", options.onTimeout],
    ])
  }

  /** The first branch whose rule holds wins; `else` continues the others. */
  condition(options: NodeOptions & { branches: { port: string; where: Rule; then?: Then }[]; else?: Then }): this {
    const branches = options.branches.map(({ port, where }) => ({ port, where }))
    return this.branch({ id: this.nodeId(options), type: "condition", branches }, [
      ...options.branches.map(({ port, then }) => [port, then] as const),
      ["else", options.else],
    ])
  }

  randomSplit(options: NodeOptions & { branches: { port: string; percent: number; then?: Then }[] }): this {
    const branches = options.branches.map(({ port, percent }) => ({ port, percent }))
    return this.branch(
      { id: this.nodeId(options), type: "random_split", branches },
      options.branches.map(({ port, then }) => [port, then] as const)
    )
  }

  /** Leaves by "capped" when the customer got `max` messages (tagged `tag`, if given) within `within`. */
  frequencyCap(options: NodeOptions & { tag?: string; max: number; within: string; ok?: Then; capped?: Then }): this {
    const { tag, max, within } = options
    return this.branch(compact({ id: this.nodeId(options), type: "frequency_cap", tag, max, within }), [
      ["ok", options.ok],
      ["capped", options.capped],
    ])
  }

  /** `addToGroup`: a group's id; `addToGroupNamed`: save audience, the group found by name or created. */
  updateCustomer(options: NodeOptions & { metadata?: Record<string, unknown>; addToGroup?: string; addToGroupNamed?: string }): this {
    const { metadata, addToGroup, addToGroupNamed } = options
    return this.add(
      compact({ id: this.nodeId(options), type: "update_customer", metadata, add_to_group: addToGroup, add_to_group_named: addToGroupNamed })
    )
  }

  webhook(options: NodeOptions & { url: string; body?: string }): this {
    return this.add(compact({ id: this.nodeId(options), type: "webhook", url: options.url, body: options.body }))
  }

  /** Ends the path. */
  exit(options: NodeOptions = {}): this {
    return this.add({ id: this.nodeId(options), type: "exit" })
  }

  /** Ends the path by continuing at another node, placed before or after: loops and joins. */
  goTo(nodeId: string): this {
    this.connect(nodeId)
    this.ends = []
    return this
  }

  private nodeId(options: NodeOptions): string {
    this.draft.created += 1
    return options.id ?? `n${this.draft.created}`
  }

  private connect(nodeId: string): void {
    if (this.ends === null) {
      this.draft.entry = nodeId
      return
    }
    if (this.ends.length === 0) throw new Error(`Journey builder: "${nodeId}" follows a path that has already ended`)
    this.draft.edges.push(...this.ends.map(({ from, port }) => ({ from, port, to: nodeId })))
  }

  private add(node: JourneyNode): this {
    this.connect(node.id)
    this.draft.nodes.push(node)
    this.ends = outputPorts(node).map((port) => ({ from: node.id, port }))
    return this
  }

  /** Adds a branching node, then runs each port's callback on a path of its own. */
  private branch(node: JourneyNode, ports: readonly (readonly [string, Then | undefined])[]): this {
    this.add(node)
    const thens = new Map(ports)
    this.ends = (this.ends ?? []).flatMap((end) => {
      const then = thens.get(end.port)
      if (!then) return [end]
      const path = new JourneyPath(this.draft, [end])
      then(path)
      return path.ends ?? []
    })
    return this
  }
}

export type SettingsOptions = {
  reentry?: JourneySettings["reentry"]
  timezone?: string
  startAt?: string
  endAt?: string
  goal?: JourneySettings["goal"]
}

export class JourneyBuilder extends JourneyPath {
  private trigger_: JourneyTrigger | undefined
  private settings_: JourneySettings = { reentry: "multiple", timezone: "UTC" }

  constructor(readonly name: string) {
    super({ nodes: [], edges: [], entry: undefined, created: 0 }, null)
  }

  trigger(trigger: JourneyTrigger): this {
    this.trigger_ = trigger
    return this
  }

  /** Merged into what was set before; defaults: re-entry "multiple", time zone "UTC". */
  settings(options: SettingsOptions): this {
    const { reentry, timezone, startAt, endAt, goal } = options
    this.settings_ = compact({
      reentry: reentry ?? this.settings_.reentry,
      timezone: timezone ?? this.settings_.timezone,
      start_at: startAt ?? this.settings_.start_at,
      end_at: endAt ?? this.settings_.end_at,
      goal: goal ?? this.settings_.goal,
    })
    return this
  }

  /** The validated definition; throws `JourneyBuildError` listing every problem. Repeatable. */
  build(): { name: string; definition: JourneyDefinition } {
    if (!this.trigger_) {
      const missing = { node_id: null, path: "trigger", message: "call .trigger() before .build()" }
      throw new JourneyBuildError(this.name, [missing])
    }
    const nodes = [...this.draft.nodes]
    const edges = [...this.draft.edges]
    let entry = this.draft.entry
    if (this.ends === null || this.ends.length > 0) {
      const exit = `n${this.draft.created + 1}`
      nodes.push({ id: exit, type: "exit" })
      edges.push(...(this.ends ?? []).map(({ from, port }) => ({ from, port, to: exit })))
      entry ??= exit
    }
    const result = validateDefinition({
      schema_version: 1,
      trigger: this.trigger_,
      settings: this.settings_,
      entry_node: entry,
      nodes,
      edges,
    })
    if (!result.definition) throw new JourneyBuildError(this.name, result.errors)
    return { name: this.name, definition: result.definition }
  }
}

export function journey(name: string): JourneyBuilder {
  return new JourneyBuilder(name)
}

/** Drops undefined fields, so that optional parts are absent from the JSON rather than null-ish. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T
}
