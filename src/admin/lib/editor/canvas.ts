/**
 * Draft → canvas: the xyflow nodes and edges to draw, laid out top to bottom with dagre on every
 * change. Positions are computed, never stored: the definition stays the only truth.
 *
 * Besides the journey's nodes the canvas has a trigger node on top (`TRIGGER_ID`, joined to the
 * entry node) and, at every port with no edge, a placeholder "end" whose "+" adds a step there.
 * Whatever the draft holds (no entry node, edges to unknown nodes, types this version does not
 * know, loops), this draws what it can and never throws; the validator's problems say the rest.
 */
import { graphlib, layout } from "@dagrejs/dagre"
import type { Edge, Node } from "@xyflow/react"

import { MAX_NESTING_DEPTH, type DefinitionError } from "../../../engine"
import {
  asRecord,
  portsOf,
  TRIGGER_ID,
  TRIGGER_PORT,
  type DraftDefinition,
  type DraftNode,
  type DraftTrigger,
} from "./draft"

export type JourneyNodeData = {
  node: DraftNode
  /** Its ports in order, each drawn as a handle: a condition's branches then `else`, and so on. */
  ports: string[]
  /** Something only the merchant can fill in is still missing (see `isUnfinished`). */
  unfinished: boolean
  problems: DefinitionError[]
}
export type TriggerNodeData = {
  trigger: DraftTrigger | undefined
  /** The trigger's problems, and the entry node's: both are about how customers come in. */
  problems: DefinitionError[]
}
/** Where a step added by the placeholder's "+" goes. */
export type PlaceholderNodeData = { from: string; port: string }

export type JourneyCanvasNode = Node<JourneyNodeData, "journey">
export type TriggerCanvasNode = Node<TriggerNodeData, "trigger">
export type PlaceholderCanvasNode = Node<PlaceholderNodeData, "placeholder">
export type CanvasNode = JourneyCanvasNode | TriggerCanvasNode | PlaceholderCanvasNode
export type CanvasEdge = Edge<{
  port: string
  /** Leads to a placeholder: nothing to insert a step into, drawn as a loose end. */
  open: boolean
}>
export type Canvas = { nodes: CanvasNode[]; edges: CanvasEdge[] }

/** Sizes the layout reserves; the node components draw at exactly these. */
export const CANVAS_NODE_SIZE = {
  trigger: { width: 260, height: 64 },
  journey: { width: 260, height: 76 },
  placeholder: { width: 32, height: 32 },
} as const satisfies Record<NonNullable<CanvasNode["type"]>, { width: number; height: number }>

const LAYOUT = { rankdir: "TB", nodesep: 48, ranksep: 56 } as const

/** A node's box: by default its kind's (`CANVAS_NODE_SIZE`); the live view makes steps taller for their numbers. */
export type CanvasSizing = (node: CanvasNode) => { width: number; height: number }
const defaultSizing: CanvasSizing = (node) => CANVAS_NODE_SIZE[node.type ?? "journey"]
const UNPLACED = { x: 0, y: 0 }

export function placeholderId(from: string, port: string): string {
  return `__end:${from}:${port}`
}

/** Lays out the draft; `problems` (from `validateDefinition`) are handed to the nodes they concern. */
export function toCanvas(
  definition: DraftDefinition,
  problems: readonly DefinitionError[] = [],
  sizing: CanvasSizing = defaultSizing
): Canvas {
  const byId = new Map<string, DraftNode>()
  for (const node of definition.nodes) if (!byId.has(node.id)) byId.set(node.id, node)

  const nodes: CanvasNode[] = [
    {
      id: TRIGGER_ID,
      type: "trigger",
      position: UNPLACED,
      deletable: false,
      data: {
        trigger: definition.trigger,
        problems: problems.filter(
          (problem) => problem.node_id === null && (problem.path === "entry_node" || /^trigger\b/.test(problem.path))
        ),
      },
    },
  ]
  const edges: CanvasEdge[] = []
  /** Draws a port: its edge, or a placeholder end when it leads to no node. */
  const follow = (from: string, port: string, to: string | undefined, labelled: boolean) => {
    const open = to === undefined || !byId.has(to)
    const target = open ? placeholderId(from, port) : to
    if (open) {
      const data = { from, port }
      nodes.push({ id: target, type: "placeholder", position: UNPLACED, deletable: false, selectable: false, data })
    }
    edges.push({
      id: `${from}:${port}`,
      source: from,
      sourceHandle: port,
      target,
      data: { port, open },
      ...(labelled ? { label: port } : {}),
    })
  }

  follow(TRIGGER_ID, TRIGGER_PORT, definition.entry_node, false)
  for (const node of byId.values()) {
    const ports = [...new Set(portsOf(node))]
    const own = problems.filter((problem) => problem.node_id === node.id)
    const data = { node, ports, unfinished: isUnfinished(node), problems: own }
    nodes.push({ id: node.id, type: "journey", position: UNPLACED, data })
    // Port names are shown where the node has a choice to make, not on a plain `next`.
    const labelled = ports.some((port) => port !== "next")
    for (const port of ports) {
      // The first edge by a port is the one drawn; the validator reports any other.
      const edge = definition.edges.find((candidate) => candidate.from === node.id && candidate.port === port)
      follow(node.id, port, edge?.to, labelled)
    }
  }
  return { nodes: placed(nodes, edges, sizing), edges }
}

