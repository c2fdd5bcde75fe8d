import fc from "fast-check"
import { DateTime } from "luxon"

import {
  addDuration,
  isValidTimeOfDay,
  isValidZone,
  isWithinWindow,
  localTimeText,
  nextTimeOfDay,
  nextWindowStart,
  parseDuration,
  resolveZone,
  TimeWindow,
  WEEKDAYS,
} from "../time"

const PARIS = "Europe/Paris"
const NEW_YORK = "America/New_York"
const SYDNEY = "Australia/Sydney"
const HOUR = 3_600_000

/** An instant written with its local offset, so each expectation reads as wall-clock time. */
const at = (iso: string) => new Date(iso)
const iso = (date: Date) => date.toISOString()
const wall = (date: Date, zone: string) => DateTime.fromJSDate(date, { zone }).toFormat("yyyy-MM-dd HH:mm ZZ")

describe("parseDuration", () => {
  it.each([
    ["P1D", { days: 1 }],
    ["PT24H", { hours: 24 }],
    ["P1W", { weeks: 1 }],
    ["P2W3D", { weeks: 2, days: 3 }],
    ["P1Y2M3DT4H5M6S", { years: 1, months: 2, days: 3, hours: 4, minutes: 5, seconds: 6 }],
    ["PT1.5H", { hours: 1.5 }],
    ["PT0.5S", { seconds: 0.5 }],
    ["PT90M", { minutes: 90 }],
    ["P0DT1H", { days: 0, hours: 1 }],
    ["P100Y", { years: 100 }],
  ])("accepts %s", (text, values) => {
    expect(parseDuration(text)?.toObject()).toEqual(expect.objectContaining(values))
  })

  it.each([
    "",
    "P",
    "PT",
    "P1DT",
    "1D",
    "D",
    "p1d",
    " P1D",
    "P1D ",
    "-P1D",
    "P-1D",
    "P0D",
    "PT0S",
    "P0Y0M0W0DT0H0M0S",
    "P1.5D",
    "P0.5W",
    "P1,5D",
    "PT1H2D",
    "P1H",
    "P101Y",
    "PT99999999999H",
    "P1D1D",
    "two days",
  ])("refuses %j", (text) => {
    expect(parseDuration(text)).toBeNull()
  })

  it("refuses a non-string given by untyped callers", () => {
    expect(parseDuration(2 as unknown as string)).toBeNull()
  })
})

describe("isValidTimeOfDay", () => {
  it.each(["00:00", "09:05", "12:30", "23:59"])("accepts %s", (value) => expect(isValidTimeOfDay(value)).toBe(true))
  it.each(["24:00", "9:00", "12:60", "12:00:00", "12h00", "", " 12:00", "-1:00"])("refuses %j", (value) =>
    expect(isValidTimeOfDay(value)).toBe(false),
  )
})

describe("zones", () => {
  it.each([PARIS, NEW_YORK, SYDNEY, "UTC", "Asia/Kolkata"])("%s is a valid zone", (zone) =>
    expect(isValidZone(zone)).toBe(true),
  )
  it.each(["", "Mars/Olympus", "Paris", "+02:00", "UTC+2"])("%j is not a valid zone", (zone) =>
    expect(isValidZone(zone)).toBe(false),
  )

  it("resolves the first valid candidate: customer timezone, then address zone, then journey zone", () => {
    expect(resolveZone([null, "Mars/Olympus", undefined, "", NEW_YORK, PARIS], "UTC")).toBe(NEW_YORK)
    expect(resolveZone([SYDNEY, PARIS], "UTC")).toBe(SYDNEY)
  })

  it("falls back when no candidate is valid", () => {
    expect(resolveZone([], PARIS)).toBe(PARIS)
    expect(resolveZone([null, undefined, "Not/AZone"], PARIS)).toBe(PARIS)
  })

  it("ignores non-string candidates coming from untyped metadata", () => {
    expect(resolveZone([42 as unknown as string, { zone: PARIS } as unknown as string], "UTC")).toBe("UTC")
  })
})

