import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { executeEffectsStep, type ExecuteEffectsInput } from "./steps"

export type { EffectTotals, ExecuteEffectsInput } from "./steps"

/** Carries out the effects (customer updates, webhooks) due at `now`; returns how many were done, retried, failed, requeued. */
export const executeEffectsWorkflow = createWorkflow(
  "journeys-execute-effects",
  (input: ExecuteEffectsInput) => new WorkflowResponse(executeEffectsStep(input))
)
