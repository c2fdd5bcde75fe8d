import type { JourneyDefinitionInput } from "../definition"

/**
 * A valid journey that uses every node type: an abandoned-cart sequence with a frequency cap, a
 * value split, a weekday window, a reaction with a timeout, an A/B split, a customer update and a
 * webhook, all ending at one exit.
 */
export function everyNodeJourney(): JourneyDefinitionInput {
  return {
    schema_version: 1,
    trigger: {
      type: "cart_abandoned",
      idle_minutes: 60,
      where: { field: "cart.total", op: "gt", value: 0 },
    },
    settings: {
      reentry: "after_exit",
      start_at: "2026-12-01T09:00:00+01:00",
      end_at: "2027-01-01T00:00:00Z",
      timezone: "Europe/Paris",
      goal: { event: "order.placed", where: { field: "order.total", op: "gte", value: 1 }, within: "P7D" },
    },
    entry_node: "n1",
    nodes: [
      { id: "n1", type: "send", channel: "email", template_id: "reminder-1", category: "marketing", tag: "abandoned-cart" },
      { id: "w1", type: "wait", duration: "P1D" },
      { id: "f1", type: "frequency_cap", tag: "promo", max: 1, within: "P2D" },
      { id: "c1", type: "condition", branches: [{ port: "gt200", where: { field: "cart.total", op: "gt", value: 200 } }] },
      { id: "m2", type: "send", channel: "email", template_id: "reminder-vip", category: "transactional" },
      { id: "w2", type: "wait_until", days: ["mon", "tue", "wed", "thu", "fri"], from: "09:00", to: "17:00", zone: "journey" },
      { id: "m3", type: "send", channel: "sms", template_id: "reminder-sms" },
      {
        id: "r1",
        type: "wait_for_event",
        timeout: "P1D",
        events: [{ port: "push_opened", event: "message.opened", where: { field: "event.channel", op: "eq", value: "push" } }],
      },
      { id: "s1", type: "random_split", branches: [{ port: "a", percent: 50 }, { port: "b", percent: 50 }] },
      { id: "u1", type: "update_customer", metadata: { recovered: true }, add_to_group: "cusgroup_vip" },
      { id: "h1", type: "webhook", url: "https://example.com/hooks/journey", body: '{"customer": "{{ customer.id }}"}' },
      { id: "x1", type: "exit" },
    ],
    edges: [
      { from: "n1", port: "next", to: "w1" },
      { from: "w1", port: "next", to: "f1" },
      { from: "f1", port: "ok", to: "c1" },
      { from: "f1", port: "capped", to: "x1" },
      { from: "c1", port: "gt200", to: "m2" },
      { from: "c1", port: "else", to: "w2" },
      { from: "m2", port: "next", to: "r1" },
      { from: "w2", port: "next", to: "m3" },
      { from: "m3", port: "next", to: "r1" },
      { from: "r1", port: "push_opened", to: "s1" },
      { from: "r1", port: "timeout", to: "x1" },
      { from: "s1", port: "a", to: "u1" },
      { from: "s1", port: "b", to: "h1" },
      { from: "u1", port: "next", to: "x1" },
      { from: "h1", port: "next", to: "x1" },
    ],
  }
}

/** The smallest valid journey: one send, then exit. */
export function minimalJourney(): JourneyDefinitionInput {
  return {
    schema_version: 1,
    trigger: { type: "event", event: "order.placed" },
    settings: { reentry: "multiple", timezone: "UTC" },
    entry_node: "s1",
    nodes: [
      { id: "s1", type: "send", channel: "email", template_id: "thanks" },
      { id: "x1", type: "exit" },
    ],
    edges: [{ from: "s1", port: "next", to: "x1" }],
  }
}

/** fast-check options for "any JavaScript value", the oddest ones included. */
export const ANY_VALUE = {
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
} as const
