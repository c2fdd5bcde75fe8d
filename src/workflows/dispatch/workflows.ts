import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { dispatchOutboxStep, type DispatchOutboxInput } from "./steps"

export type { DispatchOutboxInput, DispatchTotals } from "./steps"

/** Sends the outbox's due messages at `now`; returns how many were sent, retried, failed, requeued. */
export const dispatchOutboxWorkflow = createWorkflow(
  "journeys-dispatch-outbox",
  (input: DispatchOutboxInput) => new WorkflowResponse(dispatchOutboxStep(input))
)
