import { layout } from "@dagrejs/dagre"

import { NODE_TYPES, validateDefinition } from "../../../../engine"
import { everyNodeJourney } from "../../../../engine/__tests__/fixtures"
import { CANVAS_NODE_SIZE, isUnfinished, toCanvas, type CanvasNode, type JourneyCanvasNode } from "../canvas"
import { TRIGGER_ID, type DraftNode } from "../draft"
import { connect, createNode, insertOnEdge, updateNode } from "../operations"
import { condition, draftOf, exit, frozenDraft, send, split, wait } from "./helpers"

jest.mock("@dagrejs/dagre", () => {
  const actual = jest.requireActual("@dagrejs/dagre")
  return { ...actual, layout: jest.fn(actual.layout) }
})

const centre = (node: CanvasNode) => ({
  x: node.position.x + (node.width ?? 0) / 2,
  y: node.position.y + (node.height ?? 0) / 2,
})

function byId(nodes: CanvasNode[]): Map<string, CanvasNode> {
  return new Map(nodes.map((node) => [node.id, node]))
}

describe("toCanvas layout", () => {
  const definition = frozenDraft(everyNodeJourney())
  const { nodes, edges } = toCanvas(definition)
  const placed = byId(nodes)

  it("places every node of the journey, the trigger, and nothing else when every port is connected", () => {
    expect([...placed.keys()].sort()).toEqual([TRIGGER_ID, ...definition.nodes.map((node) => node.id)].sort())
    for (const node of nodes) {
      expect(Number.isFinite(node.position.x) && Number.isFinite(node.position.y)).toBe(true)
    }
  })

  it("gives each node its kind's size", () => {
    for (const node of nodes) {
      expect({ width: node.width, height: node.height }).toEqual(CANVAS_NODE_SIZE[node.type as keyof typeof CANVAS_NODE_SIZE])
    }
  })

  it("lays out top to bottom: the trigger on top, every child below its parent", () => {
    const top = centre(placed.get(TRIGGER_ID) as CanvasNode).y
    for (const node of nodes) if (node.id !== TRIGGER_ID) expect(centre(node).y).toBeGreaterThan(top)
    for (const edge of edges) {
      const parent = placed.get(edge.source) as CanvasNode
      const child = placed.get(edge.target) as CanvasNode
      expect(child.position.y).toBeGreaterThanOrEqual(parent.position.y + (parent.height ?? 0))
    }
  })

  it("keeps nodes from overlapping", () => {
    for (const a of nodes) {
      for (const b of nodes) {
        if (a === b) continue
        const apart =
          a.position.x + (a.width ?? 0) <= b.position.x ||
          b.position.x + (b.width ?? 0) <= a.position.x ||
          a.position.y + (a.height ?? 0) <= b.position.y ||
          b.position.y + (b.height ?? 0) <= a.position.y
        expect(apart).toBe(true)
      }
    }
  })

  it("draws a node's ports left to right in their order", () => {
    const x = (id: string) => centre(placed.get(id) as CanvasNode).x
    expect(x("m2")).toBeLessThan(x("w2")) // c1: gt200, else
    expect(x("u1")).toBeLessThan(x("h1")) // s1: a, b
    const nodes = [split("s1", "a", "b", "c"), exit("x1"), exit("x2"), exit("x3")]
    const three = toCanvas(draftOf("s1", nodes, ["s1.a>x1", "s1.b>x2", "s1.c>x3"]))
    const positions = byId(three.nodes)
    const xs = ["x1", "x2", "x3"].map((id) => centre(positions.get(id) as CanvasNode).x)
    expect(xs).toEqual([...xs].sort((a, b) => a - b))
  })

  it("names each edge after its source and port, and labels the ports of nodes with a choice", () => {
    const edge = (id: string) => edges.find((candidate) => candidate.id === id)
    expect(edge(`${TRIGGER_ID}:next`)).toMatchObject({ source: TRIGGER_ID, target: "n1", data: { port: "next", open: false } })
    expect(edge(`${TRIGGER_ID}:next`)?.label).toBeUndefined()
    expect(edge("n1:next")).toMatchObject({ source: "n1", sourceHandle: "next", target: "w1" })
    expect(edge("n1:next")?.label).toBeUndefined()
    expect(edge("c1:gt200")).toMatchObject({ target: "m2", label: "gt200", data: { port: "gt200" } })
    expect(edge("c1:else")).toMatchObject({ target: "w2", label: "else" })
    expect(edge("f1:capped")).toMatchObject({ target: "x1", label: "capped" })
    expect(edges).toHaveLength(definition.edges.length + 1)
  })

  it("carries each node's definition, ports, and problems", () => {
    const problems = validateDefinition({ ...everyNodeJourney(), trigger: { type: "event" } }).errors
    const canvas = toCanvas(definition, problems)
    const condition = canvas.nodes.find((node) => node.id === "c1") as JourneyCanvasNode
    expect(condition.data.node).toBe(definition.nodes[3])
    expect(condition.data.ports).toEqual(["gt200", "else"])
    expect(condition.data.problems).toEqual([])
    const trigger = canvas.nodes.find((node) => node.id === TRIGGER_ID)
    expect(trigger?.data).toEqual({ trigger: definition.trigger, problems: [expect.objectContaining({ path: "trigger.event" })] })
  })

  it("lays out a loop through a wait, and a wait that loops on itself", () => {
    const loop = draftOf(
      "w1",
      [wait("w1"), send("m1"), condition("c1", "again"), exit("x1"), wait("w2")],
      ["w1.next>m1", "m1.next>c1", "c1.again>w1", "c1.else>w2", "w2.next>w2"]
    )
    const canvas = toCanvas(loop)
    expect(canvas.nodes.map((node) => node.id).sort()).toEqual([TRIGGER_ID, "c1", "m1", "w1", "w2", "x1"].sort())
    for (const node of canvas.nodes) expect(Number.isFinite(node.position.x + node.position.y)).toBe(true)
    const placed = byId(canvas.nodes)
    expect(centre(placed.get("m1") as CanvasNode).y).toBeGreaterThan(centre(placed.get("w1") as CanvasNode).y)
    expect(canvas.edges.map((edge) => edge.id)).toEqual(expect.arrayContaining(["c1:again", "w2:next"]))
  })
})

