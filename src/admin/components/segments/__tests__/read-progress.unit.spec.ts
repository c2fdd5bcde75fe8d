import { isReading, readFraction, readProgress, type SegmentRead } from "../../../lib/api-segment-reads"
import { translator } from "../../editor/canvas/__tests__/translate"
import { describeRead } from "../read-words"

const read = (fields: Partial<SegmentRead>): SegmentRead => ({
  id: "jsread_1",
  version_id: "v2",
  segment_id: "jseg_1",
  status: "running",
  total: 12_000,
  entered: 7_400,
  skipped: 0,
  due_at: "2026-12-06T08:00:00.000Z",
  started_at: "2026-12-06T08:00:00.000Z",
  finished_at: null,
  error: null,
  rate_per_second: 1_200,
  eta_seconds: 4,
  ...fields,
})

const number = (value: number) => new Intl.NumberFormat("en").format(value)

describe("a journey's segment reads in the editor", () => {
  it("shows the live version's latest read due and the next scheduled one's time", () => {
    const reads = [
      read({ id: "next-later", status: "scheduled", due_at: "2026-12-08T07:00:00.000Z" }),
      read({ id: "next", status: "scheduled", due_at: "2026-12-07T07:00:00.000Z" }),
      read({ id: "today", status: "done" }),
      read({ id: "older version", version_id: "v1", status: "running" }),
    ]
    expect(readProgress(reads, "v2")).toEqual({ latest: reads[2], nextAt: "2026-12-07T07:00:00.000Z" })
    expect(readProgress(reads, "v1")).toEqual({ latest: reads[3], nextAt: null })
    // A start date ahead: only the scheduled read; a version that starts on no segment: nothing.
    expect(readProgress(reads.slice(0, 1), "v2")).toEqual({ latest: null, nextAt: "2026-12-08T07:00:00.000Z" })
    expect(readProgress(reads, undefined)).toEqual({ latest: null, nextAt: null })
    expect([isReading(reads[3]), isReading(read({ status: "queued" })), isReading(reads[2]), isReading(null)]).toEqual([true, true, false, false])
  })

  it("fills the bar with the members handled, whole once done", () => {
    expect(readFraction(read({ entered: 7_400, skipped: 1_600 }))).toBe(0.75)
    expect(readFraction(read({ status: "queued", total: null, entered: 0 }))).toBe(0)
    // Members who left the segment during the read: done is done.
    expect(readFraction(read({ status: "done", entered: 11_000 }))).toBe(1)
    expect(readFraction(read({ entered: 13_000 }))).toBe(1)
  })

  it("says the progress and the outcome, in English and French", () => {
    const en = translator("en")
    expect(describeRead(read({}), en, number)).toBe("Entered 7,400 of 12,000 · 1,200/s · about 4 s left")
    expect(describeRead(read({ skipped: 30, rate_per_second: 2.345, eta_seconds: 150 }), en, number)).toBe(
      "Entered 7,400 of 12,000 · 30 skipped · 2.3/s · about 3 minutes left"
    )
    // No pace yet (just started, or the clock says nothing): only the counts.
    expect(describeRead(read({ rate_per_second: null, eta_seconds: null }), en, number)).toBe("Entered 7,400 of 12,000")
    expect(describeRead(read({ total: null, entered: 0 }), en, number)).toBe("Counting the segment's members…")
    expect(describeRead(read({ status: "queued", total: null }), en, number)).toMatch(/^Waiting for the read to start/)
    expect(describeRead(read({ status: "done", entered: 12_000, skipped: 30, eta_seconds: 0 }), en, number)).toBe("Read done: 12,000 entered, 30 skipped")
    expect(describeRead(read({ status: "failed", error: "Segment jseg_1 was not found" }), en, number)).toBe("The read failed: Segment jseg_1 was not found")
    const fr = translator("fr")
    expect(describeRead(read({}), fr, number)).toBe("7,400 entrés sur 12,000 · 1,200/s · encore 4 s environ")
    expect(describeRead(read({ status: "done", entered: 12_000, skipped: 30 }), fr, number)).toBe("Lecture terminée : 12,000 entrés, 30 ignorés")
  })
})
