import { definitionSchema, JourneyDefinitionInput, NODE_TYPES } from "../definition"
import { DefinitionError, referencedSegmentIds, ruleSegmentIds, TemplateSummary, validateDefinition } from "../validate"
import { everyNodeJourney, minimalJourney } from "./fixtures"

type Fields = Record<string, unknown>

/** A copy of `base` changed by `change`, which may break it in any way. */
function journeyWith(
  change: (journey: Fields, node: (id: string) => Fields, edges: Fields[]) => void,
  base: JourneyDefinitionInput = everyNodeJourney()
): Fields {
  const journey = structuredClone(base) as Fields
  const nodes = journey.nodes as Fields[]
  const node = (id: string) => nodes.find((candidate) => candidate.id === id) as Fields
  change(journey, node, journey.edges as Fields[])
  return journey
}

/** Exactly these errors, no echo of them elsewhere. */
function expectOnly(input: unknown, errors: DefinitionError | DefinitionError[]): void {
  expect(validateDefinition(input)).toEqual({ valid: false, errors: Array.isArray(errors) ? errors : [errors] })
}

describe("validateDefinition: valid journeys", () => {
  it("accepts a journey using every node type and returns it parsed", () => {
    const input = everyNodeJourney()
    expect(validateDefinition(input)).toEqual({ valid: true, errors: [], definition: definitionSchema.parse(input) })
  })

  it("fills defaults in the returned definition", () => {
    const result = validateDefinition(minimalJourney())
    expect(result.definition?.nodes[0]).toMatchObject({ category: "marketing" })
  })

  const minimalOf: Record<(typeof NODE_TYPES)[number], Fields> = {
    send: { type: "send", channel: "sms", template_id: "t" },
    wait: { type: "wait", duration: "PT2H" },
    wait_until: { type: "wait_until", from: "22:00", to: "08:00" },
    wait_for_event: { type: "wait_for_event", timeout: "P3D", events: [{ port: "bought", event: "order.placed" }] },
    condition: { type: "condition", branches: [{ port: "fr", where: { field: "customer.metadata.locale", op: "eq", value: "fr" } }] },
    random_split: { type: "random_split", branches: [{ port: "a", percent: 33.3 }, { port: "b", percent: 33.3 }, { port: "c", percent: 33.4 }] },
    frequency_cap: { type: "frequency_cap", max: 2, within: "P1W" },
    update_customer: { type: "update_customer", metadata: { churn_risk: "high" } },
    webhook: { type: "webhook", url: "http://localhost:9000/hook" },
    exit: { type: "exit" },
  }

  const portsOf: Partial<Record<(typeof NODE_TYPES)[number], string[]>> = {
    wait_for_event: ["bought", "timeout"],
    condition: ["fr", "else"],
    random_split: ["a", "b", "c"],
    frequency_cap: ["ok", "capped"],
    exit: [],
  }

  it.each(NODE_TYPES)("accepts a journey made of a %s node whose ports all lead to an exit", (type) => {
    const ports = portsOf[type] ?? ["next"]
    const input = {
      ...minimalJourney(),
      entry_node: "a",
      nodes: [{ id: "a", ...minimalOf[type] }, ...(ports.length > 0 ? [{ id: "end", type: "exit" }] : [])],
      edges: ports.map((port) => ({ from: "a", port, to: "end" })),
    }
    expect(validateDefinition(input)).toMatchObject({ valid: true, errors: [] })
  })

  it.each([
    ["event with a rule", { type: "event", event: "order.placed", where: { field: "order.total", op: "gt", value: 200 } }],
    ["cart abandoned", { type: "cart_abandoned", idle_minutes: 120 }],
    ["segment read", { type: "segment", segment_id: "seg_atlanta_born_after_1980" }],
    ["customer created", { type: "customer_created" }],
  ])("accepts the %s trigger", (_, trigger) => {
    expect(validateDefinition({ ...minimalJourney(), trigger }).valid).toBe(true)
  })

  it("accepts several edges into one node, and a loop through a wait", () => {
    const input = journeyWith((_, __, edges) => {
      // n1 -> w1 -> f1 -> … and the capped path loops back to the wait
      edges.find((edge) => edge.from === "f1" && edge.port === "capped")!.to = "w1"
    })
    expect(validateDefinition(input).valid).toBe(true)
  })

  it("accepts a wait for event with no timeout when the journey has a goal", () => {
    const input = journeyWith((_, node, edges) => {
      delete node("r1").timeout
      edges.splice(edges.findIndex((edge) => edge.port === "timeout"), 1)
    })
    expect(validateDefinition(input).valid).toBe(true)
  })

  it("accepts published templates of the right channel", () => {
    const templates = new Map<string, TemplateSummary>([
      ["reminder-1", { channel: "email", status: "published" }],
      ["reminder-vip", { channel: "email", status: "published" }],
      ["reminder-sms", { channel: "sms", status: "published" }],
    ])
    expect(validateDefinition(everyNodeJourney(), { templates }).valid).toBe(true)
  })
})

