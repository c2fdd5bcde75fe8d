import type { MedusaContainer, RemoteQueryFunction } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import {
  createCustomerGroupsWorkflow,
  linkCustomerGroupsToCustomerWorkflow,
  updateCustomersWorkflow,
} from "@medusajs/medusa/core-flows"
import { isDeepStrictEqual } from "node:util"
import type { ClaimedEffect } from "../../modules/journey"
import type { EffectOutcome } from "./outcomes"

type Customer = { id: string; metadata: Record<string, unknown> | null; groups?: ({ id: string } | null)[] | null }

type Query = Omit<RemoteQueryFunction, symbol>

/** The id of the customer group named `name`, or undefined. */
async function groupNamed(query: Query, name: string): Promise<string | undefined> {
  const { data } = await query.graph({ entity: "customer_group", fields: ["id"], filters: { name }, pagination: { take: 1 } })
  return data[0]?.id
}

/**
 * The id of the group named `name`, created when missing. Workers may create it at once: the
 * Customer Module's unique index on the name lets one win, and the others read the winner's.
 */
async function findOrCreateGroup(container: MedusaContainer, query: Query, name: string): Promise<string> {
  const found = await groupNamed(query, name)
  if (found) return found
  try {
    const { result } = await createCustomerGroupsWorkflow(container).run({ input: { customersData: [{ name }] } })
    return result[0].id
  } catch (error) {
    const winner = await groupNamed(query, name)
    if (winner) return winner
    throw error
  }
}

/**
 * Applies an update_customer node through Medusa's own workflows (so their events and hooks run):
 * metadata merged into the customer's current metadata, the customer added to a group (by id, or
 * by name — save audience — the group created when missing). Only what
 * is not already so is changed, which makes a second run after a crash a no-op rather than a
 * duplicate group membership (Medusa's link table has no unique constraint).
 */
export async function updateCustomer(
  container: MedusaContainer,
  effect: Extract<ClaimedEffect, { type: "update_customer" }>
): Promise<EffectOutcome> {
  const claim = { id: effect.id, attempts: effect.attempts }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { metadata, add_to_group: groupId, add_to_group_named: groupName } = effect.payload
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
  const named = groupName ? await findOrCreateGroup(container, query, groupName) : undefined
  const missing = [...new Set([groupId, named])].filter(
    (id): id is string => !!id && !customer.groups?.some((group) => group?.id === id)
  )
  if (missing.length) {
    await linkCustomerGroupsToCustomerWorkflow(container).run({ input: { id: customer.id, add: missing } })
    done.push(`added to group ${missing.map((id) => (id === named ? `"${groupName}" (${id})` : id)).join(", ")}`)
  }
  return { ...claim, result: "done", detail: done.length ? `applied: ${done.join("; ")}` : "already up to date" }
}
