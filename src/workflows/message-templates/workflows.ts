import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  assertHandleAvailableStep,
  assertMessageTemplateUnusedStep,
  createMessageTemplateStep,
  deleteMessageTemplateStep,
  retrieveMessageTemplateStep,
  updateMessageTemplateStep,
  validateMessageTemplateStep,
  type MessageTemplateChanges,
  type MessageTemplateFields,
} from "./steps"

export type { MessageTemplateChanges, MessageTemplateFields } from "./steps"

/** Creates a template: 400 when incomplete for its channel or not valid Liquid, 409 when the handle is taken. */
export const createMessageTemplateWorkflow = createWorkflow(
  "message-templates-create",
  (input: MessageTemplateFields) => {
    validateMessageTemplateStep(input)
    assertHandleAvailableStep({ handle: input.handle })
    return new WorkflowResponse(createMessageTemplateStep(input))
  }
)

/** Changes any field but the channel; the merged template must still be complete and valid. */
export const updateMessageTemplateWorkflow = createWorkflow(
  "message-templates-update",
  (input: MessageTemplateChanges) => {
    const current = retrieveMessageTemplateStep(input.id)
    const merged = transform({ current, input }, ({ current, input }) => ({ ...current, ...input }))
    validateMessageTemplateStep(merged)
    assertHandleAvailableStep({ handle: input.handle, id: input.id })
    return new WorkflowResponse(updateMessageTemplateStep(input))
  }
)

/** Soft-deletes a template no draft, live or draining journey version sends (409 otherwise). */
export const deleteMessageTemplateWorkflow = createWorkflow(
  "message-templates-delete",
  (input: { id: string }) => {
    retrieveMessageTemplateStep(input.id)
    assertMessageTemplateUnusedStep(input.id)
    return new WorkflowResponse(deleteMessageTemplateStep(input.id))
  }
)
