/**
 * What the merchant does to a journey on the canvas, as pure functions: each takes a draft and
 * returns a new one, sharing the nodes it did not touch and never changing its input. An operation
 * that does not apply (an unknown node, a port the node does not have, a taken port where an open
 * one is needed) returns the very draft it was given, so the store records no empty step.
 *
 * The trigger takes part as the source `TRIGGER_ID` with port `TRIGGER_PORT`: its edge is
 * `entry_node`.
 */
import { isNodeType, type JourneyEdge, type JourneyNodeType, type JourneySettings } from "../../../engine"
import {
  asRecord,
  portsOf,
  TRIGGER_ID,
  TRIGGER_PORT,
  type DraftDefinition,
  type DraftNode,
  type DraftTrigger,
} from "./draft"

/** A condition's rule before the merchant writes it: an empty group, which the validator refuses. */
const UNWRITTEN_RULE = { all: [] }

/**
 * A new node of `type` with an id unused in `definition`, filled so that as much as possible is
 * valid: only what the merchant alone can say is left out (a send's template, a webhook's URL, what
 * to change on the customer, the event to wait for, a condition's rule).
 */
export function createNode(type: JourneyNodeType, definition: DraftDefinition): DraftNode {
  const id = idMaker(definition)(type)
  switch (type) {
    case "send":
      return { id, type, channel: "email", category: "marketing" }
    case "wait":
      return { id, type, duration: "P1D" }
    case "wait_until":
      return { id, type, from: "09:00", to: "17:00", zone: "recipient" }
    case "wait_for_event":
      return { id, type, events: [{ port: "received", event: "" }], timeout: "P1D" }
    case "condition":
      return { id, type, branches: [{ port: "yes", where: UNWRITTEN_RULE }] }
    case "random_split":
      return { id, type, branches: [{ port: "a", percent: 50 }, { port: "b", percent: 50 }] }
    case "frequency_cap":
      return { id, type, max: 1, within: "P1D" }
    case "update_customer":
    case "webhook":
    case "exit":
      return { id, type }
  }
}

/**
 * Puts `node` on the edge leaving `from` by `port`: the node takes the edge and what the edge led
 * to hangs off the node's first port (`next` for the nodes that have one). A node without ports
 * (an exit) cannot take an edge, as what follows would be lost: it only ends a path (`appendAtPort`).
 */
export function insertOnEdge(
  definition: DraftDefinition,
  edge: { from: string; port: string },
  node: DraftNode
): DraftDefinition {
  if (targetOf(definition, edge.from, edge.port) === undefined) return definition
  return attach(definition, edge.from, edge.port, node)
}

/** Puts `node` at the open port `port` of `from` (a placeholder's "+"); `from` may be the trigger. */
export function appendAtPort(
  definition: DraftDefinition,
  from: string,
  port: string,
  node: DraftNode
): DraftDefinition {
  if (targetOf(definition, from, port) !== undefined) return definition
  return attach(definition, from, port, node)
}

/**
 * Removes a node and splices the path: the edges that led to it (and the entry, when it was the
 * entry node) now lead where its first connected port led (`next` for the nodes that have one, else
 * the first branch in order). Its other branches are removed with it: every node that could be
 * reached from the entry before and no longer can is deleted too. Nodes that were unreachable
 * already are left alone. With nothing to splice to (an exit, open ports), the edges into the node
 * are removed and their ports become open.
 */
export function deleteNode(definition: DraftDefinition, id: string): DraftDefinition {
  const node = findNode(definition, id)
  if (!node) return definition
  const ports = portsOf(node)
  const rank = (port: string) => (ports.includes(port) ? ports.indexOf(port) : ports.length)
  const continuation = definition.edges
    .filter((edge) => edge.from === id && edge.to !== id)
    .sort((a, b) => rank(a.port) - rank(b.port))[0]?.to
  const before = reachable(definition)
  const edges = definition.edges.flatMap((edge) => {
    if (edge.from === id) return []
    if (edge.to !== id) return [edge]
    return continuation === undefined ? [] : [{ ...edge, to: continuation }]
  })
  const spliced = withEntry(
    { ...definition, nodes: definition.nodes.filter((other) => other.id !== id), edges },
    definition.entry_node === id ? continuation : definition.entry_node
  )
  return prune(spliced, before)
}

/**
 * A copy of the node (new id, same settings) inserted right after it, on its first port; the copy's
 * other ports stay open. A node without ports (an exit) has no "after": nothing happens.
 */
