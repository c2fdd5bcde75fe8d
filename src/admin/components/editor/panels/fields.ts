/** Pure helpers behind the panels' controls: what each control reads from and writes to a node. */
import { DateTime } from "luxon"

import { isValidZone, WEEKDAYS, type Weekday } from "../../../../engine"
import { durationParts, toIsoDuration, type DurationParts } from "../../../lib/duration"

// ---------------------------------------------------------------------------------------------
// Durations

/**
 * The duration with one of its days / hours / minutes set; "" when all are zero, so the field stays
 * present (a wait for event keeps its timeout port) and the validator says it must last.
 */
export function withDurationPart(iso: string | undefined, part: keyof DurationParts, value: number): string {
  const parts = durationParts(iso ?? "") ?? { days: 0, hours: 0, minutes: 0 }
  return toIsoDuration({ ...parts, [part]: Math.max(0, Math.floor(value)) }) ?? ""
}

/** Whether a duration is edited as ISO text: present, and not made of weeks / days / hours / minutes (P1M, PT1.5H). */
export function isRawDuration(iso: string | undefined): boolean {
  return iso !== undefined && iso !== "" && durationParts(iso) === null
}

// ---------------------------------------------------------------------------------------------
// Numbers typed in

/** A number field's text as a value: undefined when empty, null when it is no number (not written). */
export function parseNumberText(text: string): number | undefined | null {
  if (text.trim() === "") return undefined
  const value = Number(text)
  return Number.isFinite(value) ? value : null
}

// ---------------------------------------------------------------------------------------------
// Days of a window

/** Turns a day on or off; every day is written as no list at all (the definition's "every day"). */
export function toggleDay(days: readonly Weekday[] | undefined, day: Weekday): Weekday[] | undefined {
  const current = new Set(days ?? WEEKDAYS)
  if (current.has(day)) current.delete(day)
  else current.add(day)
  const next = WEEKDAYS.filter((weekday) => current.has(weekday))
  return next.length === WEEKDAYS.length ? undefined : next
}

// ---------------------------------------------------------------------------------------------
// Parts of a node

/** An object with fields set; a field set to `undefined` is removed (an event's rule, the goal's window). */
export function withFields<T extends object>(item: T, patch: Partial<T>): T {
  const next: Record<string, unknown> = { ...item, ...patch }
  for (const key of Object.keys(patch)) if (next[key] === undefined) delete next[key]
  return next as T
}

// ---------------------------------------------------------------------------------------------
// Events and ports

/** Events the plugin itself emits or listens to, offered first; any other name may be typed. */
export const TRIGGER_EVENTS = ["order.placed", "customer.created"]
export const AWAITED_EVENTS = ["order.placed", "message.opened", "message.clicked", "customer.created"]

/** Event names are lowercase words joined by dots (`order.placed`); anything else is likely a typo. */
export function isEventName(name: string): boolean {
  return /^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*$/.test(name)
}

/** A port name not in `taken`: after a single letter the next free letter, else `base_2`, `base_3`… */
export function freshPort(taken: readonly string[], base: string): string {
  if (/^[a-y]$/.test(base)) {
    for (let code = base.charCodeAt(0) + 1; code <= "z".charCodeAt(0); code++) {
      const letter = String.fromCharCode(code)
      if (!taken.includes(letter)) return letter
    }
  }
  let n = Math.max(2, taken.length + 1)
  while (taken.includes(`${base}_${n}`)) n++
  return `${base}_${n}`
}

/** Items with the one at `index` moved by `offset` (−1 up, +1 down); the same list when it cannot move. */
export function move<T>(items: readonly T[], index: number, offset: -1 | 1): T[] {
  const target = index + offset
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return [...items]
  const next = [...items]
  ;[next[index], next[target]] = [next[target], next[index]]
  return next
}

// ---------------------------------------------------------------------------------------------
// Random split

/** The sum of the branches' percentages, and whether it is 100 (decimals allowed, as the validator does). */
export function percentTotal(branches: readonly { percent?: unknown }[]): { total: number; valid: boolean } {
  const total = branches.reduce((sum, branch) => sum + (typeof branch.percent === "number" ? branch.percent : 0), 0)
  return { total: Number(total.toFixed(6)), valid: Math.abs(total - 100) <= 1e-9 }
}

