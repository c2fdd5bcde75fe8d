/** A journey's versions, its live counts per node, and the calls that publish, revert, pause, resume and stop it. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { journeyKeys, type DefinitionError, type Journey } from "./api"
import { readDraft, type DraftNode } from "./editor/draft"
import { sdk } from "./sdk"

/**
 * A version's life: a draft, then published; a newer publication (or a stop) makes it draining
 * (the customers inside finish on it) or stopped (they exited); archived once nobody is left.
 */
export type JourneyVersionStatus = "draft" | "published" | "draining" | "stopped" | "archived"

export type JourneyVersion = {
  id: string
  number: number
  status: JourneyVersionStatus
  definition: Record<string, unknown>
  published_at: string | null
  ended_at: string | null
  created_at: string
  updated_at: string
}

/** What happens to the customers inside the version being retired: they finish on it, or exit now. */
export type RetireMode = "drain" | "stop"

/** GET /admin/journeys/:id/stats: per node id of any of the journey's versions (see the service's `journeyStats`). */
export type JourneyNodeStats = {
  entered: number
  /** At the node now: being moved on, and waiting there. */
  active: number
  waiting: number
  converted: number
  revenue: number
}
export type JourneyStats = {
  nodes: Record<string, JourneyNodeStats>
  totals: { entered: number; in_progress: number; completed: number; exited: number; converted: number }
}

export const versionKeys = {
  list: (journeyId: string) => [...journeyKeys.all, "versions", journeyId] as const,
  stats: (journeyId: string) => [...journeyKeys.all, "stats", journeyId] as const,
}

/** Newest first, each with its definition. */
export function useJourneyVersions(journeyId: string, { enabled }: { enabled: boolean }) {
  return useQuery({
    queryKey: versionKeys.list(journeyId),
    queryFn: () =>
      sdk.client.fetch<{ versions: JourneyVersion[] }>(`/admin/journeys/${journeyId}/versions`).then(({ versions }) => versions),
    enabled,
  })
}

/** Each version's nodes by node id, by version id: enrollments run on whichever version they entered. */
export function nodesByVersion(versions: JourneyVersion[] | undefined): Map<string, Map<string, DraftNode>> {
  return new Map(
    (versions ?? []).map((version) => [
      version.id,
      new Map(readDraft(version.definition).nodes.map((node): [string, DraftNode] => [node.id, node])),
    ])
  )
}

/** Live numbers: refreshed while shown, as customers keep moving. */
export function useJourneyStats(journeyId: string, { enabled }: { enabled: boolean }) {
  return useQuery({
    queryKey: versionKeys.stats(journeyId),
    queryFn: () => sdk.client.fetch<{ stats: JourneyStats }>(`/admin/journeys/${journeyId}/stats`).then(({ stats }) => stats),
    enabled,
    refetchInterval: 10_000,
  })
}

const post = (path: string, body: Record<string, unknown> = {}) =>
  sdk.client.fetch<{ journey: Journey }>(path, { method: "POST", body }).then(({ journey }) => journey)

/** Each answers the journey as it now is; every journey query (list, detail, versions, stats) is refreshed. */
function useJourneyChange<TInput>(run: (input: TInput) => Promise<Journey>) {
  const client = useQueryClient()
  return useMutation({ mutationFn: run, onSuccess: () => client.invalidateQueries({ queryKey: journeyKeys.all }) })
}

/** The first publication takes no mode: there is nothing to retire. */
export const usePublishJourney = (journeyId: string) =>
  useJourneyChange((mode: RetireMode | undefined) => post(`/admin/journeys/${journeyId}/publish`, mode ? { mode } : {}))

export const useRevertVersion = (journeyId: string) =>
  useJourneyChange((versionId: string) => post(`/admin/journeys/${journeyId}/versions/${versionId}/revert`))

export const usePauseJourney = (journeyId: string) => useJourneyChange<void>(() => post(`/admin/journeys/${journeyId}/pause`))

export const useResumeJourney = (journeyId: string) => useJourneyChange<void>(() => post(`/admin/journeys/${journeyId}/resume`))

export const useStopJourney = (journeyId: string) =>
  useJourneyChange((mode: RetireMode) => post(`/admin/journeys/${journeyId}/stop`, { mode }))

/**
 * The saved draft's problems as publishing sees them (templates checked against the store). A
 * refused publication's 409 lists them too, but the js-sdk keeps only the message of an error.
 */
export const validateSavedDraft = (journeyId: string) =>
  sdk.client.fetch<{ valid: boolean; errors: DefinitionError[] }>(`/admin/journeys/${journeyId}/validate`, {
    method: "POST",
    body: {},
  })