describe("validateDefinition: shape errors", () => {
  it.each([null, [], "journey", 42, undefined])("refuses %j as a whole", (input) => {
    expectOnly(input, { node_id: null, path: "", message: "The journey must be an object" })
  })

  it("names every missing top-level part", () => {
    expect(validateDefinition({}).errors.map((error) => error.message)).toEqual([
      "The journey has no schema version",
      "The journey has no trigger",
      "The journey has no settings",
      "The journey has no entry node",
      "The journey has no nodes",
      "The journey has no edges",
    ])
  })

  it("reports a missing field on the node, in words", () => {
    expectOnly(
      journeyWith((_, node) => delete node("w1").duration),
      { node_id: "w1", path: "nodes[1].duration", message: 'Wait "w1" has no duration' }
    )
  })

  it("reports a field of the wrong type", () => {
    expectOnly(
      journeyWith((_, node) => (node("f1").max = "1")),
      { node_id: "f1", path: "nodes[2].max", message: 'Frequency cap "f1": max must be a number' }
    )
  })

  it("reports unknown fields", () => {
    expectOnly(
      journeyWith((_, node) => (node("n1").templat = "x")),
      { node_id: "n1", path: "nodes[0].templat", message: 'Send "n1" has an unknown field "templat"' }
    )
  })

  it("reports an unknown node type with the known ones", () => {
    expectOnly(
      journeyWith((_, node) => (node("x1").type = "stop")),
      {
        node_id: "x1",
        path: "nodes[11].type",
        message:
          'Node "x1": type "stop" is not a known type; use one of send, wait, wait_until, wait_for_event, condition, random_split, frequency_cap, update_customer, webhook, exit',
      }
    )
  })

  it("reports an unknown trigger type", () => {
    expectOnly(journeyWith((journey) => (journey.trigger = { type: "cron" })), {
      node_id: null,
      path: "trigger.type",
      message: 'The trigger: type "cron" is not a known type; use one of event, cart_abandoned, segment, customer_created',
    })
  })

  it("reports a value outside its list", () => {
    expectOnly(
      journeyWith((_, node) => (node("n1").channel = "fax")),
      { node_id: "n1", path: "nodes[0].channel", message: 'Send "n1": channel must be one of "email", "sms", "push"' }
    )
  })

  it("reports a node without an id by its position", () => {
    const errors = validateDefinition(journeyWith((_, node) => delete node("x1").id)).errors
    expect(errors).toContainEqual({ node_id: null, path: "nodes[11].id", message: "Exit (node 12) has no id" })
  })

  it("reports an edge without a target", () => {
    expectOnly(
      journeyWith((_, __, edges) => delete edges[0].to),
      // n1's next port is then unconnected too: the edge does not count.
      { node_id: "n1", path: "edges[0].to", message: 'Edge 1 from "n1" has no target node (to)' }
    )
  })

  it("names unknown fields after the object that has them", () => {
    const input = journeyWith((journey, node) => {
      ;(journey.settings as Fields).time_zone = "UTC"
      ;((journey.settings as Fields).goal as Fields).until = "P1D"
      ;(node("s1").branches as Fields[])[0].weight = 1
    })
    expect(validateDefinition(input).errors).toEqual([
      { node_id: null, path: "settings.goal.until", message: 'The goal has an unknown field "until"' },
      { node_id: null, path: "settings.time_zone", message: 'Settings has an unknown field "time_zone"' },
      { node_id: "s1", path: "nodes[8].branches[0].weight", message: 'Random split "s1", branch "a" has an unknown field "weight"' },
    ])
  })

  it("reads keys such as constructor and __proto__ as plain data", () => {
    const input = JSON.parse(
      JSON.stringify(minimalJourney()).replace('"to":"x1"}', '"to":"x1","constructor":1,"__proto__":2}')
    ) as unknown
    expect(validateDefinition(input).errors).toEqual([
      { node_id: "s1", path: "edges[0].constructor", message: 'Edge 1 from "s1" has an unknown field "constructor"' },
      { node_id: "s1", path: "edges[0].__proto__", message: 'Edge 1 from "s1" has an unknown field "__proto__"' },
    ])
    const exotic = {
      ...minimalJourney(),
      entry_node: "constructor",
      nodes: [
        { id: "constructor", type: "condition", branches: [{ port: "toString", where: { field: "customer.email", op: "exists" } }] },
        { id: "__proto__", type: "exit" },
      ],
      edges: [
        { from: "constructor", port: "toString", to: "__proto__" },
        { from: "constructor", port: "else", to: "__proto__" },
      ],
    }
    expect(validateDefinition(exotic).valid).toBe(true)
  })

  it("reads holes in a sparse node list as missing nodes", () => {
    const nodes = [{ id: "s1", type: "send", channel: "email", template_id: "thanks" }, { id: "x1", type: "exit" }]
    const input = { ...minimalJourney(), nodes: [nodes[0], , nodes[1]] } // eslint-disable-line no-sparse-arrays
    expectOnly(input, { node_id: null, path: "nodes[1]", message: "Node 2 must be an object" })
  })

  it("refuses a rule that is not one", () => {
    expectOnly(journeyWith((journey) => ((journey.trigger as Fields).where = "cart.total > 0")), {
      node_id: null,
      path: "trigger.where",
      message:
        'The trigger: rule must be a rule: { "all": [...] }, { "any": [...] }, { "not": {...} } or a condition { "field", "op", "value" }',
    })
  })

  it("refuses a definition nested deeper than any journey", () => {
    let rule: Fields = { field: "cart.total", op: "gt", value: 1 }
    for (let depth = 0; depth < 100; depth++) rule = { not: rule }
    expectOnly(journeyWith((journey) => ((journey.trigger as Fields).where = rule)), {
      node_id: null,
      path: `trigger.where${".not".repeat(62)}`,
      message: "The definition is nested more than 64 levels deep",
    })
  })
})

