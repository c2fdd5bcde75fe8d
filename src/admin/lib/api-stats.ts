/** The live version's numbers for the canvas and the funnels, over a period, refreshed while shown. */
import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { journeyKeys } from "./api"
import { sdk } from "./sdk"

/** What the numbers cover: the last 7, 30 or 90 days, or all time. Who waits where is always now. */
export const STATS_PERIODS = ["7d", "30d", "90d", "all"] as const
export type StatsPeriod = (typeof STATS_PERIODS)[number]

/** GET /admin/journeys/:id/stats, per node id of any version (see the service's `journeyStats`). */
export type LiveNodeStats = {
  /** Different customers who reached the node in the period. */
  entered: number
  /** At the node now: being moved on, and waiting there. */
  active: number
  waiting: number
  /** Left the journey at the node in the period: completed there, or exited (a goal, a stop). */
  exited: number
  converted: number
  revenue: number
  /** The node's messages queued in the period, by status (a partition), and how many were opened / clicked. */
  messages: {
    queued: number
    sending: number
    sent: number
    delivered: number
    failed: number
    skipped: number
    cancelled: number
    opened: number
    clicked: number
  }
}

export type LiveStatsTotals = {
  entered: number
  in_progress: number
  completed: number
  exited: number
  failed: number
  /** Different customers whose messages went out, were opened, were clicked. */
  messaged: number
  opened: number
  clicked: number
  converted: number
  revenue: number
  /** The conversions' currency, when the server knows it; else revenue is a plain number. */
  currency_code?: string | null
}

export type LiveStats = { nodes: Record<string, LiveNodeStats>; totals: LiveStatsTotals }

/** Under the key the version calls (`journeyKeys.all`) invalidate, so publishing refreshes them. */
export const statsKeys = {
  journey: (journeyId: string, period: StatsPeriod) => [...journeyKeys.all, "stats", journeyId, period] as const,
}

export const STATS_REFRESH_MS = 10_000

/** One poll for the whole page: every strip and funnel reads this query's answer. */
export function useLiveStats(journeyId: string, period: StatsPeriod, { enabled }: { enabled: boolean }) {
  return useQuery({
    queryKey: statsKeys.journey(journeyId, period),
    queryFn: () =>
      sdk.client
        .fetch<{ stats: LiveStats }>(`/admin/journeys/${journeyId}/stats`, { query: { since: period } })
        .then(({ stats }) => stats),
    enabled,
    refetchInterval: STATS_REFRESH_MS,
    // Another period keeps the numbers shown until its own arrive: the strips do not blink.
    placeholderData: keepPreviousData,
  })
}

/** Messages that went out: sent, whether or not the provider told of their delivery. */
export const messagesOut = (stats: LiveNodeStats) => stats.messages.sent + stats.messages.delivered

/** A ratio, none when there is nothing to divide by. */
export const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null)
