import { readDraft, portsOf, type DraftDefinition, type DraftNode } from "../draft"

/** A draft with an order.placed trigger, from nodes and edges written `from.port>to`. */
export function draftOf(entry: string | undefined, nodes: DraftNode[], edges: string[]): DraftDefinition {
  return deepFreeze({
    schema_version: 1,
    trigger: { type: "event", event: "order.placed" },
    settings: { reentry: "multiple", timezone: "UTC" },
    ...(entry === undefined ? {} : { entry_node: entry }),
    nodes,
    edges: edges.map((arrow) => {
      const [, from, port, to] = /^(.+)\.(.+)>(.+)$/.exec(arrow) ?? []
      return { from, port, to }
    }),
  })
}

/** The edges as `from.port>to`, in order: easy to read in a failed expectation. */
export function arrows(definition: DraftDefinition): string[] {
  return definition.edges.map((edge) => `${edge.from}.${edge.port}>${edge.to}`)
}

export function ids(definition: DraftDefinition): string[] {
  return definition.nodes.map((node) => node.id)
}

export const send = (id: string, template_id = `tpl_${id}`): DraftNode => ({
  id,
  type: "send",
  channel: "email",
  template_id,
  category: "marketing",
})
export const wait = (id: string, duration = "P1D"): DraftNode => ({ id, type: "wait", duration })
export const exit = (id: string): DraftNode => ({ id, type: "exit" })
export const condition = (id: string, ...ports: string[]): DraftNode => ({
  id,
  type: "condition",
  branches: ports.map((port) => ({ port, where: { field: "cart.total", op: "gt", value: 200 } })),
})
export const split = (id: string, ...ports: string[]): DraftNode => ({
  id,
  type: "random_split",
  branches: ports.map((port) => ({ port, percent: 100 / ports.length })),
})

/**
 * What an operation must never break, as a list of broken promises: unique node ids, edges that join
 * nodes of the draft by a port their source has, one edge per port (a name given to two branches is
 * two ports), an entry node that exists.
 */
export function inconsistencies(definition: DraftDefinition): string[] {
  const broken: string[] = []
  const byId = new Map<string, DraftNode>()
  for (const node of definition.nodes) {
    if (byId.has(node.id)) broken.push(`node id ${node.id} is used twice`)
    byId.set(node.id, node)
  }
  const used = new Map<string, number>()
  for (const edge of definition.edges) {
    const from = byId.get(edge.from)
    const ports = from ? portsOf(from).filter((port) => port === edge.port).length : 0
    if (!from) broken.push(`edge from unknown ${edge.from}`)
    else if (ports === 0) broken.push(`${edge.from} has no port ${edge.port}`)
    if (!byId.has(edge.to)) broken.push(`edge to unknown ${edge.to}`)
    const key = `${edge.from}.${edge.port}`
    const count = (used.get(key) ?? 0) + 1
    if (from && ports > 0 && count > ports) broken.push(`more edges than ports leave by ${key}`)
    used.set(key, count)
  }
  if (definition.entry_node !== undefined && !byId.has(definition.entry_node)) {
    broken.push(`entry node ${definition.entry_node} is unknown`)
  }
  return broken
}

/** Frozen all the way down: an operation that mutates its input throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const field of Object.values(value)) deepFreeze(field)
  }
  return value
}

/** A draft read from plain JSON, frozen. */
export function frozenDraft(input: unknown): DraftDefinition {
  return deepFreeze(readDraft(structuredClone(input)))
}
