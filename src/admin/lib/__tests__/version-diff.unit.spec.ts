import { everyNodeJourney } from "../../../engine/__tests__/fixtures"
import { diffVersions, isEmptyDiff } from "../version-diff"

const base = () => ({
  schema_version: 1,
  trigger: { type: "cart_abandoned", idle_minutes: 60 },
  settings: { reentry: "after_exit", timezone: "Europe/Paris" },
  entry_node: "send_1",
  nodes: [
    { id: "send_1", type: "send", channel: "email", template_id: "jtpl_1", category: "marketing" },
    { id: "wait_1", type: "wait", duration: "P1D" },
    { id: "exit_1", type: "exit" },
  ],
  edges: [
    { from: "send_1", port: "next", to: "wait_1" },
    { from: "wait_1", port: "next", to: "exit_1" },
  ],
})

describe("diffVersions", () => {
  it("finds nothing between a definition and itself, or a copy with its keys in another order", () => {
    expect(isEmptyDiff(diffVersions(everyNodeJourney(), everyNodeJourney()))).toBe(true)
    const reordered = base()
    reordered.nodes[0] = { category: "marketing", template_id: "jtpl_1", channel: "email", type: "send", id: "send_1" }
    expect(isEmptyDiff(diffVersions(base(), reordered))).toBe(true)
  })

  it("lists a node added, with its edges, in the newer version's order", () => {
    const after = base()
    after.nodes.splice(2, 0, { id: "send_3", type: "send", channel: "sms", template_id: "jtpl_sms", category: "marketing" })
    after.edges[1] = { from: "wait_1", port: "next", to: "send_3" }
    after.edges.push({ from: "send_3", port: "next", to: "exit_1" })
    const diff = diffVersions(base(), after)
    expect(diff.nodes.added.map((node) => node.id)).toEqual(["send_3"])
    expect(diff.nodes.removed).toEqual([])
    expect(diff.nodes.changed).toEqual([])
    expect(diff.edges.added).toEqual([
      { from: "wait_1", port: "next", to: "send_3" },
      { from: "send_3", port: "next", to: "exit_1" },
    ])
    expect(diff.edges.removed).toEqual([{ from: "wait_1", port: "next", to: "exit_1" }])
    expect(isEmptyDiff(diff)).toBe(false)
  })

  it("lists a node removed, and the entry node when it moved", () => {
    const after = base()
    after.nodes.shift()
    after.edges.shift()
    after.entry_node = "wait_1"
    const diff = diffVersions(base(), after)
    expect(diff.nodes.removed.map((node) => node.id)).toEqual(["send_1"])
    expect(diff.entry).toEqual({ before: "send_1", after: "wait_1" })
    expect(diff.edges.removed).toEqual([{ from: "send_1", port: "next", to: "wait_1" }])
  })

  it("names each field of a changed node, with both values", () => {
    const after = base()
    after.nodes[1] = { id: "wait_1", type: "wait", duration: "P2D" }
    after.nodes[0] = { id: "send_1", type: "send", channel: "email", template_id: "jtpl_2", category: "transactional" }
    const diff = diffVersions(base(), after)
    expect(diff.nodes.changed).toEqual([
      expect.objectContaining({
        id: "send_1",
        fields: [
          { field: "template_id", before: "jtpl_1", after: "jtpl_2" },
          { field: "category", before: "marketing", after: "transactional" },
        ],
      }),
      expect.objectContaining({ id: "wait_1", fields: [{ field: "duration", before: "P1D", after: "P2D" }] }),
    ])
  })

  it("compares nested values deeply: a condition's rule, an update's metadata", () => {
    const condition = (value: number) => ({
      id: "c1",
      type: "condition",
      branches: [{ port: "big", where: { all: [{ field: "cart.total", op: "gt", value }] } }],
    })
    const before = { ...base(), nodes: [...base().nodes, condition(100)] }
    expect(isEmptyDiff(diffVersions(before, { ...base(), nodes: [...base().nodes, condition(100)] }))).toBe(true)
    const diff = diffVersions(before, { ...base(), nodes: [...base().nodes, condition(200)] })
    expect(diff.nodes.changed.map((change) => [change.id, change.fields.map((field) => field.field)])).toEqual([["c1", ["branches"]]])
  })

  it("treats a field left to its default as that default (a draft without category against a published copy)", () => {
    const draft = base()
    draft.nodes[0] = { id: "send_1", type: "send", channel: "email", template_id: "jtpl_1" } as (typeof draft.nodes)[0]
    expect(isEmptyDiff(diffVersions(base(), draft))).toBe(true)
  })

  it("reports a node whose type changed as changed, on the field type", () => {
    const after = base()
    after.nodes[1] = { id: "wait_1", type: "exit" } as (typeof after.nodes)[1]
    const [change] = diffVersions(base(), after).nodes.changed
    expect(change.fields).toEqual([
      { field: "type", before: "wait", after: "exit" },
      { field: "duration", before: "P1D", after: undefined },
    ])
  })

  it("reports the trigger's and the settings' changed fields", () => {
    const after = base()
    after.trigger = { type: "cart_abandoned", idle_minutes: 30 }
    after.settings = { reentry: "once", timezone: "Europe/Paris", goal: { event: "order.placed" } } as typeof after.settings
    const diff = diffVersions(base(), after)
    expect(diff.trigger).toEqual([{ field: "idle_minutes", before: 60, after: 30 }])
    expect(diff.settings).toEqual([
      { field: "reentry", before: "after_exit", after: "once" },
      { field: "goal", before: undefined, after: { event: "order.placed" } },
    ])
  })

  it("reads anything without throwing: nothing, an unfinished draft, junk", () => {
    expect(isEmptyDiff(diffVersions(undefined, null))).toBe(true)
    const diff = diffVersions("junk", { nodes: [{ id: "a", type: "wait" }, { type: "exit" }, 3], edges: [{ from: "a" }] })
    expect(diff.nodes.added.map((node) => node.id)).toEqual(["a"])
    expect(diff.edges.added).toEqual([])
    expect(diff.trigger).toEqual([])
  })

  it("counts a duplicated node id or edge once", () => {
    const after = base()
    after.nodes.push({ id: "wait_1", type: "wait", duration: "PT1H" })
    after.edges.push({ from: "send_1", port: "next", to: "exit_1" }, { from: "send_1", port: "next", to: "exit_1" })
    const diff = diffVersions(base(), after)
    expect(diff.nodes.changed).toEqual([])
    expect(diff.edges.added).toEqual([{ from: "send_1", port: "next", to: "exit_1" }])
  })
})
