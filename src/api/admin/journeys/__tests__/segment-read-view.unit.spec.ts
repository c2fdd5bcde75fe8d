import { segmentReadView } from "../helpers"

const read = {
  id: "jsread_1",
  version_id: "jver_1",
  segment_id: "jseg_1",
  status: "running",
  total: 1_000,
  entered: 300,
  skipped: 100,
  due_at: new Date("2026-12-06T10:00:00Z"),
  started_at: new Date("2026-12-06T10:00:00Z"),
  finished_at: null,
  error: null,
}

describe("segmentReadView", () => {
  it("gives a running read's entries per second and the time left at the pace members are handled", () => {
    const view = segmentReadView(read, new Date("2026-12-06T10:01:20Z"))
    // 300 entered in 80 s; 400 handled in 80 s, so the 600 left take 120 s.
    expect(view).toMatchObject({ status: "running", total: 1_000, entered: 300, skipped: 100, rate_per_second: 3.75, eta_seconds: 120 })
  })

  it("measures a finished read up to its end, with nothing left", () => {
    const done = { ...read, status: "done", entered: 900, finished_at: new Date("2026-12-06T10:05:00Z") }
    expect(segmentReadView(done, new Date("2026-12-07T00:00:00Z"))).toMatchObject({ rate_per_second: 3, eta_seconds: 0 })
  })

  it("has no pace before it starts, nor a time left once cancelled", () => {
    const queued = { ...read, status: "queued", total: null, entered: 0, skipped: 0, started_at: null }
    expect(segmentReadView(queued, new Date("2026-12-06T10:00:00Z"))).toMatchObject({ status: "queued", rate_per_second: null, eta_seconds: null })
    // Not due yet: the next read at its time.
    expect(segmentReadView(queued, new Date("2026-12-06T09:59:59Z"))).toMatchObject({ status: "scheduled", due_at: queued.due_at })
    const cancelled = { ...read, status: "cancelled", finished_at: new Date("2026-12-06T10:00:40Z") }
    expect(segmentReadView(cancelled, new Date())).toMatchObject({ rate_per_second: 7.5, eta_seconds: null })
  })
})
