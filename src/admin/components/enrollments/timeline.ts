/**
 * An enrollment's timeline: its activities, its messages' delivery events and its effects' outcomes
 * in one list, oldest first. The engine writes a line when it queues a message or an effect, and the
 * dispatchers write one when a message is skipped or deferred or an effect ends; those lines and
 * the rows they speak of become one entry, so nothing is told twice.
 */
import type { EnrollmentActivity, EnrollmentDetail, EnrollmentEffect, EnrollmentMessage } from "../../lib/api-enrollments"

export type MessageEvent = "queued" | "sent" | "delivered" | "opened" | "clicked" | "failed" | "retrying" | "skipped" | "cancelled"
export type EffectEvent = "queued" | "done" | "failed" | "cancelled" | "retrying"

type Base = {
  key: string
  /** When it happened; null when the row keeps no time for it (a failure, a cancellation). */
  at: string | null
  nodeId: string | null
}

export type TimelineEntry =
  | (Base & { kind: "activity"; activity: EnrollmentActivity; message?: EnrollmentMessage; effect?: EnrollmentEffect })
  | (Base & { kind: "message"; event: MessageEvent; message: EnrollmentMessage })
  | (Base & { kind: "effect"; event: EffectEvent; effect: EnrollmentEffect })

/** The activity types the interpreter writes when it queues an effect, by effect type. */
const EFFECT_ACTIVITY: Record<EnrollmentEffect["type"], string> = { update_customer: "customer_updated", webhook: "webhook" }

const time = (iso: string | null | undefined) => (iso ? Date.parse(iso) : Number.NaN)
const sameTime = (a: string | null, b: string | null) => a !== null && b !== null && time(a) === time(b)
const idIn = (data: EnrollmentActivity["data"], key: "message_id" | "effect_id") =>
  typeof data?.[key] === "string" ? (data[key] as string) : undefined

export function buildTimeline(enrollment: Pick<EnrollmentDetail, "activities" | "messages" | "effects">): TimelineEntry[] {
  const messages = new Map(enrollment.messages.map((message) => [message.id, message]))
  const effects = new Map(enrollment.effects.map((effect) => [effect.id, effect]))
  /** What an activity already tells: a message queued or skipped, an effect queued or ended. */
  const told = new Set<string>()
  const entries: TimelineEntry[] = []

  for (const activity of enrollment.activities) {
    const entry: TimelineEntry = { kind: "activity", key: activity.id, at: activity.occurred_at, nodeId: activity.node_id, activity }
    const messageId = idIn(activity.data, "message_id")
    const effectId = idIn(activity.data, "effect_id")
    if (messageId !== undefined) {
      entry.message = messages.get(messageId)
      if (activity.type === "message_skipped") told.add(`message:${messageId}:skipped`)
    } else if (activity.type === "message_queued") {
      entry.message = enrollment.messages.find(
        (message) => message.node_id === activity.node_id && sameTime(message.queued_at, activity.occurred_at) && !told.has(`message:${message.id}:queued`)
      )
      if (entry.message) told.add(`message:${entry.message.id}:queued`)
    }
    if (effectId !== undefined) {
      entry.effect = effects.get(effectId)
      told.add(`effect:${effectId}:ended`)
    } else {
      entry.effect = enrollment.effects.find(
        (effect) =>
          EFFECT_ACTIVITY[effect.type] === activity.type &&
          effect.node_id === activity.node_id &&
          sameTime(effect.queued_at, activity.occurred_at) &&
          !told.has(`effect:${effect.id}:queued`)
      )
      if (entry.effect) told.add(`effect:${entry.effect.id}:queued`)
    }
    entries.push(entry)
  }

  for (const message of enrollment.messages) {
    const event = (name: MessageEvent, at: string | null) => {
      if (!told.has(`message:${message.id}:${name}`)) {
        entries.push({ kind: "message", key: `${message.id}:${name}`, at, nodeId: message.node_id, event: name, message })
      }
    }
    event("queued", message.queued_at)
    for (const name of ["sent", "delivered", "opened", "clicked"] as const) {
      const at = message[`${name}_at`]
      if (at) event(name, at)
    }
    if (message.status === "failed" || message.status === "skipped" || message.status === "cancelled") event(message.status, null)
    else if (message.error) event("retrying", null)
  }

  for (const effect of enrollment.effects) {
    const event = (name: EffectEvent, at: string | null) =>
      entries.push({ kind: "effect", key: `${effect.id}:${name}`, at, nodeId: effect.node_id, event: name, effect })
    if (!told.has(`effect:${effect.id}:queued`)) event("queued", effect.queued_at)
    const { status } = effect
    if (status === "done" || status === "failed" || status === "cancelled") {
      if (!told.has(`effect:${effect.id}:ended`)) event(status, effect.completed_at)
    } else if (effect.error) event("retrying", null)
  }

  // Undated events go right after the last known moment of their message or effect. The sort is
  // stable: lines of one instant keep the engine's order, and a row's events their natural one.
  const placed = entries.map((entry, index) => ({ entry, index, at: sortTime(entry) }))
  placed.sort((a, b) => a.at - b.at || a.index - b.index)
  return placed.map(({ entry }) => entry)
}

function sortTime(entry: TimelineEntry): number {
  if (entry.at !== null) return time(entry.at)
  if (entry.kind === "message") {
    const { queued_at, sent_at, delivered_at, opened_at, clicked_at } = entry.message
    return Math.max(...[queued_at, sent_at, delivered_at, opened_at, clicked_at].map(time).filter((at) => !Number.isNaN(at)))
  }
  return time(entry.kind === "effect" ? entry.effect.queued_at : null)
}

/**
 * Why a message was held back, from the dispatcher's sentence (the API keeps no code for it): the
 * kind is translated, the sentence stays as the detail. See engine/delivery.ts and dispatch/gate.ts.
 */
export type HoldReason = "suppressed" | "smsStop" | "unsubscribed" | "noConsent" | "quietHours" | "frequencyCap" | "noAddress"

const HOLD_REASONS: [RegExp, HoldReason][] = [
  [/is suppressed/, "suppressed"],
  [/opted out of SMS/, "smsStop"],
  [/unsubscribed/, "unsubscribed"],
  [/no marketing consent/, "noConsent"],
  [/^quiet hours/, "quietHours"],
  [/^frequency cap/, "frequencyCap"],
  [/^no .* to send to$/, "noAddress"],
]

export function holdReason(reason: string | null | undefined): HoldReason | undefined {
  return reason ? HOLD_REASONS.find(([pattern]) => pattern.test(reason))?.[1] : undefined
}

/** A deferral's sentence ("quiet hours for email (…): sent at <ISO>") as its reason and the instant it goes out. */
export function readDeferral(reason: string | null | undefined): { why: string | null; until?: string } {
  const match = reason ? /^(.*): sent at (\S+)$/.exec(reason) : null
  if (!match || Number.isNaN(Date.parse(match[2]))) return { why: reason ?? null }
  return { why: match[1], until: match[2] }
}
