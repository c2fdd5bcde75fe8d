import { NODE_TYPES, validateDefinition, type JourneyNodeType } from "../../../../engine"
import { everyNodeJourney } from "../../../../engine/__tests__/fixtures"
import { TRIGGER_ID, TRIGGER_PORT, type DraftDefinition, type DraftNode } from "../draft"
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
  updateSettings,
  updateTrigger,
} from "../operations"
import { arrows, condition, deepFreeze, draftOf, exit, frozenDraft, ids, inconsistencies, send, split, wait } from "./helpers"

const chain = () => draftOf("m1", [send("m1"), wait("w1"), exit("x1")], ["m1.next>w1", "w1.next>x1"])
const node = (definition: DraftDefinition, id: string) => definition.nodes.find((candidate) => candidate.id === id)

function consistent(definition: DraftDefinition): DraftDefinition {
  expect(inconsistencies(definition)).toEqual([])
  return deepFreeze(definition)
}

describe("createNode", () => {
  it("numbers ids per type, after the highest in use", () => {
    const empty = draftOf(undefined, [], [])
    expect(createNode("send", empty).id).toBe("send_1")
    const used = draftOf(undefined, [send("send_1"), send("send_7"), wait("wait_x"), send("n1")], [])
    expect(createNode("send", used).id).toBe("send_8")
    expect(createNode("wait", used).id).toBe("wait_1")
  })

  /** Each new node alone between the trigger and exits: only what the merchant must say is reported. */
  const missing: Record<JourneyNodeType, string[]> = {
    send: ["nodes[0].template_id"],
    wait: [],
    wait_until: [],
    wait_for_event: ["nodes[0].events[0].event"],
    condition: ["nodes[0].branches[0].where.all"],
    random_split: [],
    frequency_cap: [],
    update_customer: ["nodes[0]"],
    webhook: ["nodes[0].url"],
    exit: [],
  }

  it.each(NODE_TYPES)("makes a %s valid but for what only the merchant can say", (type) => {
    let draft = draftOf(undefined, [], [])
    draft = appendAtPort(draft, TRIGGER_ID, TRIGGER_PORT, createNode(type, draft))
    const created = draft.nodes[0]
    for (const port of portsOfNew(draft)) draft = appendAtPort(draft, created.id, port, createNode("exit", draft))
    const { errors } = validateDefinition(draft)
    expect(errors.map((error) => error.path)).toEqual(missing[type])
    expect(errors.every((error) => error.node_id === created.id)).toBe(true)
  })

  function portsOfNew(draft: DraftDefinition): string[] {
    const [created] = draft.nodes
    if (created.type === "condition") return ["yes", "else"]
    if (created.type === "random_split") return ["a", "b"]
    if (created.type === "frequency_cap") return ["ok", "capped"]
    if (created.type === "wait_for_event") return ["received", "timeout"]
    return created.type === "exit" ? [] : ["next"]
  }
})

describe("insertOnEdge", () => {
  it("puts the node on the edge, what followed hanging off its next port", () => {
    const draft = chain()
    const inserted = consistent(insertOnEdge(draft, { from: "m1", port: "next" }, createNode("wait", draft)))
    expect(arrows(inserted)).toEqual(["m1.next>wait_1", "w1.next>x1", "wait_1.next>w1"])
    expect(ids(inserted)).toEqual(["m1", "w1", "x1", "wait_1"])
  })

  it("moves the entry when inserting on the trigger's edge", () => {
    const draft = chain()
    const inserted = consistent(insertOnEdge(draft, { from: TRIGGER_ID, port: TRIGGER_PORT }, createNode("wait", draft)))
    expect(inserted.entry_node).toBe("wait_1")
    expect(arrows(inserted)).toContain("wait_1.next>m1")
  })

  it("hangs what followed off a branching node's first port, leaving the others open", () => {
    const draft = chain()
    const inserted = consistent(insertOnEdge(draft, { from: "m1", port: "next" }, createNode("condition", draft)))
    expect(arrows(inserted)).toEqual(["m1.next>condition_1", "w1.next>x1", "condition_1.yes>w1"])
  })

  it("does nothing for an exit (what follows would be lost), an open port, or a node id already used", () => {
    const draft = chain()
    expect(insertOnEdge(draft, { from: "m1", port: "next" }, createNode("exit", draft))).toBe(draft)
    expect(insertOnEdge(draft, { from: "x1", port: "next" }, createNode("wait", draft))).toBe(draft)
    expect(insertOnEdge(draft, { from: "m1", port: "next" }, wait("x1"))).toBe(draft)
  })
})

