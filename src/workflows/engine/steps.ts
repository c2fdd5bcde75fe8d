import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { MedusaContainer } from "@medusajs/framework/types"
import { generateEntityId } from "@medusajs/framework/utils"
import {
  addDuration,
  checkSegmentRule,
  evaluateRule,
  referencedSegmentIds,
  ruleSegmentIds,
  validateDefinition,
  withSegments,
  type AdvanceInput,
  type JourneyDefinition,
  type SegmentRule,
  type SentMessage,
} from "../../engine"
import {
  resolveJourneyModule,
  SWEEP_LANES,
  type ClaimedEnrollment,
  type DecideTransitions,
  type JourneyModuleService,
  type NewEnrollment,
  type ReactingEnrollment,
} from "../../modules/journey"
import { journeyConflict, notFound } from "../errors"
import { storeChecks } from "../definition-checks"
import { loadCustomerContexts, loadMessageContext } from "../message-context"
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

/**
 * The engine's decision for a claimed batch: each version's definition parsed once, the
 * recipients' recent messages loaded once (as far back as the longest frequency cap), their
 * memberships of the segments the versions' rules name computed once, then the interpreter run on
 * every enrollment with the same input.
 */
export function decideWith(service: JourneyModuleService, input: AdvanceInput, now: Date) {
  return decideEach(service, () => ({ input, now }))
}

/** As decideWith, with each enrollment's own input and clock (a batch of several events). */
export function decideEach<T extends ClaimedEnrollment>(
  service: JourneyModuleService,
  step: (enrollment: T) => { input: AdvanceInput; now: Date }
): DecideTransitions<T> {
  const { default_timezone } = service.getOptions()
  return async (claimed) => {
    const definitions = new Map<string, JourneyDefinition | null>()
    for (const e of claimed) {
      if (!definitions.has(e.version_id)) definitions.set(e.version_id, storedDefinition(e.definition))
    }
    const steps = claimed.map(step)
    const window = Math.max(0, ...[...definitions.values()].map((d) => (d ? historyWindowMs(d) : 0)))
    const times = steps.map(({ now }) => now.getTime())
    const named = [...definitions.values()].flatMap((d) => (d ? segmentsNamed(d).inRules : []))
    const [history, memberships] = await Promise.all([
      recentMessages(service, claimed, new Date(Math.min(...times) - window), window),
      membershipsOf(service, named, claimed.map((e) => e.customer_id), new Date(Math.max(...times))),
    ])
    return claimed.map((e, index) => {
      const { input, now } = steps[index]
      const seen = history.get(e.customer_id ?? "")
      const definition = definitions.get(e.version_id)!
      const segments = definition && segmentsNamed(definition).inRules.length ? memberships.get(e.customer_id ?? "") ?? [] : undefined
      const decided = transition(e, definition, input, now, { defaultZone: default_timezone, history: seen, segments })
      // Another enrollment of the same customer later in this batch must count what this one queued.
      if (window && e.customer_id && decided.messages.length) {
        history.set(e.customer_id, [...(seen ?? []), ...decided.messages.map(({ tag, queued_at }) => ({ tag, queued_at }))])
      }
      return decided
    })
  }
}

/**
 * The segments a definition names in membership rules (`customer.segments`), found once per parsed
 * definition: in the rules the interpreter evaluates, and in the trigger's `where` (before entry).
 */
function segmentsNamed(definition: JourneyDefinition) {
  let named = namedSegments.get(definition)
  if (!named) {
    const { trigger } = definition
    named = { inRules: referencedSegmentIds(definition), inTrigger: "where" in trigger ? ruleSegmentIds(trigger.where) : [] }
    namedSegments.set(definition, named)
  }
  return named
}
const namedSegments = new WeakMap<JourneyDefinition, { inRules: string[]; inTrigger: string[] }>()

/** Customer id → the ids of the segments they belong to, among those asked about. */
type Memberships = ReadonlyMap<string, readonly string[]>

/**
 * The segments each of these customers belongs to at `now`, among `segmentIds`: one query per
 * segment, restricted to the customers. A deleted segment, or one whose rule no longer checks, has
 * no members.
 */
async function membershipsOf(
  service: JourneyModuleService,
  segmentIds: string[],
  customerIds: (string | null)[],
  now: Date
): Promise<Memberships> {
  const byCustomer = new Map<string, string[]>()
  const named = [...new Set(segmentIds)]
  const customers = [...new Set(customerIds.filter((id): id is string => !!id))]
  if (!named.length || !customers.length) return byCustomer
  const segments = await service.listJourneySegments({ id: named }, { select: ["id", "rule"] })
  for (const segment of segments) {
    if (checkSegmentRule(segment.rule).length) continue
    for (const id of await service.listSegmentMembersAmong(segment.rule as SegmentRule, customers, now)) {
      byCustomer.set(id, [...(byCustomer.get(id) ?? []), segment.id])
    }
  }
  return byCustomer
}