describe("validateDefinition: graph errors", () => {
  it("reports duplicate node ids", () => {
    const input = journeyWith((journey) => (journey.nodes as Fields[]).push({ id: "w1", type: "exit" }))
    expectOnly(input, { node_id: "w1", path: "nodes[12].id", message: 'Node id "w1" is used by more than one node' })
  })

  it("reports an unknown entry node", () => {
    const input = journeyWith((journey) => (journey.entry_node = "start"))
    expect(validateDefinition(input).errors).toEqual([
      { node_id: null, path: "entry_node", message: 'The entry node "start" is not one of the nodes' },
    ])
  })

  it("reports an edge to an unknown node", () => {
    const input = journeyWith((_, __, edges) => (edges[14].to = "x2"))
    expectOnly(input, { node_id: "h1", path: "edges[14].to", message: 'Edge 15 from Webhook "h1" leads to "x2", which is not a node' })
  })

  it("reports an edge from an unknown node", () => {
    const input = journeyWith((_, __, edges) => edges.push({ from: "ghost", port: "next", to: "x1" }))
    expectOnly(input, { node_id: null, path: "edges[15].from", message: 'Edge 16 starts at "ghost", which is not a node' })
  })

  it("reports an edge leaving by a port the node does not have", () => {
    const input = journeyWith((_, __, edges) => edges.push({ from: "c1", port: "lt200", to: "x1" }))
    expectOnly(input, { node_id: "c1", path: "edges[15].port", message: 'Condition "c1" has no port "lt200"; its ports are gt200, else' })
  })

  it("reports an edge leaving an exit", () => {
    const input = journeyWith((_, __, edges) => edges.push({ from: "x1", port: "next", to: "n1" }))
    expectOnly(input, { node_id: "x1", path: "edges[15].port", message: 'Exit "x1" has no port "next"; it has none, nothing can follow it' })
  })

  it("reports a port with no edge", () => {
    const input = journeyWith((_, __, edges) => edges.splice(3, 1)) // f1 capped -> x1
    expectOnly(input, {
      node_id: "f1",
      path: "nodes[2]",
      message: 'Frequency cap "f1" has no edge leaving by "capped"; connect it to the next step, or to an exit',
    })
  })

  it("reports two edges leaving by the same port", () => {
    const input = journeyWith((_, __, edges) => edges.push({ from: "c1", port: "else", to: "x1" }))
    expectOnly(input, { node_id: "c1", path: "edges[15]", message: 'Condition "c1" has more than one edge leaving by "else"' })
  })

  it("does not call every node unreachable because one edge is unreadable", () => {
    const input = journeyWith((_, __, edges) => (edges[1].from = 42))
    expectOnly(input, [
      { node_id: null, path: "edges[1].from", message: "Edge 2: source node (from) must be text" },
      { node_id: "w1", path: "nodes[1]", message: 'Wait "w1" has no edge leaving by "next"; connect it to the next step, or to an exit' },
    ])
  })

  it("reports nodes that cannot be reached from the entry", () => {
    const input = journeyWith((journey) => {
      ;(journey.nodes as Fields[]).push({ id: "s9", type: "send", channel: "email", template_id: "t" })
      ;(journey.edges as Fields[]).push({ from: "s9", port: "next", to: "x1" })
    })
    expectOnly(input, { node_id: "s9", path: "nodes[12]", message: 'Send "s9" cannot be reached from the entry node' })
  })

  it("reports a loop without a wait, naming its nodes", () => {
    const input = journeyWith((_, __, edges) => (edges.find((edge) => edge.from === "u1")!.to = "s1"))
    expectOnly(input, {
      node_id: "s1",
      path: "nodes[8]",
      message: 'Nodes "s1" and "u1" form a loop without a wait; add a wait, wait until or wait for event to the loop',
    })
  })

  it("reports a node that leads back to itself", () => {
    const input = journeyWith((_, __, edges) => (edges.find((edge) => edge.from === "f1" && edge.port === "capped")!.to = "f1"))
    expectOnly(input, {
      node_id: "f1",
      path: "nodes[2]",
      message: 'Frequency cap "f1" leads back to itself without a wait; add a wait, wait until or wait for event to the loop',
    })
  })

  it("reports a loop without a wait even inside a larger loop that has one", () => {
    const input = journeyWith((_, __, edges) => {
      edges.find((edge) => edge.from === "u1")!.to = "s1" // s1 -> u1 -> s1: no wait
      edges.find((edge) => edge.from === "h1")!.to = "w1" // s1 -> h1 -> w1 -> … -> s1: waits
    })
    expect(validateDefinition(input).errors.map((error) => error.node_id)).toEqual(["s1"])
  })
})

