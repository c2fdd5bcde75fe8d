import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "./sdk"
import type { Channel } from "../../engine"

export type JourneyStatus = "draft" | "live" | "paused" | "stopped"

export type VersionSummary = {
  id: string
  number: number
  status: "draft" | "published" | "draining" | "stopped" | "archived"
  published_at: string | null
  ended_at: string | null
  created_at: string
  updated_at: string
}

export type JourneyCounts = { entered: number; in_progress: number; completed: number; exited: number; converted: number }

export type JourneySummary = {
  id: string
  name: string
  description: string | null
  status: JourneyStatus
  created_at: string
  updated_at: string
  published_version: VersionSummary | null
  draft_version: VersionSummary | null
  counts: JourneyCounts
}

export type DefinitionError = { node_id: string | null; path: string; message: string }

export type Journey = JourneySummary & {
  draft: (VersionSummary & { definition: Record<string, unknown>; validation: { valid: boolean; errors: DefinitionError[] } }) | null
  published: (VersionSummary & { definition: Record<string, unknown> }) | null
}

export type GalleryJourney = {
  key: string
  name: string
  description: string
  trigger: Record<string, unknown>
  nodes: number
  templates: string[]
  definition: Record<string, unknown>
}

export type JourneyListQuery = { limit: number; offset: number; q?: string; status?: JourneyStatus[] }

/** The API's message for a failed call: Medusa's `{ message }`, or the fetch error's own. */
export function errorMessage(error: unknown): string {
  if (error && typeof error === "object" && "message" in error) return String((error as { message: unknown }).message)
  return String(error)
}

export const journeyKeys = {
  all: ["journeys"] as const,
  list: (query: JourneyListQuery) => ["journeys", "list", query] as const,
  detail: (id: string) => ["journeys", "detail", id] as const,
  gallery: ["journeys", "gallery"] as const,
  status: ["journeys", "status"] as const,
}

export function useJourneys(query: JourneyListQuery) {
  return useQuery({
    queryKey: journeyKeys.list(query),
    queryFn: () =>
      sdk.client.fetch<{ journeys: JourneySummary[]; count: number }>("/admin/journeys", {
        query: { limit: query.limit, offset: query.offset, ...(query.q ? { q: query.q } : {}), ...(query.status?.length ? { status: query.status } : {}) },
      }),
    placeholderData: (previous) => previous,
  })
}

export function useJourney(id: string) {
  return useQuery({
    queryKey: journeyKeys.detail(id),
    queryFn: () => sdk.client.fetch<{ journey: Journey }>(`/admin/journeys/${id}`).then(({ journey }) => journey),
  })
}

export function useGallery() {
  return useQuery({
    queryKey: journeyKeys.gallery,
    queryFn: () => sdk.client.fetch<{ journeys: GalleryJourney[] }>("/admin/journeys/gallery").then(({ journeys }) => journeys),
    staleTime: Infinity,
  })
}

/** A mutation that refreshes every journey query once it is done. */
function useJourneyMutation<TInput, TResult>(run: (input: TInput) => Promise<TResult>) {
  const client = useQueryClient()
  return useMutation({ mutationFn: run, onSuccess: () => client.invalidateQueries({ queryKey: journeyKeys.all }) })
}

const post = <T>(path: string, body: Record<string, unknown> = {}) => sdk.client.fetch<T>(path, { method: "POST", body })

export const useCreateJourney = () =>
  useJourneyMutation((body: { name: string; description?: string | null; definition?: Record<string, unknown> }) =>
    post<{ journey: Journey }>("/admin/journeys", body).then(({ journey }) => journey)
  )

export const useInstallGalleryJourney = () =>
  useJourneyMutation((key: string) => post<{ journey: Journey }>(`/admin/journeys/gallery/${key}`).then(({ journey }) => journey))

export const useImportJourney = () =>
  useJourneyMutation((document: Record<string, unknown>) => post<{ journey: Journey }>("/admin/journeys/import", document).then(({ journey }) => journey))

export const useDeleteJourney = () =>
  useJourneyMutation((id: string) => sdk.client.fetch(`/admin/journeys/${id}`, { method: "DELETE" }))

export const exportJourney = (id: string, versionId?: string) =>
  sdk.client.fetch<Record<string, unknown> & { journey: { name: string } }>(`/admin/journeys/${id}/export`, {
    query: versionId ? { version_id: versionId } : {},
  })

/** A copy as a new draft journey: its export imported under another name (templates are shared by handle). */
export const useDuplicateJourney = () =>
  useJourneyMutation(async ({ id, name }: { id: string; name: string }) => {
    const document = await exportJourney(id)
    return post<{ journey: Journey }>("/admin/journeys/import", { ...document, journey: { ...document.journey, name } }).then(
      ({ journey }) => journey
    )
  })

type QuietHours = { from: string; to: string } | null
export type PluginStatus = {
  options: {
    storefront_url?: string
    public_url?: string
    default_timezone: string
    consent: "opt_in" | "opt_out"
    batch_size: number
    max_attempts: number
    retry_delay_seconds: number
    claim_lease_seconds: number
    quiet_hours: Record<Channel, QuietHours>
    frequency_caps: Partial<Record<Channel, { max: number; within: string }>>
    secret: "set" | "not set"
    webhooks: { resend_signing_secret: "set" | "not set"; twilio_auth_token: "set" | "not set" }
  }
  counts: {
    journeys: number
    enrollments: { active: number; waiting: number }
    messages: { queued: number; failed: number }
  }
  /** Per scheduled job (its config name): its last run, on any worker, and its runs of the last hour. */
  jobs: Record<string, JobSummary>
  /** The processes that started a job in the last 10 minutes. */
  workers: { worker: string; last_run_at: string }[]
  /** The work due now that the jobs have not done yet. */
  backlog: {
    enrollments: { due: number; oldest_due_at: string | null; sweep_lag_seconds: number }
    messages: { due: number; oldest_due_at: string | null; sending: number; failed_last_24h: number }
    effects: { due: number }
    segment_reads: { running: number }
  }
}

export type JobSummary = {
  last_run: {
    started_at: string
    /** Null while it runs, or when its worker stopped during it. */
    finished_at: string | null
    duration_ms: number | null
    worker: string
    /** The counts its workflows returned (woken, sent, failed…). */
    outcome: Record<string, unknown> | null
    error: string | null
  } | null
  runs_last_hour: number
  failed_last_hour: number
}

export function usePluginStatus() {
  return useQuery({ queryKey: journeyKeys.status, queryFn: () => sdk.client.fetch<PluginStatus>("/admin/journeys/status") })
}

/** Saves the draft as it is: the server keeps work in progress, valid or not. */
export const useSaveDraft = (id: string) =>
  useJourneyMutation((definition: unknown) => post<{ journey: Journey }>(`/admin/journeys/${id}/draft`, { definition }))
