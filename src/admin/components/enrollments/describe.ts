/**
 * A timeline entry in the merchant's words: what happened and why. The step's definition (from the
 * enrollment's own version) says what the engine's data means: the rule of the branch taken, the
 * length of a wait; a line this admin does not know shows its type and data as they are.
 */
import type { EnrollmentDetail, EnrollmentMessage, EnrollmentRow } from "../../lib/api-enrollments"
import { asRecord, type DraftNode } from "../../lib/editor/draft"
import { describeStep, formatDuration, portLabel, stepTitle, type StoreNames, type Translate } from "../editor/canvas/summaries"
import { isRuleOp, readRule, type ReadOptions, type RuleEventNode, type RuleNode } from "../editor/panels/rule-model"
import { holdReason, readDeferral, type TimelineEntry } from "./timeline"

export type DescribeContext = {
  t: Translate
  dateTime: (iso: string) => string
  number: (value: number) => string
  money: (amount: number, currency: string) => string
  /** The nodes of the version the enrollment runs on, by id. */
  nodes: ReadonlyMap<string, DraftNode>
  names?: StoreNames
  enrollment: Pick<EnrollmentDetail, "conversion_order_id" | "conversion_value" | "context">
}

export type Tone = "grey" | "blue" | "green" | "orange" | "red" | "purple"

export type EntryView = {
  title: string
  /** The rule that decided, in words. */
  rule?: string
  details: string[]
  tone: Tone
  /** The data of a line this admin does not know, as JSON. */
  raw?: string
}

/** The step a node id stands for: "Send email", or undefined when the version has no such node. */
export function stepName(nodeId: string | null, nodes: ReadonlyMap<string, DraftNode> | undefined, t: Translate): string | undefined {
  const node = nodeId === null ? undefined : nodes?.get(nodeId)
  return node && stepTitle(node, t)
}

/** When a listed enrollment moves next, or when it ended; null while it is being moved on. */
export function nextText(
  enrollment: Pick<EnrollmentRow, "status" | "wake_at" | "ended_at">,
  t: Translate,
  dateTime: (iso: string) => string
): string | null {
  if (enrollment.ended_at) return t("enrollments.ended", { time: dateTime(enrollment.ended_at) })
  if (enrollment.status !== "waiting") return null
  return enrollment.wake_at ? t("enrollments.wakes", { time: dateTime(enrollment.wake_at) }) : t("enrollments.awaitsEvent")
}

/** Why an enrollment left, in words; a reason this admin does not know as it is. */
export function exitReasonText(reason: string, t: Translate): string {
  switch (reason) {
    case "goal":
      return t("enrollments.exitReasons.goal")
    case "ended":
      return t("enrollments.exitReasons.ended")
    case "stopped":
      return t("enrollments.exitReasons.stopped")
    case "error":
      return t("enrollments.exitReasons.error")
    default:
      return reason
  }
}

export function describeEntry(entry: TimelineEntry, context: DescribeContext): EntryView {
  switch (entry.kind) {
    case "activity":
      return describeActivity(entry, context)
    case "message":
      return describeMessage(entry.event, entry.message, context)
    case "effect": {
      const { effect, event } = entry
      const { t } = context
      const webhook = effect.type === "webhook"
      const step = stepDetail(entry.nodeId, context)
      switch (event) {
        case "queued":
          return { title: webhook ? t("enrollments.timeline.webhookQueued") : t("enrollments.timeline.updateQueued"), details: step, tone: "grey" }
        case "done":
          return { title: webhook ? t("enrollments.timeline.webhookDone") : t("enrollments.timeline.updateDone"), details: httpStatus(effect.response_status, t), tone: "green" }
        case "failed":
          return {
            title: webhook ? t("enrollments.timeline.webhookFailed") : t("enrollments.timeline.updateFailed"),
            details: [...failure(effect.error, effect.attempts, t), ...httpStatus(effect.response_status, t)],
            tone: "red",
          }
        case "cancelled":
          return { title: webhook ? t("enrollments.timeline.webhookCancelled") : t("enrollments.timeline.updateCancelled"), details: step, tone: "grey" }
        case "retrying":
          return {
            title: t("enrollments.timeline.effectRetrying"),
            details: [
              ...failure(effect.error, effect.attempts, t),
              ...(effect.next_attempt_at ? [t("enrollments.timeline.nextAttempt", { time: context.dateTime(effect.next_attempt_at) })] : []),
            ],
            tone: "orange",
          }
      }
    }
  }
}

