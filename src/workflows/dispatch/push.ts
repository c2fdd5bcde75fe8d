import type { JourneyModuleService } from "../../modules/journey"
import type { ClaimedMessage } from "../../modules/journey/service"
import { signToken } from "../../modules/journey/tokens"

/** Devices one push goes to at most: the customer's most recently seen. */
const MAX_DEVICES = 20

/**
 * What a push adds to its notification's data: `tokens`, the customer's devices, which the push
 * provider sends to; and `push_data` with `open_token`, signed with the plugin's `secret`, that
 * the app posts to /store/journeys/push-opens when the notification is tapped. A customer with
 * no device cannot be reached: an error. Dead tokens come back through the provider's
 * `push.invalid_tokens` event (subscribers/journeys-push-invalid-tokens), not through the send.
 */
export async function pushDelivery(
  service: JourneyModuleService,
  message: ClaimedMessage,
  pushData: Record<string, string>
): Promise<{ tokens: string[]; push_data: Record<string, string> } | { error: string }> {
  const devices = await service.listPushDevices(
    { customer_id: message.recipient },
    { select: ["token"], order: { last_seen_at: "DESC" }, take: MAX_DEVICES }
  )
  if (!devices.length) return { error: "the customer has no registered push device" }
  const { secret } = service.getOptions()
  return {
    tokens: devices.map((device) => device.token),
    push_data: { ...pushData, ...(secret && { open_token: signToken(secret, "push_open", { m: message.id }) }) },
  }
}
