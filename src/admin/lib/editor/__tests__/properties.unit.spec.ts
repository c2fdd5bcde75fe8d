import fc from "fast-check"

import { NODE_TYPES } from "../../../../engine"
import { ANY_VALUE, everyNodeJourney, minimalJourney } from "../../../../engine/__tests__/fixtures"
import { toCanvas } from "../canvas"
import { portsOf, readDraft, TRIGGER_ID, TRIGGER_PORT, type DraftDefinition, type DraftNode } from "../draft"
import {
  appendAtPort,
  connect,
  createNode,
  deleteNode,
  disconnect,
  duplicateBranch,
  duplicateNode,
  flipBranches,
  insertOnEdge,
  updateNode,
} from "../operations"
import { createJourneyEditorStore } from "../store"
import { deepFreeze, frozenDraft, inconsistencies } from "./helpers"

/**
 * A merchant's action, its targets picked by number among what the draft has at that moment (so
 * most actions apply; the others must leave the draft as it is).
 */
type Action = { kind: (typeof KINDS)[number]; node: number; port: number; other: number; type: (typeof NODE_TYPES)[number] }
const KINDS = [
  "insert",
  "append",
  "delete",
  "duplicateNode",
  "duplicateBranch",
  "flip",
  "connect",
  "disconnect",
  "renamePort",
  "addBranch",
  "removeBranch",
  "dropTimeout",
] as const

const action = fc.record({
  kind: fc.constantFrom(...KINDS),
  node: fc.nat(),
  port: fc.nat(),
  other: fc.nat(),
  type: fc.constantFrom(...NODE_TYPES),
})

function act(draft: DraftDefinition, { kind, node, port, other, type }: Action): DraftDefinition {
  const sources = [TRIGGER_ID, ...draft.nodes.map((candidate) => candidate.id)]
  const from = sources[node % sources.length]
  const fromNode = draft.nodes.find((candidate) => candidate.id === from)
  const ports = fromNode ? portsOf(fromNode) : [TRIGGER_PORT]
  const at = ports.length === 0 ? "next" : ports[port % ports.length]
  const to = draft.nodes.length === 0 ? "nobody" : draft.nodes[other % draft.nodes.length].id
  const branches = (fromNode as { branches?: { port: string }[] } | undefined)?.branches
  switch (kind) {
    case "insert":
      return insertOnEdge(draft, { from, port: at }, createNode(type, draft))
    case "append":
      return appendAtPort(draft, from, at, createNode(type, draft))
    case "delete":
      return deleteNode(draft, from)
    case "duplicateNode":
      return duplicateNode(draft, from)
    case "duplicateBranch":
      return duplicateBranch(draft, from, at)
    case "flip":
      return flipBranches(draft, from)
    case "connect":
      return connect(draft, from, at, to)
    case "disconnect":
      return disconnect(draft, from, at)
    case "renamePort": {
      // Half the time a name the node already has: two branches may share one while it is typed.
      if (!branches) return draft
      const name = other % 2 === 0 ? ports[(other / 2) % ports.length] : `p${other}`
      const renamed = branches.map((branch, index) => (index === port % branches.length ? { ...branch, port: name } : branch))
      return updateNode(draft, from, { branches: renamed })
    }
    case "addBranch":
      return branches && !ports.includes(`p${other}`)
        ? updateNode(draft, from, { branches: [...branches, { ...branches[0], port: `p${other}` }] })
        : draft
    case "removeBranch":
      if (!branches || branches.length < 2) return draft
      return updateNode(draft, from, { branches: branches.filter((_, index) => index !== port % branches.length) })
    case "dropTimeout":
      return updateNode(draft, from, { timeout: undefined })
  }
}

const starts = [frozenDraft(everyNodeJourney()), frozenDraft(minimalJourney()), frozenDraft({})]

function canvasProblems(draft: DraftDefinition): string[] {
  const { nodes, edges } = toCanvas(draft)
  const placed = new Set(nodes.map((node) => node.id))
  const broken: string[] = []
  if (placed.size !== nodes.length) broken.push("canvas node ids collide")
  if (new Set(edges.map((edge) => edge.id)).size !== edges.length) broken.push("canvas edge ids collide")
  for (const node of nodes) if (!Number.isFinite(node.position.x + node.position.y)) broken.push(`${node.id} has no position`)
  for (const edge of edges) if (!placed.has(edge.source) || !placed.has(edge.target)) broken.push(`${edge.id} dangles`)
  // Every port of every node is drawn: by an edge to its target, or to a placeholder. Of nodes
  // sharing an id (the validator reports it) the first is drawn.
  for (const node of draft.nodes) {
    if (draft.nodes.find((first) => first.id === node.id) !== node) continue
    for (const port of portsOf(node)) {
      if (!edges.some((edge) => edge.id === `${node.id}:${port}`)) broken.push(`${node.id}:${port} not drawn`)
    }
  }
  return broken
}

describe("any sequence of editor operations", () => {
  it("keeps the draft consistent, never changes its input, and always draws", () => {
    fc.assert(
      fc.property(fc.constantFrom(...starts), fc.array(action, { maxLength: 30 }), (start, actions) => {
        let draft = start
        for (const step of actions) {
          draft = deepFreeze(act(draft, step))
          const broken = inconsistencies(draft)
          if (broken.length > 0) expect({ step, broken }).toEqual({ step, broken: [] })
        }
        // Laid out once per sequence: dagre is the slow part of a run.
        expect(canvasProblems(draft)).toEqual([])
      }),
      { numRuns: 250 }
    )
  })

  it("is undone step by step back to the very draft it started from, and redone to the end", () => {
    fc.assert(
      fc.property(fc.constantFrom(...starts), fc.array(action, { maxLength: 30 }), (start, actions) => {
        const store = createJourneyEditorStore(start)
        const opened = store.getState().definition
        for (const step of actions) store.getState().apply((draft) => act(draft, step))
        const end = store.getState().definition
        const steps = store.getState().past.length
        for (let undone = 0; undone < steps; undone++) store.getState().undo()
        expect(store.getState().definition).toBe(opened)
        for (let redone = 0; redone < steps; redone++) store.getState().redo()
        expect(store.getState().definition).toBe(end)
      }),
      { numRuns: 200 }
    )
  })
})