function describeActivity(entry: Extract<TimelineEntry, { kind: "activity" }>, context: DescribeContext): EntryView {
  const { activity, message, effect } = entry
  const { t } = context
  const data = activity.data ?? {}
  const node = activity.node_id === null ? undefined : context.nodes.get(activity.node_id)
  const reason = activity.reason ? [activity.reason] : []
  switch (activity.type) {
    case "entered":
      return { title: t("enrollments.timeline.entered"), details: [], tone: "blue" }
    case "node":
      return {
        title: node?.type === "wait_until" ? t("enrollments.timeline.windowOpen") : t("enrollments.timeline.passed"),
        details: stepDetail(activity.node_id, context),
        tone: "grey",
      }
    case "branch":
      return describeBranch(node, data, reason, context)
    case "waiting": {
      if (typeof data.message_id === "string") return describeDeferral(activity.reason, message, context)
      const until = typeof data.wake_at === "string" ? [t("enrollments.timeline.until", { time: context.dateTime(data.wake_at) })] : []
      switch (node?.type) {
        case "wait":
          return { title: t("enrollments.timeline.waits", { duration: formatDuration(node.duration, t) ?? "?" }), details: until, tone: "purple" }
        case "wait_until":
          return { title: t("enrollments.timeline.outsideWindow"), details: [describeStep(node, t), ...until], tone: "purple" }
        case "wait_for_event": {
          const awaited = list(data.awaiting).filter((event): event is string => typeof event === "string")
          return {
            title: t("enrollments.timeline.waitsForEvent", { events: awaited.join(", ") }),
            details: until.length ? until : [t("enrollments.timeline.noTimeout")],
            tone: "purple",
          }
        }
        default:
          return { title: t("enrollments.timeline.waiting"), details: [...reason, ...until], tone: "purple" }
      }
    }
    case "woke":
      switch (node?.type) {
        case "wait":
          return { title: t("enrollments.timeline.waited", { duration: formatDuration(node.duration, t) ?? "?" }), details: [], tone: "blue" }
        case "wait_until":
          return { title: t("enrollments.timeline.windowOpened"), details: [describeStep(node, t)], tone: "blue" }
        case "wait_for_event":
          return {
            title: t("enrollments.timeline.timedOut", { duration: formatDuration(node.timeout, t) ?? "?" }),
            details: [],
            tone: "orange",
          }
        default:
          return { title: t("enrollments.timeline.woke"), details: reason, tone: "blue" }
      }
    case "reaction": {
      const port = typeof data.port === "string" ? data.port : "?"
      const awaited = node?.type === "wait_for_event" ? list(node.events).map(asRecord).find((event) => event?.port === port) : undefined
      return {
        title: t("enrollments.timeline.reacted", { event: String(data.event ?? "?"), port }),
        ...(awaited?.where !== undefined && { rule: describeRule(awaited.where, t) }),
        details: [],
        tone: "blue",
      }
    }
    case "goal":
      return { title: t("enrollments.timeline.goal", { event: String(data.event ?? "?") }), details: conversion(context), tone: "green" }
    case "completed":
      return { title: t("enrollments.timeline.completed"), details: [], tone: "green" }
    case "exited": {
      // A stop by an admin records no data, only its sentence.
      const why = typeof data.exit_reason === "string" ? data.exit_reason : /the version was (\w+)/.exec(activity.reason ?? "")?.[1]
      return {
        title: t("enrollments.timeline.exited", { reason: why ? exitReasonText(why, t) : (activity.reason ?? "?") }),
        details: [],
        tone: "grey",
      }
    }
    case "message_queued": {
      const channel = message?.channel ?? (node?.type === "send" ? node.channel : undefined)
      return {
        title: t("enrollments.timeline.messageQueued", { channel: channelName(channel, t) }),
        details: message ? messageDetail(message, context) : [...stepDetail(activity.node_id, context), ...reason],
        tone: "blue",
      }
    }
    case "message_skipped":
      return { title: t("enrollments.timeline.messageSkipped"), details: held(message?.skip_reason ?? activity.reason, t), tone: "orange" }
    case "customer_updated":
    case "webhook": {
      const webhook = activity.type === "webhook"
      // The worker's line says what was done (the fields set, the address and HTTP status).
      if (typeof data.effect_id === "string") {
        return { title: webhook ? t("enrollments.timeline.webhookDone") : t("enrollments.timeline.updateDone"), details: reason, tone: "green" }
      }
      return {
        title: webhook ? t("enrollments.timeline.webhookQueued") : t("enrollments.timeline.updateQueued"),
        details: stepDetail(activity.node_id, context),
        tone: "grey",
      }
    }
    // The outbox page's retry or cancel of one of this enrollment's messages or effects.
    case "admin_action":
      return { title: data.action === "cancel" ? t("outbox.timeline.cancel") : t("outbox.timeline.retry"), details: [], tone: "purple" }
    case "error":
      if (effect) {
        return {
          title: effect.type === "webhook" ? t("enrollments.timeline.webhookFailed") : t("enrollments.timeline.updateFailed"),
          details: [...failure(effect.error, effect.attempts, t), ...httpStatus(effect.response_status, t)],
          tone: "red",
        }
      }
      return { title: t("enrollments.timeline.error"), details: reason, tone: "red" }
    default:
      return {
        title: activity.type,
        details: reason,
        tone: "grey",
        ...(activity.data !== null && { raw: JSON.stringify(activity.data, null, 2) }),
      }
  }
}