// ---------------------------------------------------------------------------------------------
// Customer metadata

export type MetadataRow = { key: string; value: string }

/** Rows for a metadata object; values that are not text show as JSON. */
export function metadataRows(metadata: Record<string, unknown> | undefined): MetadataRow[] {
  return Object.entries(metadata ?? {}).map(([key, value]) => ({
    key,
    value: typeof value === "string" ? value : JSON.stringify(value),
  }))
}

/**
 * The metadata the rows set: rows without a key are not written yet, a later row wins over an
 * earlier one with the same key, and values keep their JSON type when left as they were read.
 * Undefined when no row has a key (the node then sets no metadata).
 */
export function rowsToMetadata(rows: readonly MetadataRow[], previous: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const entries = rows
    .filter((row) => row.key !== "")
    .map(({ key, value }): [string, unknown] => {
      const before = previous?.[key]
      const unchanged = before !== undefined && typeof before !== "string" && JSON.stringify(before) === value
      return [key, unchanged ? before : value]
    })
  return entries.length === 0 ? undefined : Object.fromEntries(entries)
}

/** The keys used by more than one row. */
export function duplicateKeys(rows: readonly MetadataRow[]): Set<string> {
  const seen = new Set<string>()
  const twice = new Set<string>()
  for (const { key } of rows) {
    if (key !== "" && seen.has(key)) twice.add(key)
    seen.add(key)
  }
  return twice
}

// ---------------------------------------------------------------------------------------------
// Time zones and dates

/** The IANA zones this browser knows (older browsers: none, the zone is then typed). */
export function supportedTimeZones(): string[] {
  const intl = Intl as { supportedValuesOf?: (key: "timeZone") => string[] }
  return intl.supportedValuesOf?.("timeZone") ?? []
}

/** Zones whose name contains every word of the query (`paris`, `america new`), at most `limit`. */
export function searchTimeZones(zones: readonly string[], query: string, limit = 50): string[] {
  const words = query.toLowerCase().split(/[\s/_]+/).filter(Boolean)
  const matches = zones.filter((zone) => {
    const name = zone.toLowerCase().replace(/_/g, " ")
    return words.every((word) => name.includes(word))
  })
  return matches.slice(0, limit)
}

/**
 * A picked date and time as an ISO date-time with the offset of `zone` (the journey's time zone):
 * the date picker gives a wall-clock time in the browser's zone, which means that time in the
 * journey's zone. Without a valid zone, the browser's.
 */
export function wallClockToIso(date: Date, zone: string | undefined): string {
  const wallClock = {
    year: date.getFullYear(),
    month: date.getMonth() + 1,
    day: date.getDate(),
    hour: date.getHours(),
    minute: date.getMinutes(),
  }
  const inZone = DateTime.fromObject(wallClock, zone && isValidZone(zone) ? { zone } : {})
  return inZone.toISO({ suppressMilliseconds: true }) ?? ""
}

/** The reverse: an ISO date-time as the browser-zone Date that shows its wall-clock time in `zone`; null when unreadable. */
export function isoToWallClock(iso: string | undefined, zone: string | undefined): Date | null {
  if (!iso) return null
  const instant = DateTime.fromISO(iso, { setZone: true })
  if (!instant.isValid) return null
  const local = zone && isValidZone(zone) ? instant.setZone(zone) : instant.toLocal()
  return new Date(local.year, local.month - 1, local.day, local.hour, local.minute)
}

// ---------------------------------------------------------------------------------------------
// Suggestions

export type Suggestion = {
  value: string
  /** Shown instead of the value; the value is then shown beside it. */
  label?: string
  detail?: string
  /** Suggestions of one group are listed under its name, in the order given. */
  group?: string
}

/** Suggestions whose value or label contains the text, case-insensitively; all of them for no text. */
export function matching(suggestions: readonly Suggestion[], text: string): Suggestion[] {
  const query = text.trim().toLowerCase()
  if (!query) return [...suggestions]
  return suggestions.filter(
    (suggestion) => suggestion.value.toLowerCase().includes(query) || suggestion.label?.toLowerCase().includes(query)
  )
}
