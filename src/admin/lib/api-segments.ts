/** Segments (`/admin/journeys/segments`): audiences of customers by a rule, their live count, members and export. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { journeyKeys } from "./api"
import { sdk } from "./sdk"

export type Segment = {
  id: string
  name: string
  description: string | null
  rule: unknown
  created_at: string
  updated_at: string
}

/** A problem of a rule, at its JSON path in the request (`rule.all[0].field`). */
export type RuleError = { path: string; message: string }

export type SegmentPreview =
  | {
      valid: true
      count: number
      sample: { id: string; email: string | null; first_name: string | null; last_name: string | null }[]
      elapsed_ms: number
    }
  | { valid: false; errors: RuleError[] }

export type SegmentMember = { id: string; email: string | null; first_name: string | null; last_name: string | null; created_at: string }

export type SegmentListQuery = { limit: number; offset: number; q?: string }
export type PageQuery = { limit: number; offset: number }

// Under the journeys' keys: a journey's segment trigger names a segment, so both refresh together.
export const segmentKeys = {
  all: [...journeyKeys.all, "segments"] as const,
  list: (query: SegmentListQuery) => [...journeyKeys.all, "segments", "list", query] as const,
  detail: (id: string) => [...journeyKeys.all, "segments", "detail", id] as const,
  members: (id: string, query: PageQuery) => [...journeyKeys.all, "segments", "members", id, query] as const,
  preview: (rule: unknown) => [...journeyKeys.all, "segments", "preview", rule] as const,
}

export function useSegments(query: SegmentListQuery) {
  return useQuery({
    queryKey: segmentKeys.list(query),
    queryFn: () =>
      sdk.client.fetch<{ segments: Segment[]; count: number }>("/admin/journeys/segments", {
        query: { limit: query.limit, offset: query.offset, ...(query.q ? { q: query.q } : {}) },
      }),
    placeholderData: keepPreviousData,
  })
}

export function useSegment(id: string) {
  return useQuery({
    queryKey: segmentKeys.detail(id),
    queryFn: () => sdk.client.fetch<{ segment: Segment }>(`/admin/journeys/segments/${id}`).then(({ segment }) => segment),
  })
}

/** The customers a saved segment holds now, a page at a time. */
export function useSegmentMembers(id: string, query: PageQuery) {
  return useQuery({
    queryKey: segmentKeys.members(id, query),
    queryFn: () =>
      sdk.client.fetch<{ members: SegmentMember[]; count: number }>(`/admin/journeys/segments/${id}/members`, {
        query: { limit: query.limit, offset: query.offset },
      }),
    placeholderData: keepPreviousData,
  })
}

/** Where the browser downloads a segment's members as CSV (the session cookie authenticates it). */
export const segmentExportUrl = (id: string) => `/admin/journeys/segments/${id}/members/export`

/**
 * How many customers a rule matches and a sample of them, or where the rule is wrong. The previous
 * answer stays shown while the next rule is counted.
 */
export function useSegmentPreview(rule: unknown) {
  return useQuery({
    queryKey: segmentKeys.preview(rule),
    queryFn: () => sdk.client.fetch<SegmentPreview>("/admin/journeys/segments/preview", { method: "POST", body: { rule } }),
    placeholderData: keepPreviousData,
    // A count is of this moment: never served from the cache for long.
    staleTime: 0,
    retry: false,
  })
}

function useSegmentMutation<TInput, TResult>(run: (input: TInput) => Promise<TResult>) {
  const client = useQueryClient()
  return useMutation({ mutationFn: run, onSuccess: () => client.invalidateQueries({ queryKey: segmentKeys.all }) })
}

export type SegmentChanges = { name: string; description: string | null; rule: unknown }

/** Creates a segment, or with an `id` saves it. */
export const useSaveSegment = () =>
  useSegmentMutation(({ id, ...body }: SegmentChanges & { id?: string }) =>
    sdk.client
      .fetch<{ segment: Segment }>(id ? `/admin/journeys/segments/${id}` : "/admin/journeys/segments", { method: "POST", body })
      .then(({ segment }) => segment)
  )

/** 409 while a live journey starts on it; the message names the journeys. */
export const useDeleteSegment = () =>
  useSegmentMutation((id: string) => sdk.client.fetch(`/admin/journeys/segments/${id}`, { method: "DELETE" }))
