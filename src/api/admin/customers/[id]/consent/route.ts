import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { setConsentWorkflow } from "../../../../../workflows"
import { consentEntries, customerAddresses, customerConsent } from "../../../../utils/customer-consent"
import type { AdminCustomerConsentBody } from "../../validators"

/** GET /admin/customers/:id/consent — per channel: address, status, recorded or implied by policy, since, source. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json(await customerConsent(req.scope, req.params.id))
}

/**
 * POST /admin/customers/:id/consent — `{ channel, status, lift_suppression? }`, recorded with
 * source `admin` and the admin user in `reason`. A suppressed address (hard bounce, complaint)
 * changes only with `lift_suppression: true` (409 otherwise): lifting is a deliberate act.
 */
export async function POST(req: AuthenticatedMedusaRequest<AdminCustomerConsentBody>, res: MedusaResponse) {
  const { id } = req.params
  const { channel, status, lift_suppression } = req.validatedBody
  const to = await customerAddresses(req.scope, id)
  const { channels } = await customerConsent(req.scope, id)
  const current = channels[channel]
  const lifting = current.status === "suppressed"
  if (lifting && !lift_suppression) {
    // Answered here: Medusa's error handler words every CONFLICT as an idempotency clash.
    res.status(409).json({
      type: "conflict",
      message: `${channel} to ${current.address} is suppressed (${current.reason ?? "by the provider"}): send lift_suppression: true to lift it`,
    })
    return
  }
  const actor = req.auth_context.actor_id
  const reason = lifting ? `by ${actor}, lifting a suppression (${current.reason ?? "no reason recorded"})` : `by ${actor}`
  const entries = consentEntries(to, { [channel]: status }, { source: "admin", customer_id: id, reason })
  await setConsentWorkflow(req.scope).run({ input: { entries } })
  res.json(await customerConsent(req.scope, id))
}