export function duplicateNode(definition: DraftDefinition, id: string): DraftDefinition {
  const node = findNode(definition, id)
  const port = node ? portsOf(node)[0] : undefined
  if (!node || port === undefined) return definition
  const copy = { ...structuredClone(node), id: idMaker(definition)(node.type) }
  return attach(definition, id, port, copy)
}

/**
 * Copies the branch leaving `from` by `port`, to try a variant of it: every node reachable from the
 * port's target that cannot be reached any other way is copied (new ids); the copy's edges lead to
 * the copies, and where the branch joined the rest of the journey the copy joins at the same place.
 * The copy hangs off the first of `from`'s other ports that is open, in port order (a condition's
 * empty `else`, say). When none is open, a condition, random split or wait for event gets a new
 * branch for it: a condition branch with an unwritten rule (a copied rule would never match, the
 * original matching first), a split branch of 0 % (the percentages still add up), an event branch
 * with no event. Otherwise (frequency cap, trigger, one-port nodes) nothing happens.
 */
export function duplicateBranch(definition: DraftDefinition, from: string, port: string): DraftDefinition {
  const target = targetOf(definition, from, port)
  const node = findNode(definition, from)
  if (target === undefined || !node) return definition
  const ports = portsOf(node)
  const open = ports.find((other) => other !== port && targetOf(definition, from, other) === undefined)
  const widened = open === undefined ? withNewBranch(node, port) : { node, port: open }
  if (!widened) return definition

  const elsewhere = reachable(definition, { from, port })
  const owned = new Set([...reachableFrom(definition, [target])].filter((id) => id !== from && !elsewhere.has(id)))
  const makeId = idMaker(definition)
  const copies = new Map<string, DraftNode>()
  for (const original of definition.nodes) {
    if (owned.has(original.id) && !copies.has(original.id)) {
      copies.set(original.id, { ...structuredClone(original), id: makeId(original.type) })
    }
  }
  const copied = (id: string) => copies.get(id)?.id ?? id
  const copiedEdges = definition.edges
    .filter((edge) => copies.has(edge.from))
    .map((edge) => ({ from: copied(edge.from), port: edge.port, to: copied(edge.to) }))
  const grown = {
    ...definition,
    nodes: [...replaceNode(definition.nodes, node, widened.node), ...copies.values()],
    edges: [...definition.edges, ...copiedEdges],
  }
  return setTarget(grown, from, widened.port, copied(target))
}

/**
 * Swaps the two paths of a yes/no condition (one branch and `else`): what the branch led to now
 * follows `else` and the other way round. The rule stays as it is. Other nodes: nothing happens.
 */
export function flipBranches(definition: DraftDefinition, conditionId: string): DraftDefinition {
  const node = findNode(definition, conditionId)
  const ports = node?.type === "condition" ? portsOf(node) : []
  if (ports.length !== 2 || ports[0] === ports[1]) return definition
  const [branch, otherwise] = ports
  const swap = new Map([
    [branch, otherwise],
    [otherwise, branch],
  ])
  const flips = (edge: { from: string; port: string }) => edge.from === conditionId && swap.has(edge.port)
  if (!definition.edges.some(flips)) return definition
  return {
    ...definition,
    edges: definition.edges.map((edge) => (flips(edge) ? { ...edge, port: swap.get(edge.port) as string } : edge)),
  }
}

/**
 * Makes `from`'s port lead to `to`, replacing the edge it had. What the old edge led to stays in
 * the journey, unreachable until connected again (the validator says so): rewiring by hand must
 * not delete work. Loops are allowed here; the validator refuses those without a wait.
 */
export function connect(definition: DraftDefinition, from: string, port: string, to: string): DraftDefinition {
  if (!findNode(definition, to) || !hasPort(definition, from, port)) return definition
  if (targetOf(definition, from, port) === to) return definition
  return setTarget(definition, from, port, to)
}

/** Leaves `from`'s port open. Like `connect`, keeps what it led to. */
export function disconnect(definition: DraftDefinition, from: string, port: string): DraftDefinition {
  if (targetOf(definition, from, port) === undefined) return definition
  return setTarget(definition, from, port, undefined)
}

/** Fields to set on a node; `undefined` removes a field. The id and type cannot change. */
export type NodePatch = { [field: string]: unknown }