describe("toCanvas layout reuse", () => {
  it("lays out again only when the graph's shape changes (an edge, a node added), not while a node's fields are typed", () => {
    // A shape no other test lays out, so that it is not remembered already.
    const draft = connect(frozenDraft(everyNodeJourney()), "u1", "next", "m3")
    jest.mocked(layout).mockClear()
    const first = toCanvas(draft)
    const typed = toCanvas(updateNode(draft, "n1", { template_id: "reminder-2" }))
    expect(layout).toHaveBeenCalledTimes(1)
    expect(typed.nodes.map((node) => node.position)).toEqual(first.nodes.map((node) => node.position))
    expect((typed.nodes.find((node) => node.id === "n1") as JourneyCanvasNode).data.node).toMatchObject({ template_id: "reminder-2" })
    first.nodes[0].position.x = -1
    expect(toCanvas(draft).nodes[0].position.x).not.toBe(-1)
    toCanvas(connect(draft, "h1", "next", "m3"))
    expect(layout).toHaveBeenCalledTimes(2)
    toCanvas(insertOnEdge(draft, { from: "h1", port: "next" }, createNode("wait", draft)))
    expect(layout).toHaveBeenCalledTimes(3)
  })
})

describe("toCanvas placeholders", () => {
  it("puts a placeholder end at every open port, none at an exit", () => {
    const { nodes, edges } = toCanvas(draftOf("c1", [condition("c1", "yes"), exit("x1")], ["c1.else>x1"]))
    const placeholders = nodes.filter((node) => node.type === "placeholder")
    expect(placeholders).toEqual([
      expect.objectContaining({ id: "__end:c1:yes", data: { from: "c1", port: "yes" }, selectable: false }),
    ])
    expect(edges.find((edge) => edge.id === "c1:yes")).toMatchObject({
      source: "c1",
      sourceHandle: "yes",
      target: "__end:c1:yes",
      label: "yes",
      data: { port: "yes", open: true },
    })
    const placed = byId(nodes)
    expect(centre(placed.get("__end:c1:yes") as CanvasNode).y).toBeGreaterThan(centre(placed.get("c1") as CanvasNode).y)
    expect(centre(placed.get("__end:c1:yes") as CanvasNode).x).toBeLessThan(centre(placed.get("x1") as CanvasNode).x)
  })

  it("puts one below the trigger when there is no entry node", () => {
    const { nodes, edges } = toCanvas(draftOf(undefined, [], []))
    expect(nodes.map((node) => [node.id, node.type])).toEqual([
      [TRIGGER_ID, "trigger"],
      [`__end:${TRIGGER_ID}:next`, "placeholder"],
    ])
    expect(edges).toEqual([expect.objectContaining({ id: `${TRIGGER_ID}:next`, data: { port: "next", open: true } })])
  })
})