describe("validateDefinition: node errors", () => {
  it("reports random split percentages that do not add up to 100", () => {
    const input = journeyWith((_, node) => ((node("s1").branches as Fields[])[1].percent = 40))
    expectOnly(input, { node_id: "s1", path: "nodes[8].branches", message: 'Random split "s1": branches have percentages adding up to 90, not 100' })
  })

  it("reports a percentage outside 0–100", () => {
    const input = journeyWith((_, node) => {
      const branches = node("s1").branches as Fields[]
      branches[0].percent = 150
      branches[1].percent = -50
    })
    expect(validateDefinition(input).errors).toEqual([
      { node_id: "s1", path: "nodes[8].branches[0].percent", message: 'Random split "s1", branch "a": percent must be between 0 and 100' },
      { node_id: "s1", path: "nodes[8].branches[1].percent", message: 'Random split "s1", branch "b": percent must be between 0 and 100' },
    ])
  })

  it("reports a branch port used twice", () => {
    const input = journeyWith((_, node) => (node("s1").branches as Fields[]).push({ port: "a", percent: 0 }))
    expectOnly(input, { node_id: "s1", path: "nodes[8].branches[2].port", message: 'Random split "s1", branch "a": port "a" is used twice in this node' })
  })

  it("reports an event port used twice", () => {
    const input = journeyWith((_, node) => (node("r1").events as Fields[]).push({ port: "push_opened", event: "message.clicked" }))
    expectOnly(input, { node_id: "r1", path: "nodes[7].events[1].port", message: 'Wait for event "r1", event branch "push_opened": port "push_opened" is used twice in this node' })
  })

  it("reports a condition branch named else", () => {
    const input = journeyWith((_, node) =>
      (node("c1").branches as Fields[]).push({ port: "else", where: { field: "cart.total", op: "lt", value: 10 } })
    )
    expectOnly(input, { node_id: "c1", path: "nodes[3].branches[1].port", message: 'Condition "c1", branch "else": port "else" is reserved; choose another name' })
  })

  it("reports an event branch named timeout", () => {
    const input = journeyWith((_, node) => (node("r1").events as Fields[]).push({ port: "timeout", event: "order.placed" }))
    expectOnly(input, {
      node_id: "r1",
      path: "nodes[7].events[1].port",
      message: 'Wait for event "r1", event branch "timeout": port "timeout" is reserved; choose another name',
    })
  })

  it("reports a wait for event without timeout in a journey without goal", () => {
    const input = journeyWith((journey, node, edges) => {
      delete (journey.settings as Fields).goal
      delete node("r1").timeout
      edges.splice(10, 1)
    })
    expectOnly(input, {
      node_id: "r1",
      path: "nodes[7].timeout",
      message: 'Wait for event "r1" has no timeout and the journey has no goal: customers who never get the event would wait forever',
    })
  })

  it.each([
    ["wait duration", (journey: Fields, node: (id: string) => Fields) => (node("w1").duration = "1 day"), "w1", "nodes[1].duration", 'Wait "w1": duration'],
    ["zero wait", (journey: Fields, node: (id: string) => Fields) => (node("w1").duration = "PT0S"), "w1", "nodes[1].duration", 'Wait "w1": duration'],
    ["event timeout", (journey: Fields, node: (id: string) => Fields) => (node("r1").timeout = "P-1D"), "r1", "nodes[7].timeout", 'Wait for event "r1": timeout'],
    ["cap period", (journey: Fields, node: (id: string) => Fields) => (node("f1").within = "2 days"), "f1", "nodes[2].within", 'Frequency cap "f1": within'],
    ["goal period", (journey: Fields) => (((journey.settings as Fields).goal as Fields).within = "P"), null, "settings.goal.within", "The goal: within"],
  ])("reports an invalid ISO duration: %s", (_, change, nodeId, path, prefix) => {
    expectOnly(journeyWith(change), {
      node_id: nodeId,
      path,
      message: `${prefix} is not a positive ISO 8601 duration such as "PT2H" or "P1D"`,
    })
  })

  it.each([
    [{ from: "9:00" }, "nodes[5].from", 'Wait until "w2": from is not a time of day such as "09:00"'],
    [{ to: "24:00" }, "nodes[5].to", 'Wait until "w2": to is not a time of day such as "09:00"'],
    [{ from: "17:00" }, "nodes[5].to", 'Wait until "w2": to must differ from the start time (from)'],
    [{ days: [] }, "nodes[5].days", 'Wait until "w2": days must list at least one day, or be left out for every day'],
    [
      { days: ["mon", "funday"] },
      "nodes[5].days[1]",
      'Wait until "w2": day 2 must be one of "mon", "tue", "wed", "thu", "fri", "sat", "sun"',
    ],
  ])("reports an invalid time window %j", (change, path, message) => {
    expectOnly(
      journeyWith((_, node) => Object.assign(node("w2"), change)),
      { node_id: "w2", path, message }
    )
  })

  it("reports a frequency cap max below 1 or fractional", () => {
    expectOnly(journeyWith((_, node) => (node("f1").max = 0)), {
      node_id: "f1",
      path: "nodes[2].max",
      message: 'Frequency cap "f1": max must be at least 1',
    })
    expectOnly(journeyWith((_, node) => (node("f1").max = 1.5)), {
      node_id: "f1",
      path: "nodes[2].max",
      message: 'Frequency cap "f1": max must be a whole number',
    })
  })

  it.each(["http://example.com/hook", "ftp://example.com", "not a url", "https//example.com"])("refuses the webhook url %s", (url) => {
    expectOnly(journeyWith((_, node) => (node("h1").url = url)), {
      node_id: "h1",
      path: "nodes[10].url",
      message: 'Webhook "h1": url must be an https:// address',
    })
  })

  it("refuses a webhook body that is not valid Liquid, and takes one that is", () => {
    const [error, ...others] = validateDefinition(journeyWith((_, node) => (node("h1").body = '{"id": {% if customer %}1}'))).errors
    expect(others).toEqual([])
    expect(error).toMatchObject({ node_id: "h1", path: "nodes[10].body" })
    expect(error.message).toMatch(/^Webhook "h1": body is not valid Liquid: tag \{% if customer %\} not closed, line:1, col:8/)
    const body = '{"id": {{ customer.id }}, "vip": {% if customer.metadata.vip %}true{% else %}false{% endif %}}'
    expect(validateDefinition(journeyWith((_, node) => (node("h1").body = body))).valid).toBe(true)
  })

  it.each(["http://localhost:4000/hook", "http://127.0.0.1/hook"])("allows a local http webhook for tests: %s", (url) => {
    expect(validateDefinition(journeyWith((_, node) => (node("h1").url = url))).valid).toBe(true)
  })

  it("reports an update customer that changes nothing", () => {
    const input = journeyWith((_, node) => {
      delete node("u1").metadata
      delete node("u1").add_to_group
    })
    expectOnly(input, { node_id: "u1", path: "nodes[9]", message: 'Update customer "u1" changes nothing: set metadata, add_to_group or add_to_group_named' })
  })
})