/**
 * Sets fields of a node. Edges follow its ports when branches (or awaited events) change: each keeps
 * its edge through renames, moves and the removal of others; a removed one loses its edge, and what
 * only it led to is removed as `deleteNode` removes a branch. A branch is known by identity, not by
 * name: the same object in the new list (moved, or others removed), else the same place (renamed); a
 * list of new objects with the same names in another order is a reordering. Two branches may share a
 * name while it is typed (the validator reports it): which of them has an edge is remembered (see
 * `placedSlots`), and the edges are kept in their order, the k-th by that name being the k-th's.
 */
export function updateNode(definition: DraftDefinition, id: string, patch: NodePatch): DraftDefinition {
  const node = findNode(definition, id)
  if (!node) return definition
  const updated = withFields(node as Record<string, unknown>, patch, ["id", "type"]) as DraftNode
  if (updated === node) return definition
  const after = portsOf(updated)
  const moves = portMoves(portItems(node), portItems(updated))
  const slots = edgeSlots(definition.edges, node)
  const placed = inSlotOrder(
    definition.edges.flatMap((edge, at) => {
      const slot = slots[at]
      if (slot === undefined) return [{ edge }]
      const to = moves[slot]
      if (to === undefined) return []
      return [{ edge: edge.port === after[to] ? edge : { ...edge, port: after[to] }, slot: to }]
    })
  )
  placedSlots.set(updated, new Map(placed.flatMap(({ edge, slot }) => (slot === undefined ? [] : [[edge, slot]]))))
  const edges = placed.map(({ edge }) => edge)
  const next = { ...definition, nodes: replaceNode(definition.nodes, node, updated), edges }
  return edges.length < definition.edges.length ? prune(next, reachable(definition)) : next
}

/** The trigger's fields as the side panel sets them; `undefined` removes a field. */
export type TriggerPatch = { type?: DraftTrigger["type"]; [field: string]: unknown }

/** Sets fields of the trigger; a new type starts from that type alone (an event's rule is not a cart's). */
export function updateTrigger(definition: DraftDefinition, patch: TriggerPatch): DraftDefinition {
  const current = definition.trigger
  const type = patch.type ?? current?.type
  if (type === undefined) return definition
  const base = current && current.type === type ? current : { type }
  const trigger = withFields(base as Record<string, unknown>, patch, []) as DraftTrigger
  return trigger === current ? definition : { ...definition, trigger }
}

/** Sets journey settings; `undefined` removes one (an end date, the goal). */
export function updateSettings(
  definition: DraftDefinition,
  patch: { [Key in keyof JourneySettings]?: JourneySettings[Key] | undefined }
): DraftDefinition {
  const current = definition.settings ?? {}
  const settings = withFields(current, patch, [])
  return settings === current ? definition : { ...definition, settings }
}

// ---------------------------------------------------------------------------------------------
// The graph

function findNode(definition: DraftDefinition, id: string): DraftNode | undefined {
  return definition.nodes.find((node) => node.id === id)
}

function hasPort(definition: DraftDefinition, from: string, port: string): boolean {
  if (from === TRIGGER_ID) return port === TRIGGER_PORT
  const node = findNode(definition, from)
  return node !== undefined && portsOf(node).includes(port)
}

function targetOf(definition: DraftDefinition, from: string, port: string): string | undefined {
  if (from === TRIGGER_ID) return port === TRIGGER_PORT ? definition.entry_node : undefined
  return definition.edges.find((edge) => edge.from === from && edge.port === port)?.to
}

/** Points a port at `to` (or leaves it open): the port's edge is replaced in place, extra ones dropped. */
function setTarget(definition: DraftDefinition, from: string, port: string, to: string | undefined): DraftDefinition {
  if (from === TRIGGER_ID) return withEntry(definition, to)
  const leaves = (edge: { from: string; port: string }) => edge.from === from && edge.port === port
  if (to === undefined) return { ...definition, edges: definition.edges.filter((edge) => !leaves(edge)) }
  const edge = { from, port, to }
  const index = definition.edges.findIndex(leaves)
  if (index === -1) return { ...definition, edges: [...definition.edges, edge] }
  const edges = definition.edges.flatMap((old, at) => (at === index ? [edge] : leaves(old) ? [] : [old]))
  return { ...definition, edges }
}

function withEntry(definition: DraftDefinition, entry: string | undefined): DraftDefinition {
  const { entry_node: _previous, ...rest } = definition
  return entry === undefined ? rest : { ...rest, entry_node: entry }
}