describe("toCanvas on drafts that are not valid", () => {
  it("draws an entry node that does not exist as an open trigger port", () => {
    const { nodes } = toCanvas(draftOf("gone", [exit("x1")], []))
    expect(nodes.map((node) => node.id)).toEqual([TRIGGER_ID, `__end:${TRIGGER_ID}:next`, "x1"])
  })

  it("draws a port whose edge leads nowhere as open, and leaves out edges from unknown nodes or by unknown ports", () => {
    const draft = draftOf(
      "m1",
      [send("m1"), exit("x1")],
      ["m1.next>ghost", "ghost.next>x1", "m1.other>x1"]
    )
    const { nodes, edges } = toCanvas(draft)
    expect(edges.map((edge) => `${edge.id}>${edge.target}`)).toEqual([`${TRIGGER_ID}:next>m1`, "m1:next>__end:m1:next"])
    expect(nodes).toHaveLength(4)
  })

  it("draws a node of unknown type without ports, and the first of two nodes or edges that collide", () => {
    const stranger = { id: "q1", type: "teleport", to: "mars" } as unknown as DraftNode
    const draft = draftOf(
      "q1",
      [stranger, send("m1"), wait("m1"), exit("x1"), exit("x2")],
      ["q1.next>m1", "m1.next>x1", "m1.next>x2"]
    )
    const { nodes, edges } = toCanvas(draft)
    const unknown = nodes.find((node) => node.id === "q1") as JourneyCanvasNode
    expect(unknown.data).toMatchObject({ node: stranger, ports: [], unfinished: false })
    const drawn = nodes.filter((node) => node.id === "m1") as JourneyCanvasNode[]
    expect(drawn.map((node) => node.data.node)).toEqual([draft.nodes[1]])
    expect(drawn[0].data.node).toBe(draft.nodes[1])
    expect(edges.map((edge) => `${edge.id}>${edge.target}`)).toEqual([`${TRIGGER_ID}:next>q1`, "m1:next>x1"])
  })

  it("draws a branch list that is partly wrong by the ports it can read", () => {
    const odd = { id: "c1", type: "condition", branches: [{ port: "vip" }, "junk", { where: {} }] } as unknown as DraftNode
    const { nodes } = toCanvas(draftOf("c1", [odd], []))
    expect((nodes.find((node) => node.id === "c1") as JourneyCanvasNode).data.ports).toEqual(["vip", "else"])
    expect(nodes.filter((node) => node.type === "placeholder").map((node) => node.id)).toEqual(["__end:c1:vip", "__end:c1:else"])
  })
})

describe("isUnfinished", () => {
  const blank = (type: (typeof NODE_TYPES)[number]) => createNode(type, draftOf(undefined, [], []))
  const finished: Record<(typeof NODE_TYPES)[number], boolean> = {
    send: false,
    wait: true,
    wait_until: true,
    wait_for_event: false,
    condition: false,
    random_split: true,
    frequency_cap: true,
    update_customer: false,
    webhook: false,
    exit: true,
  }

  it.each(NODE_TYPES)("says whether a new %s still needs the merchant", (type) => {
    expect(isUnfinished(blank(type))).toBe(!finished[type])
  })

  it.each<[string, Partial<DraftNode> & Record<string, unknown>]>([
    ["send", { template_id: "tpl" }],
    ["wait_for_event", { events: [{ port: "received", event: "message.opened" }] }],
    ["condition", { branches: [{ port: "yes", where: { not: { any: [{ field: "customer.email", op: "exists" }] } } }] }],
    ["update_customer", { add_to_group: "cusgroup_1" }],
    ["update_customer", { metadata: {} }],
    ["webhook", { url: "https://example.com" }],
  ])("is finished once the %s has %j", (type, fields) => {
    expect(isUnfinished({ ...blank(type as DraftNode["type"]), ...fields } as DraftNode)).toBe(false)
  })

  it.each<[string, Record<string, unknown>]>([
    ["send", { template_id: "" }],
    ["wait", { duration: undefined }],
    ["wait_until", { to: "" }],
    ["wait_for_event", { events: [] }],
    ["wait_for_event", { events: [{ port: "a", event: "x" }, { port: "b", event: "" }] }],
    ["condition", { branches: [{ port: "yes", where: { all: [{ field: "cart.total", op: "gt", value: 1 }, { not: { field: "" } }] } }] }],
    ["condition", { branches: [{ port: "yes", where: { any: [] } }] }],
    ["condition", { branches: [] }],
    ["random_split", { branches: [] }],
    ["frequency_cap", { max: undefined }],
    ["update_customer", { add_to_group: "" }],
  ])("is unfinished when the %s has %j", (type, fields) => {
    expect(isUnfinished({ ...blank(type as DraftNode["type"]), ...fields } as DraftNode)).toBe(true)
  })

  it("is false for a rule nested deeper than the validator accepts, rather than exhausting the stack", () => {
    let rule: unknown = { field: "", op: "eq" }
    for (let depth = 0; depth < 100_000; depth++) rule = { not: rule }
    const deep = { id: "c1", type: "condition", branches: [{ port: "yes", where: rule }] } as DraftNode
    expect(isUnfinished(deep)).toBe(false)
  })
})
