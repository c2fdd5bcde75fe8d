import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  archiveDrainedVersionsStep,
  enrollOnTriggerStep,
  enrollTestCustomersStep,
  fastForwardTestStep,
  handleCustomerEventsStep,
  wakeDueStep,
  type EventInput,
  type TriggerInput,
} from "./steps"
import { completeCartActivityStep, detectAbandonedCartsStep, recordCartActivityStep } from "./carts"
import { enterSegmentStep, type SegmentEntryInput } from "./segments"
import { readSegmentsStep, type SegmentReadsInput } from "./segment-reads"

export type { EventInput, TriggerInput } from "./steps"
export type { SegmentReadsInput } from "./segment-reads"

export const enrollOnTriggerWorkflow = createWorkflow("journeys-enroll-on-trigger", (input: TriggerInput) => {
  return new WorkflowResponse(enrollOnTriggerStep(input))
})

export const wakeDueEnrollmentsWorkflow = createWorkflow(
  "journeys-wake-due-enrollments",
  (input: { now: string; batch_size?: number }) => {
    const woken = wakeDueStep(input)
    archiveDrainedVersionsStep()
    return new WorkflowResponse(woken)
  }
)

/**
 * A customer's event, in order: first the enrollments already waiting for it react (or reach
 * their goal), then journeys that start on it take the customer in — so the event that starts
 * an enrollment is never also its goal. An order also closes the cart it came from.
 */
export const handleCustomerEventWorkflow = createWorkflow(
  "journeys-handle-customer-event",
  (input: { event: EventInput; completed_cart_ids?: string[] }) => {
    completeCartActivityStep(
      transform({ input }, ({ input }) => ({ cart_ids: input.completed_cart_ids ?? [], at: input.event.occurred_at }))
    )
    const outcomes = handleCustomerEventsStep(
      transform({ input }, ({ input }) => ({ events: [input.event] }))
    )
    return new WorkflowResponse(transform({ outcomes }, ({ outcomes }) => outcomes[0]))
  }
)

/** Many customers' events at once, each handled as handleCustomerEventWorkflow would (see recordCustomerEvents). */
export const handleCustomerEventsWorkflow = createWorkflow(
  "journeys-handle-customer-events",
  (input: { events: EventInput[] }) => new WorkflowResponse(handleCustomerEventsStep(input))
)

export const testJourneyWorkflow = createWorkflow(
  "journeys-test",
  (input: { journey_id: string; customer_ids: string[]; version_id?: string; now: string }) =>
    new WorkflowResponse(enrollTestCustomersStep(input))
)

export const advanceTestJourneyWorkflow = createWorkflow(
  "journeys-test-advance",
  (input: { journey_id: string; duration: string; now: string }) => new WorkflowResponse(fastForwardTestStep(input))
)

export const recordCartActivityWorkflow = createWorkflow(
  "journeys-record-cart-activity",
  (input: { cart_ids: string[]; at: string }) => new WorkflowResponse(recordCartActivityStep(input))
)

export const detectAbandonedCartsWorkflow = createWorkflow(
  "journeys-detect-abandoned-carts",
  (input: { now: string; batch_size?: number }) => new WorkflowResponse(detectAbandonedCartsStep(input))
)

/** The segment hook: customers who joined a segment enter the journeys that start on it. */
export const enterSegmentWorkflow = createWorkflow("journeys-enter-segment", (input: SegmentEntryInput) => {
  return new WorkflowResponse(enterSegmentStep(input))
})

/**
 * The segment reads: publishing a segment-trigger version records one, and this workflow (run by
 * the every-minute job) enrolls the segment's members batch by batch, resuming where a stopped
 * worker or an earlier run left off. Returns the reads worked on and how many entered.
 */
export const readSegmentsWorkflow = createWorkflow("journeys-read-segments", (input: SegmentReadsInput) => {
  return new WorkflowResponse(readSegmentsStep(input))
})
