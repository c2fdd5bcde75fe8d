import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { loadMessageContext } from "../workflows/message-context"
import { enrollOnTriggerWorkflow } from "../workflows"

/** An order placed at checkout enters journeys triggered by "order.placed" (post-purchase, win-back…). */
export default async function journeysOrderPlaced({ event, container }: SubscriberArgs<{ id: string }>) {
  const context = await loadMessageContext(container, { order_id: event.data.id })
  const order = context.order as { id: string; email?: string | null; customer_id?: string | null }
  await enrollOnTriggerWorkflow(container).run({
    input: {
      trigger: { type: "event", event: "order.placed" },
      key: `order.placed:${order.id}`,
      customer_id: order.customer_id ?? null,
      email: order.email ?? null,
      context: { ...context, event: { name: "order.placed", data: event.data } },
      occurred_at: new Date().toISOString(),
    },
  })
}

export const config: SubscriberConfig = { event: "order.placed", context: { subscriberId: "journeys-order-placed" } }
