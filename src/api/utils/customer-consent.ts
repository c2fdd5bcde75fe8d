import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { CHANNEL_ADDRESSES, CHANNELS, type Channel } from "../../engine"
import { resolveJourneyModule, type ConsentEntry, type ConsentStatus } from "../../modules/journey"
import { normalizeAddress } from "../../modules/journey/tokens"
import { notFound } from "../../workflows/errors"

/** One channel of a customer: the address, and the recorded answer or what the policy implies. */
export type ChannelConsent = {
  address: string | null
  status: ConsentStatus | null
  /** True when the customer (or a provider, or an admin) answered; false when the policy decides. */
  recorded: boolean
  /** When the recorded answer was last set. */
  since: Date | string | null
  /** unsubscribe_link, sms_keyword, provider, store, admin. */
  source: string | null
  /** Why: "complaint", "hard bounce: …", or who in the admin changed it. */
  reason: string | null
}

/** The customer's address per channel (`CHANNEL_ADDRESSES`): their email, their phone, their id for push. 404 when unknown. */
export async function customerAddresses(scope: MedusaContainer, customerId: string): Promise<Record<Channel, string | null>> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [customer] } = await query.graph({ entity: "customer", fields: ["id", "email", "phone"], filters: { id: customerId } })
  if (!customer) throw notFound("Customer", customerId)
  return Object.fromEntries(CHANNELS.map((channel) => [channel, customer[CHANNEL_ADDRESSES[channel].field] || null])) as Record<Channel, string | null>
}

/**
 * Per channel: the address, the recorded answer (`recorded: true`), or else what the plugin's
 * `consent` policy implies (opt_in: not subscribed; opt_out: subscribed). A channel without an
 * address (no phone) has no status. `suppressed` (hard bounce, complaint) only an admin lifts.
 */
export async function customerConsent(scope: MedusaContainer, customerId: string) {
  const service = resolveJourneyModule(scope)
  const policy = service.getOptions().consent
  const to = await customerAddresses(scope, customerId)
  const entries = await Promise.all(
    CHANNELS.map(async (channel): Promise<[Channel, ChannelConsent]> => {
      const address = to[channel]
      if (!address) return [channel, { address: null, status: null, recorded: false, since: null, source: null, reason: null }]
      const [row] = await service.listConsents(
        { channel, address: normalizeAddress(channel, address) },
        { select: ["status", "source", "reason", "updated_at"], take: 1 }
      )
      if (!row) {
        const implied = policy === "opt_out" ? "subscribed" : "unsubscribed"
        return [channel, { address, status: implied, recorded: false, since: null, source: null, reason: null }]
      }
      return [channel, { address, status: row.status, recorded: true, since: row.updated_at, source: row.source, reason: row.reason }]
    })
  )
  return { channels: Object.fromEntries(entries) as Record<Channel, ChannelConsent>, consent_policy: policy }
}

/** Consent entries for a customer's answers; 400 for a channel on which the customer has no address. */
export function consentEntries(
  to: Record<Channel, string | null>,
  answers: Partial<Record<Channel, "subscribed" | "unsubscribed">>,
  recorded: { customer_id: string; source: string; reason?: string | null }
): ConsentEntry[] {
  return CHANNELS.flatMap((channel): ConsentEntry[] => {
    const status = answers[channel]
    if (status === undefined) return []
    const address = to[channel]
    if (!address) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `${channel}: the customer has no ${CHANNEL_ADDRESSES[channel].noun}`)
    }
    return [{ channel, address, status, ...recorded }]
  })
}