/**
 * Whether a node still lacks what only the merchant can say: a send's template, a wait's duration,
 * a window's hours, the events to wait for, a condition's rules (an empty group or a condition on
 * no field), a split's branches, a cap's limit, what to change on a customer, a webhook's URL.
 * Values that are present but wrong are problems, reported by the validator, not unfinished work.
 */
export function isUnfinished(node: DraftNode): boolean {
  const blank = (value: unknown) => value === undefined || value === ""
  const list = (value: unknown) => (Array.isArray(value) ? value.map(asRecord) : [])
  switch (node.type) {
    case "send":
      return blank(node.template_id)
    case "wait":
      return blank(node.duration)
    case "wait_until":
      return blank(node.from) || blank(node.to)
    case "wait_for_event": {
      const events = list(node.events)
      return events.length === 0 || events.some((event) => blank(event?.event))
    }
    case "condition": {
      const branches = list(node.branches)
      return branches.length === 0 || branches.some((branch) => isUnwritten(branch?.where, 0))
    }
    case "random_split":
      return list(node.branches).length === 0
    case "frequency_cap":
      return node.max === undefined || blank(node.within)
    case "update_customer":
      return node.metadata === undefined && blank(node.add_to_group) && blank(node.add_to_group_named)
    case "webhook":
      return blank(node.url)
    default:
      // An exit has nothing to fill in; a type this version does not know is a problem, not work to do.
      return false
  }
}

/** A rule still to write: missing, an empty group, or a condition on no field. */
function isUnwritten(rule: unknown, depth: number): boolean {
  const fields = asRecord(rule)
  if (!fields) return true
  // Deeper than any real rule: the validator reports it, and walking on could exhaust the stack.
  if (depth > MAX_NESTING_DEPTH) return false
  const group = fields.all ?? fields.any
  if (group !== undefined) {
    return !Array.isArray(group) || group.length === 0 || group.some((item) => isUnwritten(item, depth + 1))
  }
  if (fields.not !== undefined) return isUnwritten(fields.not, depth + 1)
  return fields.field === undefined || fields.field === ""
}

type Point = { x: number; y: number }

/**
 * Recent layouts by the graph's shape (node ids and kinds, edges). Typing in a side panel changes
 * the draft on every keystroke but not its shape, and dagre takes milliseconds per dozen nodes.
 */
const layouts = new Map<string, Map<string, Point>>()
const LAYOUTS_KEPT = 20

/** Positions from dagre, which gives centres; xyflow wants top-left corners. */
function placed(nodes: CanvasNode[], edges: CanvasEdge[], sizing: CanvasSizing): CanvasNode[] {
  const sizes = new Map(nodes.map((node) => [node.id, sizing(node)]))
  const shape = JSON.stringify([
    nodes.map((node) => [node.id, node.type, sizes.get(node.id)!.height]),
    edges.map((edge) => [edge.id, edge.target]),
  ])
  const corners = layouts.get(shape) ?? laidOut(nodes, edges, sizes)
  layouts.delete(shape)
  layouts.set(shape, corners)
  if (layouts.size > LAYOUTS_KEPT) layouts.delete(layouts.keys().next().value as string)
  return nodes.map((node) => {
    const position = { ...(corners.get(node.id) as Point) }
    return { ...node, ...sizes.get(node.id)!, position }
  })
}

function laidOut(nodes: CanvasNode[], edges: CanvasEdge[], sizes: Map<string, { width: number; height: number }>): Map<string, Point> {
  const graph = new graphlib.Graph({ multigraph: true })
  graph.setGraph(LAYOUT)
  for (const node of nodes) graph.setNode(node.id, { ...sizes.get(node.id)! })
  // Given in reverse, a node's ports come out left to right in their order (dagre's ordering
  // heuristic settles ties that way; checked by the tests). Loops (through a wait) are cycles:
  // dagre reverses one edge of each to rank them.
  for (const edge of [...edges].reverse()) graph.setEdge(edge.source, edge.target, {}, edge.id)
  layout(graph)
  return new Map(
    nodes.map((node) => {
      const { x, y, width, height } = graph.node(node.id)
      return [node.id, { x: x - width / 2, y: y - height / 2 }]
    })
  )
}