describe("validateDefinition: rules", () => {
  it.each([
    [
      "trigger",
      (journey: Fields) => ((journey.trigger as Fields).where = { field: "basket.total", op: "gt", value: 1 }),
      null,
      "trigger.where.field",
      'The trigger, rule: field "basket.total" must start with customer, cart, order, event or enrollment (e.g. "cart.total")',
    ],
    [
      "goal",
      (journey: Fields) => (((journey.settings as Fields).goal as Fields).where = { any: [] }),
      null,
      "settings.goal.where.any",
      'The goal, rule: "any" needs at least one rule',
    ],
    [
      "condition branch",
      (_: Fields, node: (id: string) => Fields) =>
        ((node("c1").branches as Fields[])[0].where = { all: [{ field: "cart.total", op: "greater", value: 200 }] }),
      "c1",
      "nodes[3].branches[0].where.all[0].op",
      'Condition "c1", branch "gt200", rule: op "greater" is unknown; use one of eq, neq, in, nin, gt, gte, lt, lte, contains, exists, before, after, within_last',
    ],
    [
      "wait for event",
      (_: Fields, node: (id: string) => Fields) =>
        ((node("r1").events as Fields[])[0].where = { field: "event.occurred_at", op: "within_last", value: "3 days" }),
      "r1",
      "nodes[7].events[0].where.value",
      'Wait for event "r1", event branch "push_opened", rule: "within_last" needs a positive ISO 8601 duration such as "P2D" (2 days) or "PT12H" (12 hours)',
    ],
  ])("reports an invalid rule in the %s", (_, change, nodeId, path, message) => {
    expectOnly(journeyWith(change), { node_id: nodeId, path, message })
  })

  it("reports a condition branch without a rule", () => {
    expectOnly(
      journeyWith((_, node) => delete (node("c1").branches as Fields[])[0].where),
      { node_id: "c1", path: "nodes[3].branches[0].where", message: 'Condition "c1", branch "gt200" has no rule' }
    )
  })
})