describe("appendAtPort", () => {
  it("adds a node at an open port", () => {
    const draft = draftOf("c1", [condition("c1", "yes"), exit("x1")], ["c1.else>x1"])
    const appended = consistent(appendAtPort(draft, "c1", "yes", createNode("send", draft)))
    expect(arrows(appended)).toEqual(["c1.else>x1", "c1.yes>send_1"])
    expect(node(appended, "send_1")).toEqual({ id: "send_1", type: "send", channel: "email", category: "marketing" })
  })

  it("makes the first node the entry when added below the trigger", () => {
    const draft = draftOf(undefined, [], [])
    const appended = consistent(appendAtPort(draft, TRIGGER_ID, TRIGGER_PORT, createNode("wait", draft)))
    expect(appended.entry_node).toBe("wait_1")
    expect(appended.edges).toEqual([])
  })

  it("does nothing at a taken port, a port the node does not have, or an unknown node", () => {
    const draft = chain()
    const fresh = createNode("wait", draft)
    expect(appendAtPort(draft, "m1", "next", fresh)).toBe(draft)
    expect(appendAtPort(draft, TRIGGER_ID, TRIGGER_PORT, fresh)).toBe(draft)
    expect(appendAtPort(draft, "x1", "next", fresh)).toBe(draft)
    expect(appendAtPort(draft, "m1", "else", fresh)).toBe(draft)
    expect(appendAtPort(draft, "nobody", "next", fresh)).toBe(draft)
  })
})

describe("deleteNode", () => {
  it("splices a node out of a path", () => {
    const deleted = consistent(deleteNode(chain(), "w1"))
    expect(ids(deleted)).toEqual(["m1", "x1"])
    expect(arrows(deleted)).toEqual(["m1.next>x1"])
  })

  it("moves the entry to the entry node's successor", () => {
    const deleted = consistent(deleteNode(chain(), "m1"))
    expect(deleted.entry_node).toBe("w1")
    expect(arrows(deleted)).toEqual(["w1.next>x1"])
  })

  it("leaves no entry, and open ports, when the node had nothing after it", () => {
    const lone = draftOf("x1", [exit("x1")], [])
    expect(consistent(deleteNode(lone, "x1"))).toEqual({ ...lone, entry_node: undefined, nodes: [] })
    expect("entry_node" in deleteNode(lone, "x1")).toBe(false)
    const deleted = consistent(deleteNode(chain(), "x1"))
    expect(arrows(deleted)).toEqual(["m1.next>w1"])
  })

  it("keeps a split's first branch and removes the others, up to where they join", () => {
    const draft = draftOf(
      "s1",
      [split("s1", "a", "b"), send("ma"), send("mb"), wait("wb"), send("join"), exit("x1")],
      ["s1.a>ma", "s1.b>mb", "mb.next>wb", "ma.next>join", "wb.next>join", "join.next>x1"]
    )
    const deleted = consistent(deleteNode(draft, "s1"))
    expect(deleted.entry_node).toBe("ma")
    expect(ids(deleted)).toEqual(["ma", "join", "x1"])
    expect(arrows(deleted)).toEqual(["ma.next>join", "join.next>x1"])
  })

  it("splices to a condition's first connected port, and redirects every edge that led to the node", () => {
    const draft = draftOf(
      "s1",
      [split("s1", "a", "b"), condition("c1", "yes"), send("m1"), exit("x1")],
      ["s1.a>c1", "s1.b>c1", "c1.else>m1", "m1.next>x1"]
    )
    const deleted = consistent(deleteNode(draft, "c1"))
    expect(arrows(deleted)).toEqual(["s1.a>m1", "s1.b>m1", "m1.next>x1"])
  })

  it("splices a node out of a loop, the loop closing on the wait", () => {
    const draft = draftOf("w1", [wait("w1"), send("m1")], ["w1.next>m1", "m1.next>w1"])
    expect(arrows(consistent(deleteNode(draft, "m1")))).toEqual(["w1.next>w1"])
  })

  it("leaves alone nodes that were unreachable before", () => {
    const draft = draftOf(
      "m1",
      [send("m1"), wait("w1"), exit("x1"), send("orphan"), exit("x2")],
      ["m1.next>w1", "w1.next>x1", "orphan.next>x2"]
    )
    expect(ids(consistent(deleteNode(draft, "w1")))).toEqual(["m1", "x1", "orphan", "x2"])
  })

  it("does nothing for an unknown node or the trigger", () => {
    const draft = chain()
    expect(deleteNode(draft, "nobody")).toBe(draft)
    expect(deleteNode(draft, TRIGGER_ID)).toBe(draft)
  })
})

