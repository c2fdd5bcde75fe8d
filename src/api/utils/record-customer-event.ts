import type { MedusaContainer } from "@medusajs/framework/types"
import { generateEntityId, MedusaError } from "@medusajs/framework/utils"
import { resolveJourneyModule } from "../../modules/journey"
import { MicroBatcher, type Outcome } from "../../utils/micro-batcher"
import { handleCustomerEventsWorkflow, type EventInput } from "../../workflows"
import { notFound } from "../../workflows/errors"
import { findEventCustomers } from "./find-event-customers"

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
 * Events of many customers at once: their customers found (see findEventCustomers), then one
 * handleCustomerEventsWorkflow run (which loads their contexts). An event that cannot be taken
 * (unknown customer) fails alone.
 */
async function recordCustomerEvents(batch: Submitted[]): Promise<Outcome<EventResult>[]> {
  const { scope } = batch[0]
  const customers = await findEventCustomers(scope, batch.map(({ event }) => event))

  const outcomes: Outcome<EventResult>[] = new Array(batch.length)
  const accepted: { index: number; input: EventInput; id: string }[] = []
  batch.forEach(({ event, ownId, occurred_at }, index) => {
    const customerId = customers[index]
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