/** Adds `node` at a port of `from`; what the port led to hangs off the node's first port. */
function attach(definition: DraftDefinition, from: string, port: string, node: DraftNode): DraftDefinition {
  if (!hasPort(definition, from, port) || findNode(definition, node.id)) return definition
  const previous = targetOf(definition, from, port)
  const first = portsOf(node)[0]
  if (previous !== undefined && first === undefined) return definition
  const added = setTarget({ ...definition, nodes: [...definition.nodes, node] }, from, port, node.id)
  return previous === undefined ? added : setTarget(added, node.id, first, previous)
}

/** The node ids reachable from the entry node, by any edge; one edge may be left out. */
function reachable(definition: DraftDefinition, without?: { from: string; port: string }): Set<string> {
  const entry = definition.entry_node
  if (entry === undefined || !findNode(definition, entry)) return new Set()
  const edges = without
    ? definition.edges.filter((edge) => edge.from !== without.from || edge.port !== without.port)
    : definition.edges
  return reachableFrom({ ...definition, edges }, [entry])
}

function reachableFrom(definition: DraftDefinition, starts: string[]): Set<string> {
  const successors = new Map<string, string[]>()
  for (const edge of definition.edges) successors.set(edge.from, [...(successors.get(edge.from) ?? []), edge.to])
  const reached = new Set(starts)
  const queue = [...starts]
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const next of successors.get(id) ?? []) {
      if (!reached.has(next)) {
        reached.add(next)
        queue.push(next)
      }
    }
  }
  return reached
}

/** Removes the nodes that were reachable (`before`) and no longer are, with their edges. */
function prune(definition: DraftDefinition, before: Set<string>): DraftDefinition {
  const after = reachable(definition)
  const gone = new Set([...before].filter((id) => !after.has(id)))
  if (gone.size === 0) return definition
  return {
    ...definition,
    nodes: definition.nodes.filter((node) => !gone.has(node.id)),
    edges: definition.edges.filter((edge) => !gone.has(edge.from) && !gone.has(edge.to)),
  }
}

// ---------------------------------------------------------------------------------------------
// Nodes and ports

function replaceNode(nodes: DraftNode[], old: DraftNode, updated: DraftNode): DraftNode[] {
  return nodes.map((node) => (node === old ? updated : node))
}

/**
 * Ids such as `send_3`: one more than the highest number of that type in the draft, so a new node
 * never takes the id of one deleted before it in the same draft (stats are kept per node id).
 */
function idMaker(definition: DraftDefinition): (type: string) => string {
  const taken = new Set(definition.nodes.map((node) => node.id))
  return (type) => {
    const prefix = isNodeType(type) ? type : "node"
    const pattern = new RegExp(`^${prefix}_(\\d+)$`)
    const highest = [...taken].reduce((max, id) => Math.max(max, Number(pattern.exec(id)?.[1] ?? 0)), 0)
    let id = `${prefix}_${highest + 1}`
    for (let n = highest + 2; taken.has(id); n++) id = `${prefix}_${n}`
    taken.add(id)
    return id
  }
}

/** A node with one more branch for a copy of the branch leaving by `like`, and the new port. */
function withNewBranch(node: DraftNode, like: string): { node: DraftNode; port: string } | undefined {
  const port = freshPort(portsOf(node), like)
  switch (node.type) {
    case "condition":
      return { node: { ...node, branches: [...(node.branches ?? []), { port, where: UNWRITTEN_RULE }] }, port }
    case "random_split":
      return { node: { ...node, branches: [...(node.branches ?? []), { port, percent: 0 }] }, port }
    case "wait_for_event":
      return { node: { ...node, events: [...(node.events ?? []), { port, event: "" }] }, port }
    default:
      return undefined
  }
}

type PortItem = { port: string; item?: unknown }

/** A node's ports in order (`portsOf`), each with the branch or awaited event that makes it; fixed ports have none. */
function portItems(node: DraftNode): PortItem[] {
  const list =
    node.type === "wait_for_event" ? node.events : node.type === "condition" || node.type === "random_split" ? node.branches : undefined
  const items = Array.isArray(list) ? list.filter((item) => typeof asRecord(item)?.port === "string") : []
  return portsOf(node).map((port, at) => ({ port, item: items[at] }))
}

/**
 * Where each port went: its index among `after`'s ports, or undefined when it was removed. A fixed
 * port stays while the node has it; an item still in the list is followed; the other items (renamed
 * or rebuilt) are paired in order when as many remain on both sides and their names changed, else by
 * name.
 */