describe("duplicateNode", () => {
  it("inserts a copy with a fresh id right after the node", () => {
    const duplicated = consistent(duplicateNode(chain(), "m1"))
    expect(node(duplicated, "send_1")).toEqual({ ...send("m1"), id: "send_1" })
    expect(arrows(duplicated)).toEqual(["m1.next>send_1", "w1.next>x1", "send_1.next>w1"])
  })

  it("copies a branching node on its first port, its other ports open", () => {
    const draft = draftOf("c1", [condition("c1", "vip"), send("m1"), exit("x1")], ["c1.vip>m1", "c1.else>x1"])
    const duplicated = consistent(duplicateNode(draft, "c1"))
    expect(arrows(duplicated)).toEqual(["c1.vip>condition_1", "c1.else>x1", "condition_1.vip>m1"])
    const copy = node(duplicated, "condition_1") as DraftNode & { branches: unknown[] }
    expect(copy.branches).toEqual((draft.nodes[0] as { branches: unknown[] }).branches)
    expect(copy.branches).not.toBe((draft.nodes[0] as { branches: unknown[] }).branches)
  })

  it("does nothing for an exit or an unknown node", () => {
    const draft = chain()
    expect(duplicateNode(draft, "x1")).toBe(draft)
    expect(duplicateNode(draft, "nobody")).toBe(draft)
  })
})

