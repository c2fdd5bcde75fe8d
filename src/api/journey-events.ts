import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, generateEntityId, MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { resolveJourneyModule } from "../modules/journey"
import { MicroBatcher, type Outcome } from "../utils/micro-batcher"
import { handleCustomerEventsWorkflow } from "../workflows"
import type { EventInput } from "../workflows/engine/steps"
import { notFound } from "../workflows/errors"

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

type CustomerEventRequest = {
  name: string
  data?: Record<string, unknown>
  id?: string
  customer_id?: string
  email?: string
}

type EventResult = { id: string; duplicate: boolean; reacted: number; entered: number }

type Submitted = { scope: MedusaContainer; event: CustomerEventRequest; ownId: boolean; occurred_at: string }

/**
 * Feeds a customer's event to the journeys: reactions and goals of those inside, then the
 * journeys it starts. Idempotent on the event id — per customer for shoppers (`ownId`), so one
 * shopper's ids can never mark another's events as already seen. Events arriving while others
 * are being handled are handled together with them (see MicroBatcher); a customer's events in
 * the order they came.
 */
export function recordCustomerEvent(
  scope: MedusaContainer,
  event: CustomerEventRequest,
  options: { ownId?: boolean } = {}
): Promise<EventResult> {
  const service = resolveJourneyModule(scope)
  let batcher = batchers.get(service)
  if (!batcher) {
    batcher = new MicroBatcher(recordCustomerEvents, 100)
    batchers.set(service, batcher)
  }
  const submitted = { scope, event, ownId: !!options.ownId, occurred_at: new Date().toISOString() }
  return batcher.submit(submitted)
}

/** One batcher per running application (its journey module). */
const batchers = new WeakMap<object, MicroBatcher<Submitted, EventResult>>()

/**
 * Events of many customers at once: customers found by email in one query, then one
 * handleCustomerEventsWorkflow run (which loads their contexts). An event that cannot be taken
 * (unknown customer) fails alone.
 */
async function recordCustomerEvents(batch: Submitted[]): Promise<Outcome<EventResult>[]> {
  const { scope } = batch[0]
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const emails = [
    ...new Set(batch.flatMap(({ event }) => (!event.customer_id && event.email ? [event.email.toLowerCase()] : []))),
  ]
  const byEmail = new Map<string, string>()
  if (emails.length) {
    const { data } = await query.graph({ entity: "customer", fields: ["id", "email", "has_account"], filters: { email: emails } })
    // A registered account wins over guest records with the same address.
    for (const customer of data as { id: string; email: string; has_account: boolean }[]) {
      const email = customer.email.toLowerCase()
      if (!byEmail.has(email) || customer.has_account) byEmail.set(email, customer.id)
    }
  }

  const outcomes: Outcome<EventResult>[] = new Array(batch.length)
  const accepted: { index: number; input: EventInput; id: string }[] = []
  batch.forEach(({ event, ownId, occurred_at }, index) => {
    const customerId = event.customer_id ?? (event.email && byEmail.get(event.email.toLowerCase())) ?? null
    if (!customerId && !event.email) {
      outcomes[index] = { error: new MedusaError(MedusaError.Types.INVALID_DATA, "The event has no customer") }
      return
    }
    const id = event.id ?? generateEntityId(undefined, "jevt")
    const key = `${event.name}:${ownId && event.id ? `${customerId}:` : ""}${id}`
    const data = event.data ?? {}
    accepted.push({
      index,
      id,
      input: { id: key, name: event.name, customer_id: customerId, email: event.email ?? null, data, occurred_at },
    })
  })
  if (accepted.length) {
    const { result } = await handleCustomerEventsWorkflow(scope).run({
      input: { events: accepted.map(({ input }) => input) },
    })
    accepted.forEach(({ index, id, input }, position) => {
      const outcome = result[position]
      outcomes[index] = outcome.unknown_customer
        ? { error: notFound("Customer", input.customer_id!) }
        : { ok: { id, duplicate: outcome.duplicate, reacted: outcome.reacted.length, entered: outcome.entered.length } }
    })
  }
  return outcomes
}
