import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { linkCustomerGroupsToCustomerWorkflow, updateCustomersWorkflow } from "@medusajs/medusa/core-flows"
import { isDeepStrictEqual } from "node:util"
import type { ClaimedEffect } from "../../modules/journey"
import type { EffectOutcome } from "./outcomes"

type Customer = { id: string; metadata: Record<string, unknown> | null; groups?: ({ id: string } | null)[] | null }

/**
 * Applies an update_customer node through Medusa's own workflows (so their events and hooks run):
 * metadata merged into the customer's current metadata, the customer added to a group. Only what
 * is not already so is changed, which makes a second run after a crash a no-op rather than a
 * duplicate group membership (Medusa's link table has no unique constraint).
 */
export async function updateCustomer(
  container: MedusaContainer,
  effect: Extract<ClaimedEffect, { type: "update_customer" }>
): Promise<EffectOutcome> {
  const claim = { id: effect.id, attempts: effect.attempts }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { metadata, add_to_group: groupId } = effect.payload
  const [customer] = effect.customer_id
    ? ((
        await query.graph({ entity: "customer", fields: ["id", "metadata", "groups.id"], filters: { id: effect.customer_id } })
      ).data as Customer[])
    : []
  if (!customer) return { ...claim, result: "failed", error: `customer ${effect.customer_id} no longer exists` }
  if (groupId) {
    const { data: groups } = await query.graph({ entity: "customer_group", fields: ["id"], filters: { id: groupId } })
    if (!groups.length) return { ...claim, result: "failed", error: `customer group ${groupId} does not exist` }
  }

  const done: string[] = []
  const current = customer.metadata ?? {}
  const changed = Object.keys(metadata ?? {}).filter((key) => !isDeepStrictEqual(current[key], metadata![key]))
  if (changed.length) {
    await updateCustomersWorkflow(container).run({
      input: { selector: { id: customer.id }, update: { metadata: { ...current, ...metadata } } },
    })
    done.push(`set metadata ${changed.join(", ")}`)
  }
  if (groupId && !customer.groups?.some((group) => group?.id === groupId)) {
    await linkCustomerGroupsToCustomerWorkflow(container).run({ input: { id: customer.id, add: [groupId] } })
    done.push(`added to group ${groupId}`)
  }
  return { ...claim, result: "done", detail: done.length ? `applied: ${done.join("; ")}` : "already up to date" }
}