describe("duplicateBranch", () => {
  const withJoin = () =>
    draftOf(
      "c1",
      [condition("c1", "vip"), send("m1"), wait("w1"), send("m2"), exit("x1")],
      ["c1.vip>m1", "m1.next>w1", "w1.next>m2", "m2.next>x1"]
    )

  it("copies the branch into an open sibling port, with fresh ids", () => {
    const draft = withJoin()
    const copied = consistent(duplicateBranch(draft, "c1", "vip"))
    expect(ids(copied)).toEqual([...ids(draft), "send_1", "wait_1", "send_2", "exit_1"])
    expect(arrows(copied)).toEqual([
      ...arrows(draft),
      "send_1.next>wait_1",
      "wait_1.next>send_2",
      "send_2.next>exit_1",
      "c1.else>send_1",
    ])
  })

  it("copies only what the branch owns, the copy rejoining at the shared node", () => {
    const draft = draftOf(
      "s1",
      [split("s1", "a", "b", "c"), send("ma"), wait("wa"), send("mb"), send("join"), exit("x1")],
      ["s1.a>ma", "ma.next>wa", "wa.next>join", "s1.b>mb", "mb.next>join", "join.next>x1"]
    )
    const copied = consistent(duplicateBranch(draft, "s1", "a"))
    expect(ids(copied)).toEqual(["s1", "ma", "wa", "mb", "join", "x1", "send_1", "wait_1"])
    expect(arrows(copied)).toEqual([...arrows(draft), "send_1.next>wait_1", "wait_1.next>join", "s1.c>send_1"])
    expect(node(copied, "send_1")).toEqual({ ...send("ma"), id: "send_1" })
  })

  it("gives a split without an open port a new branch of 0 %, so the percentages still add up", () => {
    const draft = draftOf("s1", [split("s1", "a", "b"), send("ma"), exit("x1")], ["s1.a>ma", "s1.b>x1", "ma.next>x1"])
    const copied = consistent(duplicateBranch(draft, "s1", "a"))
    expect(node(copied, "s1")).toEqual({
      ...split("s1", "a", "b"),
      branches: [
        { port: "a", percent: 50 },
        { port: "b", percent: 50 },
        { port: "c", percent: 0 },
      ],
    })
    expect(arrows(copied).slice(-2)).toEqual(["send_1.next>x1", "s1.c>send_1"])
    expect(validateDefinition(copied).errors).toEqual([])
  })

  it("gives a condition without an open port a new branch whose rule is still to write", () => {
    const draft = draftOf("c1", [condition("c1", "vip"), send("m1"), exit("x1")], ["c1.vip>m1", "c1.else>x1", "m1.next>x1"])
    const copied = consistent(duplicateBranch(draft, "c1", "vip"))
    expect((node(copied, "c1") as { branches: unknown[] }).branches[1]).toEqual({ port: "vip_2", where: { all: [] } })
    expect(arrows(copied).slice(-2)).toEqual(["send_1.next>x1", "c1.vip_2>send_1"])
  })

  it("copies a loop inside the branch as a loop among the copies, and a loop back to the node as one to the node", () => {
    const draft = draftOf(
      "w0",
      [wait("w0"), condition("c1", "again"), wait("w1"), send("m1")],
      ["w0.next>c1", "c1.again>w1", "w1.next>m1", "m1.next>w1"]
    )
    const looped = consistent(connect(draft, "m1", "next", "c1"))
    const copied = consistent(duplicateBranch(draft, "c1", "again"))
    expect(arrows(copied).slice(-3)).toEqual(["wait_1.next>send_1", "send_1.next>wait_1", "c1.else>wait_1"])
    const copiedBack = consistent(duplicateBranch(looped, "c1", "again"))
    expect(arrows(copiedBack).slice(-3)).toEqual(["wait_1.next>send_1", "send_1.next>c1", "c1.else>wait_1"])
  })

  it("joins the sibling port to the target when the target is shared", () => {
    const draft = draftOf("s1", [split("s1", "a", "b"), condition("c1", "vip"), exit("x1")], ["s1.a>c1", "s1.b>x1", "c1.vip>x1"])
    const copied = consistent(duplicateBranch(draft, "c1", "vip"))
    expect(ids(copied)).toEqual(ids(draft))
    expect(arrows(copied)).toEqual([...arrows(draft), "c1.else>x1"])
  })

  it("does nothing for an open port, a node that cannot grow a branch, or the trigger", () => {
    const capped = draftOf(
      "f1",
      [{ id: "f1", type: "frequency_cap", max: 1, within: "P1D" }, exit("x1"), exit("x2")],
      ["f1.ok>x1", "f1.capped>x2"]
    )
    expect(duplicateBranch(capped, "f1", "ok")).toBe(capped)
    const draft = withJoin()
    expect(duplicateBranch(draft, "c1", "else")).toBe(draft)
    expect(duplicateBranch(draft, TRIGGER_ID, TRIGGER_PORT)).toBe(draft)
  })
})