describe("localTimeText (offsets remembered per hour)", () => {
  // A half-hour DST shift in the middle of a UTC hour (Lord Howe), 45-minute offsets (Chatham),
  // switches at local midnight (Santiago): a year of instants, every 23 minutes and a few seconds,
  // reads as luxon reads it afresh.
  it.each([PARIS, "Australia/Lord_Howe", "Pacific/Chatham", "America/Santiago"])(
    "%s: matches luxon across a whole year of switches",
    (zone) => {
      const start = Date.UTC(2026, 0, 1)
      for (let t = start; t < start + 366 * 24 * HOUR; t += 23 * 60_000 + 13_000) {
        const expected = `${DateTime.fromMillis(t, { zone }).toFormat("yyyy-MM-dd HH:mm")} ${zone}`
        if (localTimeText(new Date(t), zone) !== expected) throw new Error(`${new Date(t).toISOString()}: ${expected}`)
      }
    }
  )

  it("reads the exact instants of a switch right: the last second before it and the first after", () => {
    expect(localTimeText(at("2026-03-29T00:59:59Z"), PARIS)).toBe(`2026-03-29 01:59 ${PARIS}`)
    expect(localTimeText(at("2026-03-29T01:00:00Z"), PARIS)).toBe(`2026-03-29 03:00 ${PARIS}`)
    expect(localTimeText(at("2026-10-25T00:59:59Z"), PARIS)).toBe(`2026-10-25 02:59 ${PARIS}`)
    expect(localTimeText(at("2026-10-25T01:00:00Z"), PARIS)).toBe(`2026-10-25 02:00 ${PARIS}`)
  })
})

// The six DST switches of 2026 in three zones: [zone, local noon the day before, P1D result, real hours].
const SWITCHES: [string, string, string, string, number][] = [
  ["Paris spring forward", "2026-03-28T12:00:00+01:00", "2026-03-29T12:00:00+02:00", PARIS, 23],
  ["Paris fall back", "2026-10-24T12:00:00+02:00", "2026-10-25T12:00:00+01:00", PARIS, 25],
  ["New York spring forward", "2026-03-07T12:00:00-05:00", "2026-03-08T12:00:00-04:00", NEW_YORK, 23],
  ["New York fall back", "2026-10-31T12:00:00-04:00", "2026-11-01T12:00:00-05:00", NEW_YORK, 25],
  ["Sydney end of DST", "2026-04-04T12:00:00+11:00", "2026-04-05T12:00:00+10:00", SYDNEY, 25],
  ["Sydney start of DST", "2026-10-03T12:00:00+10:00", "2026-10-04T12:00:00+11:00", SYDNEY, 23],
]

