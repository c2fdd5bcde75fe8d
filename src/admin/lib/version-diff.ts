/**
 * What changed from one journey version to another: nodes added, removed or changed (and which of
 * their fields), edges added or removed, the trigger, the settings and the entry node. Both
 * definitions are read leniently (`readDraft`), so a draft still being built or a definition saved
 * by an older version diffs too; nothing here throws.
 */
import { nodeSchema, type JourneyEdge } from "../../engine"
import { asRecord, readDraft, type DraftNode } from "./editor/draft"

export type FieldChange = { field: string; before: unknown; after: unknown }
export type NodeChange = { id: string; before: DraftNode; after: DraftNode; fields: FieldChange[] }

export type VersionDiff = {
  nodes: { added: DraftNode[]; removed: DraftNode[]; changed: NodeChange[] }
  edges: { added: JourneyEdge[]; removed: JourneyEdge[] }
  /** The trigger's fields that differ (`type` when it became another kind of trigger). */
  trigger: FieldChange[]
  settings: FieldChange[]
  /** The node customers enter at, when it moved. */
  entry: { before: string | undefined; after: string | undefined } | null
}

/** From `a` (the older version, usually) to `b`. */
export function diffVersions(a: unknown, b: unknown): VersionDiff {
  const before = readDraft(a)
  const after = readDraft(b)
  const oldNodes = byId(before.nodes)
  const newNodes = byId(after.nodes)
  const changed: NodeChange[] = []
  for (const [id, node] of newNodes) {
    const old = oldNodes.get(id)
    if (!old) continue
    const fields = fieldChanges(withDefaults(old), withDefaults(node), ["id"])
    if (fields.length) changed.push({ id, before: old, after: node, fields })
  }
  const oldEdges = new Set(before.edges.map(edgeKey))
  const newEdges = new Set(after.edges.map(edgeKey))
  return {
    nodes: {
      added: [...newNodes.values()].filter((node) => !oldNodes.has(node.id)),
      removed: [...oldNodes.values()].filter((node) => !newNodes.has(node.id)),
      changed,
    },
    edges: {
      added: unique(after.edges).filter((edge) => !oldEdges.has(edgeKey(edge))),
      removed: unique(before.edges).filter((edge) => !newEdges.has(edgeKey(edge))),
    },
    trigger: fieldChanges(before.trigger ?? {}, after.trigger ?? {}),
    settings: fieldChanges(before.settings ?? {}, after.settings ?? {}),
    entry: before.entry_node === after.entry_node ? null : { before: before.entry_node, after: after.entry_node },
  }
}

export function isEmptyDiff(diff: VersionDiff): boolean {
  const { nodes, edges } = diff
  return (
    !nodes.added.length &&
    !nodes.removed.length &&
    !nodes.changed.length &&
    !edges.added.length &&
    !edges.removed.length &&
    !diff.trigger.length &&
    !diff.settings.length &&
    !diff.entry
  )
}

/** The first node of each id, in order (a duplicate id is the validator's business, not the diff's). */
function byId(nodes: DraftNode[]): Map<string, DraftNode> {
  const found = new Map<string, DraftNode>()
  for (const node of nodes) if (!found.has(node.id)) found.set(node.id, node)
  return found
}

/**
 * The node as the engine reads it: a published version is stored with its defaults filled in
 * (send `category`, wait_until `zone`) and a draft may leave them out, which is no change.
 */
function withDefaults(node: DraftNode): Record<string, unknown> {
  const parsed = nodeSchema.safeParse(node)
  return parsed.success ? parsed.data : node
}

const edgeKey = (edge: JourneyEdge) => JSON.stringify([edge.from, edge.port, edge.to])

function unique(edges: JourneyEdge[]): JourneyEdge[] {
  const seen = new Set<string>()
  return edges.filter((edge) => {
    const key = edgeKey(edge)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** Fields whose values differ, in the order they appear (`before`'s, then those only `after` has). */
function fieldChanges(before: object, after: object, ignored: string[] = []): FieldChange[] {
  const old = before as Record<string, unknown>
  const now = after as Record<string, unknown>
  const fields = [...new Set([...Object.keys(old), ...Object.keys(now)])].filter((field) => !ignored.includes(field))
  return fields
    .filter((field) => !sameValue(old[field], now[field]))
    .map((field) => ({ field, before: old[field], after: now[field] }))
}

/** Deep equality of JSON values; the order of an object's keys does not matter, an array's does. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]))
  }
  const x = asRecord(a)
  const y = asRecord(b)
  if (!x || !y) return false
  const keys = Object.keys(x).filter((key) => x[key] !== undefined)
  const other = Object.keys(y).filter((key) => y[key] !== undefined)
  return keys.length === other.length && keys.every((key) => sameValue(x[key], y[key]))
}
