import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { recordCartActivityWorkflow } from "../workflows"

/**
 * Cart activity for abandonment: Medusa has no "cart abandoned" event and does not bump
 * `cart.updated_at` when an item is added, but it emits `cart.updated` (and `cart.created`).
 */
export default async function journeysCartActivity({ event, container }: SubscriberArgs<{ id: string }>) {
  await recordCartActivityWorkflow(container).run({
    input: { cart_ids: [event.data.id], at: new Date().toISOString() },
  })
}

export const config: SubscriberConfig = {
  event: ["cart.created", "cart.updated"],
  context: { subscriberId: "journeys-cart-activity" },
}
