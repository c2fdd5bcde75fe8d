import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { PUSH_INVALID_TOKENS_EVENT, type PushInvalidTokensData } from "../providers/firebase/events"
import { removePushDevicesWorkflow } from "../workflows"

/** Deletes the device tokens a push provider reported dead, so no later push goes to them. */
export default async function journeysPushInvalidTokens({ event, container }: SubscriberArgs<PushInvalidTokensData>) {
  const tokens = (event.data.tokens ?? []).map((entry) => entry.token)
  await removePushDevicesWorkflow(container).run({ input: { tokens, customer_id: null } })
}

export const config: SubscriberConfig = {
  event: PUSH_INVALID_TOKENS_EVENT,
  context: { subscriberId: "journeys-push-invalid-tokens" },
}
