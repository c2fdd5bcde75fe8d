/** Medusa's customer groups, for the update-customer step's group picker, the segment builder's and step summaries. */
import { keepPreviousData, useQuery } from "@tanstack/react-query"

import { journeyKeys } from "../../../lib/api"
import { sdk } from "../../../lib/sdk"

export type CustomerGroup = { id: string; name: string | null }

// Under the journeys' keys, never the dashboard's own: these hold only the fields asked for here.
const groupKeys = {
  list: [...journeyKeys.all, "customer-groups", "names"] as const,
  search: (q: string) => [...journeyKeys.all, "customer-groups", "search", q] as const,
  detail: (id: string) => [...journeyKeys.all, "customer-groups", "detail", id] as const,
}

/** Groups listed to pick or name by id, newest first: the 100 newest cover real stores; others show by id. */
export function useCustomerGroups() {
  return useQuery({
    queryKey: groupKeys.list,
    queryFn: () =>
      sdk.client
        .fetch<{ customer_groups: CustomerGroup[] }>("/admin/customer-groups", { query: { limit: 100, fields: "id,name", order: "-created_at" } })
        .then(({ customer_groups }) => customer_groups),
  })
}

/** The groups whose name matches `q` (all of them, first ones, for no text). */
export function useCustomerGroupSearch(q: string) {
  return useQuery({
    queryKey: groupKeys.search(q),
    queryFn: () =>
      sdk.client
        .fetch<{ customer_groups: CustomerGroup[] }>("/admin/customer-groups", {
          query: { ...(q ? { q } : {}), limit: 10, fields: "id,name" },
        })
        .then(({ customer_groups }) => customer_groups),
    placeholderData: keepPreviousData,
  })
}

export function useCustomerGroup(id: string) {
  return useQuery({
    queryKey: groupKeys.detail(id),
    queryFn: () =>
      sdk.client
        .fetch<{ customer_group: CustomerGroup }>(`/admin/customer-groups/${id}`, { query: { fields: "id,name" } })
        .then(({ customer_group }) => customer_group),
    retry: false,
  })
}
