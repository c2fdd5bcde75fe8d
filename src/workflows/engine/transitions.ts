import {
  advance,
  CHANNEL_ADDRESSES,
  definitionSchema,
  parseDuration,
  resolveZone,
  type AdvanceInput,
  type AdvanceResult,
  type Channel,
  type JourneyDefinition,
  type SentMessage,
} from "../../engine"
import type { ClaimedEnrollment, NewActivity, NewEffect, NewMessage, Transition } from "../../modules/journey"

type Customer = { id?: string; email?: string | null; phone?: string | null; metadata?: Record<string, unknown> | null }

/**
 * Parses a stored (validated at publish) definition; null if it no longer parses. A definition
 * this function returned is returned as it is: callers that keep parsed published definitions
 * (see liveVersions) do not pay for a parse per batch.
 */
export function storedDefinition(definition: unknown): JourneyDefinition | null {
  if (typeof definition === "object" && definition !== null && parsedDefinitions.has(definition)) {
    return definition as JourneyDefinition
  }
  const parsed = definitionSchema.safeParse(definition)
  if (!parsed.success) return null
  parsedDefinitions.add(parsed.data)
  return parsed.data
}
const parsedDefinitions = new WeakSet<object>()

/** The customer id or email that holds a re-entry guard, by the journey's re-entry rule. */
export function entryGuard(definition: JourneyDefinition, who: string | null) {
  return definition.settings.reentry === "multiple" ? null : who
}

/** How far back a journey's frequency caps look: the longest `within` of its caps, in ms. */
export function historyWindowMs(definition: JourneyDefinition) {
  let longest = 0
  for (const node of definition.nodes) {
    if (node.type === "frequency_cap") {
      longest = Math.max(longest, parseDuration(node.within)?.toMillis() ?? 0)
    }
  }
  return longest
}

/** The enrollment's own address first (a guest's email, the customer id), then the customer's. */
function recipient(channel: Channel, enrollment: ClaimedEnrollment, customer: Customer | undefined) {
  const { field } = CHANNEL_ADDRESSES[channel]
  const own = field === "email" ? enrollment.email : field === "id" ? enrollment.customer_id : null
  return own ?? customer?.[field] ?? null
}

/**
 * Runs the pure interpreter on one claimed enrollment and turns its result into the rows the
 * execution store writes: new state, activity, outbox messages (with their recipient), effects
 * (customer updates, webhooks with the context their body renders over), the conversion, and the
 * entry guard released when the re-entry rule allows it.
 */
export function transition(
  enrollment: ClaimedEnrollment,
  definition: JourneyDefinition | null,
  input: AdvanceInput,
  now: Date,
  env: { defaultZone: string; history?: readonly SentMessage[]; segments?: readonly string[] }
): Transition {
  const result: AdvanceResult = definition
    ? advance(
        definition,
        {
          id: enrollment.id,
          status: enrollment.status,
          current_node: enrollment.current_node,
          wake_at: enrollment.wake_at,
          awaiting: enrollment.awaiting,
          context: enrollment.context,
          state: enrollment.state as { arrived_at: string } | null,
          exit_reason: enrollment.exit_reason,
          entered_at: enrollment.entered_at,
        },
        input,
        now,
        {
          zone: resolveZone(
            [((enrollment.context.customer as Customer | undefined)?.metadata?.timezone as string) ?? null],
            definition.settings.timezone ?? env.defaultZone
          ),
          messageHistory: env.history,
          segments: env.segments,
        }
      )
    : failed(enrollment, now, "the journey version's definition no longer parses")

  const customer = result.state.context.customer as Customer | undefined
  const activities: NewActivity[] = [...result.activities]
  const messages: NewMessage[] = []
  const effects: NewEffect[] = []
  let conversion: Transition["conversion"]
  for (const effect of result.effects) {
    if (effect.type === "send") {
      const to = recipient(effect.channel, enrollment, customer)
      if (!to) {
        activities.push({
          type: "message_skipped",
          node_id: effect.node_id,
          reason: `no ${CHANNEL_ADDRESSES[effect.channel].noun} to send to`,
          occurred_at: now,
        })
        continue
      }
      const { type: _type, ...message } = effect
      messages.push({ ...message, recipient: to, queued_at: now })
    } else if (effect.type === "conversion") {
      // The goal's own event carries the order that converted (the enrollment may predate it).
      const fromEvent = input.type === "event" ? input.context?.order : undefined
      const order = (fromEvent ?? result.state.context.order) as { id?: string; total?: number } | undefined
      conversion = { at: effect.occurred_at, order_id: order?.id ?? null, value: typeof order?.total === "number" ? order.total : null }
    } else if (effect.type === "update_customer") {
      if (!enrollment.customer_id) {
        activities.push({ type: "error", node_id: effect.node_id, reason: "no customer to update: the enrollment has only an email address", occurred_at: now })
        continue
      }
      const { metadata, add_to_group, add_to_group_named } = effect
      effects.push({
        type: "update_customer",
        node_id: effect.node_id,
        payload: { ...(metadata && { metadata }), ...(add_to_group && { add_to_group }), ...(add_to_group_named && { add_to_group_named }) },
        queued_at: now,
      })
    } else {
      const context = result.state.context as Record<string, Record<string, unknown> | undefined>
      effects.push({
        type: "webhook",
        node_id: effect.node_id,
        payload: {
          url: effect.url,
          body: effect.body ?? null,
          context: {
            journey_id: enrollment.journey_id,
            enrollment_id: enrollment.id,
            node_id: effect.node_id,
            is_test: enrollment.is_test,
            occurred_at: now.toISOString(),
            customer: context.customer ?? null,
            cart: context.cart ?? null,
            order: context.order ?? null,
            event: context.event ?? null,
          },
        },
        queued_at: now,
      })
    }
  }

  const { state } = result
  const releaseGuard = result.ended && definition?.settings.reentry !== "once"
  return {
    id: enrollment.id,
    status: state.status,
    current_node: state.current_node,
    wake_at: state.wake_at,
    awaiting: state.awaiting,
    // Rewriting an unchanged context (customer, cart, order: kilobytes of JSON) costs more than
    // the rest of the row; only a reaction or a goal replaces it.
    context: state.context === enrollment.context ? null : (state.context as Record<string, unknown>),
    state: state.state,
    exit_reason: state.exit_reason,
    ended_at: result.ended ? now : null,
    entry_guard: releaseGuard ? null : enrollment.entry_guard,
    conversion,
    activities,
    messages,
    effects,
  }
}

function failed(enrollment: ClaimedEnrollment, now: Date, reason: string): AdvanceResult {
  return {
    state: {
      id: enrollment.id,
      status: "failed",
      current_node: enrollment.current_node,
      wake_at: null,
      awaiting: null,
      context: enrollment.context,
      state: null,
      exit_reason: "error",
      entered_at: enrollment.entered_at,
    },
    effects: [],
    activities: [{ type: "error", node_id: enrollment.current_node, reason, occurred_at: now }],
    ended: true,
    exit_reason: "error",
  }
}
