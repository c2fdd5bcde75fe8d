import { countByNode, durationUntil, nextWake } from "../test-run"

const row = (status: string, current_node: string | null, wake_at: string | null = null, version = "v2") =>
  ({ status, current_node, wake_at, version: { id: version, number: 2 } }) as Parameters<typeof countByNode>[0][number]

describe("test mode's numbers", () => {
  it("counts the customers in progress at each step of the version shown", () => {
    const rows = [
      row("waiting", "pause"),
      row("waiting", "pause"),
      row("active", "hello"),
      row("completed", "done"),
      row("exited", "pause"),
      row("waiting", "pause", null, "v1"),
      row("failed", "hello"),
    ]
    expect(Object.fromEntries(countByNode(rows, "v2"))).toEqual({ pause: 2, hello: 1 })
    expect(Object.fromEntries(countByNode(rows, "v1"))).toEqual({ pause: 1 })
    expect(countByNode(rows, undefined).size).toBe(0)
  })

  it("finds the soonest timed wake, ignoring those waiting for an event and those done", () => {
    const rows = [
      row("waiting", "pause", "2026-12-07T10:00:00.000Z"),
      row("waiting", "later", "2026-12-06T09:30:00.000Z"),
      row("waiting", "event", null),
      row("completed", "done", "2026-12-01T00:00:00.000Z"),
    ]
    expect(nextWake(rows)).toBe("2026-12-06T09:30:00.000Z")
    expect(nextWake([row("waiting", "event", null)])).toBeNull()
  })

  it("fast-forwards a minute past the wake, in whole minutes", () => {
    const now = Date.parse("2026-12-06T09:00:00.000Z")
    expect(durationUntil("2026-12-06T09:30:00.000Z", now)).toBe("PT31M")
    expect(durationUntil("2026-12-06T09:30:20.000Z", now)).toBe("PT32M")
    expect(durationUntil("2026-12-07T09:00:00.000Z", now)).toBe("PT1441M")
    // Already due by this clock: the minute still lets the server's clock get there.
    expect(durationUntil("2026-12-06T08:00:00.000Z", now)).toBe("PT1M")
  })
})
