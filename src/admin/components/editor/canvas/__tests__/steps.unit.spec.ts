import { NODE_TYPES } from "../../../../../engine"
import { toCanvas, type PlaceholderCanvasNode } from "../../../../lib/editor/canvas"
import { TRIGGER_ID } from "../../../../lib/editor/draft"
import { arrows, condition, draftOf, exit, send, wait } from "../../../../lib/editor/__tests__/helpers"
import { addedNodeId, addStep, findStepChoice, paletteTarget, STEP_CHOICES } from "../steps"

const choice = (id: string) => {
  const found = findStepChoice(id)
  if (!found) throw new Error(`no step choice ${id}`)
  return found
}
const placeholdersOf = (definition: Parameters<typeof toCanvas>[0]) =>
  toCanvas(definition).nodes.filter((node): node is PlaceholderCanvasNode => node.type === "placeholder")

describe("the steps on offer", () => {
  it("offer every kind of step, a send once per channel, under unique ids", () => {
    expect([...new Set(STEP_CHOICES.map((step) => step.type))].sort()).toEqual([...NODE_TYPES].sort())
    expect(STEP_CHOICES.filter((step) => step.type === "send").map((step) => step.channel)).toEqual(["email", "sms", "push"])
    expect(new Set(STEP_CHOICES.map((step) => step.id)).size).toBe(STEP_CHOICES.length)
  })
})

describe("addStep", () => {
  const journey = draftOf("w1", [wait("w1"), send("s1")], ["w1.next>s1"])

  it("appends at an open port, the channel preset", () => {
    const added = addStep(journey, { from: "s1", port: "next" }, choice("send-sms"))
    expect(added?.nodeId).toBe("send_1")
    expect(added?.definition.nodes.find((node) => node.id === "send_1")).toMatchObject({ type: "send", channel: "sms" })
    expect(arrows(added!.definition)).toEqual(["w1.next>s1", "s1.next>send_1"])
  })

  it("inserts on an edge, what followed hanging off the new step", () => {
    const added = addStep(journey, { from: "w1", port: "next" }, choice("condition"))
    expect(arrows(added!.definition)).toEqual(["w1.next>condition_1", "condition_1.yes>s1"])
  })

  it("starts a blank journey after the trigger", () => {
    const blank = draftOf(undefined, [], [])
    const added = addStep(blank, { from: TRIGGER_ID, port: "next" }, choice("wait"))
    expect(added?.definition.entry_node).toBe("wait_1")
  })

  it("refuses an exit on an edge (it would cut off what follows) and a place that is gone", () => {
    expect(addStep(journey, { from: "w1", port: "next" }, choice("exit"))).toBeNull()
    expect(addStep(journey, { from: "s1", port: "next" }, choice("exit"))?.nodeId).toBe("exit_1")
    expect(addStep(journey, { from: "gone", port: "next" }, choice("wait"))).toBeNull()
  })
})

describe("paletteTarget", () => {
  const journey = draftOf("c1", [condition("c1", "vip"), send("s1"), exit("x1")], ["c1.vip>s1"])
  const placeholders = placeholdersOf(journey)

  it("adds after the selected step, at its first open port", () => {
    expect(paletteTarget(journey, "c1", placeholders)).toEqual({ from: "c1", port: "else" })
    expect(paletteTarget(journey, "s1", placeholders)).toEqual({ from: "s1", port: "next" })
  })

  it("inserts after the selected step when every port leads somewhere", () => {
    const full = draftOf("w1", [wait("w1"), send("s1")], ["w1.next>s1"])
    expect(paletteTarget(full, "w1", placeholdersOf(full))).toEqual({ from: "w1", port: "next" })
  })

  it("adds after the trigger when it is selected", () => {
    expect(paletteTarget(journey, TRIGGER_ID, placeholders)).toEqual({ from: TRIGGER_ID, port: "next" })
  })

  it("otherwise uses the first open end in reading order, top to bottom then left to right", () => {
    const ends = placeholders.map((node) => `${node.data.from}.${node.data.port}`)
    expect(ends.sort()).toEqual(["c1.else", "s1.next"])
    // c1's else is one rank above s1's open end.
    expect(paletteTarget(journey, null, placeholders)).toEqual({ from: "c1", port: "else" })
    expect(paletteTarget(journey, "x1", placeholders)).toEqual({ from: "c1", port: "else" })
  })

  it("has nowhere to go in a journey without open ends and nothing selected", () => {
    const closed = draftOf("x1", [exit("x1")], [])
    expect(paletteTarget(closed, null, placeholdersOf(closed))).toBeNull()
  })
})

describe("addedNodeId", () => {
  it("finds the node a duplication made", () => {
    const before = draftOf("w1", [wait("w1")], [])
    const after = draftOf("w1", [wait("w1"), wait("wait_2")], ["w1.next>wait_2"])
    expect(addedNodeId(before, after)).toBe("wait_2")
    expect(addedNodeId(before, before)).toBeNull()
  })
})