describe("flipBranches", () => {
  it("swaps where a yes/no condition's branch and else lead, the rule unchanged", () => {
    const draft = draftOf("c1", [condition("c1", "yes"), send("m1"), exit("x1")], ["c1.yes>m1", "c1.else>x1", "m1.next>x1"])
    const flipped = consistent(flipBranches(draft, "c1"))
    expect(arrows(flipped)).toEqual(["c1.else>m1", "c1.yes>x1", "m1.next>x1"])
    expect(flipped.nodes).toBe(draft.nodes)
    expect(flipBranches(flipped, "c1")).toEqual(draft)
  })

  it("moves a path to the other side when one side is open", () => {
    const draft = draftOf("c1", [condition("c1", "yes"), exit("x1")], ["c1.yes>x1"])
    expect(arrows(consistent(flipBranches(draft, "c1")))).toEqual(["c1.else>x1"])
  })

  it("does nothing for a condition with several branches, with no edges, or for another node", () => {
    const three = draftOf("c1", [condition("c1", "a", "b"), exit("x1")], ["c1.a>x1"])
    expect(flipBranches(three, "c1")).toBe(three)
    const bare = draftOf("c1", [condition("c1", "yes")], [])
    expect(flipBranches(bare, "c1")).toBe(bare)
    const capped = draftOf("f1", [{ id: "f1", type: "frequency_cap", max: 1, within: "P1D" }, exit("x1")], ["f1.ok>x1"])
    expect(flipBranches(capped, "f1")).toBe(capped)
  })
})

describe("connect and disconnect", () => {
  it("replaces a port's edge in place, keeping what it led to in the journey", () => {
    const connected = consistent(connect(chain(), "m1", "next", "x1"))
    expect(arrows(connected)).toEqual(["m1.next>x1", "w1.next>x1"])
    expect(ids(connected)).toEqual(["m1", "w1", "x1"])
  })

  it("adds an edge at an open port, and may close a loop", () => {
    const draft = draftOf("w1", [wait("w1"), condition("c1", "again"), exit("x1")], ["w1.next>c1", "c1.else>x1"])
    expect(arrows(consistent(connect(draft, "c1", "again", "w1")))).toEqual(["w1.next>c1", "c1.else>x1", "c1.again>w1"])
  })

  it("sets the entry node from the trigger", () => {
    expect(consistent(connect(chain(), TRIGGER_ID, TRIGGER_PORT, "w1")).entry_node).toBe("w1")
  })

  it("does nothing towards an unknown node, from a port the node lacks, or when already connected", () => {
    const draft = chain()
    expect(connect(draft, "m1", "next", "nobody")).toBe(draft)
    expect(connect(draft, "x1", "next", "m1")).toBe(draft)
    expect(connect(draft, TRIGGER_ID, "else", "m1")).toBe(draft)
    expect(connect(draft, "m1", "next", "w1")).toBe(draft)
  })

  it("leaves a port open, or the journey without entry", () => {
    expect(arrows(consistent(disconnect(chain(), "m1", "next")))).toEqual(["w1.next>x1"])
    expect(ids(disconnect(chain(), "m1", "next"))).toEqual(["m1", "w1", "x1"])
    expect(disconnect(chain(), TRIGGER_ID, TRIGGER_PORT).entry_node).toBeUndefined()
    const draft = chain()
    expect(disconnect(draft, "x1", "next")).toBe(draft)
  })

  it("removes a second edge by the same port when replacing the first", () => {
    const doubled = draftOf("m1", [send("m1"), exit("x1"), exit("x2")], ["m1.next>x1", "m1.next>x2"])
    expect(arrows(consistent(connect(doubled, "m1", "next", "x2")))).toEqual(["m1.next>x2"])
  })
})

