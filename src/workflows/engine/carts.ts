import { createHash } from "node:crypto"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { resolveJourneyModule, type NewEnrollment } from "../../modules/journey"
import { loadCartContexts } from "../message-context"
import { decideWith, entryMemberships, entryRow, liveVersions } from "./steps"

/** How long a worker owns a version's abandonment scan before another may take it over. */
const SCAN_LEASE_MS = 5 * 60_000

type CartSeen = {
  id: string
  email?: string | null
  customer_id?: string | null
  completed_at?: string | Date | null
  updated_at?: string | Date | null
  items?: ({ id: string; quantity?: unknown; updated_at?: string | Date | null } | null)[] | null
}

/** What makes two looks at a cart the same: no new activity happened in between. */
export function cartFingerprint(cart: CartSeen) {
  const items = (cart.items ?? [])
    .filter((item): item is NonNullable<typeof item> => !!item)
    .map((item) => [item.id, String(item.quantity), item.updated_at ? new Date(item.updated_at).toISOString() : null])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])))
  const updated = cart.updated_at ? new Date(cart.updated_at).toISOString() : null
  return createHash("sha256")
    .update(JSON.stringify([cart.email ?? null, cart.customer_id ?? null, updated, items]))
    .digest("base64url")
}

/** Records that carts were touched (created, item added or changed, email set) at `at`. */
export const recordCartActivityStep = createStep(
  "journeys-record-cart-activity",
  async (input: { cart_ids: string[]; at: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: carts } = await query.graph({
      entity: "cart",
      fields: ["id", "email", "customer_id", "completed_at", "updated_at", "items.id", "items.quantity", "items.updated_at"],
      filters: { id: input.cart_ids },
    })
    const snapshots = (carts as CartSeen[]).map((cart) => ({
      id: cart.id,
      customer_id: cart.customer_id ?? null,
      email: cart.email ?? null,
      item_count: (cart.items ?? []).filter(Boolean).length,
      fingerprint: cartFingerprint(cart),
      completed_at: cart.completed_at ? new Date(cart.completed_at).toISOString() : null,
    }))
    return new StepResponse(await resolveJourneyModule(container).recordCartActivity(snapshots, new Date(input.at)))
  }
)

/** The carts that became orders are never abandoned again. */
export const completeCartActivityStep = createStep(
  "journeys-complete-cart-activity",
  async (input: { cart_ids: string[]; at: string }, { container }) => {
    return new StepResponse(await resolveJourneyModule(container).completeCartActivity(input.cart_ids, new Date(input.at)))
  }
)

/**
 * Fires `cart_abandoned` journeys: for each live version, the carts whose last activity is
 * between its cursor and `now` minus its idle time enter (once per idle period: the entry key
 * is the cart and its last activity), after a fresh look at the cart — still open, with an
 * email and items, matching the trigger's `where`. The cursor starts at publication minus the
 * idle time, so carts already idle when the journey was published never fire.
 */
export const detectAbandonedCartsStep = createStep(
  "journeys-detect-abandoned-carts",
  async (input: { now: string; batch_size?: number }, { container }) => {
    const service = resolveJourneyModule(container)
    const now = new Date(input.now)
    const size = input.batch_size ?? service.getOptions().batch_size
    const decide = decideWith(service, { type: "enter" }, now)
    let entered = 0
    for (const { version, definition } of await liveVersions(service)) {
      if (definition.trigger.type !== "cart_abandoned" || !version.published_at) continue
      const idleMs = definition.trigger.idle_minutes * 60_000
      const until = new Date(now.getTime() - idleMs)
      const start = await service.leaseTriggerCursor(
        version.id,
        new Date(new Date(version.published_at).getTime() - idleMs),
        SCAN_LEASE_MS
      )
      if (!start) continue // another worker is scanning this version
      let after = { at: start, id: "" }
      try {
        for (;;) {
          const idle = await service.listIdleCarts(after, until, size)
          if (!idle.length) break
          const contexts = await loadCartContexts(container as MedusaContainer, idle.map((cart) => cart.id))
          const memberships = await entryMemberships(service, [definition], idle.map((cart) => cart.customer_id), now)
          const rows: NewEnrollment[] = []
          const completed: string[] = []
          for (const seen of idle) {
            const context = contexts.get(seen.id)
            const cart = context?.cart as { completed_at?: string | null; email?: string | null; items?: unknown[] } | undefined
            if (cart?.completed_at) completed.push(seen.id)
            if (!context || !cart || cart.completed_at || !cart.email || !cart.items?.length) continue
            const row = entryRow(
              version,
              definition,
              {
                key: `cart_abandoned:${seen.id}:${seen.last_activity_at.toISOString()}`,
                customer_id: seen.customer_id,
                email: cart.email,
                context: {
                  ...context,
                  event: {
                    name: "cart.abandoned",
                    data: { cart_id: seen.id, last_activity_at: seen.last_activity_at.toISOString(), idle_minutes: definition.trigger.idle_minutes },
                  },
                },
              },
              now,
              memberships
            )
            if (row) rows.push(row)
          }
          await service.completeCartActivity(completed, now)
          entered += (await service.enroll(rows, decide)).length
          const last = idle[idle.length - 1]
          after = { at: last.last_activity_at, id: last.id }
          if (idle.length < size) break
          // Saved just before the last cart seen: a crash re-reads at most that instant (keys dedupe).
          await service.moveTriggerCursor(version.id, new Date(last.last_activity_at.getTime() - 1), {
            release: false,
            leaseMs: SCAN_LEASE_MS,
          })
        }
        await service.moveTriggerCursor(version.id, until, { release: true })
      } catch (error) {
        await service.moveTriggerCursor(version.id, start, { release: true })
        throw error
      }
    }
    return new StepResponse(entered)
  }
)
