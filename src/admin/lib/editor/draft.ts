/**
 * The definition as the editor holds it: a draft. Drafts are saved as they are (the server keeps
 * work in progress), so a node may still miss its template, a port its edge, the journey its entry
 * node; the validator says what is missing, the editor must simply never trip over it.
 */
import {
  isNodeType,
  outputPorts,
  TRIGGER_TYPES,
  type JourneyEdge,
  type JourneyNode,
  type JourneyNodeType,
  type JourneySettings,
  type JourneyTrigger,
} from "../../../engine"

/** The canvas node that stands for the trigger; as an edge source it means the entry node. */
export const TRIGGER_ID = "__trigger"
/** The trigger's only port: the edge from it is `entry_node`. */
export const TRIGGER_PORT = "next"

type Unfinished<T extends { type: string }, Fixed extends keyof T> = Pick<T, Fixed> & Partial<Omit<T, Fixed>>

/** A node of one type, every field but its id and type possibly still missing. */
export type DraftNode = {
  [Type in JourneyNodeType]: Unfinished<Extract<JourneyNode, { type: Type }>, "id" | "type">
}[JourneyNodeType]

export type DraftTrigger = {
  [Type in JourneyTrigger["type"]]: Unfinished<Extract<JourneyTrigger, { type: Type }>, "type">
}[JourneyTrigger["type"]]

export type DraftDefinition = {
  schema_version: 1
  trigger?: DraftTrigger
  settings?: Partial<JourneySettings>
  entry_node?: string
  nodes: DraftNode[]
  edges: JourneyEdge[]
}

/**
 * Reads a stored draft leniently. Keeps every node with an id and a type (even a type this version
 * does not know, which the validator reports) and every edge made of three strings; drops what
 * could be neither shown nor edited: items that are not objects, nodes without an id, a trigger of
 * unknown type. Node objects are kept as they are, not copied.
 */
export function readDraft(input: unknown): DraftDefinition {
  const root = asRecord(input)
  const trigger = asRecord(root?.trigger)
  const settings = asRecord(root?.settings)
  const entry = root?.entry_node
  return {
    schema_version: 1,
    ...(trigger && (TRIGGER_TYPES as unknown[]).includes(trigger.type) ? { trigger: trigger as DraftTrigger } : {}),
    ...(settings ? { settings: settings as Partial<JourneySettings> } : {}),
    ...(typeof entry === "string" && entry !== "" ? { entry_node: entry } : {}),
    nodes: asList(root?.nodes).filter(isDraftNode),
    edges: asList(root?.edges).filter(isEdge),
  }
}

/**
 * The ports a node leaves by, in order, read leniently: none for a type this version does not know,
 * and only the readable ports of a branch list that is partly wrong.
 */
export function portsOf(node: DraftNode): string[] {
  if (!isNodeType(node.type)) return []
  const ports = (list: unknown) =>
    asList(list).flatMap((item) => {
      const port = asRecord(item)?.port
      return typeof port === "string" ? [{ port }] : []
    })
  const source = node as Record<string, unknown>
  return outputPorts({
    type: node.type,
    branches: ports(source.branches),
    events: ports(source.events),
    timeout: source.timeout,
  })
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? Array.from(value) : []
}

function isDraftNode(value: unknown): value is DraftNode {
  const node = asRecord(value)
  return typeof node?.id === "string" && node.id !== "" && typeof node.type === "string"
}

function isEdge(value: unknown): value is JourneyEdge {
  const edge = asRecord(value)
  return typeof edge?.from === "string" && typeof edge.port === "string" && typeof edge.to === "string"
}
