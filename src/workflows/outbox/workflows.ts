import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { changeOutboxStep, type ChangeOutboxInput } from "./steps"

export type { ChangeOutboxInput } from "./steps"
export { OUTBOX_ACTIONS, type OutboxAction, type OutboxKind } from "./policy"

/** An admin retries a failed message or effect, or cancels a queued one (the outbox page). */
export const changeOutboxWorkflow = createWorkflow("journeys-change-outbox", (input: ChangeOutboxInput) => {
  return new WorkflowResponse(changeOutboxStep(input))
})