/** The branch taken at a condition, a split or a cap, and what decided it. */
function describeBranch(node: DraftNode | undefined, data: Record<string, unknown>, reason: string[], context: DescribeContext): EntryView {
  const { t } = context
  const port = typeof data.port === "string" ? data.port : "?"
  const title = t("enrollments.timeline.branch", { port: node ? portLabel(node, port, t) : port })
  switch (node?.type) {
    case "condition": {
      const branches = list(node.branches).map(asRecord)
      if (port !== "else") {
        const where = branches.find((branch) => branch?.port === port)?.where
        return {
          title,
          ...(where !== undefined && { rule: describeRule(where, t) }),
          details: typeof data.because === "string" ? [t("enrollments.timeline.evaluated", { because: data.because })] : [],
          tone: "blue",
        }
      }
      return {
        title,
        details: [
          ...branches.map((branch) => t("enrollments.timeline.notTaken", { port: String(branch?.port ?? "?"), rule: describeRule(branch?.where, t) })),
          ...list(data.because).map((because) => t("enrollments.timeline.evaluated", { because: String(because) })),
        ],
        tone: "blue",
      }
    }
    case "random_split":
      return {
        title,
        details: typeof data.draw === "number" ? [t("enrollments.timeline.drew", { draw: context.number(Math.round(data.draw * 100) / 100) })] : [],
        tone: "blue",
      }
    case "frequency_cap":
      return {
        title,
        details:
          typeof data.count === "number" && typeof data.max === "number"
            ? [
                t("enrollments.timeline.capCount", {
                  count: data.count,
                  max: data.max,
                  period: formatDuration(node.within, t) ?? "?",
                }),
              ]
            : [],
        tone: port === "capped" ? "orange" : "blue",
      }
    default:
      return { title, details: reason, tone: "blue" }
  }
}

/** A message held back by quiet hours, queued again for their end. */
function describeDeferral(reason: string | null, message: EnrollmentMessage | undefined, context: DescribeContext): EntryView {
  const { t } = context
  const { why, until } = readDeferral(reason)
  return {
    title: t("enrollments.timeline.messageDeferred", { channel: channelName(message?.channel, t) }),
    details: [...held(why, t), ...(until ? [t("enrollments.timeline.sendsAt", { time: context.dateTime(until) })] : [])],
    tone: "orange",
  }
}

function describeMessage(event: Extract<TimelineEntry, { kind: "message" }>["event"], message: EnrollmentMessage, context: DescribeContext): EntryView {
  const { t } = context
  const channel = channelName(message.channel, t)
  switch (event) {
    case "queued":
      return { title: t("enrollments.timeline.messageQueued", { channel }), details: messageDetail(message, context), tone: "blue" }
    case "sent":
      return { title: t("enrollments.timeline.messageSent", { channel }), details: [], tone: "green" }
    case "delivered":
      return { title: t("enrollments.timeline.messageDelivered", { channel }), details: [], tone: "green" }
    case "opened":
      return { title: t("enrollments.timeline.messageOpened", { channel }), details: [], tone: "green" }
    case "clicked":
      return { title: t("enrollments.timeline.messageClicked", { channel }), details: [], tone: "green" }
    case "failed":
      return { title: t("enrollments.timeline.messageFailed", { channel }), details: failure(message.error, message.attempts, t), tone: "red" }
    case "retrying":
      return { title: t("enrollments.timeline.messageRetrying", { channel }), details: failure(message.error, message.attempts, t), tone: "orange" }
    case "skipped":
      return { title: t("enrollments.timeline.messageSkipped"), details: held(message.skip_reason, t), tone: "orange" }
    case "cancelled":
      return { title: t("enrollments.timeline.messageCancelled", { channel }), details: [], tone: "grey" }
  }
}

/** A rule as a sentence: `customer.email contains "vip" and cart.total is at least 100`; a segment's reads its event conditions. */
export function describeRule(rule: unknown, t: Translate, options: ReadOptions = {}): string {
  return ruleText(readRule(rule, options), t, true)
}

function ruleText(node: RuleNode, t: Translate, root = false): string {
  switch (node.kind) {
    case "raw":
      return JSON.stringify(node.rule) ?? "?"
    case "condition":
      return conditionText(node.field, node.op, node.value, t)
    case "event":
      return eventText(node, t)
    case "group": {
      if (node.children.length === 0) return t("enrollments.rule.always")
      const parts = node.children.map((child) => ruleText(child, t))
      const joined = parts.join(` ${node.mode === "all" ? t("enrollments.rule.and") : t("enrollments.rule.or")} `)
      if (node.negated) return t("enrollments.rule.not", { rule: joined })
      return root || parts.length === 1 ? joined : `(${joined})`
    }
  }
}

