/**
 * The steps a merchant can add (the palette and the "+" menus list the same ones) and where they go.
 */
import { CHANNELS, type Channel, type JourneyNodeType } from "../../../../engine"
import type { PlaceholderCanvasNode } from "../../../lib/editor/canvas"
import { portsOf, TRIGGER_ID, TRIGGER_PORT, type DraftDefinition, type DraftNode } from "../../../lib/editor/draft"
import { appendAtPort, createNode, insertOnEdge } from "../../../lib/editor/operations"

export type StepGroup = "messages" | "timing" | "logic" | "actions" | "end"

/** One entry of the palette and of the insert menu; `id` names it in test ids (`palette-send-email`). */
export type StepChoice = { id: string; group: StepGroup; type: JourneyNodeType; channel?: Channel }

export const STEP_GROUPS: readonly StepGroup[] = ["messages", "timing", "logic", "actions", "end"]

export const STEP_CHOICES: readonly StepChoice[] = [
  ...CHANNELS.map((channel): StepChoice => ({ id: `send-${channel}`, group: "messages", type: "send", channel })),
  { id: "wait", group: "timing", type: "wait" },
  { id: "wait_until", group: "timing", type: "wait_until" },
  { id: "wait_for_event", group: "timing", type: "wait_for_event" },
  { id: "condition", group: "logic", type: "condition" },
  { id: "random_split", group: "logic", type: "random_split" },
  { id: "frequency_cap", group: "logic", type: "frequency_cap" },
  { id: "update_customer", group: "actions", type: "update_customer" },
  { id: "webhook", group: "actions", type: "webhook" },
  { id: "exit", group: "end", type: "exit" },
]

/** The drag-and-drop payload type of a palette item: its choice id. */
export const STEP_DRAG_TYPE = "application/x-journey-step"

export function findStepChoice(id: string): StepChoice | undefined {
  return STEP_CHOICES.find((choice) => choice.id === id)
}

/** A port of a node (or of the trigger) where a step can go, open or already leading somewhere. */
export type StepPlace = { from: string; port: string }

/**
 * Adds a new step of `choice` at `place`: at the end when the port is open, else on the port's edge
 * (what followed hangs off the new step). `null` when it cannot go there (an exit on an edge would
 * cut off what follows; the place may be gone).
 */
export function addStep(
  definition: DraftDefinition,
  place: StepPlace,
  choice: StepChoice
): { definition: DraftDefinition; nodeId: string } | null {
  const created = createNode(choice.type, definition)
  const node: DraftNode = created.type === "send" && choice.channel ? { ...created, channel: choice.channel } : created
  const appended = appendAtPort(definition, place.from, place.port, node)
  const next = appended !== definition ? appended : insertOnEdge(definition, place, node)
  return next === definition ? null : { definition: next, nodeId: node.id }
}

/**
 * Where a click on the palette adds its step: after the selected step (its first open port, or on
 * its first port when all lead somewhere), after the trigger when it is selected; otherwise, or
 * when the selected step has no port (an exit), at the first open end in reading order.
 */
export function paletteTarget(
  definition: DraftDefinition,
  selection: string | null,
  placeholders: readonly PlaceholderCanvasNode[]
): StepPlace | null {
  if (selection === TRIGGER_ID) return { from: TRIGGER_ID, port: TRIGGER_PORT }
  const selected = definition.nodes.find((node) => node.id === selection)
  if (selected) {
    const ports = portsOf(selected)
    const open = ports.find((port) => !definition.edges.some((edge) => edge.from === selected.id && edge.port === port))
    const port = open ?? ports[0]
    if (port !== undefined) return { from: selected.id, port }
  }
  const first = [...placeholders].sort((a, b) => a.position.y - b.position.y || a.position.x - b.position.x)[0]
  return first ? { from: first.data.from, port: first.data.port } : null
}

/** The id of the node `after` has and `before` did not: the copy a duplication made. */
export function addedNodeId(before: DraftDefinition, after: DraftDefinition): string | null {
  const known = new Set(before.nodes.map((node) => node.id))
  return after.nodes.find((node) => !known.has(node.id))?.id ?? null
}