/** What the versions' trigger `where` rules read before entry: these customers' memberships of the segments they name. */
export function entryMemberships(
  service: JourneyModuleService,
  definitions: JourneyDefinition[],
  customerIds: (string | null)[],
  now: Date
) {
  return membershipsOf(service, definitions.flatMap((d) => segmentsNamed(d).inTrigger), customerIds, now)
}

/** Messages of these enrollments' customers queued since `since`, by customer (none without a window). */
async function recentMessages(service: JourneyModuleService, claimed: ClaimedEnrollment[], since: Date, windowMs: number) {
  const customers = [...new Set(claimed.map((e) => e.customer_id).filter((id): id is string => !!id))]
  const byCustomer = new Map<string, SentMessage[]>()
  if (!windowMs || !customers.length) return byCustomer
  const messages = await service.listMessages(
    { customer_id: customers, queued_at: { $gte: since } },
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
    const live = await liveVersions(service)
    const memberships = await entryMemberships(service, live.map(({ definition }) => definition), [input.customer_id], now)
    const rows = triggeredEntries(live, input, memberships)
    const entered = await service.enroll(rows, decideWith(service, { type: "enter" }, now))
    return new StepResponse(entered.map((t) => t.id))
  }
)

/** The entries a trigger makes: one per live version that starts on it and lets it in. */
function triggeredEntries(versions: Awaited<ReturnType<typeof liveVersions>>, input: TriggerInput, memberships: Memberships) {
  const now = new Date(input.occurred_at)
  return versions.flatMap(({ version, definition }) => {
    const { trigger } = definition
    const matches =
      trigger.type === input.trigger.type &&
      (trigger.type !== "event" || (input.trigger.type === "event" && trigger.event === input.trigger.event))
    const row = matches && entryRow(version, definition, input, now, memberships)
    return row ? [row] : []
  })
}

/** The published versions of live journeys (paused ones take nobody new), parsed. */
export async function liveVersions(service: JourneyModuleService) {
  const live = await service.listLiveVersions([...publishedDefinitions.keys()])
  return live.flatMap(({ id, journey_id, published_at, definition: stored }) => {
    if (!publishedDefinitions.has(id)) {
      if (publishedDefinitions.size >= MAX_REMEMBERED_DEFINITIONS) publishedDefinitions.clear()
      publishedDefinitions.set(id, storedDefinition(stored))
    }
    const definition = publishedDefinitions.get(id)
    return definition ? [{ version: { id, published_at, journey: { id: journey_id } }, definition }] : []
  })
}

// A version's definition never changes once published (a database trigger refuses it), so each
// is parsed once per process, not once per event.
const publishedDefinitions = new Map<string, JourneyDefinition | null>()
const MAX_REMEMBERED_DEFINITIONS = 1000

/**
 * The entry of a trigger into one version, or null when its dates or its `where` refuse it. A
 * `where` naming segments reads the customer's memberships (see entryMemberships) as `customer.segments`.
 */
export function entryRow(
  version: { id: string; journey: { id: string } },
  definition: JourneyDefinition,
  input: Omit<TriggerInput, "trigger" | "occurred_at">,
  now: Date,
  memberships?: Memberships
): NewEnrollment | null {
  const { trigger, settings } = definition
  if (settings.start_at && now < new Date(settings.start_at)) return null
  if (settings.end_at && now >= new Date(settings.end_at)) return null
  if ("where" in trigger && trigger.where) {
    const segments = memberships?.get(input.customer_id ?? "") ?? []
    const seen = segmentsNamed(definition).inTrigger.length ? withSegments(input.context, segments) : input.context
    if (!evaluateRule(trigger.where, seen, now).matched) return null
  }
  return {
    journey_id: version.journey.id,
    version_id: version.id,
    customer_id: input.customer_id,
    email: input.email,
    context: input.context,
    trigger_key: input.key,
    entry_guard: entryGuard(definition, input.customer_id ?? input.email),
    entered_at: now,
    is_test: input.is_test,
  }
}

/**
 * Advances every enrollment whose wait is due at `now`, batch after batch until none is left.
 * Each batch commits on its own, so a crash loses at most the batch in flight, which stays due.
 */
