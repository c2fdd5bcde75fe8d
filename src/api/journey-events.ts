import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, generateEntityId, MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { handleCustomerEventWorkflow } from "../workflows"
import { loadMessageContext } from "../workflows/message-context"

/** Event names as Medusa writes them: dot-separated words (`product.viewed`). */
const eventName = z
  .string()
  .max(100)
  .regex(/^[a-z0-9_]+(\.[a-z0-9_]+)*$/, { message: "name must be lowercase words joined by dots, like product.viewed" })

const eventFields = {
  name: eventName,
  data: z.record(z.string(), z.unknown()).optional(),
  /** The caller's id for the event: sending it again changes nothing. */
  id: z.string().min(1).max(200).optional(),
}

export const AdminCustomerEventBody = z
  .strictObject({ ...eventFields, customer_id: z.string().min(1).optional(), email: z.email().optional() })
  .refine((body) => body.customer_id || body.email, { message: "Give the customer_id or the email of the customer" })
export type AdminCustomerEventBody = z.infer<typeof AdminCustomerEventBody>

/** Names a shopper may not send: Medusa's own events and the plugin's reactions (a faked order.placed would fake a conversion). */
const RESERVED = /^(order|cart|customer|payment|fulfillment|return|claim|exchange|message|auth|user|invite)\./

export const StoreCustomerEventBody = z.strictObject({
  ...eventFields,
  name: eventName.refine((name) => !RESERVED.test(name), { message: "this event name is reserved for the store itself" }),
})
export type StoreCustomerEventBody = z.infer<typeof StoreCustomerEventBody>

/**
 * Feeds a customer's event to the journeys: reactions and goals of those inside, then the
 * journeys it starts. Idempotent on the event id — per customer for shoppers (`ownId`), so one
 * shopper's ids can never mark another's events as already seen.
 */
export async function recordCustomerEvent(
  scope: MedusaContainer,
  event: { name: string; data?: Record<string, unknown>; id?: string; customer_id?: string; email?: string },
  options: { ownId?: boolean } = {}
) {
  let customerId = event.customer_id ?? null
  if (!customerId && event.email) {
    const query = scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "customer",
      fields: ["id", "has_account"],
      filters: { email: event.email.toLowerCase() },
    })
    customerId = (data.find((customer: { has_account: boolean }) => customer.has_account) ?? data[0])?.id ?? null
  }
  const context = customerId ? await loadMessageContext(scope, { customer_id: customerId }) : {}
  const customer = context.customer as { email?: string | null } | undefined
  const email = customer?.email ?? event.email ?? null
  if (!customerId && !email) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "The event has no customer")
  }
  const id = event.id ?? generateEntityId(undefined, "jevt")
  const key = `${event.name}:${options.ownId && event.id ? `${customerId}:` : ""}${id}`
  const data = event.data ?? {}
  const occurred_at = new Date().toISOString()
  const { result } = await handleCustomerEventWorkflow(scope).run({
    input: {
      event: { id: key, name: event.name, customer_id: customerId, email, data, context, occurred_at },
      trigger: {
        trigger: { type: "event", event: event.name },
        key,
        customer_id: customerId,
        email,
        context: { ...context, event: { name: event.name, data } },
        occurred_at,
      },
    },
  })
  return {
    id,
    duplicate: result.reacted.duplicate,
    reacted: result.reacted.enrollment_ids.length,
    entered: result.entered.length,
  }
}