describe("updateNode", () => {
  it("sets and removes fields, leaving id and type alone", () => {
    const draft = chain()
    const patch = { template_id: "tpl_new", tag: "promo", category: undefined, id: "zz", type: "exit" }
    const updated = consistent(updateNode(draft, "m1", patch))
    expect(node(updated, "m1")).toEqual({ id: "m1", type: "send", channel: "email", template_id: "tpl_new", tag: "promo" })
    expect(updated.nodes[1]).toBe(draft.nodes[1])
  })

  it("returns the same draft when nothing changes", () => {
    const draft = chain()
    expect(updateNode(draft, "m1", { template_id: "tpl_m1", tag: undefined })).toBe(draft)
    expect(updateNode(draft, "nobody", { template_id: "x" })).toBe(draft)
  })

  it("keeps a renamed branch's edge, and every edge when branches are reordered", () => {
    const draft = draftOf("s1", [split("s1", "a", "b"), exit("x1"), exit("x2")], ["s1.a>x1", "s1.b>x2"])
    const renamed = consistent(updateNode(draft, "s1", { branches: [{ port: "control", percent: 50 }, { port: "b", percent: 50 }] }))
    expect(arrows(renamed)).toEqual(["s1.control>x1", "s1.b>x2"])
    const reordered = consistent(updateNode(draft, "s1", { branches: [{ port: "b", percent: 50 }, { port: "a", percent: 50 }] }))
    expect(arrows(reordered)).toEqual(["s1.a>x1", "s1.b>x2"])
  })

  it("removes a removed branch's edge and what only that branch led to", () => {
    const draft = draftOf(
      "s1",
      [split("s1", "a", "b", "c"), send("mb"), exit("x1"), exit("x2")],
      ["s1.a>x1", "s1.b>mb", "mb.next>x1", "s1.c>x2"]
    )
    const removed = consistent(updateNode(draft, "s1", { branches: [{ port: "a", percent: 50 }, { port: "c", percent: 50 }] }))
    expect(arrows(removed)).toEqual(["s1.a>x1", "s1.c>x2"])
    expect(ids(removed)).toEqual(["s1", "x1", "x2"])
  })

  describe("keeps each branch's edge through renames that pass by another branch's name", () => {
    // Each kind's branch list, its items named `a`, `b`, with its fixed port when it has one.
    const kinds: { kind: string; list: string; node: DraftNode; fixed?: string }[] = [
      { kind: "condition", list: "branches", node: condition("n1", "a", "b"), fixed: "else" },
      { kind: "random_split", list: "branches", node: split("n1", "a", "b") },
      {
        kind: "wait_for_event",
        list: "events",
        node: { id: "n1", type: "wait_for_event", events: [{ port: "a", event: "order.placed" }, { port: "b", event: "message.opened" }], timeout: "P1D" },
        fixed: "timeout",
      },
    ]
    const start = (node: DraftNode, fixed: string | undefined) =>
      draftOf(
        "n1",
        [node, exit("xa"), exit("xb"), exit("xf")],
        ["n1.a>xa", "n1.b>xb", ...(fixed === undefined ? [] : [`n1.${fixed}>xf`])]
      )
    /** Renames, one `[index, name]` after the other, as the panel does: the item a new object, the others kept. */
    const rename = (draft: DraftDefinition, list: string, ...steps: [number, string][]) =>
      steps.reduce((current, [index, name]) => {
        const items = (node(current, "n1") as unknown as Record<string, { port: string }[]>)[list]
        return consistent(updateNode(current, "n1", { [list]: items.map((item, at) => (at === index ? { ...item, port: name } : item)) }))
      }, draft)
    const fixedArrow = (fixed: string | undefined) => (fixed === undefined ? [] : [`n1.${fixed}>xf`])

    it.each(kinds)("$kind: typing another branch's name on the way to a new one", ({ list, node: typed, fixed }) => {
      // `a` retyped as `b2`: for a keystroke both branches are named `b`.
      const renamed = rename(start(typed, fixed), list, [0, ""], [0, "b"], [0, "b2"])
      expect(arrows(renamed)).toEqual(["n1.b2>xa", "n1.b>xb", ...fixedArrow(fixed)])
    })

    it.each(kinds)("$kind: swapping two names through a duplicate", ({ list, node: typed, fixed }) => {
      const swapped = rename(start(typed, fixed), list, [0, "b"], [1, "a"])
      expect(arrows(swapped)).toEqual(["n1.b>xa", "n1.a>xb", ...fixedArrow(fixed)])
    })

    it.each(kinds.filter((kind) => kind.fixed !== undefined))("$kind: a branch named for a while like the fixed port", ({ list, node: typed, fixed }) => {
      const back = rename(start(typed, fixed), list, [1, fixed as string], [1, "c"])
      expect(arrows(back)).toEqual(["n1.a>xa", "n1.c>xb", `n1.${fixed}>xf`])
    })

    it("keeps the edge with the connected one of two ports named alike, the open one being typed", () => {
      // A new branch above `yes`, typed `yes2` (or `elsewhere`): for a keystroke it shares a connected port's name.
      const draft = draftOf("n1", [condition("n1", "new", "yes"), exit("xb"), exit("xf")], ["n1.yes>xb", "n1.else>xf"])
      expect(arrows(rename(draft, "branches", [0, "yes"], [0, "yes2"]))).toEqual(["n1.yes>xb", "n1.else>xf"])
      expect(arrows(rename(draft, "branches", [0, "else"], [0, "elsewhere"]))).toEqual(["n1.yes>xb", "n1.else>xf"])
    })

    it("removes or moves the very branch the panel removes or moves while two share a name", () => {
      const doubled = rename(start(condition("n1", "a", "b"), "else"), "branches", [0, "b"])
      const branches = (node(doubled, "n1") as { branches: object[] }).branches
      const removed = consistent(updateNode(doubled, "n1", { branches: branches.slice(1) }))
      expect(arrows(removed)).toEqual(["n1.b>xb", "n1.else>xf"])
      const moved = consistent(updateNode(doubled, "n1", { branches: [branches[1], branches[0]] }))
      expect(arrows(rename(moved, "branches", [0, "c"]))).toEqual(["n1.c>xb", "n1.b>xa", "n1.else>xf"])
    })
  })

  it("removes the timeout's edge with the timeout", () => {
    const draft = frozenDraft(everyNodeJourney())
    const updated = consistent(updateNode(draft, "r1", { timeout: undefined }))
    expect(arrows(updated).filter((arrow) => arrow.startsWith("r1."))).toEqual(["r1.push_opened>s1"])
    expect(ids(updated)).toEqual(ids(draft))
  })
})

