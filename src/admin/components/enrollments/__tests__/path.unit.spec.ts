import { advance, type AdvanceInput, type EnrollmentState, type JourneyDefinition } from "../../../../engine"
import type { EnrollmentActivity } from "../../../lib/api-enrollments"
import { TRIGGER_ID } from "../../../lib/editor/draft"
import { enrollmentPath } from "../path"

const T0 = new Date("2026-03-02T09:00:00.000Z")
const DAY = 86_400_000

const definition = {
  schema_version: 1,
  trigger: { type: "customer_created" },
  settings: { reentry: "once", timezone: "UTC" },
  entry_node: "vip_check",
  nodes: [
    { id: "vip_check", type: "condition", branches: [{ port: "vip", where: { field: "customer.email", op: "contains", value: "vip" } }] },
    { id: "vip_exit", type: "exit" },
    { id: "hello", type: "send", channel: "email", template_id: "jtpl_1" },
    { id: "later", type: "wait", duration: "P1D" },
    { id: "done", type: "exit" },
  ],
  edges: [
    { from: "vip_check", port: "vip", to: "vip_exit" },
    { from: "vip_check", port: "else", to: "hello" },
    { from: "hello", port: "next", to: "later" },
    { from: "later", port: "next", to: "done" },
  ],
} as unknown as JourneyDefinition

/** The interpreter's lines for `inputs` one after the other, as the API returns them, and where it left the customer. */
function walked(journey: JourneyDefinition, email: string, inputs: AdvanceInput["type"][]) {
  let state: EnrollmentState = {
    id: "jenr_1", status: "active", current_node: null, wake_at: null, awaiting: null, state: null, exit_reason: null,
    context: { customer: { email } }, entered_at: T0,
  }
  const activities: EnrollmentActivity[] = []
  inputs.forEach((type, call) => {
    const result = advance(journey, state, { type } as AdvanceInput, new Date(T0.getTime() + call * DAY))
    state = result.state
    for (const line of result.activities) {
      activities.push({
        id: `act_${activities.length}`, type: line.type, node_id: line.node_id, reason: line.reason,
        data: line.data ?? null, occurred_at: line.occurred_at.toISOString(),
      })
    }
  })
  return { activities, current_node: state.current_node }
}

const line = (type: string, node_id: string | null, data: Record<string, unknown> | null = null): EnrollmentActivity => ({
  id: `act_${type}_${node_id}`, type, node_id, reason: null, data, occurred_at: T0.toISOString(),
})

describe("a customer's path on the canvas", () => {
  it("follows the branch a condition took, and not the other", () => {
    const path = enrollmentPath(definition, walked(definition, "vip.ada@example.com", ["enter"]))
    expect([...path.visited]).toEqual([TRIGGER_ID, "vip_check", "vip_exit"])
    expect([...path.taken]).toEqual([`${TRIGGER_ID}:next`, "vip_check:vip"])
    expect(path.current).toBe("vip_exit")
  })

  it("stops at the wait where the customer stands, then goes on once woken", () => {
    const waiting = enrollmentPath(definition, walked(definition, "bob@example.com", ["enter"]))
    expect([...waiting.visited]).toEqual([TRIGGER_ID, "vip_check", "hello", "later"])
    expect([...waiting.taken]).toEqual([`${TRIGGER_ID}:next`, "vip_check:else", "hello:next"])
    expect(waiting.current).toBe("later")

    const done = enrollmentPath(definition, walked(definition, "bob@example.com", ["enter", "wake"]))
    expect([...done.visited]).toEqual([TRIGGER_ID, "vip_check", "hello", "later", "done"])
    expect(done.taken.has("later:next")).toBe(true)
    expect(done.taken.has("vip_check:vip")).toBe(false)
    expect(done.current).toBe("done")
  })

  it("tells two ports leading to the same step apart by the port recorded", () => {
    const converging = {
      ...definition,
      edges: [
        { from: "vip_check", port: "vip", to: "hello" },
        { from: "vip_check", port: "else", to: "hello" },
        { from: "hello", port: "next", to: "done" },
      ],
    } as JourneyDefinition
    expect([...enrollmentPath(converging, walked(converging, "vip.ada@example.com", ["enter"])).taken]).toContain("vip_check:vip")
    expect([...enrollmentPath(converging, walked(converging, "bob@example.com", ["enter"])).taken]).not.toContain("vip_check:vip")
  })

  it("reads no move back from lines written later about a step passed (a message skipped, an effect's outcome, an admin's action)", () => {
    const { activities, current_node } = walked(definition, "bob@example.com", ["enter"])
    const later = [
      ...activities,
      line("message_skipped", "hello", { message_id: "msg_1" }),
      line("admin_action", "hello", { message_id: "msg_1", action: "retry" }),
      line("error", "hello", { effect_id: "eff_1" }),
    ]
    const path = enrollmentPath(definition, { activities: later, current_node })
    expect([...path.taken]).toEqual([`${TRIGGER_ID}:next`, "vip_check:else", "hello:next"])
  })

  it("keeps the steps a failed call went through, though the call's own lines were dropped", () => {
    const path = enrollmentPath(definition, {
      activities: [
        line("entered", "vip_check"),
        line("error", "hello", { visited: ["vip_check", "hello"] }),
      ],
      current_node: "hello",
    })
    expect([...path.visited]).toEqual([TRIGGER_ID, "vip_check", "hello"])
    expect([...path.taken]).toEqual([`${TRIGGER_ID}:next`, "vip_check:else"])
  })
})
