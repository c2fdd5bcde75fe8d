import { createElement } from "react"
import { renderToString } from "react-dom/server"

import { everyNodeJourney } from "../../../../engine/__tests__/fixtures"
import { readDraft, TRIGGER_ID, TRIGGER_PORT } from "../draft"
import { appendAtPort, createNode, deleteNode, flipBranches, insertOnEdge, updateTrigger } from "../operations"
import { createJourneyEditorStore, hasUnsavedChanges, HISTORY_LIMIT, problemsOf, useJourneyEditor } from "../store"
import { arrows, deepFreeze, draftOf, exit, send, wait } from "./helpers"

const chain = () => draftOf("m1", [send("m1"), wait("w1"), exit("x1")], ["m1.next>w1", "w1.next>x1"])
const templateOf = (store: ReturnType<typeof createJourneyEditorStore>, id: string) =>
  (store.getState().definition.nodes.find((node) => node.id === id) as { template_id?: string }).template_id

describe("the journey editor store", () => {
  it("opens a draft read leniently, with nothing to undo and nothing unsaved", () => {
    const store = createJourneyEditorStore({ ...chain(), nodes: [...chain().nodes, null, { type: "wait" }] })
    const state = store.getState()
    expect(state.definition.nodes.map((node) => node.id)).toEqual(["m1", "w1", "x1"])
    expect(state.saved).toBe(state.definition)
    expect([state.past, state.future, state.selection]).toEqual([[], [], null])
    expect(hasUnsavedChanges(state)).toBe(false)
    expect(state.problems).toEqual([])
  })

  it("undoes and redoes operations, a new operation clearing what was undone", () => {
    const store = createJourneyEditorStore(chain())
    const start = store.getState().definition
    store.getState().apply((definition) => insertOnEdge(definition, { from: "m1", port: "next" }, createNode("wait", definition)))
    const inserted = store.getState().definition
    store.getState().apply((definition) => deleteNode(definition, "m1"))
    expect(store.getState().past).toEqual([start, inserted])

    store.getState().undo()
    expect(store.getState().definition).toBe(inserted)
    store.getState().undo()
    expect(store.getState().definition).toBe(start)
    store.getState().undo()
    expect(store.getState().definition).toBe(start)
    store.getState().redo()
    expect(store.getState().definition).toBe(inserted)

    store.getState().apply((definition) => deleteNode(definition, "x1"))
    expect(store.getState().future).toEqual([])
    store.getState().redo()
    expect(arrows(store.getState().definition)).toEqual(["m1.next>wait_1", "wait_1.next>w1"])
  })

  it("records no step for an operation that changes nothing", () => {
    const store = createJourneyEditorStore(chain())
    const before = store.getState()
    store.getState().apply((definition) => flipBranches(definition, "m1"))
    expect(store.getState()).toBe(before)
  })

  it("makes consecutive edits typing in one field of a node a single step", () => {
    const store = createJourneyEditorStore(chain())
    const start = store.getState().definition
    for (const typed of ["w", "we", "wel", "welcome"]) store.getState().edit("m1", { template_id: typed }, "template_id")
    expect(templateOf(store, "m1")).toBe("welcome")
    expect(store.getState().past).toEqual([start])
    store.getState().undo()
    expect(store.getState().definition).toBe(start)
    store.getState().redo()
    expect(templateOf(store, "m1")).toBe("welcome")
  })

  it("starts a new step when another node, another operation, an undo or a save comes between edits", () => {
    const store = createJourneyEditorStore(chain())
    const { edit } = store.getState()
    edit("m1", { template_id: "a" }, "template_id")
    edit("w1", { duration: "P2D" }, "template_id")
    edit("m1", { template_id: "b" }, "template_id")
    expect(store.getState().past).toHaveLength(3)
    store.getState().apply((definition) => updateTrigger(definition, { event: "customer.created" }))
    edit("m1", { template_id: "c" }, "template_id")
    expect(store.getState().past).toHaveLength(5)
    store.getState().undo()
    edit("m1", { template_id: "d" }, "template_id")
    expect(store.getState().past).toHaveLength(5)
    store.getState().markSaved()
    edit("m1", { template_id: "e" }, "template_id")
    expect(store.getState().past).toHaveLength(6)
    store.getState().select("w1")
    edit("m1", { template_id: "f" }, "template_id")
    expect(store.getState().past).toHaveLength(7)
  })

  it("makes typing in one field of a node a step, and each structural change, and typing in another field, a step of its own", () => {
    const awaited = { port: "opened", event: "message.opened", where: { all: [{ field: "event.channel", op: "eq" as const, value: "email" }] } }
    const store = createJourneyEditorStore(
      draftOf("r1", [{ id: "r1", type: "wait_for_event", events: [awaited], timeout: "P3D" }, exit("x1")], ["r1.opened>x1"])
    )
    const { edit } = store.getState()
    const opened = store.getState().definition
    const node = () => store.getState().definition.nodes[0] as { timeout: string; events: (typeof awaited)[] }
    const setEvent = (patch: object, typing?: string) => edit("r1", { events: [{ ...node().events[0], ...patch }] }, typing)
    const condition = { field: "event.campaign", op: "eq" as const, value: "" }

    // "1" then "2" typed in the timeout's days: one step.
    edit("r1", { timeout: "P1D" }, "timeout")
    edit("r1", { timeout: "P12D" }, "timeout")
    const typed = store.getState().definition
    // A condition added to the event's rule, then its name typed in: each its own step.
    setEvent({ where: { all: [...awaited.where.all, condition] } })
    const added = store.getState().definition
    setEvent({ event: "message.c" }, "events[0].event")
    setEvent({ event: "message.clicked" }, "events[0].event")
    expect(store.getState().past).toEqual([opened, typed, added])

    store.getState().undo()
    expect(node()).toEqual({ id: "r1", type: "wait_for_event", timeout: "P12D", events: [{ ...awaited, where: { all: [...awaited.where.all, condition] } }] })
    store.getState().undo()
    expect(node()).toEqual({ id: "r1", type: "wait_for_event", timeout: "P12D", events: [awaited] })
    store.getState().undo()
    expect(store.getState().definition).toBe(opened)
  })

  it("makes each choice a step, even of the same field in a row, and typing in a field, then another, and back, three", () => {
    const store = createJourneyEditorStore(chain())
    const { edit } = store.getState()
    edit("m1", { channel: "sms" })
    edit("m1", { channel: "push" })
    expect(store.getState().past).toHaveLength(2)
    edit("m1", { tag: "p" }, "tag")
    edit("m1", { tag: "promo" }, "tag")
    edit("w1", { duration: "P2D" }, "duration")
    edit("m1", { tag: "promo2" }, "tag")
    expect(store.getState().past).toHaveLength(5)
  })

  it("coalesces any operation given the same key", () => {
    const store = createJourneyEditorStore(chain())
    for (const event of ["o", "or", "order.placed"]) {
      store.getState().apply((definition) => updateTrigger(definition, { event }), "trigger")
    }
    expect(store.getState().past).toHaveLength(1)
    expect(store.getState().definition.trigger).toEqual({ type: "event", event: "order.placed" })
  })

  it("selects without a history step, and drops a selection whose node is gone", () => {
    const store = createJourneyEditorStore(chain())
    store.getState().select("w1")
    expect(store.getState()).toMatchObject({ selection: "w1", past: [] })
    store.getState().apply((definition) => deleteNode(definition, "m1"))
    expect(store.getState().selection).toBe("w1")
    store.getState().apply((definition) => deleteNode(definition, "w1"))
    expect(store.getState().selection).toBeNull()
    store.getState().select(TRIGGER_ID)
    store.getState().undo()
    expect(store.getState().selection).toBe(TRIGGER_ID)
  })

  it("tells unsaved changes by content, and keeps the saved draft that was sent while typing went on", () => {
    const store = createJourneyEditorStore(chain())
    store.getState().edit("m1", { template_id: "other" })
    expect(hasUnsavedChanges(store.getState())).toBe(true)
    store.getState().edit("m1", { template_id: "tpl_m1" })
    expect(hasUnsavedChanges(store.getState())).toBe(false)

    store.getState().edit("m1", { template_id: "sent" })
    const sent = store.getState().definition
    store.getState().edit("w1", { duration: "P3D" })
    store.getState().markSaved(sent)
    expect(hasUnsavedChanges(store.getState())).toBe(true)
    store.getState().undo()
    expect(hasUnsavedChanges(store.getState())).toBe(false)
  })

  it("validates each draft once, undo and redo bringing back the same problems", () => {
    const store = createJourneyEditorStore(chain())
    store.getState().apply((definition) => appendAtPort(deleteNode(definition, "x1"), "w1", "next", createNode("send", definition)))
    const problems = store.getState().problems
    expect(problems).toEqual([
      expect.objectContaining({ node_id: "send_1", path: "nodes[2].template_id" }),
      expect.objectContaining({ node_id: "send_1", path: "nodes[2]" }),
    ])
    store.getState().undo()
    expect(store.getState().problems).toEqual([])
    store.getState().redo()
    expect(store.getState().problems).toBe(problems)
    expect(problemsOf(store.getState().definition)).toBe(problems)
  })

  it("keeps the last steps only", () => {
    const store = createJourneyEditorStore(chain())
    for (let step = 0; step <= HISTORY_LIMIT; step++) {
      store.getState().apply((definition) => updateTrigger(definition, { event: `event.${step}` }))
    }
    expect(store.getState().past).toHaveLength(HISTORY_LIMIT)
    expect(store.getState().past[0].trigger).toEqual({ type: "event", event: "event.0" })
  })

  it("loads another draft, forgetting history and selection", () => {
    const store = createJourneyEditorStore(chain())
    store.getState().edit("m1", { template_id: "x" })
    store.getState().select("m1")
    store.getState().load(deepFreeze(everyNodeJourney()))
    const state = store.getState()
    expect(state).toMatchObject({ past: [], future: [], selection: null, definition: readDraft(everyNodeJourney()) })
    expect(state.saved).toBe(state.definition)
    store.getState().undo()
    expect(store.getState().definition).toBe(state.definition)
  })

  it("is read by components through useJourneyEditor", () => {
    // Rendered on the server, as there is no DOM here: React reads the store's initial state.
    const store = createJourneyEditorStore(chain())
    const Entry = () => createElement("span", null, useJourneyEditor(store, (state) => state.definition.entry_node))
    expect(renderToString(createElement(Entry))).toBe("<span>m1</span>")
  })
})
