import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { CHANNEL_ADDRESSES, CHANNELS, type Channel } from "../../../../engine"
import { resolveJourneyModule, type ConsentEntry } from "../../../../modules/journey"
import { setConsentWorkflow } from "../../../../workflows"
import type { StorePreferencesBody } from "../validators"

/** The customer's address per channel (`CHANNEL_ADDRESSES`): their email, their phone, their id for push. */
async function addresses(scope: MedusaContainer, customerId: string): Promise<Record<Channel, string | null>> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [customer] } = await query.graph({ entity: "customer", fields: ["id", "email", "phone"], filters: { id: customerId } })
  if (!customer) throw new MedusaError(MedusaError.Types.NOT_FOUND, "Customer not found")
  return Object.fromEntries(CHANNELS.map((channel) => [channel, customer[CHANNEL_ADDRESSES[channel].field] || null])) as Record<Channel, string | null>
}

/**
 * Per channel: the address, the recorded answer (`recorded: true`), or else what the plugin's
 * `consent` policy implies (opt_in: not subscribed; opt_out: subscribed). A channel without an
 * address (no phone) has no status. `suppressed` (hard bounce, complaint) only the store lifts.
 */
async function preferences(scope: MedusaContainer, customerId: string) {
  const service = resolveJourneyModule(scope)
  const policy = service.getOptions().consent
  const to = await addresses(scope, customerId)
  const entries = await Promise.all(
    CHANNELS.map(async (channel) => {
      const address = to[channel]
      if (!address) return [channel, { address: null, status: null, recorded: false }] as const
      const recorded = (await service.consentOf(channel, [address])).values().next().value
      const status = recorded ?? (policy === "opt_out" ? "subscribed" : "unsubscribed")
      return [channel, { address, status, recorded: !!recorded }] as const
    })
  )
  return { preferences: Object.fromEntries(entries), consent_policy: policy }
}

/** GET /store/journeys/preferences — the signed-in customer's consent per channel. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json(await preferences(req.scope, req.auth_context.actor_id))
}

/** POST /store/journeys/preferences — {email?, sms?, push?}: yes or no per channel; answers as GET. */
export async function POST(req: AuthenticatedMedusaRequest<StorePreferencesBody>, res: MedusaResponse) {
  const customerId = req.auth_context.actor_id
  const to = await addresses(req.scope, customerId)
  const entries = CHANNELS.flatMap((channel): ConsentEntry[] => {
    const answer = req.validatedBody[channel]
    if (answer === undefined) return []
    const address = to[channel]
    if (!address) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `${channel}: the customer has no ${CHANNEL_ADDRESSES[channel].noun}`)
    }
    return [{ channel, address, status: answer ? "subscribed" : "unsubscribed", source: "store", customer_id: customerId }]
  })
  await setConsentWorkflow(req.scope).run({ input: { entries } })
  res.json(await preferences(req.scope, customerId))
}
