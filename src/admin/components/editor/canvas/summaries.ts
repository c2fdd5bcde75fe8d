/**
 * What a node on the canvas says about its step in one line, read leniently: a draft's fields may
 * be missing or of the wrong type (the validator reports those), the summary must still read well.
 */
import { CHANNELS, isNodeType, WEEKDAYS } from "../../../../engine"
import { durationParts } from "../../../lib/duration"
import { asRecord, type DraftNode, type DraftTrigger } from "../../../lib/editor/draft"

/** The `t` of `useTranslation("journeys")`, as the helpers need it (tests pass their own). */
export type Translate = (key: string, options?: Record<string, unknown>) => string

const SEPARATOR = " · "
/** Events named on a wait-for-event node before "+ n more". */
const EVENTS_SHOWN = 2

/** The key under `canvas.steps` naming a step: a send by its channel, a type this version does not know as `unknown`. */
export function stepLabelKey(type: string, channel?: unknown): string {
  if (type === "send") return CHANNELS.some((known) => known === channel) ? `send_${channel}` : "send"
  return isNodeType(type) ? type : "unknown"
}

export function stepTitle(node: DraftNode, t: Translate): string {
  return t(`canvas.steps.${stepLabelKey(node.type, (node as { channel?: unknown }).channel)}`)
}

/** "1 day 2 hours"; the ISO text itself when it is not in days / hours / minutes; null when missing. */
export function formatDuration(iso: unknown, t: Translate): string | null {
  const value = text(iso)
  if (value === undefined) return null
  const parts = durationParts(value)
  if (!parts) return value
  return inWords(parts, t) ?? value
}

/** Minutes in the largest units: 90 → "1 hour 30 minutes". */
export function formatMinutes(total: number, t: Translate): string {
  const minutes = Math.max(0, Math.round(total))
  const parts = { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60 }
  return inWords(parts, t) ?? t("duration.minutes", { count: 0 })
}

function inWords(parts: { days: number; hours: number; minutes: number }, t: Translate): string | null {
  const words = (["days", "hours", "minutes"] as const)
    .filter((unit) => parts[unit] > 0)
    .map((unit) => t(`duration.${unit}`, { count: parts[unit] }))
  return words.length ? words.join(" ") : null
}

/** What the merchant named the store records steps refer to by id; undefined when unknown. */
export type StoreNames = {
  template?(id: string): string | undefined
  group?(id: string): string | undefined
  segment?(id: string): string | undefined
}

/** The one-line summary under a step's title; `names` turn the ids of templates and groups into what the merchant named them. */
export function describeStep(node: DraftNode, t: Translate, names: StoreNames = {}): string {
  switch (node.type) {
    case "send": {
      const template = text(node.template_id)
      return join([
        template === undefined
          ? t("canvas.summary.noTemplate")
          : t("canvas.summary.template", { template: names.template?.(template) ?? template }),
        node.category === "transactional" ? t("canvas.summary.transactional") : undefined,
      ])
    }
    case "wait":
      return formatDuration(node.duration, t) ?? t("canvas.summary.noDuration")
    case "wait_until": {
      const from = text(node.from)
      const to = text(node.to)
      return join([
        describeDays(node.days, t),
        from !== undefined && to !== undefined ? `${from}–${to}` : t("canvas.summary.noHours"),
        node.zone === "journey" ? t("canvas.summary.zoneJourney") : t("canvas.summary.zoneRecipient"),
      ])
    }
    case "wait_for_event": {
      const events = list(node.events).flatMap((event) => {
        const name = text(asRecord(event)?.event)
        return name === undefined ? [] : [name]
      })
      const timeout = formatDuration(node.timeout, t)
      const more = events.length - EVENTS_SHOWN
      return join([
        events.length === 0
          ? t("canvas.summary.noEvent")
          : [events.slice(0, EVENTS_SHOWN).join(", "), more > 0 ? t("canvas.summary.more", { count: more }) : ""].join(" ").trim(),
        timeout === null ? t("canvas.summary.noTimeout") : t("canvas.summary.timeout", { duration: timeout }),
      ])
    }
    case "condition": {
      const branches = list(node.branches)
      if (branches.length === 0) return t("canvas.summary.noBranch")
      const segments = [...new Set(branches.flatMap((branch) => segmentsTested(asRecord(branch)?.where)))].map((id) => names.segment?.(id) ?? id)
      // The segments first: the branches show as ports anyway.
      return join([
        segments.length ? t("canvas.summary.segments", { count: segments.length, segments: segments.join(", ") }) : undefined,
        t("canvas.summary.condition", { count: branches.length }),
      ])
    }
    case "random_split": {
      const shares = list(node.branches).map((branch) => {
        const fields = asRecord(branch)
        return t("canvas.summary.share", { port: text(fields?.port) ?? "?", percent: fields?.percent ?? "?" })
      })
      return shares.length === 0 ? t("canvas.summary.noBranch") : join(shares)
    }
    case "frequency_cap": {
      const period = formatDuration(node.within, t)
      const tag = text(node.tag)
      return join([
        typeof node.max === "number" && period !== null
          ? t("canvas.summary.cap", { count: node.max, period })
          : t("canvas.summary.noCap"),
        tag === undefined ? undefined : t("canvas.summary.tagged", { tag }),
      ])
    }
    case "update_customer": {
      const fields = Object.keys(asRecord(node.metadata) ?? {})
      const group = text(node.add_to_group)
      const named = text(node.add_to_group_named)
      const changes = [
        fields.length ? t("canvas.summary.setsFields", { fields: fields.join(", ") }) : undefined,
        group === undefined ? undefined : t("canvas.summary.addsToGroup", { group: names.group?.(group) ?? group }),
        named === undefined ? undefined : t("canvas.summary.savesAudience", { group: named }),
      ]
      return changes.some(Boolean) ? join(changes) : t("canvas.summary.noChange")
    }
    case "webhook": {
      const url = text(node.url)
      return url === undefined ? t("canvas.summary.noUrl") : t("canvas.summary.webhook", { host: hostOf(url) })
    }
    case "exit":
      return t("canvas.summary.exit")
    default:
      return t("canvas.summary.unknown", { type: (node as { type: string }).type })
  }
}

