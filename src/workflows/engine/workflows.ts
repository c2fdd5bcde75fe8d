import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { enrollOnTriggerStep, wakeDueStep, type TriggerInput } from "./steps"

export const enrollOnTriggerWorkflow = createWorkflow("journeys-enroll-on-trigger", (input: TriggerInput) => {
  return new WorkflowResponse(enrollOnTriggerStep(input))
})

export const wakeDueEnrollmentsWorkflow = createWorkflow(
  "journeys-wake-due-enrollments",
  (input: { now: string; batch_size?: number }) => new WorkflowResponse(wakeDueStep(input))
)