describe("updateTrigger and updateSettings", () => {
  it("sets trigger fields, and starts afresh on a new type", () => {
    const draft = draftOf(undefined, [], [])
    const where = { field: "order.total", op: "gt", value: 10 } as const
    const updated = updateTrigger(draft, { where })
    expect(updated.trigger).toEqual({ type: "event", event: "order.placed", where })
    const retyped = updateTrigger(updated, { type: "cart_abandoned", idle_minutes: 30 })
    expect(retyped.trigger).toEqual({ type: "cart_abandoned", idle_minutes: 30 })
    expect(updateTrigger(updated, { where: undefined }).trigger).toEqual({ type: "event", event: "order.placed" })
    expect(updateTrigger(updated, { event: "order.placed" })).toBe(updated)
  })

  it("needs a type to create a trigger", () => {
    const draft = deepFreeze({ schema_version: 1 as const, nodes: [], edges: [] })
    expect(updateTrigger(draft, { event: "order.placed" })).toBe(draft)
    expect(updateTrigger(draft, { type: "customer_created" }).trigger).toEqual({ type: "customer_created" })
  })

  it("sets and removes settings", () => {
    const draft = draftOf(undefined, [], [])
    const updated = updateSettings(draft, { goal: { event: "order.placed" }, timezone: "Europe/Paris" })
    expect(updated.settings).toEqual({ reentry: "multiple", timezone: "Europe/Paris", goal: { event: "order.placed" } })
    expect(updateSettings(updated, { goal: undefined }).settings).toEqual({ reentry: "multiple", timezone: "Europe/Paris" })
    expect(updateSettings(updated, { timezone: "Europe/Paris" })).toBe(updated)
  })
})
