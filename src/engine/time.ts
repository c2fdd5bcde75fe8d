/**
 * ISO 8601 durations and weekly time windows, resolved in IANA zones with luxon (DST-correct).
 * Instants are Dates (UTC); local wall-clock times are only ever interpreted through a zone.
 *
 * Wall-clock times are resolved the same way everywhere in this module:
 * - a time skipped by a spring-forward switch (02:30 in Paris on 2026-03-29) resolves to the first
 *   instant after the gap (03:00 CEST), so a window or a wait never lands later than needed;
 * - a time that occurs twice when clocks fall back resolves to the earlier instant.
 */
import { DateTime, Duration, IANAZone } from "luxon"

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const
export type Weekday = (typeof WEEKDAYS)[number]

/**
 * Open from `from` (inclusive) to `to` (exclusive), "HH:mm" local times, on `days` (every day when
 * omitted). When `to` is not after `from` the window ends the next day (21:00–08:00 is overnight,
 * 09:00–09:00 lasts a whole day) and belongs to the day it starts on.
 */
export type TimeWindow = { days?: Weekday[]; from: string; to: string }

const MINUTE = 60_000
const DAY = 86_400_000
const DAY_MINUTES = 1440
/** Longer waits can only be typos, and refusing them keeps every computed date representable. */
const MAX_YEARS = 100

// Whole calendar units (a "day and a half" has no meaning across a DST switch); time units are
// exact lengths, so a decimal fraction is fine there (PT1.5H).
const ISO_DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?!$)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/

/**
 * A positive ISO 8601 duration ("P2D", "PT12H", "P1W", "P1Y2M3DT4H5M6.5S"), or null when the text
 * is not one, is zero, is negative, has a fractional calendar unit ("P1.5D") or exceeds 100 years.
 */
export function parseDuration(iso: string): Duration | null {
  const match = typeof iso === "string" ? ISO_DURATION.exec(iso) : null
  if (!match) return null
  const [years, months, weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0))
  const duration = Duration.fromObject({ years, months, weeks, days, hours, minutes, seconds })
  const length = duration.as("years")
  return length > 0 && length <= MAX_YEARS ? duration : null
}

export function isValidTimeOfDay(value: string): boolean {
  return typeof value === "string" && TIME_OF_DAY.test(value)
}

// luxon checks a zone by constructing an Intl.DateTimeFormat, ~0.3–0.5 ms each time, and the engine
// checks every recipient's zone on every transition: remember the answers (bounded, since zone
// names come from customer data).
const zoneValidity = new Map<string, boolean>()
const MAX_REMEMBERED_ZONES = 1000

export function isValidZone(zone: string): boolean {
  if (typeof zone !== "string") return false
  let valid = zoneValidity.get(zone)
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone)
    if (zoneValidity.size >= MAX_REMEMBERED_ZONES) zoneValidity.clear()
    zoneValidity.set(zone, valid)
  }
  return valid
}

/** The first valid IANA zone among `candidates` (customer timezone, address zone, journey zone), else `fallback`. */
export function resolveZone(candidates: (string | null | undefined)[], fallback: string): string {
  return candidates.find((zone): zone is string => typeof zone === "string" && isValidZone(zone)) ?? fallback
}

/**
 * `from` plus an ISO 8601 duration in `zone`: calendar units (Y, M, W, D) move the local date and
 * keep the wall-clock time (P1D across a DST switch lasts 23 or 25 hours), time units are exact
 * (PT24H is always 24 hours). Throws a RangeError on an invalid duration or zone.
 */
export function addDuration(from: Date, iso: string, zone: string): Date {
  const duration = parseDuration(iso)
  if (!duration) throw new RangeError(`"${iso}" is not a positive ISO 8601 duration such as "P1D"`)
  const tz = ianaZone(zone)
  const { years, months, weeks, days } = duration
  let instant = from.getTime()
  if (years || months || weeks || days) {
    const wall = DateTime.fromMillis(instant + offsetOf(tz, instant) * MINUTE, { zone: "utc" })
    instant = wallToInstant(wall.plus({ years, months, weeks, days }).toMillis(), tz)
  }
  const { hours, minutes, seconds } = duration
  return new Date(instant + Duration.fromObject({ hours, minutes, seconds }).toMillis())
}

/** Whether `at` falls inside the window in `zone`. Throws a RangeError on an invalid window or zone. */
export function isWithinWindow(at: Date, window: TimeWindow, zone: string): boolean {
  return isOpen(windowSpec(window, zone), at.getTime())
}

/**
 * `at` itself when inside the window, otherwise the next instant the window opens. Throws a
 * RangeError on an invalid window or zone, or when the window never opens (an empty `days` list).
 */
export function nextWindowStart(at: Date, window: TimeWindow, zone: string): Date {
  const spec = windowSpec(window, zone)
  if (isOpen(spec, at.getTime())) return at
  return new Date(nextOpening(spec, at.getTime()))
}

/** A time of day ("HH:mm", local) that comes back every day, or on `days` only. */
export type DailyTime = { at: string; days?: Weekday[] }

/**
 * The first instant strictly after `after` when the local time in `zone` is `at` on one of the
 * days: e.g. the next run of a schedule. Resolved like every wall-clock time of this module (in a
 * spring-forward gap, the end of the gap). Throws a RangeError on an invalid time or zone, or an
 * empty `days` list.
 */