export const wakeDueStep = createStep(
  "journeys-wake-due",
  async (input: { now: string; batch_size?: number }, { container }) => {
    return new StepResponse(await wakeDue(container, new Date(input.now), input.batch_size))
  }
)

/** A drained version whose last customer has left is archived: the drain is over. */
export const archiveDrainedVersionsStep = createStep("journeys-archive-drained-versions", async (_: void, { container }) => {
  return new StepResponse(await resolveJourneyModule(container).archiveDrainedVersions())
})

async function wakeDue(container: { resolve: <T>(key: string) => T }, now: Date, batchSize?: number) {
  const service = resolveJourneyModule(container)
  const size = batchSize ?? service.getOptions().batch_size
  const decide = decideWith(service, { type: "wake" }, now)
  // Batches in flight at once: while PostgreSQL writes one, Node decides another. Each lane claims
  // its own customers, so no customer is in two open transactions of this process at once — a
  // frequency cap sees what the customer's other enrollments queued.
  const lane = async (index: number) => {
    let woken = 0
    for (;;) {
      const batch = await service.transitionDue(now, size, decide, index)
      woken += batch.length
      if (batch.length < size) return woken
    }
  }
  const woken = await Promise.all(Array.from({ length: SWEEP_LANES }, (_, index) => lane(index)))
  return woken.reduce((sum, count) => sum + count, 0)
}

/**
 * Test mode: enters up to 100 chosen customers into a version of the journey (the published
 * one, else the draft, or the one named), marked as tests so analytics leave them out. The
 * version must be valid; each run is a new entry, whatever the re-entry rule.
 */
export const enrollTestCustomersStep = createStep(
  "journeys-enroll-test-customers",
  async (input: { journey_id: string; customer_ids: string[]; version_id?: string; now: string }, { container }) => {
    const service = resolveJourneyModule(container)
    const versions = await service.listJourneyVersions({ journey_id: input.journey_id })
    const version = input.version_id
      ? versions.find((candidate) => candidate.id === input.version_id)
      : versions.find((candidate) => candidate.status === "published") ?? versions.find((candidate) => candidate.status === "draft")
    if (!version) {
      throw input.version_id ? notFound("Version", input.version_id) : journeyConflict("This journey has no version to test")
    }
    const { valid, errors } = validateDefinition(version.definition, await storeChecks(service))
    if (!valid) throw journeyConflict(`Version ${version.number} has ${errors.length} error(s); fix them before testing`, errors)

    const now = new Date(input.now)
    const run = generateEntityId(undefined, "test")
    const rows: NewEnrollment[] = []
    for (const customerId of new Set(input.customer_ids)) {
      const context = await loadMessageContext(container as MedusaContainer, { customer_id: customerId })
      rows.push({
        journey_id: input.journey_id,
        version_id: version.id,
        customer_id: customerId,
        email: (context.customer as { email?: string | null }).email ?? null,
        context,
        trigger_key: `${run}:${customerId}`,
        entry_guard: null,
        entered_at: now,
        is_test: true,
      })
    }
    const entered = await service.enroll(rows, decideWith(service, { type: "enter" }, now))
    return new StepResponse(entered.map((t) => t.id))
  }
)

/** Test mode: moves the journey's test enrollments `duration` ahead and runs what became due. */
export const fastForwardTestStep = createStep(
  "journeys-fast-forward-test",
  async (input: { journey_id: string; duration: string; now: string }, { container }) => {
    const now = new Date(input.now)
    const ms = addDuration(now, input.duration, "UTC").getTime() - now.getTime()
    const moved = await resolveJourneyModule(container).fastForwardTestEnrollments(input.journey_id, ms)
    return new StepResponse({ moved, woken: await wakeDue(container, now) })
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
  /**
   * Roots loaded with the event (e.g. the placed order and its customer). Without them the
   * customer's are loaded (see handleCustomerEventsStep), and an unknown customer_id is refused.
   */
  context?: Record<string, unknown>
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
    const [reacted] = await service.transitionAwaiting([recorded(input)], reactionDecision(service, [input]))
    return new StepResponse({ duplicate: reacted === null, enrollment_ids: (reacted ?? []).map((t) => t.id) })
  }
)

export type CustomerEventOutcome = {
  /** The event id was processed before: nothing reacted to it again. */
  duplicate: boolean
  /** No customer has the event's customer_id: it was not recorded, nothing reacted to it. */
  unknown_customer: boolean
  reacted: string[]
  entered: string[]
}