describe("addDuration", () => {
  it.each(SWITCHES)("%s: P1D keeps the wall-clock time", (_, from, expected, zone, hours) => {
    const result = addDuration(at(from), "P1D", zone)
    expect(iso(result)).toBe(iso(at(expected)))
    expect(result.getTime() - at(from).getTime()).toBe(hours * HOUR)
  })

  it.each(SWITCHES)("%s: PT24H is exactly 24 hours", (_, from, _expected, zone) => {
    const result = addDuration(at(from), "PT24H", zone)
    expect(result.getTime() - at(from).getTime()).toBe(24 * HOUR)
    expect(DateTime.fromJSDate(result, { zone }).hour).not.toBe(12)
  })

  it.each([
    ["Paris, into the gap", "2026-03-28T02:30:00+01:00", PARIS, "2026-03-29T03:00:00+02:00"],
    ["New York, into the gap", "2026-03-07T02:30:00-05:00", NEW_YORK, "2026-03-08T03:00:00-04:00"],
    ["Sydney, into the gap", "2026-10-03T02:30:00+10:00", SYDNEY, "2026-10-04T03:00:00+11:00"],
    ["Paris, into the repeated hour", "2026-10-24T02:30:00+02:00", PARIS, "2026-10-25T02:30:00+02:00"],
    ["New York, into the repeated hour", "2026-10-31T01:30:00-04:00", NEW_YORK, "2026-11-01T01:30:00-04:00"],
    ["Sydney, into the repeated hour", "2026-04-04T02:30:00+11:00", SYDNEY, "2026-04-05T02:30:00+11:00"],
  ])("%s: P1D lands on the first valid instant / the earlier instant", (_, from, zone, expected) => {
    expect(iso(addDuration(at(from), "P1D", zone))).toBe(iso(at(expected)))
  })

  it("adds time units exactly from the second occurrence of a repeated hour", () => {
    const second = at("2026-10-25T02:30:00+01:00")
    expect(iso(addDuration(second, "PT1H", PARIS))).toBe(iso(at("2026-10-25T03:30:00+01:00")))
  })

  it("applies calendar units on the wall clock, then time units exactly", () => {
    expect(iso(addDuration(at("2026-03-28T12:00:00+01:00"), "P1DT1H", PARIS))).toBe(
      iso(at("2026-03-29T13:00:00+02:00")),
    )
    expect(iso(addDuration(at("2026-03-25T09:00:00+01:00"), "P1W", PARIS))).toBe(iso(at("2026-04-01T09:00:00+02:00")))
    expect(iso(addDuration(at("2026-01-31T10:00:00+01:00"), "P1M", PARIS))).toBe(iso(at("2026-02-28T10:00:00+01:00")))
    expect(iso(addDuration(at("2028-02-29T10:00:00Z"), "P1Y", "UTC"))).toBe("2029-02-28T10:00:00.000Z")
    expect(iso(addDuration(at("2026-01-01T00:00:00Z"), "PT1.5H", PARIS))).toBe("2026-01-01T01:30:00.000Z")
    expect(iso(addDuration(at("2026-01-01T00:00:00Z"), "PT0.25S", PARIS))).toBe("2026-01-01T00:00:00.250Z")
  })

  it("throws a RangeError on an invalid duration or zone", () => {
    expect(() => addDuration(at("2026-01-01T00:00:00Z"), "1D", PARIS)).toThrow(RangeError)
    expect(() => addDuration(at("2026-01-01T00:00:00Z"), "P0D", PARIS)).toThrow(/not a positive ISO 8601 duration/)
    expect(() => addDuration(at("2026-01-01T00:00:00Z"), "P1D", "Mars/Olympus")).toThrow(/not an IANA time zone/)
  })

  it("P{n}D keeps the wall-clock time and PT{n}H is exact, in any zone (property)", () => {
    fc.assert(
      fc.property(
        fc.date({ min: at("2025-01-01T00:00:00Z"), max: at("2027-12-31T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: 1, max: 400 }),
        fc.constantFrom(PARIS, NEW_YORK, SYDNEY, "UTC", "Australia/Lord_Howe", "Asia/Kolkata"),
        (from, n, zone) => {
          expect(addDuration(from, `PT${n}H`, zone).getTime() - from.getTime()).toBe(n * HOUR)
          const start = DateTime.fromJSDate(from, { zone })
          const end = DateTime.fromJSDate(addDuration(from, `P${n}D`, zone), { zone })
          const target = start.plus({ days: n })
          const format = "yyyy-MM-dd HH:mm:ss.SSS"
          if (target.hour === start.hour && target.minute === start.minute) {
            expect(end.toFormat(format)).toBe(target.toFormat(format))
          } else {
            // The wall time is skipped that day: luxon moves on by the gap's length, we stop where it ends.
            expect(end.toISODate()).toBe(target.toISODate())
            expect(end.toMillis()).toBeLessThan(target.toMillis())
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe("time windows", () => {
  const business: TimeWindow = { days: ["mon", "tue", "wed", "thu", "fri"], from: "09:00", to: "17:00" }
  const daily: TimeWindow = { from: "09:00", to: "17:00" }
  const overnight: TimeWindow = { from: "21:00", to: "08:00" }

  it("is [from, to): open exactly at from, closed exactly at to", () => {
    const opening = at("2026-06-15T09:00:00+02:00")
    const closing = at("2026-06-15T17:00:00+02:00")
    expect(isWithinWindow(opening, daily, PARIS)).toBe(true)
    expect(nextWindowStart(opening, daily, PARIS)).toBe(opening)
    expect(isWithinWindow(new Date(opening.getTime() - 1), daily, PARIS)).toBe(false)
    expect(iso(nextWindowStart(new Date(opening.getTime() - 1), daily, PARIS))).toBe(iso(opening))
    expect(isWithinWindow(new Date(closing.getTime() - 1), daily, PARIS)).toBe(true)
    expect(isWithinWindow(closing, daily, PARIS)).toBe(false)
    expect(iso(nextWindowStart(closing, daily, PARIS))).toBe(iso(at("2026-06-16T09:00:00+02:00")))
  })

  it("returns `at` itself when inside", () => {
    const inside = at("2026-06-15T12:34:56.789+02:00")
    expect(nextWindowStart(inside, daily, PARIS)).toBe(inside)
  })

  it("reads the window in the given zone", () => {
    const instant = at("2026-06-15T08:00:00Z")
    expect(isWithinWindow(instant, daily, PARIS)).toBe(true) // 10:00 in Paris
    expect(isWithinWindow(instant, daily, NEW_YORK)).toBe(false) // 04:00 in New York
    expect(iso(nextWindowStart(instant, daily, NEW_YORK))).toBe(iso(at("2026-06-15T09:00:00-04:00")))
    expect(iso(nextWindowStart(instant, daily, SYDNEY))).toBe(iso(at("2026-06-16T09:00:00+10:00")))
  })

  it.each([
    ["Paris, over the spring switch", PARIS, "2026-03-27T18:00:00+01:00", "2026-03-30T09:00:00+02:00"],
    ["New York, over the spring switch", NEW_YORK, "2026-03-06T18:00:00-05:00", "2026-03-09T09:00:00-04:00"],
    ["Sydney, over the end of DST", SYDNEY, "2026-04-03T18:00:00+11:00", "2026-04-06T09:00:00+10:00"],
    ["Sydney, over the start of DST", SYDNEY, "2026-10-02T18:00:00+10:00", "2026-10-05T09:00:00+11:00"],
    ["Paris, Saturday noon", PARIS, "2026-06-13T12:00:00+02:00", "2026-06-15T09:00:00+02:00"],
    ["Paris, Sunday night", PARIS, "2026-06-14T23:59:00+02:00", "2026-06-15T09:00:00+02:00"],
    ["Paris, Monday before opening", PARIS, "2026-06-15T07:00:00+02:00", "2026-06-15T09:00:00+02:00"],
  ])("a weekday-only window asked %s opens on the next weekday", (_, zone, asked, expected) => {
    expect(isWithinWindow(at(asked), business, zone)).toBe(false)
    expect(iso(nextWindowStart(at(asked), business, zone))).toBe(iso(at(expected)))
  })

  it.each([
    ["Paris spring forward", PARIS, "2026-03-29T00:30:00+01:00", "2026-03-29T09:00:00+02:00"],
    ["Paris fall back", PARIS, "2026-10-25T00:30:00+02:00", "2026-10-25T09:00:00+01:00"],
    ["New York spring forward", NEW_YORK, "2026-03-08T00:30:00-05:00", "2026-03-08T09:00:00-04:00"],
    ["New York fall back", NEW_YORK, "2026-11-01T00:30:00-04:00", "2026-11-01T09:00:00-05:00"],
    ["Sydney end of DST", SYDNEY, "2026-04-05T00:30:00+11:00", "2026-04-05T09:00:00+10:00"],
    ["Sydney start of DST", SYDNEY, "2026-10-04T00:30:00+10:00", "2026-10-04T09:00:00+11:00"],
  ])("opens at the local time on the switch day (%s)", (_, zone, asked, expected) => {
    expect(iso(nextWindowStart(at(asked), daily, zone))).toBe(iso(at(expected)))
    expect(wall(nextWindowStart(at(asked), daily, zone), zone)).toMatch(/ 09:00 /)
  })

  it.each([
    ["Paris", PARIS, "02:30", "2026-03-29T00:30:00+01:00", "2026-03-29T03:00:00+02:00"],
    ["Paris (from = start of the gap)", PARIS, "02:00", "2026-03-29T00:30:00+01:00", "2026-03-29T03:00:00+02:00"],
    ["New York", NEW_YORK, "02:30", "2026-03-08T00:30:00-05:00", "2026-03-08T03:00:00-04:00"],
    ["Sydney", SYDNEY, "02:30", "2026-10-04T00:30:00+10:00", "2026-10-04T03:00:00+11:00"],
  ])("a from time inside the spring-forward gap opens when the gap ends (%s)", (_, zone, from, asked, expected) => {
    const window: TimeWindow = { from, to: "06:00" }
    const opening = nextWindowStart(at(asked), window, zone)
    expect(iso(opening)).toBe(iso(at(expected)))
    expect(isWithinWindow(opening, window, zone)).toBe(true)
    expect(isWithinWindow(new Date(opening.getTime() - 1), window, zone)).toBe(false)
  })

  it.each([
    ["Paris", PARIS, "02:30", "2026-10-25T00:00:00+02:00", "2026-10-25T02:30:00+02:00"],
    ["New York", NEW_YORK, "01:30", "2026-11-01T00:00:00-04:00", "2026-11-01T01:30:00-04:00"],
    ["Sydney", SYDNEY, "02:30", "2026-04-05T00:00:00+11:00", "2026-04-05T02:30:00+11:00"],
  ])("a from time that occurs twice opens at the earlier instant (%s)", (_, zone, from, asked, expected) => {
    const window: TimeWindow = { from, to: "05:00" }
    expect(iso(nextWindowStart(at(asked), window, zone))).toBe(iso(at(expected)))
    // The second occurrence of that wall time is inside the window that already opened.
    expect(isWithinWindow(new Date(at(expected).getTime() + HOUR), window, zone)).toBe(true)
  })

  it("a window entirely inside the gap does not open that day", () => {
    const window: TimeWindow = { days: ["sun"], from: "02:00", to: "02:45" }
    expect(iso(nextWindowStart(at("2026-03-28T12:00:00+01:00"), window, PARIS))).toBe(
      iso(at("2026-04-05T02:00:00+02:00")),
    )
    expect(isWithinWindow(at("2026-03-29T03:00:00+02:00"), window, PARIS)).toBe(false)
  })

  it("an overnight window spans midnight", () => {
    expect(isWithinWindow(at("2026-06-15T20:59:00+02:00"), overnight, PARIS)).toBe(false)
    expect(isWithinWindow(at("2026-06-15T21:00:00+02:00"), overnight, PARIS)).toBe(true)
    expect(isWithinWindow(at("2026-06-15T23:30:00+02:00"), overnight, PARIS)).toBe(true)
    expect(isWithinWindow(at("2026-06-16T00:00:00+02:00"), overnight, PARIS)).toBe(true)
    expect(isWithinWindow(at("2026-06-16T07:59:00+02:00"), overnight, PARIS)).toBe(true)
    expect(isWithinWindow(at("2026-06-16T08:00:00+02:00"), overnight, PARIS)).toBe(false)
    expect(iso(nextWindowStart(at("2026-06-16T08:00:00+02:00"), overnight, PARIS))).toBe(
      iso(at("2026-06-16T21:00:00+02:00")),
    )
  })

  it.each([
    ["Paris spring forward", PARIS, "2026-03-28T21:00:00+01:00", "2026-03-29T08:00:00+02:00", 10],
    ["Paris fall back", PARIS, "2026-10-24T21:00:00+02:00", "2026-10-25T08:00:00+01:00", 12],
    ["New York spring forward", NEW_YORK, "2026-03-07T21:00:00-05:00", "2026-03-08T08:00:00-04:00", 10],
    ["New York fall back", NEW_YORK, "2026-10-31T21:00:00-04:00", "2026-11-01T08:00:00-05:00", 12],
    ["Sydney end of DST", SYDNEY, "2026-04-04T21:00:00+11:00", "2026-04-05T08:00:00+10:00", 12],
    ["Sydney start of DST", SYDNEY, "2026-10-03T21:00:00+10:00", "2026-10-04T08:00:00+11:00", 10],
  ])("an overnight window across a switch keeps its wall-clock bounds (%s)", (_, zone, from, to, hours) => {
    const start = at(from)
    const end = at(to)
    expect(end.getTime() - start.getTime()).toBe(hours * HOUR)
    expect(isWithinWindow(new Date(start.getTime() - 1), overnight, zone)).toBe(false)
    expect(nextWindowStart(new Date(start.getTime() - 1), overnight, zone).getTime()).toBe(start.getTime())
    expect(isWithinWindow(start, overnight, zone)).toBe(true)
    expect(isWithinWindow(new Date(end.getTime() - 1), overnight, zone)).toBe(true)
    expect(isWithinWindow(end, overnight, zone)).toBe(false)
    expect(wall(nextWindowStart(end, overnight, zone), zone)).toMatch(new RegExp(`^${to.slice(0, 10)} 21:00 `))
  })

  it("an overnight window belongs to the day it starts on", () => {
    const fridayNight: TimeWindow = { days: ["fri"], from: "21:00", to: "08:00" }
    expect(isWithinWindow(at("2026-06-20T07:00:00+02:00"), fridayNight, PARIS)).toBe(true) // Saturday morning
    expect(isWithinWindow(at("2026-06-20T21:30:00+02:00"), fridayNight, PARIS)).toBe(false) // Saturday night
    expect(iso(nextWindowStart(at("2026-06-20T21:30:00+02:00"), fridayNight, PARIS))).toBe(
      iso(at("2026-06-26T21:00:00+02:00")),
    )
    expect(isWithinWindow(at("2026-06-19T07:00:00+02:00"), fridayNight, PARIS)).toBe(false) // Friday morning
    expect(iso(nextWindowStart(at("2026-06-18T23:00:00+02:00"), fridayNight, PARIS))).toBe(
      iso(at("2026-06-19T21:00:00+02:00")),
    )
  })

  it("from = to is open for a whole day from that time", () => {
    const mondays: TimeWindow = { days: ["mon"], from: "09:00", to: "09:00" }
    expect(isWithinWindow(at("2026-06-15T09:00:00+02:00"), mondays, PARIS)).toBe(true)
    expect(isWithinWindow(at("2026-06-16T08:59:00+02:00"), mondays, PARIS)).toBe(true)
    expect(isWithinWindow(at("2026-06-16T09:00:00+02:00"), mondays, PARIS)).toBe(false)
    expect(iso(nextWindowStart(at("2026-06-16T09:00:00+02:00"), mondays, PARIS))).toBe(
      iso(at("2026-06-22T09:00:00+02:00")),
    )
  })

  it("finds a window a full week ahead", () => {
    const mondayMorning: TimeWindow = { days: ["mon"], from: "09:00", to: "10:00" }
    expect(iso(nextWindowStart(at("2026-06-15T10:00:00+02:00"), mondayMorning, PARIS))).toBe(
      iso(at("2026-06-22T09:00:00+02:00")),
    )
  })

  it("an empty days list never opens", () => {
    const never: TimeWindow = { days: [], from: "09:00", to: "17:00" }
    expect(isWithinWindow(at("2026-06-15T10:00:00+02:00"), never, PARIS)).toBe(false)
    expect(() => nextWindowStart(at("2026-06-15T10:00:00+02:00"), never, PARIS)).toThrow(/never opens/)
  })

  it("throws a RangeError on an invalid time of day or zone", () => {
    const instant = at("2026-06-15T10:00:00Z")
    expect(() => isWithinWindow(instant, { from: "9:00", to: "17:00" }, PARIS)).toThrow(/"9:00" is not a time of day/)
    expect(() => nextWindowStart(instant, { from: "09:00", to: "24:00" }, PARIS)).toThrow(RangeError)
    expect(() => isWithinWindow(instant, daily, "Mars/Olympus")).toThrow(/not an IANA time zone/)
  })

  it("nextWindowStart is the first open instant at or after `at` (property)", () => {
    const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45, 59)).map(
      ([hour, minute]) => `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`,
    )
    const window = fc.record(
      { days: fc.uniqueArray(fc.constantFrom(...WEEKDAYS), { minLength: 1 }), from: time, to: time },
      { requiredKeys: ["from", "to"] },
    )
    fc.assert(
      fc.property(
        fc.date({ min: at("2026-01-01T00:00:00Z"), max: at("2026-12-31T00:00:00Z"), noInvalidDate: true }),
        window,
        fc.constantFrom(PARIS, NEW_YORK, SYDNEY, "UTC", "Australia/Lord_Howe", "Asia/Kolkata"),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }),
        (asked, window, zone, samples) => {
          const opening = nextWindowStart(asked, window, zone)
          expect(opening.getTime()).toBeGreaterThanOrEqual(asked.getTime())
          expect(opening.getTime() - asked.getTime()).toBeLessThanOrEqual(15 * 24 * HOUR)
          expect(isWithinWindow(opening, window, zone)).toBe(true)
          if (opening === asked) return
          expect(isWithinWindow(new Date(opening.getTime() - 1), window, zone)).toBe(false)
          for (const fraction of samples) {
            const between = asked.getTime() + Math.floor(fraction * (opening.getTime() - asked.getTime() - 1))
            expect(isWithinWindow(new Date(between), window, zone)).toBe(false)
          }
          const local = DateTime.fromJSDate(opening, { zone })
          if (window.days) expect(window.days).toContain(WEEKDAYS[local.weekday - 1])
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe("nextTimeOfDay", () => {
  it("is the next time strictly after: later today, else tomorrow", () => {
    const daily = { at: "09:00" }
    expect(iso(nextTimeOfDay(at("2026-06-15T08:59:00+02:00"), daily, PARIS))).toBe(iso(at("2026-06-15T09:00:00+02:00")))
    expect(iso(nextTimeOfDay(at("2026-06-15T09:00:00+02:00"), daily, PARIS))).toBe(iso(at("2026-06-16T09:00:00+02:00")))
    expect(iso(nextTimeOfDay(at("2026-06-15T09:00:00+02:00"), daily, NEW_YORK))).toBe(iso(at("2026-06-15T09:00:00-04:00")))
  })

  it.each([
    ["Paris, the day before spring forward", PARIS, "2026-03-28T10:00:00+01:00", "2026-03-29T09:00:00+02:00"],
    ["Paris, the day before fall back", PARIS, "2026-10-24T10:00:00+02:00", "2026-10-25T09:00:00+01:00"],
    ["New York, over spring forward", NEW_YORK, "2026-03-07T10:00:00-05:00", "2026-03-08T09:00:00-04:00"],
    ["Sydney, over the start of DST", SYDNEY, "2026-10-03T10:00:00+10:00", "2026-10-04T09:00:00+11:00"],
  ])("keeps the wall-clock time across a DST switch: %s", (_, zone, after, expected) => {
    expect(iso(nextTimeOfDay(at(after), { at: "09:00" }, zone))).toBe(iso(at(expected)))
  })

  it("resolves a time skipped by spring forward to the end of the gap, and a repeated one to the earlier", () => {
    expect(iso(nextTimeOfDay(at("2026-03-28T12:00:00+01:00"), { at: "02:30" }, PARIS))).toBe(iso(at("2026-03-29T03:00:00+02:00")))
    expect(iso(nextTimeOfDay(at("2026-10-24T12:00:00+02:00"), { at: "02:30" }, PARIS))).toBe(iso(at("2026-10-25T02:30:00+02:00")))
  })

  it("comes only on the listed days", () => {
    const mondays = { at: "07:30", days: ["mon" as const] }
    // Monday 07:30 itself is not after 07:30: the next Monday.
    expect(iso(nextTimeOfDay(at("2026-06-15T07:30:00+02:00"), mondays, PARIS))).toBe(iso(at("2026-06-22T07:30:00+02:00")))
    const weekend = { at: "18:00", days: ["sat" as const, "sun" as const] }
    expect(iso(nextTimeOfDay(at("2026-06-12T19:00:00+02:00"), weekend, PARIS))).toBe(iso(at("2026-06-13T18:00:00+02:00")))
    expect(iso(nextTimeOfDay(at("2026-06-13T18:00:00+02:00"), weekend, PARIS))).toBe(iso(at("2026-06-14T18:00:00+02:00")))
    expect(iso(nextTimeOfDay(at("2026-06-14T18:00:00+02:00"), weekend, PARIS))).toBe(iso(at("2026-06-20T18:00:00+02:00")))
  })

  it("refuses a schedule that never comes", () => {
    expect(() => nextTimeOfDay(new Date(), { at: "09:00", days: [] }, PARIS)).toThrow(RangeError)
    expect(() => nextTimeOfDay(new Date(), { at: "9h" }, PARIS)).toThrow(RangeError)
  })
})
