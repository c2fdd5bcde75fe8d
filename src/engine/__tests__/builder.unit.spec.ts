import {
  cartAbandoned,
  customerCreated,
  email,
  event,
  journey,
  JourneyBuildError,
  push,
  segment,
  sms,
} from "../builder"
import { validateDefinition } from "../validate"

const opened = (channel: string) => ({ field: "event.channel", op: "eq" as const, value: channel })

describe("journey builder", () => {
  it("writes a linear sequence, ending at an exit", () => {
    const built = journey("Abandoned cart")
      .trigger(cartAbandoned({ idleMinutes: 60 }))
      .send(email("reminder-1"))
      .wait("PT23H")
      .send(email("reminder-2", { tag: "abandoned-cart" }))
      .build()

    expect(built).toEqual({
      name: "Abandoned cart",
      definition: {
        schema_version: 1,
        trigger: { type: "cart_abandoned", idle_minutes: 60 },
        settings: { reentry: "multiple", timezone: "UTC" },
        entry_node: "n1",
        nodes: [
          { id: "n1", type: "send", channel: "email", template_id: "reminder-1", category: "marketing" },
          { id: "n2", type: "wait", duration: "PT23H" },
          { id: "n3", type: "send", channel: "email", template_id: "reminder-2", category: "marketing", tag: "abandoned-cart" },
          { id: "n4", type: "exit" },
        ],
        edges: [
          { from: "n1", port: "next", to: "n2" },
          { from: "n2", port: "next", to: "n3" },
          { from: "n3", port: "next", to: "n4" },
        ],
      },
    })
    expect(validateDefinition(built.definition)).toMatchObject({ valid: true, definition: built.definition })
  })

  it("writes settings, every trigger and every linear step", () => {
    const built = journey("Everything")
      .trigger(event("order.placed", { field: "order.total", op: "gt", value: 0 }))
      .settings({ reentry: "once", timezone: "Europe/Paris" })
      .settings({
        startAt: "2026-12-01T00:00:00+01:00",
        endAt: "2027-01-01T00:00:00+01:00",
        goal: { event: "order.placed", within: "P7D" },
      })
      .send(sms("sms-1", { category: "transactional", enrich: ["viewed_products"] }), { id: "first" })
      .waitUntil({ days: ["mon", "fri"], from: "09:00", to: "17:00" })
      .waitUntil({ id: "night", from: "22:00", to: "06:00", zone: "journey" })
      .updateCustomer({ metadata: { vip: true }, addToGroup: "cusgroup_1", addToGroupNamed: "High churn risk" })
      .webhook({ url: "https://example.com/hook", body: "{{ customer.id }}" })
      .exit({ id: "done" })
      .build()

    expect(built.definition).toEqual({
      schema_version: 1,
      trigger: { type: "event", event: "order.placed", where: { field: "order.total", op: "gt", value: 0 } },
      settings: {
        reentry: "once",
        timezone: "Europe/Paris",
        start_at: "2026-12-01T00:00:00+01:00",
        end_at: "2027-01-01T00:00:00+01:00",
        goal: { event: "order.placed", within: "P7D" },
      },
      entry_node: "first",
      nodes: [
        { id: "first", type: "send", channel: "sms", template_id: "sms-1", category: "transactional", enrich: ["viewed_products"] },
        { id: "n2", type: "wait_until", days: ["mon", "fri"], from: "09:00", to: "17:00", zone: "recipient" },
        { id: "night", type: "wait_until", from: "22:00", to: "06:00", zone: "journey" },
        { id: "n4", type: "update_customer", metadata: { vip: true }, add_to_group: "cusgroup_1", add_to_group_named: "High churn risk" },
        { id: "n5", type: "webhook", url: "https://example.com/hook", body: "{{ customer.id }}" },
        { id: "done", type: "exit" },
      ],
      edges: [
        { from: "first", port: "next", to: "n2" },
        { from: "n2", port: "next", to: "night" },
        { from: "night", port: "next", to: "n4" },
        { from: "n4", port: "next", to: "n5" },
        { from: "n5", port: "next", to: "done" },
      ],
    })
    expect(journey("x").trigger(customerCreated()).build().definition.trigger).toEqual({ type: "customer_created" })
    expect(journey("x").trigger(segment("seg_1")).build().definition.trigger).toEqual({ type: "segment", segment_id: "seg_1" })
    expect(journey("x").trigger(segment("seg_1", { dedupeByEmail: true, repeat: { at: "09:00", days: ["mon"] } })).build().definition.trigger).toEqual({
      type: "segment", segment_id: "seg_1", dedupe_by_email: true, repeat: { at: "09:00", days: ["mon"] },
    })
  })

  it("joins reaction paths after a wait for event (scenario S1)", () => {
    const built = journey("Multi-channel")
      .trigger(segment("seg_atlanta"))
      .settings({ reentry: "once", timezone: "America/New_York" })
      .send(email("first-message"))
      .send(push("first-message"))
      .waitForEvent({
        events: [
          { port: "push_opened", event: "message.opened", where: opened("push") },
          { port: "email_opened", event: "message.opened", where: opened("email") },
        ],
        timeout: "P1D",
        onTimeout: (path) => path.send(email("reminder")),
      })
      .waitForEvent({ events: [{ port: "bought", event: "order.placed" }], timeout: "P30D", onTimeout: (path) => path.exit() })
      .send(push("thank-you"))
      .build()

    expect(built.definition.nodes).toEqual([
      { id: "n1", type: "send", channel: "email", template_id: "first-message", category: "marketing" },
      { id: "n2", type: "send", channel: "push", template_id: "first-message", category: "marketing" },
      {
        id: "n3",
        type: "wait_for_event",
        timeout: "P1D",
        events: [
          { port: "push_opened", event: "message.opened", where: opened("push") },
          { port: "email_opened", event: "message.opened", where: opened("email") },
        ],
      },
      { id: "n4", type: "send", channel: "email", template_id: "reminder", category: "marketing" },
      { id: "n5", type: "wait_for_event", timeout: "P30D", events: [{ port: "bought", event: "order.placed" }] },
      { id: "n6", type: "exit" },
      { id: "n7", type: "send", channel: "push", template_id: "thank-you", category: "marketing" },
      { id: "n8", type: "exit" },
    ])
    expect(built.definition.edges).toEqual([
      { from: "n1", port: "next", to: "n2" },
      { from: "n2", port: "next", to: "n3" },
      { from: "n3", port: "timeout", to: "n4" },
      { from: "n3", port: "push_opened", to: "n5" },
      { from: "n3", port: "email_opened", to: "n5" },
      { from: "n4", port: "next", to: "n5" },
      { from: "n5", port: "timeout", to: "n6" },
      { from: "n5", port: "bought", to: "n7" },
      { from: "n7", port: "next", to: "n8" },
    ])
  })

  it("writes a condition whose branches join at the next step (scenario S4.a)", () => {
    const built = journey("Abandoned cart by value")
      .trigger(cartAbandoned({ idleMinutes: 60, where: { field: "cart.email", op: "exists" } }))
      .settings({ reentry: "after_exit", timezone: "Europe/Paris", goal: { event: "order.placed" } })
      .condition({
        id: "by-value",
        branches: [{ port: "over200", where: { field: "cart.total", op: "gt", value: 200 }, then: (path) => path.send(email("incentive")) }],
        else: (path) => path.send(email("standard")),
      })
      .wait("P1D")
      .build()

    expect(built.definition).toEqual({
      schema_version: 1,
      trigger: { type: "cart_abandoned", idle_minutes: 60, where: { field: "cart.email", op: "exists" } },
      settings: { reentry: "after_exit", timezone: "Europe/Paris", goal: { event: "order.placed" } },
      entry_node: "by-value",
      nodes: [
        { id: "by-value", type: "condition", branches: [{ port: "over200", where: { field: "cart.total", op: "gt", value: 200 } }] },
        { id: "n2", type: "send", channel: "email", template_id: "incentive", category: "marketing" },
        { id: "n3", type: "send", channel: "email", template_id: "standard", category: "marketing" },
        { id: "n4", type: "wait", duration: "P1D" },
        { id: "n5", type: "exit" },
      ],
      edges: [
        { from: "by-value", port: "over200", to: "n2" },
        { from: "by-value", port: "else", to: "n3" },
        { from: "n2", port: "next", to: "n4" },
        { from: "n3", port: "next", to: "n4" },
        { from: "n4", port: "next", to: "n5" },
      ],
    })
  })

  it("lets ports without a callback go straight to the next step, and ended branches stay ended", () => {
    const built = journey("Re-engagement")
      .trigger(event("product.viewed"))
      .condition({
        branches: [
          {
            port: "high",
            where: { field: "customer.metadata.churn_risk", op: "eq", value: "high" },
            then: (path) => path.updateCustomer({ addToGroup: "High churn risk" }).exit(),
          },
        ],
      })
      .frequencyCap({ tag: "promo", max: 1, within: "P2D", capped: (path) => path.exit() })
      .randomSplit({
        branches: [
          { port: "sms", percent: 50, then: (path) => path.send(sms("follow-up")) },
          { port: "push", percent: 50 },
        ],
      })
      .build()

    expect(built.definition.nodes.map((node) => `${node.id}:${node.type}`)).toEqual([
      "n1:condition",
      "n2:update_customer",
      "n3:exit",
      "n4:frequency_cap",
      "n5:exit",
      "n6:random_split",
      "n7:send",
      "n8:exit",
    ])
    expect(built.definition.edges).toEqual([
      { from: "n1", port: "high", to: "n2" },
      { from: "n2", port: "next", to: "n3" },
      { from: "n1", port: "else", to: "n4" },
      { from: "n4", port: "capped", to: "n5" },
      { from: "n4", port: "ok", to: "n6" },
      { from: "n6", port: "sms", to: "n7" },
      { from: "n7", port: "next", to: "n8" },
      { from: "n6", port: "push", to: "n8" },
    ])
  })

  it("makes loops with goTo", () => {
    const built = journey("Win-back")
      .trigger(customerCreated())
      .wait("P30D", { id: "pause" })
      .frequencyCap({ max: 1, within: "P30D", capped: (path) => path.goTo("pause") })
      .send(email("win-back"))
      .goTo("pause")
      .build()

    expect(built.definition.nodes.map((node) => node.id)).toEqual(["pause", "n2", "n3"])
    expect(built.definition.edges).toEqual([
      { from: "pause", port: "next", to: "n2" },
      { from: "n2", port: "capped", to: "pause" },
      { from: "n2", port: "ok", to: "n3" },
      { from: "n3", port: "next", to: "pause" },
    ])
  })

  it("builds the same definition twice", () => {
    const builder = journey("Twice").trigger(customerCreated()).send(email("welcome"))
    expect(builder.build()).toEqual(builder.build())
  })

  it("refuses an invalid journey, listing every problem", () => {
    const building = () =>
      journey("Broken")
        .trigger(cartAbandoned({ idleMinutes: 0 }))
        .wait("one day")
        .randomSplit({ branches: [{ port: "a", percent: 50 }, { port: "b", percent: 40 }] })
        .build()
    expect(building).toThrow(JourneyBuildError)
    expect(building).toThrow(
      [
        'Journey "Broken" is not valid:',
        "- trigger.idle_minutes: The trigger: idle minutes must be at least 1",
        '- nodes[0].duration: Wait "n1": duration is not a positive ISO 8601 duration such as "PT2H" or "P1D"',
        '- nodes[1].branches: Random split "n2": branches have percentages adding up to 90, not 100',
      ].join("\n")
    )
  })

  it("refuses a loop without a wait", () => {
    const building = () =>
      journey("Spin")
        .trigger(customerCreated())
        .send(email("again"), { id: "again" })
        .goTo("again")
        .build()
    expect(building).toThrow('Send "again" leads back to itself without a wait')
  })

  it("refuses misuse at the call that goes wrong", () => {
    expect(() => journey("No trigger").send(email("x")).build()).toThrow("call .trigger() before .build()")
    expect(() => journey("After exit").exit().send(email("x"))).toThrow('"n2" follows a path that has already ended')
    expect(() =>
      journey("No timeout").waitForEvent({ events: [{ port: "e", event: "x" }], onTimeout: (path) => path.exit() })
    ).toThrow("onTimeout needs a timeout")
  })
})
