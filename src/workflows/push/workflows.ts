import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { resolveJourneyModule } from "../../modules/journey"

type PushDeviceInput = { customer_id: string; token: string; platform: "ios" | "android" | "web" }

const registerPushDeviceStep = createStep(
  "journeys-register-push-device",
  async (input: PushDeviceInput & { at: string }, { container }) => {
    const { at, ...device } = input
    return new StepResponse(await resolveJourneyModule(container).registerPushDevice(device, new Date(at)))
  }
)

const removePushDevicesStep = createStep(
  "journeys-remove-push-devices",
  async (input: { tokens: string[]; customer_id: string | null }, { container }) => {
    return new StepResponse(await resolveJourneyModule(container).removePushDevices(input.tokens, input.customer_id))
  }
)

/** A signed-in customer's device, registered or refreshed; a token another customer had moves to this one. */
export const registerPushDeviceWorkflow = createWorkflow(
  "journeys-register-push-device",
  (input: PushDeviceInput & { at: string }) => new WorkflowResponse(registerPushDeviceStep(input))
)

/**
 * Deletes device tokens: a customer's own (`customer_id`), or any — the push provider reported
 * them dead (`customer_id: null`). Returns the tokens deleted.
 */
export const removePushDevicesWorkflow = createWorkflow(
  "journeys-remove-push-devices",
  (input: { tokens: string[]; customer_id: string | null }) => new WorkflowResponse(removePushDevicesStep(input))
)
