import { createWorkflow, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { reactToEventStep, type EventInput } from "../engine"
import { recordMessageReportStep, setConsentStep, type MessageReportInput } from "./reports"
import type { ConsentEntry } from "../../modules/journey"
import { dispatchOutboxStep, type DispatchOutboxInput } from "./steps"

export type { DispatchOutboxInput, DispatchTotals } from "./steps"
export type { MessageReportInput } from "./reports"

/** Sends the outbox's due messages at `now`; returns how many were sent, retried, failed, requeued. */
export const dispatchOutboxWorkflow = createWorkflow(
  "journeys-dispatch-outbox",
  (input: DispatchOutboxInput) => new WorkflowResponse(dispatchOutboxStep(input))
)

/**
 * A provider's report on a sent message (delivered, opened, clicked, bounced, complained, failed),
 * from a webhook or a signed tracking call: recorded, and the first open or click fed to the
 * journeys as the customer's reaction. `known` is false for a message this store never sent.
 */
export const recordMessageReportWorkflow = createWorkflow(
  "journeys-record-message-report",
  (input: MessageReportInput) => {
    const recorded = recordMessageReportStep(input)
    when({ recorded }, ({ recorded }) => !!recorded.reaction).then(() => {
      reactToEventStep(recorded.reaction as EventInput)
    })
    return new WorkflowResponse({ known: recorded.known })
  }
)

/** Recipients' consent per channel and address; a suppression is only lifted by the admin. */
export const setConsentWorkflow = createWorkflow("journeys-set-consent", (input: { entries: ConsentEntry[] }) => {
  return new WorkflowResponse(setConsentStep(input))
})