function portMoves(before: PortItem[], after: PortItem[]): (number | undefined)[] {
  const moves: (number | undefined)[] = before.map(() => undefined)
  const taken = new Set<number>()
  const take = (from: number, to: number) => {
    moves[from] = to
    taken.add(to)
  }
  before.forEach(({ port, item }, from) => {
    const same = (other: PortItem) => (item === undefined ? other.item === undefined && other.port === port : other.item === item)
    const to = after.findIndex((other, at) => !taken.has(at) && same(other))
    if (to !== -1) take(from, to)
  })
  const left = before.flatMap(({ item }, at) => (moves[at] === undefined && item !== undefined ? [at] : []))
  const right = after.flatMap(({ item }, at) => (taken.has(at) || item === undefined ? [] : [at]))
  const sortedNames = (ports: PortItem[], indices: number[]) => indices.map((at) => ports[at].port).sort()
  const [was, is] = [sortedNames(before, left), sortedNames(after, right)]
  const sameNames = was.length === is.length && was.every((name, at) => name === is[at])
  if (left.length === right.length && !sameNames) {
    left.forEach((from, n) => take(from, right[n]))
  } else {
    for (const from of left) {
      const to = right.find((at) => !taken.has(at) && after[at].port === before[from].port)
      if (to !== undefined) take(from, to)
    }
  }
  return moves
}

/**
 * The port (index in `portsOf`) each edge of a node leaves by, as `updateNode` placed them. Names
 * cannot always tell: of two ports named alike, the second may have the edge and the first none.
 * Kept per node object and edge object, so it holds exactly while both are unchanged (undo included).
 */
const placedSlots = new WeakMap<DraftNode, Map<JourneyEdge, number>>()

/**
 * For each edge, the index of the port of `node` it leaves by: where `updateNode` placed it, else the
 * k-th edge by a name leaves by the k-th free port of that name. Other nodes' edges, and edges beyond
 * the ports of their name, have none.
 */
function edgeSlots(edges: JourneyEdge[], node: DraftNode): (number | undefined)[] {
  const ports = portsOf(node)
  const known = placedSlots.get(node)
  const placed = edges.map((edge) => (edge.from === node.id ? known?.get(edge) : undefined))
  const used = new Set(placed)
  return edges.map((edge, at) => {
    if (edge.from !== node.id || placed[at] !== undefined) return placed[at]
    const slot = ports.findIndex((port, index) => port === edge.port && !used.has(index))
    if (slot === -1) return undefined
    used.add(slot)
    return slot
  })
}

type PlacedEdge = { edge: JourneyEdge; slot?: number }

/**
 * The edges with those of one node sharing a port name put in the order of their ports, so that the
 * definition alone (saved, drawn) reads them right whenever it can (see `edgeSlots`).
 */
function inSlotOrder(placed: PlacedEdge[]): PlacedEdge[] {
  const ordered = [...placed]
  const byPort = new Map<string, number[]>()
  placed.forEach(({ edge, slot }, at) => {
    if (slot !== undefined) byPort.set(edge.port, [...(byPort.get(edge.port) ?? []), at])
  })
  for (const positions of byPort.values()) {
    const bySlot = [...positions].sort((a, b) => (placed[a].slot as number) - (placed[b].slot as number))
    positions.forEach((position, n) => {
      ordered[position] = placed[bySlot[n]]
    })
  }
  return ordered
}

/** After split branches `a`, `b`: `c`. After any other name: `name_2`, `name_3`… */
function freshPort(taken: string[], like: string): string {
  if (/^[a-y]$/.test(like)) {
    for (let code = like.charCodeAt(0) + 1; code <= "z".charCodeAt(0); code++) {
      const letter = String.fromCharCode(code)
      if (!taken.includes(letter)) return letter
    }
  }
  let n = 2
  while (taken.includes(`${like}_${n}`)) n++
  return `${like}_${n}`
}

/** `target` patched (`undefined` deletes, `fixed` keys ignored), or `target` itself when nothing changes. */
function withFields<T extends Record<string, unknown>>(target: T, patch: Record<string, unknown>, fixed: string[]): T {
  const result: Record<string, unknown> = { ...target }
  let changed = false
  for (const [key, value] of Object.entries(patch)) {
    if (fixed.includes(key) || result[key] === value) continue
    if (value === undefined) {
      if (!(key in result)) continue
      delete result[key]
    } else result[key] = value
    changed = true
  }
  return changed ? (result as T) : target
}