function conditionText(field: string | undefined, op: string | undefined, value: unknown, t: Translate): string {
  const subject = field || "?"
  if (op === "exists") return `${subject} ${value === false ? t("panels.rule.missing") : t("panels.rule.present")}`
  if (op === undefined || !isRuleOp(op)) return `${subject} ${op ?? "?"} ${shown(value, t)}`
  const shownValue =
    op === "within_last"
      ? (formatDuration(value, t) ?? shown(value, t))
      : op === "before" || op === "after"
        ? String(value ?? "?")
        : Array.isArray(value)
          ? value.map((item) => shown(item, t)).join(", ")
          : shown(value, t)
  return `${subject} ${t(`panels.rule.ops.${op}`)} ${shownValue}`
}

/** "did order.placed at least 2 times in the last 30 days". */
function eventText({ event, where, at_least, within_last }: RuleEventNode, t: Translate): string {
  const did =
    at_least === undefined
      ? t("segments.eventCondition.did", { event: event || "?" })
      : t("segments.eventCondition.didTimes", { event: event || "?", count: at_least })
  const filtered = where
    ? `${did} ${t("segments.eventCondition.whereSummary", {
        key: where.key || "?",
        op: isRuleOp(where.op) ? t(`panels.rule.ops.${where.op}`) : where.op,
        value: where.op === "exists" ? "" : shown(where.value, t),
      }).trimEnd()}`
    : did
  const window = within_last === undefined ? null : formatDuration(within_last, t)
  return window === null ? filtered : `${filtered} ${t("segments.eventCondition.inTheLast", { duration: window })}`
}

function shown(value: unknown, t: Translate): string {
  if (typeof value === "boolean") return value ? t("panels.rule.yes") : t("panels.rule.no")
  if (value === undefined) return "?"
  return typeof value === "number" ? String(value) : (JSON.stringify(value) ?? "?")
}

function messageDetail(message: EnrollmentMessage, context: DescribeContext): string[] {
  const { t } = context
  const template = context.names?.template?.(message.template_id) ?? message.template_id
  return [
    t("enrollments.timeline.template", { template }),
    t("enrollments.timeline.recipient", { recipient: message.recipient }),
    ...(message.category === "transactional" ? [t("canvas.summary.transactional")] : []),
  ]
}

/** The step's one-line summary, as on the canvas. */
function stepDetail(nodeId: string | null, context: DescribeContext): string[] {
  const node = nodeId === null ? undefined : context.nodes.get(nodeId)
  return node ? [describeStep(node, context.t, context.names)] : []
}

function conversion(context: DescribeContext): string[] {
  const { t, enrollment } = context
  const order = asRecord(enrollment.context?.order)
  const currency = typeof order?.currency_code === "string" ? order.currency_code : undefined
  const value = enrollment.conversion_value
  return [
    ...(enrollment.conversion_order_id ? [t("enrollments.timeline.order", { order: enrollment.conversion_order_id })] : []),
    ...(value === null
      ? []
      : [t("enrollments.timeline.value", { value: currency ? context.money(value, currency) : context.number(value) })]),
  ]
}

/** The kind of hold in words, then the dispatcher's own sentence. */
function held(reason: string | null | undefined, t: Translate): string[] {
  if (!reason) return []
  switch (holdReason(reason)) {
    case "suppressed":
      return [t("enrollments.hold.suppressed"), reason]
    case "smsStop":
      return [t("enrollments.hold.smsStop"), reason]
    case "unsubscribed":
      return [t("enrollments.hold.unsubscribed"), reason]
    case "noConsent":
      return [t("enrollments.hold.noConsent"), reason]
    case "quietHours":
      return [t("enrollments.hold.quietHours"), reason]
    case "frequencyCap":
      return [t("enrollments.hold.frequencyCap"), reason]
    case "noAddress":
      return [t("enrollments.hold.noAddress"), reason]
    default:
      return [reason]
  }
}

function failure(error: string | null, attempts: number, t: Translate): string[] {
  return [...(error ? [error] : []), t("enrollments.timeline.attempts", { count: attempts })]
}

function httpStatus(status: number | null, t: Translate): string[] {
  return status === null ? [] : [t("enrollments.timeline.httpStatus", { status })]
}

function channelName(channel: unknown, t: Translate): string {
  switch (channel) {
    case "email":
      return t("channels.email")
    case "sms":
      return t("channels.sms")
    case "push":
      return t("channels.push")
    default:
      return t("enrollments.timeline.message")
  }
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}
