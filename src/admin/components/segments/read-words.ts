/** A segment read's progress or outcome in words, for the editor's progress bar. */
import type { SegmentRead } from "../../lib/api-segment-reads"
import { formatMinutes, type Translate } from "../editor/canvas/summaries"

/** "Entered 7,400 of 12,000 · 1,200/s · about 4 s left", "Read done: 12,000 entered, 30 skipped", … */
export function describeRead(read: SegmentRead, t: Translate, number: (value: number) => string): string {
  switch (read.status) {
    case "scheduled":
    case "queued":
      return t("segments.read.waiting")
    case "running": {
      if (read.total === null) return t("segments.read.counting")
      const parts = [t("segments.read.progress", { entered: number(read.entered), total: number(read.total) })]
      if (read.skipped > 0) parts.push(t("segments.read.skipped", { skipped: number(read.skipped) }))
      if (read.rate_per_second !== null) parts.push(t("segments.read.rate", { rate: number(rounded(read.rate_per_second)) }))
      if (read.eta_seconds) parts.push(timeLeft(read.eta_seconds, t))
      return parts.join(" · ")
    }
    case "done":
      return t("segments.read.done", { entered: number(read.entered), skipped: number(read.skipped) })
    case "failed":
      return t("segments.read.failed", { error: read.error ?? "?" })
    case "cancelled":
      return t("segments.read.cancelled")
  }
}

function timeLeft(seconds: number, t: Translate): string {
  return seconds < 60
    ? t("segments.read.secondsLeft", { count: Math.ceil(seconds) })
    : t("segments.read.timeLeft", { duration: formatMinutes(Math.ceil(seconds / 60), t) })
}

/** Whole members per second, a tenth below ten (a slow store still sees its pace). */
const rounded = (rate: number) => (rate < 10 ? Math.round(rate * 10) / 10 : Math.round(rate))
