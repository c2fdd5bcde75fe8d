import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { CHANNELS } from "../../../../engine"
import { setConsentWorkflow } from "../../../../workflows"
import { consentEntries, customerAddresses, customerConsent } from "../../../utils/customer-consent"
import type { StorePreferencesBody } from "../validators"

/** Per channel: the address, the status (recorded, or implied by the consent policy), whether it was recorded. */
async function preferences(scope: MedusaContainer, customerId: string) {
  const { channels, consent_policy } = await customerConsent(scope, customerId)
  const entries = CHANNELS.map((channel) => {
    const { address, status, recorded } = channels[channel]
    return [channel, { address, status, recorded }] as const
  })
  return { preferences: Object.fromEntries(entries), consent_policy }
}

/** GET /store/journeys/preferences — the signed-in customer's consent per channel. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json(await preferences(req.scope, req.auth_context.actor_id))
}

/** POST /store/journeys/preferences — {email?, sms?, push?}: yes or no per channel; answers as GET. */
export async function POST(req: AuthenticatedMedusaRequest<StorePreferencesBody>, res: MedusaResponse) {
  const customerId = req.auth_context.actor_id
  const answers = Object.fromEntries(
    CHANNELS.flatMap((channel) => {
      const answer = req.validatedBody[channel]
      return answer === undefined ? [] : [[channel, answer ? "subscribed" : "unsubscribed"]]
    })
  )
  const entries = consentEntries(await customerAddresses(req.scope, customerId), answers, { source: "store", customer_id: customerId })
  await setConsentWorkflow(req.scope).run({ input: { entries } })
  res.json(await preferences(req.scope, customerId))
}