/** The trigger node's title and summary: "Abandoned cart", "After 1 hour idle"; `names` name its segment. */
export function describeTrigger(trigger: DraftTrigger | undefined, t: Translate, names: StoreNames = {}): { title: string; summary: string } {
  if (!trigger) return { title: t("canvas.trigger.none"), summary: t("canvas.trigger.choose") }
  const filtered = (summary: string, where: unknown) => (where === undefined ? summary : join([summary, t("canvas.trigger.filtered")]))
  switch (trigger.type) {
    case "event": {
      const event = text(trigger.event)
      return {
        title: t("trigger.types.event"),
        summary: filtered(event ?? t("canvas.trigger.noEvent"), trigger.where),
      }
    }
    case "cart_abandoned": {
      const idle = trigger.idle_minutes
      return {
        title: t("trigger.types.cart_abandoned"),
        summary: filtered(
          typeof idle === "number" ? t("canvas.trigger.idle", { duration: formatMinutes(idle, t) }) : t("canvas.trigger.noIdle"),
          trigger.where
        ),
      }
    }
    case "customer_created":
      return { title: t("trigger.types.customer_created"), summary: t("canvas.trigger.created") }
    case "segment": {
      const segment = text(trigger.segment_id)
      const repeat = asRecord(trigger.repeat)
      return {
        title: t("trigger.types.segment"),
        summary: join([
          segment === undefined ? t("canvas.trigger.noSegment") : t("canvas.trigger.segment", { segment: names.segment?.(segment) ?? segment }),
          repeat && t("canvas.trigger.repeat", { days: describeDays(repeat.days, t), at: text(repeat.at) ?? "?" }),
          trigger.dedupe_by_email === true ? t("canvas.trigger.onePerEmail") : undefined,
        ]),
      }
    }
  }
}

/** The trigger still lacks what the merchant alone can say (the event, the idle time, the segment). */
export function isTriggerUnfinished(trigger: DraftTrigger | undefined): boolean {
  switch (trigger?.type) {
    case undefined:
      return true
    case "event":
      return text(trigger.event) === undefined
    case "cart_abandoned":
      return trigger.idle_minutes === undefined
    case "segment":
      return text(trigger.segment_id) === undefined
    case "customer_created":
      return false
  }
}

/**
 * What a port is called on the canvas: the fixed ports of the engine in the admin's language,
 * a split branch with its share, the merchant's own branch names as they are.
 */
export function portLabel(node: DraftNode, port: string, t: Translate): string {
  if (node.type === "condition" && port === "else") return t("canvas.ports.else")
  if (node.type === "frequency_cap" && port === "ok") return t("canvas.ports.ok")
  if (node.type === "frequency_cap" && port === "capped") return t("canvas.ports.capped")
  if (node.type === "wait_for_event" && port === "timeout") return t("canvas.ports.timeout")
  if (node.type === "random_split") {
    const branch = list(node.branches).map(asRecord).find((candidate) => candidate?.port === port)
    if (typeof branch?.percent === "number") return t("canvas.summary.share", { port, percent: branch.percent })
  }
  return port
}

/** "Mon–Fri", "Mon, Wed, Sat–Sun", "Every day" (no list, or all seven days). */
export function describeDays(days: unknown, t: Translate): string {
  if (!Array.isArray(days)) return t("canvas.summary.everyDay")
  const indexes = WEEKDAYS.flatMap((day, index) => (days.includes(day) ? [index] : []))
  if (indexes.length === 0) return t("canvas.summary.noDay")
  if (indexes.length === WEEKDAYS.length) return t("canvas.summary.everyDay")
  const runs: number[][] = []
  for (const index of indexes) {
    const run = runs[runs.length - 1]
    if (run && run[run.length - 1] === index - 1) run.push(index)
    else runs.push([index])
  }
  const name = (index: number) => t(`canvas.weekdays.${WEEKDAYS[index]}`)
  return runs
    .map((run) => (run.length > 2 ? `${name(run[0])}–${name(run[run.length - 1])}` : run.map(name).join(", ")))
    .join(", ")
}

/** The segments a rule's `customer in segment` conditions name (`customer.segments contains <id>`), negated ones too. */
function segmentsTested(rule: unknown): string[] {
  const fields = asRecord(rule)
  if (!fields) return []
  if (fields.field === "customer.segments") return text(fields.value) === undefined ? [] : [fields.value as string]
  return [...list(fields.all), ...list(fields.any), ...(fields.not === undefined ? [] : [fields.not])].flatMap(segmentsTested)
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url
  } catch {
    return url
  }
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

function join(parts: (string | undefined)[]): string {
  return parts.filter((part): part is string => part !== undefined && part !== "").join(SEPARATOR)
}
