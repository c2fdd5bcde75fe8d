import type { DefinitionError } from "../../../../../engine"
import { CANVAS_NODE_SIZE, toCanvas, type CanvasNode, type JourneyCanvasNode } from "../../../../lib/editor/canvas"
import { TRIGGER_ID } from "../../../../lib/editor/draft"
import { updateNode } from "../../../../lib/editor/operations"
import { condition, draftOf, send, wait } from "../../../../lib/editor/__tests__/helpers"
import {
  declaredHandles,
  HANDLE_DOT,
  PORT_PILL_HEIGHT,
  portHandles,
  problemTarget,
  revealViewport,
  viewEdges,
  viewNodes,
} from "../view"

const journey = draftOf("w1", [wait("w1"), condition("c1", "vip"), send("s1")], ["w1.next>c1", "c1.vip>s1"])
const byId = (nodes: CanvasNode[]) => new Map(nodes.map((node) => [node.id, node]))
const problem = (node_id: string | null, path: string): DefinitionError => ({ node_id, path, message: "wrong" })

describe("handles", () => {
  it("spreads a node's ports along its bottom, named when the node has a choice to make", () => {
    expect(portHandles(["next"])).toEqual([{ port: "next", left: 0.5, named: false }])
    expect(portHandles(["vip", "else"])).toEqual([
      { port: "vip", left: 1 / 3, named: true },
      { port: "else", left: 2 / 3, named: true },
    ])
    expect(portHandles([])).toEqual([])
  })

  it("declares them where the components draw them: edges start under a port, end on top of a step", () => {
    const { nodes } = toCanvas(journey)
    const { width, height } = CANVAS_NODE_SIZE.journey
    const find = (id: string) => nodes.find((node) => node.id === id)!
    // An edge leaves a source handle at its bottom centre and enters a target handle at its top centre.
    const out = (handle: { x: number; y: number; width?: number; height?: number }) => ({
      x: Math.round((handle.x + (handle.width ?? 1) / 2) * 1000) / 1000,
      y: handle.y + (handle.height ?? 1),
    })
    const into = (handle: { x: number; y: number; width?: number }) => ({ x: handle.x + (handle.width ?? 1) / 2, y: handle.y })

    const [target, next] = declaredHandles(find("w1"), width, height)
    expect(target).toMatchObject({ type: "target" })
    expect(into(target)).toEqual({ x: width / 2, y: -HANDLE_DOT / 2 })
    expect(next).toMatchObject({ id: "next", type: "source" })
    expect(out(next)).toEqual({ x: width / 2, y: height + HANDLE_DOT / 2 })

    const [, vip, otherwise] = declaredHandles(find("c1"), width, height)
    expect([vip.id, otherwise.id]).toEqual(["vip", "else"])
    expect(out(vip)).toEqual({ x: Math.round((width / 3) * 1000) / 1000, y: height + PORT_PILL_HEIGHT / 2 })
    expect(out(otherwise)).toEqual({ x: Math.round(((2 * width) / 3) * 1000) / 1000, y: height + PORT_PILL_HEIGHT / 2 })

    const trigger = declaredHandles(find(TRIGGER_ID), CANVAS_NODE_SIZE.trigger.width, CANVAS_NODE_SIZE.trigger.height)
    expect(trigger.map((handle) => [handle.id, handle.type])).toEqual([["next", "source"]])

    const end = nodes.find((node) => node.type === "placeholder")!
    const [anchor] = declaredHandles(end, CANVAS_NODE_SIZE.placeholder.width, CANVAS_NODE_SIZE.placeholder.height)
    expect(into(anchor)).toEqual({ x: CANVAS_NODE_SIZE.placeholder.width / 2, y: 0 })
  })
})