describe("validateDefinition: trigger and settings", () => {
  it.each([
    [0, "The trigger: idle minutes must be at least 1"],
    [1.5, "The trigger: idle minutes must be a whole number"],
    ["60", "The trigger: idle minutes must be a number"],
  ])("requires a positive whole number of idle minutes, not %j", (idle, message) => {
    expectOnly(journeyWith((journey) => ((journey.trigger as Fields).idle_minutes = idle)), {
      node_id: null,
      path: "trigger.idle_minutes",
      message,
    })
  })

  it("requires a segment id for a segment trigger", () => {
    expectOnly(journeyWith((journey) => (journey.trigger = { type: "segment", segment_id: "" })), {
      node_id: null,
      path: "trigger.segment_id",
      message: "The trigger: segment must not be empty",
    })
    expectOnly(journeyWith((journey) => (journey.trigger = { type: "segment" })), {
      node_id: null,
      path: "trigger.segment_id",
      message: "The trigger has no segment",
    })
  })

  it("reports a start after the end", () => {
    expectOnly(journeyWith((journey) => ((journey.settings as Fields).start_at = "2027-02-01T00:00:00+01:00")), {
      node_id: null,
      path: "settings.end_at",
      message: "Settings: end date must be after the start (start_at)",
    })
  })

  it("requires date-times with an offset", () => {
    expectOnly(journeyWith((journey) => ((journey.settings as Fields).start_at = "2026-12-01T09:00")), {
      node_id: null,
      path: "settings.start_at",
      message: 'Settings: start date is not an ISO 8601 date-time with an offset, such as "2026-12-01T09:00:00+01:00"',
    })
  })

  it("reports an unknown time zone", () => {
    expectOnly(journeyWith((journey) => ((journey.settings as Fields).timezone = "Europe/Atlantis")), {
      node_id: null,
      path: "settings.timezone",
      message: 'Settings: timezone is not an IANA time zone such as "Europe/Paris"',
    })
  })

  it("reports an unknown re-entry policy", () => {
    expectOnly(journeyWith((journey) => ((journey.settings as Fields).reentry = "twice")), {
      node_id: null,
      path: "settings.reentry",
      message: 'Settings: reentry must be one of "multiple", "once", "after_exit"',
    })
  })
})

