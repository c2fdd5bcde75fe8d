import {
  definitionSchema,
  isNodeType,
  JourneyNode,
  NODE_TYPES,
  nodeSchema,
  outputPorts,
  triggerSchema,
  TRIGGER_TYPES,
} from "../definition"
import { everyNodeJourney, minimalJourney } from "./fixtures"

describe("definitionSchema", () => {
  it("parses a journey using every node type, as written but for defaults", () => {
    const input = everyNodeJourney()
    const parsed = definitionSchema.parse(input)
    expect(parsed).toMatchObject(input)
    expect(parsed.nodes.find((node) => node.id === "m3")).toMatchObject({ category: "marketing" })
  })

  it("fills the documented defaults: send category marketing, wait_until zone recipient", () => {
    const parsed = definitionSchema.parse({
      ...minimalJourney(),
      nodes: [
        { id: "s1", type: "send", channel: "push", template_id: "t" },
        { id: "w1", type: "wait_until", from: "09:00", to: "17:00" },
        { id: "x1", type: "exit" },
      ],
    })
    expect(parsed.nodes[0]).toEqual({ id: "s1", type: "send", channel: "push", template_id: "t", category: "marketing" })
    expect(parsed.nodes[1]).toEqual({ id: "w1", type: "wait_until", from: "09:00", to: "17:00", zone: "recipient" })
  })

  it.each([
    [{ type: "event", event: "order.placed", where: { field: "order.total", op: "gt", value: 200 } }],
    [{ type: "cart_abandoned", idle_minutes: 60 }],
    [{ type: "segment", segment_id: "seg_atlanta" }],
    [{ type: "customer_created" }],
  ])("accepts the trigger %j", (trigger) => {
    expect(triggerSchema.parse(trigger)).toEqual(trigger)
  })

  it.each([
    ["an unknown trigger type", { type: "cron" }],
    ["an empty event name", { type: "event", event: "" }],
    ["a fractional idle time", { type: "cart_abandoned", idle_minutes: 1.5 }],
    ["a segment without id", { type: "segment" }],
    ["an extra field", { type: "customer_created", where: { field: "customer.email", op: "exists" } }],
  ])("refuses %s", (_, trigger) => {
    expect(triggerSchema.safeParse(trigger).success).toBe(false)
  })

  it("refuses unknown fields at every level, so typos are caught", () => {
    expect(definitionSchema.safeParse({ ...minimalJourney(), version: 2 }).success).toBe(false)
    const typo = { ...minimalJourney(), settings: { reentry: "once", timezone: "UTC", time_zone: "UTC" } }
    expect(definitionSchema.safeParse(typo).success).toBe(false)
    expect(nodeSchema.safeParse({ id: "w1", type: "wait", duration: "P1D", durration: "P2D" }).success).toBe(false)
  })

  it("refuses schema versions other than 1", () => {
    expect(definitionSchema.safeParse({ ...minimalJourney(), schema_version: 2 }).success).toBe(false)
  })

  it("lists the node and trigger types", () => {
    expect(NODE_TYPES).toEqual([
      "send",
      "wait",
      "wait_until",
      "wait_for_event",
      "condition",
      "random_split",
      "frequency_cap",
      "update_customer",
      "webhook",
      "exit",
    ])
    expect(TRIGGER_TYPES).toEqual(["event", "cart_abandoned", "segment", "customer_created"])
    expect(isNodeType("wait")).toBe(true)
    expect(isNodeType("constructor")).toBe(false)
  })
})

describe("outputPorts", () => {
  const nodes: [JourneyNode, string[]][] = [
    [{ id: "s", type: "send", channel: "email", template_id: "t", category: "marketing" }, ["next"]],
    [{ id: "w", type: "wait", duration: "P1D" }, ["next"]],
    [{ id: "u", type: "wait_until", from: "09:00", to: "17:00", zone: "recipient" }, ["next"]],
    [{ id: "m", type: "update_customer", add_to_group: "g" }, ["next"]],
    [{ id: "h", type: "webhook", url: "https://example.com" }, ["next"]],
    [{ id: "c", type: "condition", branches: [{ port: "vip", where: { field: "customer.email", op: "exists" } }] }, ["vip", "else"]],
    [{ id: "r", type: "random_split", branches: [{ port: "a", percent: 30 }, { port: "b", percent: 70 }] }, ["a", "b"]],
    [{ id: "f", type: "frequency_cap", max: 1, within: "P2D" }, ["ok", "capped"]],
    [{ id: "e", type: "wait_for_event", timeout: "P1D", events: [{ port: "push_opened", event: "message.opened" }] }, ["push_opened", "timeout"]],
    [{ id: "g", type: "wait_for_event", events: [{ port: "bought", event: "order.placed" }] }, ["bought"]],
    [{ id: "x", type: "exit" }, []],
  ]

  it.each(nodes)("%j leaves by %j", (node, ports) => {
    expect(outputPorts(node)).toEqual(ports)
  })
})
