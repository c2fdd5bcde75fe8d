import type { ClaimedMessage, JourneyModuleService } from "../../modules/journey"
import { signToken } from "../../modules/journey/tokens"

/** Devices one push goes to at most: the customer's most recently seen. */
const MAX_DEVICES = 20

/**
 * The device tokens of a batch's push recipients (customer ids), most recently seen first, in
 * one query for the whole batch.
 */
export async function pushDevicesOf(service: JourneyModuleService, claimed: ClaimedMessage[]) {
  const customers = [...new Set(claimed.filter((m) => m.channel === "push").map((m) => m.recipient))]
  const tokens = new Map<string, string[]>()
  if (!customers.length) return tokens
  const devices = await service.listPushDevices(
    { customer_id: customers },
    { select: ["customer_id", "token"], order: { last_seen_at: "DESC" }, take: null }
  )
  for (const device of devices) {
    const list = tokens.get(device.customer_id) ?? []
    if (list.length < MAX_DEVICES) list.push(device.token)
    tokens.set(device.customer_id, list)
  }
  return tokens
}

/**
 * What a push adds to its notification's data: `tokens`, the customer's devices, which the push
 * provider sends to; and `push_data` with `open_token`, signed with the plugin's `secret`, that
 * the app posts to /store/journeys/push-opens when the notification is tapped. A customer with
 * no device cannot be reached: an error. Dead tokens come back through the provider's
 * `push.invalid_tokens` event (subscribers/journeys-push-invalid-tokens), not through the send.
 */
export function pushDelivery(
  secret: string | undefined,
  message: ClaimedMessage,
  tokens: string[] | undefined,
  pushData: Record<string, string>
): { tokens: string[]; push_data: Record<string, string> } | { error: string } {
  if (!tokens?.length) return { error: "the customer has no registered push device" }
  return {
    tokens,
    push_data: { ...pushData, ...(secret && { open_token: signToken(secret, "push_open", { m: message.id }) }) },
  }
}
