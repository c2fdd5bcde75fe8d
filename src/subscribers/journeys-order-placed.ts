import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { handleCustomerEventWorkflow } from "../workflows"
import { loadMessageContext } from "../workflows/message-context"

/**
 * An order placed at checkout: the goal of journeys that wait for a purchase (abandoned cart,
 * win-back) and the trigger of post-purchase journeys.
 */
export default async function journeysOrderPlaced({ event, container }: SubscriberArgs<{ id: string }>) {
  const context = await loadMessageContext(container, { order_id: event.data.id })
  const order = context.order as { id: string; email?: string | null; customer_id?: string | null }
  const who = { customer_id: order.customer_id ?? null, email: order.email ?? null }
  const occurred_at = new Date().toISOString()
  // The cart it came from (linked at checkout) stops counting as abandoned.
  const { data: [linked] } = await container
    .resolve(ContainerRegistrationKeys.QUERY)
    .graph({ entity: "order", fields: ["cart.id"], filters: { id: order.id } })
  const cartId = (linked as { cart?: { id?: string } | null } | undefined)?.cart?.id
  await handleCustomerEventWorkflow(container).run({
    input: {
      completed_cart_ids: cartId ? [cartId] : [],
      event: { id: `order.placed:${order.id}`, name: "order.placed", ...who, data: event.data, context, occurred_at },
    },
  })
}

export const config: SubscriberConfig = { event: "order.placed", context: { subscriberId: "journeys-order-placed" } }