export function nextTimeOfDay(after: Date, { at, days }: DailyTime, zone: string): Date {
  // A window opening at `at` and lasting the whole day opens exactly at the times sought.
  return new Date(nextOpening(windowSpec({ days, from: at, to: at }, zone), after.getTime()))
}

/**
 * The start of the first opening strictly after `time`. Looks at most 15 local days ahead: 8 always
 * reach a listed weekday, 7 more cover a window lying entirely in a DST gap on its only weekday.
 */
function nextOpening(spec: WindowSpec, time: number): number {
  const today = localDate(time, spec.zone)
  for (let offset = 0; offset <= 14; offset++) {
    const opening = openingOn(today.plus({ days: offset }), spec)
    if (opening !== null && opening.start > time) return opening.start
  }
  throw new RangeError("the time window never opens: its days list is empty")
}

type WindowSpec = { zone: IANAZone; days: number[] | null; from: number; to: number }

function windowSpec(window: TimeWindow, zone: string): WindowSpec {
  return {
    zone: ianaZone(zone),
    // luxon numbers weekdays 1 (Monday) to 7 (Sunday).
    days: window.days ? window.days.map((day) => WEEKDAYS.indexOf(day) + 1) : null,
    from: minutesOfDay(window.from),
    to: minutesOfDay(window.to),
  }
}

function minutesOfDay(value: string): number {
  const match = TIME_OF_DAY.exec(value)
  if (!match) throw new RangeError(`"${value}" is not a time of day such as "09:00"`)
  return Number(match[1]) * 60 + Number(match[2])
}

/**
 * The zone's UTC offset (minutes) at an instant. Asking luxon costs an Intl formatToParts call
 * (~50 µs, most of a transition's time), so offsets are remembered per zone and hour: when the
 * offset is the same at both ends of an hour it holds for the whole hour (no zone switches twice
 * within one); an hour holding a switch is never remembered and always asked exactly.
 */
function offsetOf(zone: IANAZone, instant: number): number {
  const hour = Math.floor(instant / HOUR)
  const key = `${zone.name}|${hour}`
  let offset = hourOffsets.get(key)
  if (offset === undefined) {
    const start = zone.offset(hour * HOUR)
    offset = start === zone.offset(hour * HOUR + HOUR - 1) ? start : null
    if (hourOffsets.size >= MAX_REMEMBERED_HOURS) hourOffsets.clear()
    hourOffsets.set(key, offset)
  }
  return offset ?? zone.offset(instant)
}

const HOUR = 3_600_000
const hourOffsets = new Map<string, number | null>()
const MAX_REMEMBERED_HOURS = 10_000

/** "2026-11-23 10:00 Europe/Paris": an instant as the wall-clock time of a zone, for the timeline. */
export function localTimeText(instant: Date, zone: string): string {
  const wall = new Date(instant.getTime() + offsetOf(ianaZone(zone), instant.getTime()) * MINUTE)
  return `${wall.toISOString().slice(0, 16).replace("T", " ")} ${zone}`
}

function ianaZone(name: string): IANAZone {
  const zone = IANAZone.create(name)
  if (!zone.isValid) throw new RangeError(`"${name}" is not an IANA time zone such as "Europe/Paris"`)
  return zone
}

/** Only the windows opening on the local date of `time` or the day before can contain it. */
function isOpen(spec: WindowSpec, time: number): boolean {
  const today = localDate(time, spec.zone)
  return [today.minus({ days: 1 }), today].some((date) => {
    const opening = openingOn(date, spec)
    return opening !== null && opening.start <= time && time < opening.end
  })
}

/** The local calendar date of an instant, as midnight UTC (so date arithmetic ignores DST). */
function localDate(instant: number, zone: IANAZone): DateTime {
  return DateTime.fromMillis(instant + offsetOf(zone, instant) * MINUTE, { zone: "utc" }).startOf("day")
}

/**
 * The [start, end) instants of the window opening on a local date, or null when the window is closed
 * that day: not a listed weekday, or entirely inside a spring-forward gap.
 */
function openingOn(date: DateTime, spec: WindowSpec): { start: number; end: number } | null {
  if (spec.days && !spec.days.includes(date.weekday)) return null
  const midnight = date.toMillis()
  const endMinutes = spec.to > spec.from ? spec.to : spec.to + DAY_MINUTES
  const start = wallToInstant(midnight + spec.from * MINUTE, spec.zone)
  const end = wallToInstant(midnight + endMinutes * MINUTE, spec.zone)
  return start < end ? { start, end } : null
}

/**
 * The instant a local wall-clock time (expressed as UTC milliseconds) denotes in `zone`: the earlier
 * one when it occurs twice, the end of the gap when a spring-forward switch skips it.
 */
function wallToInstant(wall: number, zone: IANAZone): number {
  // The offsets in force a day either side cover both sides of any DST switch near `wall`.
  const offsets = [offsetOf(zone, wall - DAY), offsetOf(zone, wall + DAY)]
  const instants = offsets.map((offset) => wall - offset * MINUTE).filter((t) => t + offsetOf(zone, t) * MINUTE === wall)
  if (instants.length > 0) return Math.min(...instants)
  // Skipped: the switch lies between the wall time read with the later offset and with the earlier
  // one; binary-search the first millisecond on the new offset.
  let before = wall - Math.max(...offsets) * MINUTE
  let after = wall - Math.min(...offsets) * MINUTE
  const switched = offsetOf(zone, after)
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2)
    if (offsetOf(zone, middle) === switched) after = middle
    else before = middle
  }
  return after
}