describe("validateDefinition: templates", () => {
  const templates = new Map<string, TemplateSummary>([
    ["reminder-1", { channel: "email", status: "published" }],
    ["reminder-vip", { channel: "email", status: "draft" }],
    ["reminder-sms", { channel: "email", status: "published" }],
  ])

  it("reports missing, unpublished and wrong-channel templates on their send nodes", () => {
    const input = journeyWith((_, node) => (node("n1").template_id = "reminder-0"))
    expect(validateDefinition(input, { templates })).toEqual({
      valid: false,
      errors: [
        { node_id: "n1", path: "nodes[0].template_id", message: 'Send "n1" uses template "reminder-0", which does not exist' },
        { node_id: "m2", path: "nodes[4].template_id", message: 'Send "m2" uses template "reminder-vip", which is not published' },
        { node_id: "m3", path: "nodes[6].template_id", message: 'Send "m3" uses template "reminder-sms", which is for email, not sms' },
      ],
    })
  })

  it("does not check templates when none are given", () => {
    expect(validateDefinition(everyNodeJourney()).valid).toBe(true)
  })
})

describe("validateDefinition: segments", () => {
  const member = (segment: string) => ({ field: "customer.segments", op: "contains", value: segment })
  const naming = journeyWith((journey, node) => {
    journey.trigger = { type: "segment", segment_id: "jseg_audience" }
    node("c1").branches = [{ port: "gt200", where: { all: [{ field: "cart.total", op: "gt", value: 200 }, member("jseg_vip")] } }]
    const goal = (journey.settings as Fields).goal as Fields
    goal.where = { not: member("jseg_churned") }
  })

  it("names the segments a definition's rules test membership of, each once, not its trigger's", () => {
    const definition = definitionSchema.parse(naming)
    expect(referencedSegmentIds(definition)).toEqual(["jseg_churned", "jseg_vip"])
    expect(referencedSegmentIds(definitionSchema.parse(everyNodeJourney()))).toEqual([])
    const twice = { any: [member("jseg_a"), { not: { all: [member("jseg_b"), member("jseg_a")] } }, { field: "customer.segments", op: "exists" }] }
    expect(ruleSegmentIds(twice)).toEqual(["jseg_a", "jseg_b"])
    expect(ruleSegmentIds(undefined)).toEqual([])
  })

  it("reports a trigger or a rule naming a segment the store does not have, on its node", () => {
    const segments = new Set(["jseg_vip"])
    expect(validateDefinition(naming, { segments }).errors).toEqual([
      { node_id: null, path: "trigger.segment_id", message: 'The trigger names segment "jseg_audience", which does not exist' },
      { node_id: null, path: "settings.goal.where.not.value", message: 'The goal names segment "jseg_churned", which does not exist' },
    ])
    const vipGone = validateDefinition(naming, { segments: new Set(["jseg_audience", "jseg_churned"]) })
    expect(vipGone.errors).toEqual([
      {
        node_id: "c1",
        path: "nodes[3].branches[0].where.all[1].value",
        message: 'Condition "c1", branch "gt200" names segment "jseg_vip", which does not exist',
      },
    ])
    expect(validateDefinition(naming, { segments: new Set(["jseg_audience", "jseg_churned", "jseg_vip"]) }).valid).toBe(true)
  })
})

describe("validateDefinition: every problem at once", () => {
  it("reports shape, node, graph and template problems together", () => {
    const input = journeyWith((journey, node, edges) => {
      ;(journey.settings as Fields).timezone = "Nowhere"
      delete node("w1").duration
      edges.push({ from: "c1", port: "lt200", to: "x1" })
      ;(journey.nodes as Fields[]).push({ id: "lost", type: "exit" })
    })
    const result = validateDefinition(input, { templates: new Map() })
    expect(result.valid).toBe(false)
    expect(result.errors.map((error) => error.path)).toEqual([
      "settings.timezone",
      "nodes[1].duration",
      "edges[15].port",
      "nodes[12]",
      "nodes[0].template_id",
      "nodes[4].template_id",
      "nodes[6].template_id",
    ])
  })
})
