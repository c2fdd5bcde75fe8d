import { TRIGGER_ID } from "../../../../lib/editor/draft"
import { createJourneyEditorStore } from "../../../../lib/editor/store"
import { arrows, condition, draftOf, exit, send, split, wait } from "../../../../lib/editor/__tests__/helpers"
import {
  addStepAndSelect,
  deleteStep,
  duplicateAndSelect,
  duplicateStepBranch,
  flipStepBranches,
  stepActions,
} from "../commands"
import { findStepChoice } from "../steps"

const journey = () =>
  draftOf("c1", [condition("c1", "vip"), send("s1"), wait("w1"), exit("x1")], ["c1.vip>s1", "c1.else>w1", "w1.next>x1"])

describe("stepActions", () => {
  it("offers what would change something", () => {
    const definition = journey()
    expect(stepActions(definition, "c1")).toEqual({ duplicate: true, branches: ["vip", "else"], flip: true })
    expect(stepActions(definition, "s1")).toEqual({ duplicate: true, branches: [], flip: false })
    expect(stepActions(definition, "x1")).toEqual({ duplicate: false, branches: [], flip: false })
    expect(stepActions(definition, "gone")).toEqual({ duplicate: false, branches: [], flip: false })
  })

  it("offers a split's branches to copy, and no flip for a condition of more than two ways", () => {
    const definition = draftOf("p1", [split("p1", "a", "b"), condition("c1", "vip", "big"), send("s1")], ["p1.a>s1", "p1.b>c1"])
    expect(stepActions(definition, "p1")).toEqual({ duplicate: true, branches: ["a", "b"], flip: false })
    expect(stepActions(definition, "c1").flip).toBe(false)
  })
})

describe("the canvas's commands on the store", () => {
  it("adds a step and selects it, one history step", () => {
    const store = createJourneyEditorStore(journey())
    expect(addStepAndSelect(store, { from: "s1", port: "next" }, findStepChoice("send-push")!)).toBe(true)
    const state = store.getState()
    expect(state.selection).toBe("send_1")
    expect(state.definition.nodes.find((node) => node.id === "send_1")).toMatchObject({ channel: "push" })
    expect(state.past).toHaveLength(1)
  })

  it("refuses a step that cannot go there, leaving history and selection alone", () => {
    const store = createJourneyEditorStore(journey())
    store.getState().select("w1")
    expect(addStepAndSelect(store, { from: "c1", port: "vip" }, findStepChoice("exit")!)).toBe(false)
    expect(store.getState().past).toHaveLength(0)
    expect(store.getState().selection).toBe("w1")
  })

  it("duplicates a step and selects the copy", () => {
    const store = createJourneyEditorStore(journey())
    duplicateAndSelect(store, "w1")
    expect(store.getState().selection).toBe("wait_1")
    expect(arrows(store.getState().definition)).toContain("w1.next>wait_1")
    // An exit has no "after": nothing happens, the selection stays.
    store.getState().select("x1")
    duplicateAndSelect(store, "x1")
    expect(store.getState().selection).toBe("x1")
    expect(store.getState().past).toHaveLength(1)
  })

  it("deletes, flips and copies branches, each undoable", () => {
    const store = createJourneyEditorStore(journey())
    flipStepBranches(store, "c1")
    expect(arrows(store.getState().definition)).toEqual(["c1.else>s1", "c1.vip>w1", "w1.next>x1"])
    store.getState().undo()
    expect(arrows(store.getState().definition)).toEqual(["c1.vip>s1", "c1.else>w1", "w1.next>x1"])

    duplicateStepBranch(store, "c1", "vip")
    expect(store.getState().definition.nodes.map((node) => node.id)).toContain("send_1")

    store.getState().select("s1")
    deleteStep(store, "s1")
    expect(store.getState().definition.nodes.map((node) => node.id)).not.toContain("s1")
    expect(store.getState().selection).toBeNull()
    store.getState().undo()
    expect(store.getState().definition.nodes.map((node) => node.id)).toContain("s1")
  })

  it("starts a blank journey from the trigger", () => {
    const store = createJourneyEditorStore({ schema_version: 1, nodes: [], edges: [] })
    addStepAndSelect(store, { from: TRIGGER_ID, port: "next" }, findStepChoice("wait")!)
    expect(store.getState().definition.entry_node).toBe("wait_1")
  })
})
