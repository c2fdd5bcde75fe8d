/**
 * From the model's canvas to what xyflow draws: handles where the node components put them,
 * selection, and the same objects for what did not change so xyflow re-renders only what did.
 */
import type { NodeHandle, Position } from "@xyflow/react"

import type { DefinitionError } from "../../../../engine"
import type { CanvasEdge, CanvasNode } from "../../../lib/editor/canvas"
import { TRIGGER_ID } from "../../../lib/editor/draft"

/** A port drawn as a dot (a plain `next`) or as a pill with its name (a node with a choice to make). */
export const HANDLE_DOT = 8
export const PORT_PILL_HEIGHT = 16

const TOP = "top" as Position
const BOTTOM = "bottom" as Position

export type PortHandle = { port: string; /** Centre, as a fraction of the node's width. */ left: number; named: boolean }

/** A node's output handles, spread evenly along its bottom edge in port order. */
export function portHandles(ports: readonly string[]): PortHandle[] {
  const named = ports.some((port) => port !== "next")
  return ports.map((port, index) => ({ port, left: (index + 1) / (ports.length + 1), named }))
}

/**
 * The handles as the node components draw them (centred on the edge they sit on). Declared up
 * front, edges are drawn without measuring the DOM: at once, and to nodes that
 * `onlyRenderVisibleElements` leaves unrendered. A pill's width depends on its text, so it is
 * declared one pixel wide at its centre, which is all an edge needs.
 */
export function declaredHandles(node: CanvasNode, width: number, height: number): NodeHandle[] {
  const target: NodeHandle = { type: "target", position: TOP, x: width / 2 - HANDLE_DOT / 2, y: -HANDLE_DOT / 2, width: HANDLE_DOT, height: HANDLE_DOT }
  switch (node.type) {
    case "placeholder":
      return [{ ...target, x: width / 2 - 0.5, y: 0, width: 1, height: 1 }]
    case "trigger":
      return [dot("next", width / 2, height)]
    default:
      return [
        target,
        ...portHandles(node.data.ports).map(({ port, left, named }) =>
          named
            ? { id: port, type: "source" as const, position: BOTTOM, x: left * width - 0.5, y: height - PORT_PILL_HEIGHT / 2, width: 1, height: PORT_PILL_HEIGHT }
            : dot(port, left * width, height)
        ),
      ]
  }
}

function dot(port: string, centre: number, height: number): NodeHandle {
  return { id: port, type: "source", position: BOTTOM, x: centre - HANDLE_DOT / 2, y: height - HANDLE_DOT / 2, width: HANDLE_DOT, height: HANDLE_DOT }
}

/**
 * The nodes to draw: laid out by the model, with the selection, their sizes (known: the layout
 * reserved them and the components draw at exactly these) and their handles. A node equal to the
 * one drawn before is that very object.
 */
export function viewNodes(
  nodes: readonly CanvasNode[],
  selection: string | null,
  previous: ReadonlyMap<string, CanvasNode>
): CanvasNode[] {
  return nodes.map((node) => {
    const width = node.width ?? 0
    const height = node.height ?? 0
    const selected = node.id === selection
    const before = previous.get(node.id)
    if (
      before &&
      before.type === node.type &&
      before.selected === selected &&
      before.position.x === node.position.x &&
      before.position.y === node.position.y &&
      before.width === width &&
      before.height === height &&
      sameFields(before.data, node.data)
    ) {
      return before
    }
    return { ...node, width, height, selected, measured: { width, height }, handles: declaredHandles(node, width, height) } as CanvasNode
  })
}

/** The edges to draw; one equal to the edge drawn before is that very object. */
export function viewEdges(edges: readonly CanvasEdge[], previous: ReadonlyMap<string, CanvasEdge>): CanvasEdge[] {
  return edges.map((edge) => {
    const before = previous.get(edge.id)
    const same =
      before &&
      before.source === edge.source &&
      before.target === edge.target &&
      before.sourceHandle === edge.sourceHandle &&
      before.data?.port === edge.data?.port &&
      before.data?.open === edge.data?.open
    return same ? before : edge
  })
}

/**
 * Equal data: the same values, lists compared item by item and their items field by field (the
 * validator makes new problem objects on each run; the model shares unchanged draft nodes).
 */
function sameFields(a: object, b: object): boolean {
  const left = a as Record<string, unknown>
  const right = b as Record<string, unknown>
  const keys = Object.keys(left)
  if (keys.length !== Object.keys(right).length) return false
  return keys.every((key) => {
    const x = left[key]
    const y = right[key]
    if (x === y) return true
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false
    return x.every((item, index) => item === y[index] || (isObject(item) && isObject(y[index]) && shallowEqual(item, y[index])))
  })
}

function shallowEqual(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key])
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null
}

/** A problem with how customers come in: the trigger's own, or the entry's (drawn on the trigger). */
export function isTriggerProblem(problem: DefinitionError): boolean {
  return problem.node_id === null && (problem.path === "entry_node" || /^trigger\b/.test(problem.path))
}

/**
 * The canvas node a problem is about: its node when on the canvas, the trigger for the entry and
 * the trigger, nothing (the journey's settings) for the rest.
 */
export function problemTarget(problem: DefinitionError, onCanvas: ReadonlySet<string>): string | null {
  if (problem.node_id !== null) return onCanvas.has(problem.node_id) ? problem.node_id : null
  return isTriggerProblem(problem) ? TRIGGER_ID : null
}

/** Room kept between a revealed node and the canvas's border, in screen pixels. */
const REVEAL_MARGIN = 24

/**
 * The viewport that brings a node, and `below` canvas units under it (where what follows it is
 * drawn), into a canvas of `size` pixels by the smallest pan; null when it is in view already.
 */
export function revealViewport(
  node: { position: { x: number; y: number }; width?: number; height?: number },
  below: number,
  viewport: { x: number; y: number; zoom: number },
  size: { width: number; height: number }
): { x: number; y: number; zoom: number } | null {
  const { zoom } = viewport
  const left = node.position.x * zoom + viewport.x
  const top = node.position.y * zoom + viewport.y
  const right = left + (node.width ?? 0) * zoom
  const bottom = top + ((node.height ?? 0) + below) * zoom
  const shift = (start: number, end: number, length: number) => {
    if (start < REVEAL_MARGIN) return REVEAL_MARGIN - start
    if (end > length - REVEAL_MARGIN) return Math.max(length - REVEAL_MARGIN - end, REVEAL_MARGIN - start)
    return 0
  }
  const dx = shift(left, right, size.width)
  const dy = shift(top, bottom, size.height)
  return dx === 0 && dy === 0 ? null : { x: viewport.x + dx, y: viewport.y + dy, zoom }
}
