/**
 * A segment-trigger journey's segment reads (`GET /admin/journeys/:id/segment-reads`), and what the
 * editor shows of them: the progress of the live version's latest read, and when its next one is due.
 */
import { useQuery } from "@tanstack/react-query"
import { journeyKeys } from "./api"
import { sdk } from "./sdk"

/** One read, as the route gives it (see `segmentReadView` in the admin API's helpers). */
export type SegmentRead = {
  id: string
  version_id: string
  segment_id: string
  /** `scheduled`: queued, not due yet (a start date ahead, or a repeating trigger's next read). */
  status: "scheduled" | "queued" | "running" | "done" | "failed" | "cancelled"
  /** Members counted when the read started; null until then. */
  total: number | null
  entered: number
  skipped: number
  started_at: string | null
  finished_at: string | null
  error: string | null
  /** Members entered per second so far; null before there is a pace. */
  rate_per_second: number | null
  /** Seconds left at that pace; 0 once done, null when unknown. */
  eta_seconds: number | null
  /** When it is due: the publication or the start date, then each time a repeating trigger reads again. */
  due_at?: string
}

/** What the editor shows of a version's reads: the latest one due (its progress or outcome), and when the next is due. */
export type ReadProgress = { latest: SegmentRead | null; nextAt: string | null }

/** Reads newest first (as the route lists them); only the version's count. */
export function readProgress(reads: readonly SegmentRead[], versionId: string | undefined): ReadProgress {
  const own = reads.filter((read) => read.version_id === versionId)
  const scheduled = own.flatMap((read) => (read.status === "scheduled" && read.due_at ? [read.due_at] : []))
  const earliest = scheduled.sort((a, b) => new Date(a).getTime() - new Date(b).getTime())[0]
  return { latest: own.find((read) => read.status !== "scheduled") ?? null, nextAt: earliest ?? null }
}

export const isReading = (read: SegmentRead | null) => read?.status === "queued" || read?.status === "running"

/** The part of the members handled (entered or skipped), 0 to 1; a done read is whole even if its members left meanwhile. */
export function readFraction(read: SegmentRead): number {
  if (read.status === "done") return 1
  if (!read.total) return 0
  return Math.min(1, (read.entered + read.skipped) / read.total)
}

/** Refreshed every second while a read runs; every minute while one is only scheduled, to see it start. */
const READING_REFRESH_MS = 1_000
const SCHEDULED_REFRESH_MS = 60_000

export function useSegmentReads(journeyId: string, versionId: string | undefined) {
  return useQuery({
    // Under the journeys' keys: publishing invalidates them, so a new read shows at once.
    queryKey: [...journeyKeys.all, "segment-reads", journeyId] as const,
    queryFn: () =>
      sdk.client
        .fetch<{ segment_reads: SegmentRead[] }>(`/admin/journeys/${journeyId}/segment-reads`)
        .then(({ segment_reads }) => segment_reads),
    enabled: versionId !== undefined,
    refetchInterval: (query) => {
      const progress = readProgress(query.state.data ?? [], versionId)
      return isReading(progress.latest) ? READING_REFRESH_MS : progress.nextAt ? SCHEDULED_REFRESH_MS : false
    },
  })
}
