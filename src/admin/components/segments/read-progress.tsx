/**
 * The live version's segment reads on the editor page: a progress bar under the header while the
 * segment's members enter (then what the read did, and when the next one is due), and the latest
 * read's counts on the trigger node in the live view. One query for the page, polled while a read
 * runs (`useSegmentReads`); the canvas reads it through a context.
 */
import { Container, Text } from "@medusajs/ui"
import { createContext, useContext, useMemo, type ReactNode } from "react"
import { useTranslation } from "react-i18next"

import { isValidZone } from "../../../engine"
import type { Journey } from "../../lib/api"
import { isReading, readFraction, readProgress, useSegmentReads, type ReadProgress, type SegmentRead } from "../../lib/api-segment-reads"
import { asRecord } from "../../lib/editor/draft"
import { useFormat } from "../../lib/format"
import { describeRead } from "./read-words"
import { useLiveView } from "../stats/live-stats"

type Reads = ReadProgress & { zone: string | undefined }

const ReadsContext = createContext<Reads>({ latest: null, nextAt: null, zone: undefined })

/** The reads of the live version when it starts on a segment; nothing otherwise. */
export const SegmentReadsProvider = ({ journey, children }: { journey: Journey; children: ReactNode }) => {
  const definition = journey.published?.definition
  const segmentTrigger = asRecord(definition?.trigger)?.type === "segment"
  const versionId = segmentTrigger ? journey.published?.id : undefined
  const { data } = useSegmentReads(journey.id, versionId)
  const zone = asRecord(definition?.settings)?.timezone
  const reads = useMemo(
    () => ({ ...readProgress(data ?? [], versionId), zone: typeof zone === "string" && isValidZone(zone) ? zone : undefined }),
    [data, versionId, zone]
  )
  return <ReadsContext.Provider value={reads}>{children}</ReadsContext.Provider>
}

/** Under the editor's header: the latest read's progress or outcome, and the next read's time. */
export const SegmentReadBar = () => {
  const { t, i18n } = useTranslation("journeys")
  const format = useFormat()
  const { latest, nextAt, zone } = useContext(ReadsContext)
  if (!latest && !nextAt) return null
  // In the journey's time zone, which the trigger's time is read in.
  const clock = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short", timeZone: zone })
  const next = nextAt && t("segments.read.next", { time: clock.format(new Date(nextAt)), zone: clock.resolvedOptions().timeZone })
  return (
    <Container
      className="flex flex-wrap items-center gap-x-4 gap-y-2 px-6 py-3"
      data-testid="segment-read"
      data-status={latest?.status ?? "scheduled"}
      data-entered={latest?.entered}
      data-total={latest?.total ?? undefined}
    >
      <Text size="small" weight="plus" className="shrink-0">{t("segments.read.title")}</Text>
      {latest && <Bar read={latest} />}
      {latest && <Text size="small" className="text-ui-fg-subtle" data-testid="segment-read-text">{describeRead(latest, t, format.number)}</Text>}
      {next && <Text size="small" className="text-ui-fg-subtle" data-testid="segment-read-next">{next}</Text>}
    </Container>
  )
}

const BAR_COLOUR: Record<SegmentRead["status"], string> = {
  scheduled: "var(--fg-interactive)",
  queued: "var(--fg-interactive)",
  running: "var(--fg-interactive)",
  done: "var(--tag-green-icon)",
  failed: "var(--tag-red-icon)",
  cancelled: "var(--fg-muted)",
}

const Bar = ({ read }: { read: SegmentRead }) => {
  const { t } = useTranslation("journeys")
  const fraction = readFraction(read)
  return (
    <div
      role="progressbar"
      aria-label={t("segments.read.title")}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(fraction * 100)}
      style={{ flex: "1 1 160px", maxWidth: 360, height: 8, borderRadius: 4, background: "var(--bg-subtle)", boxShadow: "inset 0 0 0 1px var(--border-base)", overflow: "hidden" }}
    >
      <div style={{ width: `${fraction * 100}%`, height: "100%", borderRadius: 4, background: BAR_COLOUR[read.status], transition: "width 300ms ease-out" }} />
    </div>
  )
}

/** On a segment trigger in the live view: who entered of the members the latest read counted. */
export const TriggerReadStrip = () => {
  const view = useLiveView()
  const { latest } = useContext(ReadsContext)
  const { t } = useTranslation("journeys")
  const format = useFormat()
  if (!view) return null
  const counts =
    latest?.total != null
      ? t("segments.read.counts", { entered: format.number(latest.entered), total: format.number(latest.total) })
      : latest && !isReading(latest)
        ? t("segments.read.notRead") // failed or cancelled before counting
        : t("segments.read.pending") // a start date ahead, or the job has not started it
  return (
    <div className="jc-stats" data-testid="trigger-read" data-status={latest?.status} data-entered={latest?.entered}>
      <div className="jc-stats-row" title={t("segments.read.countsHint")}>{counts}</div>
    </div>
  )
}
