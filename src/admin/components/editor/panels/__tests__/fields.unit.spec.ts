import { isValidZone } from "../../../../../engine"
import {
  duplicateKeys,
  freshPort,
  isEventName,
  isoToWallClock,
  isRawDuration,
  matching,
  metadataRows,
  move,
  parseNumberText,
  percentTotal,
  rowsToMetadata,
  searchTimeZones,
  supportedTimeZones,
  toggleDay,
  wallClockToIso,
  withDurationPart,
  withFields,
} from "../fields"

describe("the panels' field helpers", () => {
  it("edits a duration by days, hours and minutes", () => {
    expect(withDurationPart("P1D", "hours", 2)).toBe("P1DT2H")
    expect(withDurationPart(undefined, "minutes", 30)).toBe("PT30M")
    expect(withDurationPart("PT23H", "hours", 0)).toBe("")
    expect(withDurationPart("", "days", 3)).toBe("P3D")
    expect(withDurationPart("P1D", "days", 1.7)).toBe("P1D")
    expect(withDurationPart("P1W", "hours", 2)).toBe("P7DT2H")
    expect(isRawDuration("P1W")).toBe(false)
    expect(isRawDuration("P1M")).toBe(true)
    expect(isRawDuration("PT1.5H")).toBe(true)
    expect(isRawDuration("P1DT2H")).toBe(false)
    expect(isRawDuration("")).toBe(false)
    expect(isRawDuration(undefined)).toBe(false)
  })

  it("reads typed numbers", () => {
    expect(parseNumberText("")).toBeUndefined()
    expect(parseNumberText(" 12 ")).toBe(12)
    expect(parseNumberText("1.5")).toBe(1.5)
    expect(parseNumberText("abc")).toBeNull()
  })

  it("toggles days of a window, every day written as no list", () => {
    expect(toggleDay(undefined, "sun")).toEqual(["mon", "tue", "wed", "thu", "fri", "sat"])
    expect(toggleDay(["mon", "tue", "wed", "thu", "fri", "sat"], "sun")).toBeUndefined()
    expect(toggleDay(["fri", "mon"], "wed")).toEqual(["mon", "wed", "fri"])
    expect(toggleDay(["mon"], "mon")).toEqual([])
  })

  it("checks event names and finds fresh port names", () => {
    expect(isEventName("order.placed")).toBe(true)
    expect(isEventName("loyalty.tier_changed")).toBe(true)
    expect(isEventName("Order Placed")).toBe(false)
    expect(isEventName("order..placed")).toBe(false)
    expect(freshPort(["a", "b"], "b")).toBe("c")
    expect(freshPort(["a", "c"], "a")).toBe("b")
    expect(freshPort(["yes"], "branch")).toBe("branch_2")
    expect(freshPort(["yes", "branch_3", "x"], "branch")).toBe("branch_4")
  })

  it("moves items up and down, not past the ends", () => {
    expect(move(["a", "b", "c"], 2, -1)).toEqual(["a", "c", "b"])
    expect(move(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"])
    expect(move(["a", "b"], 0, -1)).toEqual(["a", "b"])
  })

  it("adds up split percentages as the validator does", () => {
    expect(percentTotal([{ percent: 50 }, { percent: 50 }])).toEqual({ total: 100, valid: true })
    expect(percentTotal([{ percent: 33.3 }, { percent: 33.3 }, { percent: 33.4 }])).toEqual({ total: 100, valid: true })
    expect(percentTotal([{ percent: 60 }, {}])).toEqual({ total: 60, valid: false })
  })

  it("edits metadata as rows, keeping the type of values left alone", () => {
    const metadata = { tier: "gold", visits: 3, flags: { vip: true } }
    const rows = metadataRows(metadata)
    expect(rows).toEqual([
      { key: "tier", value: "gold" },
      { key: "visits", value: "3" },
      { key: "flags", value: '{"vip":true}' },
    ])
    expect(rowsToMetadata(rows, metadata)).toEqual(metadata)
    expect(rowsToMetadata([...rows.slice(0, 1), { key: "visits", value: "4" }, { key: "", value: "x" }], metadata)).toEqual({
      tier: "gold",
      visits: "4",
    })
    expect(rowsToMetadata([{ key: "", value: "" }], undefined)).toBeUndefined()
    expect([...duplicateKeys([{ key: "a", value: "" }, { key: "a", value: "" }, { key: "", value: "" }, { key: "", value: "" }])]).toEqual(["a"])
  })

  it("searches time zones by words", () => {
    const zones = ["Europe/Paris", "America/New_York", "America/Los_Angeles", "Asia/Tokyo"]
    expect(searchTimeZones(zones, "paris")).toEqual(["Europe/Paris"])
    expect(searchTimeZones(zones, "america new")).toEqual(["America/New_York"])
    expect(searchTimeZones(zones, "new_york")).toEqual(["America/New_York"])
    expect(searchTimeZones(zones, "", 2)).toEqual(["Europe/Paris", "America/New_York"])
    expect(supportedTimeZones().every(isValidZone)).toBe(true)
  })

  it("reads picked dates as wall-clock times in the journey's zone, and back", () => {
    const picked = new Date(2026, 11, 1, 9, 30)
    expect(wallClockToIso(picked, "Europe/Paris")).toBe("2026-12-01T09:30:00+01:00")
    expect(wallClockToIso(new Date(2026, 6, 1, 9, 0), "America/New_York")).toBe("2026-07-01T09:00:00-04:00")
    const back = isoToWallClock("2026-12-01T09:30:00+01:00", "Europe/Paris")
    expect(back && [back.getFullYear(), back.getMonth(), back.getDate(), back.getHours(), back.getMinutes()]).toEqual([2026, 11, 1, 9, 30])
    // Another offset is shown in the journey's zone: 08:30 UTC is 09:30 in Paris.
    const converted = isoToWallClock("2026-12-01T08:30:00Z", "Europe/Paris")
    expect(converted?.getHours()).toBe(9)
    expect(isoToWallClock("not a date", "Europe/Paris")).toBeNull()
    expect(isoToWallClock(undefined, "Europe/Paris")).toBeNull()
    expect(wallClockToIso(picked, "Not/AZone")).toMatch(/^2026-12-01T09:30:00[+-]\d{2}:\d{2}$|^2026-12-01T09:30:00Z$/)
  })

  it("sets and removes fields of a part of a node", () => {
    const goal = { event: "order.placed", within: "P7D" }
    expect(withFields(goal, { within: undefined })).toEqual({ event: "order.placed" })
    expect(withFields(goal, { event: "x" })).toEqual({ event: "x", within: "P7D" })
    expect(goal).toEqual({ event: "order.placed", within: "P7D" })
  })

  it("filters suggestions by value or label, case-insensitively", () => {
    const suggestions = [{ value: "cart.total", label: "Total" }, { value: "customer.email", label: "E-mail" }, { value: "order.placed" }]
    expect(matching(suggestions, "").map((s) => s.value)).toEqual(["cart.total", "customer.email", "order.placed"])
    expect(matching(suggestions, "TOT").map((s) => s.value)).toEqual(["cart.total"])
    expect(matching(suggestions, "e-mail").map((s) => s.value)).toEqual(["customer.email"])
    expect(matching(suggestions, "placed").map((s) => s.value)).toEqual(["order.placed"])
  })
})
