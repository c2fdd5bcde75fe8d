import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { evaluateRule, type SentMessage } from "../../engine"
import { resolveJourneyModule, type JourneyModuleService } from "../../modules/journey"
import type { ClaimedEnrollment, NewEnrollment } from "../../modules/journey/execution-types"
import { entryGuard, historyWindowMs, storedDefinition, transition } from "./transitions"

export type TriggerInput = {
  /** "customer_created", or the name of the commerce / custom event. */
  trigger: { type: "customer_created" } | { type: "event"; event: string }
  /** Idempotency of the entry: the same key never enrolls twice in a journey. */
  key: string
  customer_id: string | null
  email: string | null
  /** What rules and templates see: customer, cart, order, event. */
  context: Record<string, unknown>
  /** ISO time of the trigger (the engine clock). */
  occurred_at: string
  is_test?: boolean
}

/** Messages of these customers since `since`, for frequency caps. */
async function histories(service: JourneyModuleService, claimed: ClaimedEnrollment[], now: Date) {
  const window = Math.max(0, ...claimed.map((e) => { const d = storedDefinition(e.definition); return d ? historyWindowMs(d) : 0 }))
  const customers = [...new Set(claimed.map((e) => e.customer_id).filter((id): id is string => !!id))]
  const byCustomer = new Map<string, SentMessage[]>()
  if (!window || !customers.length) return byCustomer
  const messages = await service.listMessages(
    { customer_id: customers, queued_at: { $gte: new Date(now.getTime() - window) } },
    { select: ["customer_id", "tag", "queued_at"] }
  )
  for (const message of messages) {
    const list = byCustomer.get(message.customer_id!) ?? []
    list.push({ tag: message.tag, queued_at: new Date(message.queued_at) })
    byCustomer.set(message.customer_id!, list)
  }
  return byCustomer
}

/**
 * Enters the customer into every live journey whose published version starts on this trigger,
 * whose `where` matches and whose start/end dates allow it. Paused journeys and drained versions
 * take nobody new. Re-delivery and re-entry are settled by the database (see enroll()).
 */
export const enrollOnTriggerStep = createStep(
  "journeys-enroll-on-trigger",
  async (input: TriggerInput, { container }) => {
    const service = resolveJourneyModule(container)
    const now = new Date(input.occurred_at)
    const published = await service.listJourneyVersions(
      { status: "published" },
      { relations: ["journey"], select: ["id", "definition", "journey.id", "journey.status"] }
    )
    const rows: NewEnrollment[] = []
    for (const version of published) {
      if (version.journey.status !== "live") continue
      const definition = storedDefinition(version.definition)
      if (!definition) continue
      const { trigger, settings } = definition
      const matches =
        trigger.type === input.trigger.type &&
        (trigger.type !== "event" || (input.trigger.type === "event" && trigger.event === input.trigger.event))
      if (!matches) continue
      if (settings.start_at && now < new Date(settings.start_at)) continue
      if (settings.end_at && now >= new Date(settings.end_at)) continue
      if ("where" in trigger && trigger.where && !evaluateRule(trigger.where, input.context, now).matched) continue
      rows.push({
        journey_id: version.journey.id,
        version_id: version.id,
        customer_id: input.customer_id,
        email: input.email,
        context: input.context,
        trigger_key: input.key,
        entry_guard: entryGuard(definition, input.customer_id ?? input.email),
        entered_at: now,
        is_test: input.is_test,
      })
    }
    const { default_timezone } = service.getOptions()
    const entered = await service.enroll(rows, async (claimed) => {
      const history = await histories(service, claimed, now)
      return claimed.map((e) =>
        transition(e, { type: "enter" }, now, { defaultZone: default_timezone, history: history.get(e.customer_id ?? "") })
      )
    })
    return new StepResponse(entered.map((t) => t.id))
  }
)

/**
 * Advances every enrollment whose wait is due at `now`, batch after batch until none is left.
 * Each batch commits on its own, so a crash loses at most the batch in flight, which stays due.
 */
export const wakeDueStep = createStep(
  "journeys-wake-due",
  async (input: { now: string; batch_size?: number }, { container }) => {
    const service = resolveJourneyModule(container)
    const now = new Date(input.now)
    const { batch_size, default_timezone } = service.getOptions()
    const size = input.batch_size ?? batch_size
    let woken = 0
    for (;;) {
      const batch = await service.transitionDue(now, size, async (claimed) => {
        const history = await histories(service, claimed, now)
        return claimed.map((e) =>
          transition(e, { type: "wake" }, now, { defaultZone: default_timezone, history: history.get(e.customer_id ?? "") })
        )
      })
      woken += batch.length
      if (batch.length < size) return new StepResponse(woken)
    }
  }
)

export type EventInput = {
  /** Idempotency: an id already processed is ignored (a re-delivery). */
  id: string
  name: string
  customer_id: string | null
  email: string | null
  /** Seen by rules as `event`. */
  data: Record<string, unknown>
  /** Roots loaded with the event (e.g. the placed order and its customer). */
  context: Record<string, unknown>
  occurred_at: string
}

/**
 * Feeds an event of a customer to the enrollments waiting for it: a wait_for_event reaction,
 * or the journey's goal, which exits them and records the conversion with the order's revenue.
 */
export const reactToEventStep = createStep(
  "journeys-react-to-event",
  async (input: EventInput, { container }) => {
    const service = resolveJourneyModule(container)
    const now = new Date(input.occurred_at)
    const { default_timezone } = service.getOptions()
    const { event: _event, ...roots } = input.context
    const reacted = await service.transitionAwaiting(
      { customer_id: input.customer_id, email: input.email },
      { id: input.id, name: input.name, data: input.data },
      now,
      async (claimed) => {
        const history = await histories(service, claimed, now)
        return claimed.map((e) =>
          transition(
            e,
            { type: "event", name: input.name, data: input.data, occurred_at: now, context: roots },
            now,
            { defaultZone: default_timezone, history: history.get(e.customer_id ?? "") }
          )
        )
      }
    )
    return new StepResponse({ duplicate: reacted === null, enrollment_ids: (reacted ?? []).map((t) => t.id) })
  }
)
