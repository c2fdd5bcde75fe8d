/** The customer page's calls: a customer's journeys and messages, their consent per channel. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { journeyKeys } from "./api"
import type { EnrollmentStatus } from "./api-enrollments"
import { sdk } from "./sdk"
import type { Channel } from "../../engine"

export type CustomerEnrollment = {
  id: string
  journey: { id: string; name: string }
  version: { id: string; number: number }
  status: EnrollmentStatus
  current_node: { id: string; type: string | null } | null
  exit_reason: string | null
  wake_at: string | null
  entered_at: string
  ended_at: string | null
  converted: boolean
  converted_at: string | null
  is_test: boolean
}

export type CustomerMessage = {
  id: string
  enrollment_id: string | null
  node_id: string | null
  journey: { id: string; name: string | null } | null
  template: { id: string; name: string | null }
  channel: Channel
  recipient: string
  category: "marketing" | "transactional"
  status: "queued" | "sending" | "sent" | "delivered" | "failed" | "skipped" | "cancelled"
  skip_reason: string | null
  error: string | null
  is_test: boolean
  queued_at: string
  sent_at: string | null
  delivered_at: string | null
  opened_at: string | null
  clicked_at: string | null
}

export type ConsentStatus = "subscribed" | "unsubscribed" | "suppressed"

export type ChannelConsent = {
  address: string | null
  status: ConsentStatus | null
  recorded: boolean
  since: string | null
  source: string | null
  reason: string | null
}

export type CustomerConsent = { channels: Record<Channel, ChannelConsent>; consent_policy: "opt_in" | "opt_out" }

export type ConsentChange = { channel: Channel; status: "subscribed" | "unsubscribed"; lift_suppression?: boolean }

export const customerKeys = {
  journeys: (customerId: string) => [...journeyKeys.all, "customer", customerId, "journeys"] as const,
  consent: (customerId: string) => [...journeyKeys.all, "customer", customerId, "consent"] as const,
}

export function useCustomerJourneys(customerId: string) {
  return useQuery({
    queryKey: customerKeys.journeys(customerId),
    queryFn: () =>
      sdk.client.fetch<{ enrollments: CustomerEnrollment[]; messages: CustomerMessage[] }>(`/admin/customers/${customerId}/journeys`),
    // Messages leave the outbox while the page is open.
    refetchInterval: 15_000,
  })
}

export function useCustomerConsent(customerId: string) {
  return useQuery({
    queryKey: customerKeys.consent(customerId),
    queryFn: () => sdk.client.fetch<CustomerConsent>(`/admin/customers/${customerId}/consent`),
  })
}

export function useChangeConsent(customerId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (change: ConsentChange) =>
      sdk.client.fetch<CustomerConsent>(`/admin/customers/${customerId}/consent`, { method: "POST", body: change }),
    onSuccess: (consent) => client.setQueryData(customerKeys.consent(customerId), consent),
    onSettled: () => client.invalidateQueries({ queryKey: customerKeys.consent(customerId) }),
  })
}
