import { validateDefinition, type TemplateSummary } from "../../../../engine"
import { toCanvas } from "../canvas"
import { readDraft, TRIGGER_ID, TRIGGER_PORT, type DraftDefinition } from "../draft"
import {
  appendAtPort,
  createNode,
  duplicateBranch,
  insertOnEdge,
  updateNode,
  updateSettings,
  updateTrigger,
} from "../operations"
import { deepFreeze } from "./helpers"

/**
 * Scenario S4-a, abandoned cart by value, built as a merchant builds it on the canvas: carts over
 * 200 get a reminder with an incentive, the others a standard reminder, in office hours.
 */
describe("building the abandoned-cart-by-value journey with the editor's operations", () => {
  const steps: ((draft: DraftDefinition) => DraftDefinition)[] = [
    (draft) => updateTrigger(draft, { type: "cart_abandoned", idle_minutes: 60 }),
    (draft) => updateSettings(draft, { reentry: "after_exit", timezone: "Europe/Paris", goal: { event: "order.placed", within: "P7D" } }),
    (draft) => appendAtPort(draft, TRIGGER_ID, TRIGGER_PORT, createNode("condition", draft)),
    (draft) =>
      updateNode(draft, "condition_1", { branches: [{ port: "over_200", where: { field: "cart.total", op: "gt", value: 200 } }] }),
    (draft) => appendAtPort(draft, "condition_1", "over_200", createNode("send", draft)),
    (draft) => updateNode(draft, "send_1", { template_id: "cart-reminder-incentive", tag: "abandoned-cart" }),
    (draft) => appendAtPort(draft, "send_1", "next", createNode("exit", draft)),
    // The standard reminder is the same path with another template.
    (draft) => duplicateBranch(draft, "condition_1", "over_200"),
    (draft) => updateNode(draft, "send_2", { template_id: "cart-reminder" }),
    (draft) => insertOnEdge(draft, { from: TRIGGER_ID, port: TRIGGER_PORT }, createNode("wait_until", draft)),
    (draft) => updateNode(draft, "wait_until_1", { days: ["mon", "tue", "wed", "thu", "fri"] }),
  ]
  const built = steps.reduce((draft, step) => deepFreeze(step(draft)), deepFreeze(readDraft({})))

  it("gives the expected definition", () => {
    expect(built).toStrictEqual({
      schema_version: 1,
      trigger: { type: "cart_abandoned", idle_minutes: 60 },
      settings: { reentry: "after_exit", timezone: "Europe/Paris", goal: { event: "order.placed", within: "P7D" } },
      entry_node: "wait_until_1",
      nodes: [
        { id: "condition_1", type: "condition", branches: [{ port: "over_200", where: { field: "cart.total", op: "gt", value: 200 } }] },
        {
          id: "send_1",
          type: "send",
          channel: "email",
          category: "marketing",
          template_id: "cart-reminder-incentive",
          tag: "abandoned-cart",
        },
        { id: "exit_1", type: "exit" },
        { id: "send_2", type: "send", channel: "email", category: "marketing", template_id: "cart-reminder", tag: "abandoned-cart" },
        { id: "exit_2", type: "exit" },
        {
          id: "wait_until_1",
          type: "wait_until",
          from: "09:00",
          to: "17:00",
          zone: "recipient",
          days: ["mon", "tue", "wed", "thu", "fri"],
        },
      ],
      edges: [
        { from: "condition_1", port: "over_200", to: "send_1" },
        { from: "send_1", port: "next", to: "exit_1" },
        { from: "send_2", port: "next", to: "exit_2" },
        { from: "condition_1", port: "else", to: "send_2" },
        { from: "wait_until_1", port: "next", to: "condition_1" },
      ],
    })
  })

  it("is accepted by the validator, templates included, as it is", () => {
    const published = (channel: TemplateSummary["channel"]): TemplateSummary => ({ channel, status: "published" })
    const templates = new Map([
      ["cart-reminder", published("email")],
      ["cart-reminder-incentive", published("email")],
    ])
    const result = validateDefinition(built, { templates })
    expect(result.errors).toEqual([])
    expect(result.definition).toStrictEqual(built)
  })

  it("draws without a placeholder: every port leads somewhere", () => {
    const { nodes } = toCanvas(built)
    expect(nodes.filter((node) => node.type === "placeholder")).toEqual([])
    expect(nodes).toHaveLength(built.nodes.length + 1)
  })
})