describe("editing a node's branches as the side panel does", () => {
  // An item renamed (a new object), moved or removed (the others kept as they are), added (no edge yet).
  const names = fc.constantFrom("a", "b", "c", "d", "", "else", "timeout")
  const edit = fc.oneof(
    fc.record({ kind: fc.constant("rename" as const), index: fc.nat(), name: names }),
    fc.record({ kind: fc.constant("move" as const), index: fc.nat(), offset: fc.constantFrom(-1, 1) }),
    fc.record({ kind: fc.constant("remove" as const), index: fc.nat() }),
    fc.record({ kind: fc.constant("add" as const), name: names })
  )
  type Item = { port: string; [field: string]: unknown }
  const kinds = [
    { list: "branches", fixed: ["else"], node: { id: "n1", type: "condition", branches: ["a", "b", "c"].map((port) => ({ port, where: { field: "cart.total", op: "gt", value: 1 } })) } },
    { list: "branches", fixed: [], node: { id: "n1", type: "random_split", branches: ["a", "b", "c"].map((port) => ({ port, percent: 25 })) } },
    { list: "events", fixed: ["timeout"], node: { id: "n1", type: "wait_for_event", events: ["a", "b", "c"].map((port) => ({ port, event: "order.placed" })), timeout: "P1D" } },
  ]

  /** Where each port of n1 leads, in port order; read by name, so only when no two ports share one. */
  const targets = (draft: DraftDefinition): (string | undefined)[] | "names shared" => {
    const ports = portsOf(draft.nodes.find((node) => node.id === "n1") as DraftNode)
    if (new Set(ports).size < ports.length) return "names shared"
    return ports.map((port) => draft.edges.find((edge) => edge.from === "n1" && edge.port === port)?.to)
  }

  it("leaves every branch its own edge, whatever names the branches pass through", () => {
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.array(edit, { maxLength: 20 }), ({ list, fixed, node }, edits) => {
        const exits = ["xa", "xb", "xc", "xf"].map((id) => ({ id, type: "exit" as const }))
        let draft = frozenDraft({
          schema_version: 1,
          entry_node: "n1",
          nodes: [node, ...exits],
          edges: [...["a", "b", "c"].map((port) => ({ from: "n1", port, to: `x${port}` })), ...fixed.map((port) => ({ from: "n1", port, to: "xf" }))],
        })
        // Where each item's edge must lead, kept in step with the items.
        const owned: (string | undefined)[] = ["xa", "xb", "xc"]
        const write = (items: Item[]) => {
          draft = deepFreeze(updateNode(draft, "n1", { [list]: items }))
          expect(inconsistencies(draft)).toEqual([])
          const found = targets(draft)
          if (found !== "names shared") expect(found).toEqual([...owned, ...fixed.map(() => "xf")])
        }
        for (const step of edits) {
          const items = (draft.nodes[0] as unknown as Record<string, Item[]>)[list]
          const at = items.length === 0 ? 0 : ("index" in step ? step.index : 0) % items.length
          if (step.kind === "rename" && items.length > 0) {
            write(items.map((item, index) => (index === at ? { ...item, port: step.name } : item)))
          } else if (step.kind === "move" && items[at + step.offset]) {
            const moved = [...items]
            ;[moved[at], moved[at + step.offset]] = [moved[at + step.offset], moved[at]]
            ;[owned[at], owned[at + step.offset]] = [owned[at + step.offset], owned[at]]
            write(moved)
          } else if (step.kind === "remove" && items.length > 0) {
            owned.splice(at, 1)
            write(items.filter((_, index) => index !== at))
          } else if (step.kind === "add") {
            owned.push(undefined)
            write([...items, { ...items[0], port: step.name }])
          }
        }
        // Names of their own at the end: each edge is then found by name.
        const items = (draft.nodes[0] as unknown as Record<string, Item[]>)[list]
        write(items.map((item, index) => ({ ...item, port: `final_${index}` })))
      }),
      { numRuns: 300 }
    )
  })
})

describe("drawing whatever was stored", () => {
  it("never throws and places every node, for any value read as a draft", () => {
    const stored = fc.oneof(
      fc.anything(ANY_VALUE),
      fc.record({
        entry_node: fc.oneof(fc.string(), fc.constantFrom("n1", "c1", "x1")),
        nodes: fc.array(
          fc.record(
            {
              id: fc.constantFrom("n1", "c1", "x1", "w1"),
              type: fc.oneof(fc.constantFrom(...NODE_TYPES), fc.string()),
              branches: fc.anything(),
              events: fc.anything(),
              timeout: fc.anything(),
            },
            { requiredKeys: ["id", "type"] }
          )
        ),
        edges: fc.array(
          fc.record({
            from: fc.constantFrom("n1", "c1", "x1", "ghost", TRIGGER_ID),
            port: fc.constantFrom("next", "else", "a", "timeout", ""),
            to: fc.constantFrom("n1", "c1", "x1", "ghost"),
          })
        ),
      })
    )
    fc.assert(
      fc.property(stored, (input) => {
        const broken = canvasProblems(readDraft(input))
        if (broken.length > 0) expect(broken).toEqual([])
      }),
      { numRuns: 400 }
    )
  })
})
