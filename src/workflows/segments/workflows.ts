import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  assertSegmentUnusedStep,
  createSegmentStep,
  deleteSegmentStep,
  retrieveSegmentStep,
  updateSegmentStep,
  validateSegmentRuleStep,
  type SegmentChanges,
  type SegmentFields,
} from "./steps"

export type { SegmentChanges, SegmentFields } from "./steps"

/** Creates a segment: 400 with the rule's problems when it is not valid. */
export const createSegmentWorkflow = createWorkflow("segments-create", (input: SegmentFields) => {
  validateSegmentRuleStep({ rule: input.rule })
  return new WorkflowResponse(createSegmentStep(input))
})

/** Renames, describes or changes the rule of a segment (404 unknown, 400 invalid rule). */
export const updateSegmentWorkflow = createWorkflow("segments-update", (input: SegmentChanges) => {
  retrieveSegmentStep(input.id)
  validateSegmentRuleStep({ rule: input.rule })
  return new WorkflowResponse(updateSegmentStep(input))
})

/** Soft-deletes a segment no live journey starts on (409 otherwise). */
export const deleteSegmentWorkflow = createWorkflow("segments-delete", (input: { id: string }) => {
  retrieveSegmentStep(input.id)
  assertSegmentUnusedStep(input.id)
  return new WorkflowResponse(deleteSegmentStep(input.id))
})
