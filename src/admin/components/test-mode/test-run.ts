/** What the test drawer and the canvas's badges compute from the listed test enrollments. */
import type { EnrollmentRow } from "../../lib/api-enrollments"

type Listed = Pick<EnrollmentRow, "status" | "current_node" | "wake_at" | "version">

const inProgress = (enrollment: Listed) => enrollment.status === "active" || enrollment.status === "waiting"

/** How many test customers are at each step of the version `versionId` now (moving on, or waiting there). */
export function countByNode(enrollments: Listed[], versionId: string | undefined): Map<string, number> {
  const counts = new Map<string, number>()
  for (const enrollment of enrollments) {
    if (!inProgress(enrollment) || enrollment.current_node === null || enrollment.version.id !== versionId) continue
    counts.set(enrollment.current_node, (counts.get(enrollment.current_node) ?? 0) + 1)
  }
  return counts
}

/** The soonest wake among those waiting on a timer, or null. */
export function nextWake(enrollments: Listed[]): string | null {
  const wakes = enrollments.filter((e) => e.status === "waiting" && e.wake_at !== null).map((e) => Date.parse(e.wake_at!))
  return wakes.length ? new Date(Math.min(...wakes)).toISOString() : null
}

/**
 * The fast-forward that reaches `wake` from `now`, in whole minutes with one to spare: the server
 * runs what is due by its own clock, which may be a little behind this browser's.
 */
export function durationUntil(wake: string, now: number): string {
  const minutes = Math.max(0, Math.ceil((Date.parse(wake) - now) / 60_000)) + 1
  return `PT${minutes}M`
}
