/** Test mode: the journey run for chosen customers (left out of its numbers), their waits fast-forwarded. */
import { useMutation, useQueryClient } from "@tanstack/react-query"
import { enrollmentKeys, useJourneyEnrollments, type EnrollmentListQuery } from "./api-enrollments"
import { sdk } from "./sdk"

/** The newest test enrollments: as many as one page of the route holds. */
const TEST_ENROLLMENTS: EnrollmentListQuery = { limit: 100, offset: 0, is_test: true }

/** One query for the drawer's list and the canvas's badges (same key, one request). */
export const useTestEnrollments = (journeyId: string, { enabled }: { enabled: boolean }) =>
  useJourneyEnrollments(journeyId, TEST_ENROLLMENTS, { enabled })

type StartTest = { customer_ids: string[]; version_id?: string }
type Advanced = { moved: number; woken: number }

/** Customers entered or moved on: the journey's enrollment lists and timelines are read again (the canvas's badges follow). */
function useTestMutation<TInput, TResult>(journeyId: string, run: (input: TInput) => Promise<TResult>) {
  const client = useQueryClient()
  return useMutation({ mutationFn: run, onSuccess: () => client.invalidateQueries({ queryKey: enrollmentKeys.journey(journeyId) }) })
}

export const useStartTest = (journeyId: string) =>
  useTestMutation(journeyId, (body: StartTest) =>
    sdk.client.fetch<{ enrollment_ids: string[] }>(`/admin/journeys/${journeyId}/test`, { method: "POST", body })
  )

/** `duration`: ISO 8601 (PT1H, P1D, …). */
export const useAdvanceTest = (journeyId: string) =>
  useTestMutation(journeyId, (duration: string) =>
    sdk.client.fetch<Advanced>(`/admin/journeys/${journeyId}/test/advance`, { method: "POST", body: { duration } })
  )