describe("viewNodes", () => {
  it("gives every node its size, handles and selection", () => {
    const nodes = viewNodes(toCanvas(journey).nodes, "c1", new Map())
    for (const node of nodes) {
      expect(node.measured).toEqual({ width: node.width, height: node.height })
      expect(node.handles?.length).toBeGreaterThan(0)
    }
    expect(nodes.filter((node) => node.selected).map((node) => node.id)).toEqual(["c1"])
  })

  it("keeps the very objects of the nodes that did not change", () => {
    const first = viewNodes(toCanvas(journey).nodes, null, new Map())
    // A new layout of the same draft, with the validator's problems made anew: all kept.
    const again = viewNodes(toCanvas(journey, [problem("s1", "nodes[2].template_id")]).nodes, null, byId(first))
    const withProblem = viewNodes(toCanvas(journey, [problem("s1", "nodes[2].template_id")]).nodes, null, byId(again))
    expect(withProblem.every((node, index) => node === again[index])).toBe(true)
    expect(again.find((node) => node.id === "s1")).not.toBe(first.find((node) => node.id === "s1"))
    expect(again.find((node) => node.id === "w1")).toBe(first.find((node) => node.id === "w1"))

    // Selecting one node renews that node only.
    const selected = viewNodes(toCanvas(journey).nodes, "w1", byId(first))
    expect(selected.filter((node, index) => node !== first[index]).map((node) => node.id)).toEqual(["w1"])

    // Editing a node renews it (its data changed), not its unchanged neighbours.
    const edited = updateNode(journey, "s1", { template_id: "other" })
    const after = viewNodes(toCanvas(edited).nodes, null, byId(first))
    expect(after.filter((node, index) => node !== first[index]).map((node) => node.id)).toEqual(["s1"])
    expect((after.find((node) => node.id === "s1") as JourneyCanvasNode).data.node).toMatchObject({ template_id: "other" })
  })
})

describe("viewEdges", () => {
  it("keeps an edge that still joins the same ends, renews one that moved", () => {
    const first = viewEdges(toCanvas(journey).edges, new Map())
    const same = viewEdges(toCanvas(journey).edges, new Map(first.map((edge) => [edge.id, edge])))
    expect(same.every((edge, index) => edge === first[index])).toBe(true)

    const rewired = draftOf("w1", [wait("w1"), condition("c1", "vip"), send("s1")], ["w1.next>s1", "c1.vip>s1"])
    const moved = viewEdges(toCanvas(rewired).edges, new Map(first.map((edge) => [edge.id, edge])))
    expect(moved.find((edge) => edge.id === "w1:next")?.target).toBe("s1")
    expect(moved.find((edge) => edge.id === "c1:vip")).toBe(first.find((edge) => edge.id === "c1:vip"))
  })
})

describe("problemTarget", () => {
  const onCanvas = new Set([TRIGGER_ID, "w1", "s1"])
  it("points a problem at its node, the trigger, or the journey's settings", () => {
    expect(problemTarget(problem("s1", "nodes[2].template_id"), onCanvas)).toBe("s1")
    expect(problemTarget(problem("ghost", "edges[0].to"), onCanvas)).toBeNull()
    expect(problemTarget(problem(null, "trigger.event"), onCanvas)).toBe(TRIGGER_ID)
    expect(problemTarget(problem(null, "trigger"), onCanvas)).toBe(TRIGGER_ID)
    expect(problemTarget(problem(null, "entry_node"), onCanvas)).toBe(TRIGGER_ID)
    expect(problemTarget(problem(null, "triggers"), onCanvas)).toBeNull()
    expect(problemTarget(problem(null, "settings.timezone"), onCanvas)).toBeNull()
    expect(problemTarget(problem(null, ""), onCanvas)).toBeNull()
  })
})

describe("revealViewport", () => {
  const size = { width: 1000, height: 600 }
  const node = { position: { x: 100, y: 100 }, width: 260, height: 76 }

  it("leaves a node in view where it is", () => {
    expect(revealViewport(node, 0, { x: 0, y: 0, zoom: 1 }, size)).toBeNull()
  })

  it("pans the least to bring a node, and what is under it, into view", () => {
    // At zoom 2 the node's top is at 200 px and, with 150 units under it, its bottom at
    // 200 + (76 + 150) × 2 = 652 px: 76 px lower than the canvas's 600 less its 24 px margin.
    expect(revealViewport(node, 0, { x: 0, y: 0, zoom: 2 }, size)).toBeNull()
    expect(revealViewport(node, 150, { x: 0, y: 0, zoom: 2 }, size)).toEqual({ x: 0, y: -76, zoom: 2 })
    // Off to the left: pans right until it is 24 px in.
    expect(revealViewport(node, 0, { x: -200, y: 0, zoom: 1 }, size)).toEqual({ x: -76, y: 0, zoom: 1 })
    // Taller than the canvas: its top comes first.
    expect(revealViewport({ ...node, height: 900 }, 0, { x: 0, y: 0, zoom: 1 }, size)).toEqual({ x: 0, y: -76, zoom: 1 })
  })
})
