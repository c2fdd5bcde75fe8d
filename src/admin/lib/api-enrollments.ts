/** Who is in a journey and what happened to each of them: the enrollment explorer's calls. */
import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { journeyKeys } from "./api"
import type { EffectStatus, MessageStatus } from "./api-outbox"
import { sdk } from "./sdk"
import type { Channel } from "../../engine"

export const ENROLLMENT_STATUSES = ["active", "waiting", "completed", "exited", "failed"] as const
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number]

/** A row of GET /admin/journeys/:id/enrollments (the module's JourneyEnrollmentRow, as JSON). */
export type EnrollmentRow = {
  id: string
  customer_id: string | null
  email: string | null
  status: EnrollmentStatus
  current_node: string | null
  wake_at: string | null
  exit_reason: string | null
  is_test: boolean
  entered_at: string
  ended_at: string | null
  converted_at: string | null
  conversion_value: number | null
  version: { id: string; number: number }
}

/** One line of the timeline as the engine (or the dispatcher) wrote it; `type` may be one this admin does not know. */
export type EnrollmentActivity = {
  id: string
  type: string
  node_id: string | null
  reason: string | null
  data: Record<string, unknown> | null
  occurred_at: string
}

export type EnrollmentMessage = {
  id: string
  node_id: string
  channel: Channel
  template_id: string
  recipient: string
  category: "marketing" | "transactional"
  tag: string | null
  status: MessageStatus
  attempts: number
  error: string | null
  skip_reason: string | null
  queued_at: string
  sent_at: string | null
  delivered_at: string | null
  opened_at: string | null
  clicked_at: string | null
}

export type EnrollmentEffect = {
  id: string
  node_id: string
  type: "update_customer" | "webhook"
  status: EffectStatus
  attempts: number
  error: string | null
  response_status: number | null
  queued_at: string
  next_attempt_at: string | null
  completed_at: string | null
}

export type EnrollmentDetail = Omit<EnrollmentRow, "conversion_value"> & {
  awaiting: string[] | null
  trigger_key: string
  /** The trigger's snapshot (customer, cart, order, event), then what the enrollment last reacted to. */
  context: Record<string, unknown> | null
  conversion_order_id: string | null
  conversion_value: number | null
  activities: EnrollmentActivity[]
  messages: EnrollmentMessage[]
  effects: EnrollmentEffect[]
}

export type EnrollmentListQuery = {
  limit: number
  offset: number
  status?: EnrollmentStatus[]
  node?: string
  email?: string
  is_test: boolean
}

/** Every enrollment query of a journey: its lists and timelines. */
const journeyEnrollments = (journeyId: string) => [...journeyKeys.all, "enrollments", journeyId] as const

export const enrollmentKeys = {
  journey: journeyEnrollments,
  list: (journeyId: string, query: EnrollmentListQuery) => [...journeyEnrollments(journeyId), "list", query] as const,
  detail: (journeyId: string, enrollmentId: string) => [...journeyEnrollments(journeyId), "detail", enrollmentId] as const,
}

/** Customers keep moving while the page is open: both queries refresh on their own. */
const LIVE = 10_000

export function useJourneyEnrollments(journeyId: string, query: EnrollmentListQuery, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: enrollmentKeys.list(journeyId, query),
    queryFn: () =>
      sdk.client.fetch<{ enrollments: EnrollmentRow[]; count: number; limit: number; offset: number }>(
        `/admin/journeys/${journeyId}/enrollments`,
        {
          query: {
            limit: query.limit,
            offset: query.offset,
            is_test: query.is_test,
            ...(query.status?.length ? { status: query.status } : {}),
            ...(query.node ? { node: query.node } : {}),
            ...(query.email ? { email: query.email } : {}),
          },
        }
      ),
    placeholderData: keepPreviousData,
    refetchInterval: LIVE,
    enabled,
  })
}

export function useJourneyEnrollment(journeyId: string, enrollmentId: string | null) {
  return useQuery({
    queryKey: enrollmentKeys.detail(journeyId, enrollmentId ?? ""),
    queryFn: () =>
      sdk.client
        .fetch<{ enrollment: EnrollmentDetail }>(`/admin/journeys/${journeyId}/enrollments/${enrollmentId}`)
        .then(({ enrollment }) => enrollment),
    enabled: enrollmentId !== null,
    refetchInterval: LIVE,
  })
}