/**
 * A batch of customer events, each as handleCustomerEventWorkflow would take it alone: first the
 * enrollments waiting for it react, then the journeys it starts take the customer in. Set-based:
 * one transaction and one statement per table for the whole batch, the live versions read once.
 * The customers' contexts (for events that come without one) and the live versions are read
 * while the transaction records the events and locks the enrollments awaiting them.
 * A customer's events stay in order: the batch runs in rounds holding one event per customer.
 */
export const handleCustomerEventsStep = createStep(
  "journeys-handle-customer-events",
  async (input: { events: EventInput[] }, { container }) => {
    const service = resolveJourneyModule(container)
    const versions = readLater(liveVersions(service))
    const contexts = readLater(
      loadCustomerContexts(
        container as MedusaContainer,
        input.events.flatMap((event) => (!event.context && event.customer_id ? [event.customer_id] : []))
      )
    )
    const outcomes: CustomerEventOutcome[] = input.events.map(() => ({
      duplicate: false,
      unknown_customer: false,
      reacted: [],
      entered: [],
    }))
    for (const round of rounds(input.events)) {
      const events = round.map((index) => input.events[index])
      const plan = readLater(
        Promise.all([versions, contexts]).then(async ([live, loaded]) => {
          const known = events.map((event) => withContext(event, loaded))
          const latest = new Date(Math.max(...events.map((event) => Date.parse(event.occurred_at))))
          const memberships = await entryMemberships(service, live.map(({ definition }) => definition), events.map((e) => e.customer_id), latest)
          return {
            absent: known.flatMap((event, index) => (event ? [] : [index])),
            react: reactionDecision(service, known),
            entries: known.flatMap((event) => (event ? triggeredEntries(live, triggerOf(event), memberships) : [])),
            definitions: new Map<string, unknown>(live.map(({ version, definition }) => [version.id, definition])),
          }
        })
      )
      const result = await service.handleCustomerEvents(
        events.map(recorded),
        plan,
        decideEach(service, (e) => ({ input: { type: "enter" }, now: e.entered_at }))
      )
      const { absent } = await plan
      round.forEach((index, position) => {
        outcomes[index].unknown_customer = absent.includes(position)
        outcomes[index].duplicate = !result.recorded[position] && !outcomes[index].unknown_customer
      })
      for (const { event, id } of result.reacted) outcomes[round[event]].reacted.push(id)
      const byKey = new Map(round.map((index) => [input.events[index].id, index]))
      for (const { trigger_key, id } of result.entered) outcomes[byKey.get(trigger_key)!].entered.push(id)
    }
    return new StepResponse(outcomes)
  }
)

/**
 * A promise read later, maybe never (the transaction failed first): its failure surfaces where
 * it is awaited instead of as an unhandled rejection.
 */
function readLater<T>(promise: Promise<T>) {
  promise.catch(() => undefined)
  return promise
}

/** The event with its customer's context and email address, or null when its customer does not exist. */
function withContext(event: EventInput, loaded: Map<string, { customer: Record<string, unknown> }>) {
  if (event.context) return { ...event, context: event.context }
  if (!event.customer_id) return { ...event, context: {} }
  const context = loaded.get(event.customer_id)
  if (!context) return null
  return { ...event, email: (context.customer.email as string | null) ?? event.email, context }
}

/** Indexes of the events in rounds: each round holds at most one event per customer, in order. */
function rounds(events: EventInput[]) {
  const result: number[][] = []
  const next = new Map<string, number>()
  events.forEach((event, index) => {
    const who = event.customer_id ?? event.email ?? event.id
    const round = next.get(who) ?? 0
    next.set(who, round + 1)
    ;(result[round] ??= []).push(index)
  })
  return result
}

/** The trigger an event is for the journeys it starts: keyed by the event id, seen by rules as `event`. */
function triggerOf(event: EventInput): TriggerInput {
  const { id, name, customer_id, email, data, context, occurred_at } = event
  return { trigger: { type: "event", event: name }, key: id, customer_id, email, context: { ...context, event: { name, data } }, occurred_at }
}

function recorded(event: EventInput) {
  const { id, name, customer_id, email, data, occurred_at } = event
  return { id, name, customer_id, email, data, occurred_at: new Date(occurred_at) }
}

/** Each reacting enrollment advanced by its own event (never an absent one: it reacts to nothing), at that event's time. */
function reactionDecision(service: JourneyModuleService, events: (EventInput | null)[]) {
  return decideEach<ReactingEnrollment>(service, (e) => {
    const { name, data, occurred_at, context = {} } = events[e.event]!
    const now = new Date(occurred_at)
    const { event: _event, ...roots } = context
    return { input: { type: "event", name, data, occurred_at: now, context: roots }, now }
  })
}
