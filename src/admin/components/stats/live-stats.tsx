/**
 * The live version's numbers on the canvas. One query polls the stats route for the whole page
 * (`useLiveStats`); its answer reaches the nodes' strips through a context of its own, which only
 * the strips and the funnels read: a refresh re-renders them, never the canvas, whose layout
 * depends only on whether the strips are shown (`useStripsShown`, a context that changes with the
 * view or the period, not with the numbers).
 */
import { createContext, useContext, useMemo, useState, type ReactNode } from "react"
import { useTranslation } from "react-i18next"
import { Link } from "react-router-dom"

import { ratio, messagesOut, useLiveStats, type LiveNodeStats, type LiveStats, type StatsPeriod } from "../../lib/api-stats"
import { CANVAS_NODE_SIZE, type CanvasSizing } from "../../lib/editor/canvas"
import { useFormat } from "../../lib/format"

type LiveView = { journeyId: string; period: StatsPeriod; setPeriod(period: StatsPeriod): void }
type LiveNumbers = { stats: LiveStats | undefined; error: unknown; fetching: boolean }

const LiveViewContext = createContext<LiveView | null>(null)
const LiveNumbersContext = createContext<LiveNumbers>({ stats: undefined, error: null, fetching: false })

/** Whether the editor shows the live version, with its period; null on the draft. */
export const useLiveView = () => useContext(LiveViewContext)
export const useLiveNumbers = () => useContext(LiveNumbersContext)
/** For the canvas: steps are taller while they carry numbers (a layout change only when this changes). */
export const useStripsShown = () => useContext(LiveViewContext) !== null

/** Polls while `live` (the editor shows the live version); `children` are not re-rendered by a refresh. */
export const LiveStatsProvider = ({ journeyId, live, children }: { journeyId: string; live: boolean; children: ReactNode }) => {
  const [period, setPeriod] = useState<StatsPeriod>("30d")
  const { data, error, isFetching } = useLiveStats(journeyId, period, { enabled: live })
  const view = useMemo(() => (live ? { journeyId, period, setPeriod } : null), [live, journeyId, period])
  const numbers = useMemo(() => ({ stats: data, error, fetching: isFetching }), [data, error, isFetching])
  return (
    <LiveViewContext.Provider value={view}>
      {live && <style>{STATS_CSS}</style>}
      <LiveNumbersContext.Provider value={numbers}>{children}</LiveNumbersContext.Provider>
    </LiveViewContext.Provider>
  )
}

/** The strips' heights: a row for everyone, two more rows of message numbers on a send step. */
const STRIP_HEIGHT = { plain: 30, send: 88 }

/** Module-level, so the canvas's memoised layout sees the same function each render. */
export const LIVE_SIZING: CanvasSizing = (node) => {
  // A segment trigger carries its latest read's counts (segments/read-progress.tsx).
  if (node.type === "trigger" && node.data.trigger?.type === "segment") {
    return { width: CANVAS_NODE_SIZE.trigger.width, height: CANVAS_NODE_SIZE.trigger.height + STRIP_HEIGHT.plain }
  }
  if (node.type !== "journey") return CANVAS_NODE_SIZE[node.type ?? "journey"]
  const extra = node.data.node.type === "send" ? STRIP_HEIGHT.send : STRIP_HEIGHT.plain
  return { width: CANVAS_NODE_SIZE.journey.width, height: CANVAS_NODE_SIZE.journey.height + extra }
}

const ZERO: LiveNodeStats = {
  entered: 0,
  active: 0,
  waiting: 0,
  exited: 0,
  converted: 0,
  revenue: 0,
  messages: { queued: 0, sending: 0, sent: 0, delivered: 0, failed: 0, skipped: 0, cancelled: 0, opened: 0, clicked: 0 },
}

/** Money in the stats' currency when they give one, else a plain number. */
export function useMoney() {
  const format = useFormat()
  const { stats } = useLiveNumbers()
  const currency = stats?.totals.currency_code
  return (amount: number) => (currency ? format.money(amount, currency) : format.number(amount))
}

/** Under a step's summary, in the live view: who is here now (a link to them), in, exited; a send's message numbers. */
export const NodeStatsStrip = ({ id, send }: { id: string; send: boolean }) => {
  const view = useLiveView()
  const { stats } = useLiveNumbers()
  const { t } = useTranslation("journeys")
  const format = useFormat()
  const money = useMoney()
  if (!view) return null
  const node = stats?.nodes[id] ?? ZERO
  const here = node.waiting + node.active
  const out = messagesOut(node)
  const percent = (part: number) => {
    const value = ratio(part, out)
    return value === null ? "—" : format.percent(value)
  }
  return (
    <div className="jc-stats" data-testid={`node-stats-${id}`} aria-label={t("stats.strip.label")} data-loaded={stats !== undefined}>
      <div className="jc-stats-row">
        <Link
          to={`/journeys/${view.journeyId}/enrollments?node=${encodeURIComponent(id)}`}
          className="jc-stats-here nodrag nopan"
          title={t("stats.strip.waitingLink")}
          data-testid={`node-waiting-${id}`}
          data-count={here}
          onClick={(event) => event.stopPropagation()}
        >
          {t("stats.strip.waiting", { count: here })}
        </Link>
        <span title={t("stats.strip.enteredHint")} data-testid={`node-entered-${id}`} data-count={node.entered}>
          {t("stats.strip.entered", { count: node.entered })}
        </span>
        <span title={t("stats.strip.exitedHint")} data-testid={`node-exited-${id}`} data-count={node.exited}>
          {t("stats.strip.exited", { count: node.exited })}
        </span>
      </div>
      {send && (
        <div className="jc-stats-grid" data-testid={`node-messages-${id}`}>
          <Cell label={t("stats.strip.sent")} value={format.number(out)} />
          <Cell label={t("stats.strip.delivered")} value={percent(node.messages.delivered)} />
          <Cell label={t("stats.strip.opened")} value={percent(node.messages.opened)} />
          <Cell label={t("stats.strip.clicked")} value={percent(node.messages.clicked)} />
          <Cell label={t("stats.strip.converted")} value={format.number(node.converted)} />
          <Cell label={t("stats.strip.revenue")} value={money(node.revenue)} />
        </div>
      )}
    </div>
  )
}

const Cell = ({ label, value }: { label: string; value: string }) => (
  <div className="jc-stats-cell">
    <span className="jc-stats-label">{label}</span>
    <span className="jc-stats-value" title={value}>{value}</span>
  </div>
)

/** The strips' look, drawn once with the canvas's own styles (see canvas-styles.ts). */
export const STATS_CSS = `
.jc-stats { display: flex; flex-direction: column; gap: 4px; margin-top: 2px; padding-top: 6px; border-top: 1px dashed var(--border-base); font-size: 11px; color: var(--fg-subtle); }
.jc-stats-row { display: flex; align-items: center; gap: 10px; white-space: nowrap; }
.jc-stats-here { color: var(--fg-interactive); font-weight: 500; text-decoration: none; }
.jc-stats-here:hover { text-decoration: underline; }
.jc-stats-grid { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 4px 8px; }
.jc-stats-cell { display: flex; flex-direction: column; min-width: 0; line-height: 14px; }
.jc-stats-label { font-size: 10px; color: var(--fg-muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.jc-stats-value { font-size: 12px; font-weight: 500; color: var(--fg-base); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-variant-numeric: tabular-nums; }
`
