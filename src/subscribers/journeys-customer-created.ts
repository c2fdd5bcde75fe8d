import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { loadMessageContext } from "../workflows/message-context"
import { enrollOnTriggerWorkflow } from "../workflows"

/** A registered customer enters journeys triggered by account creation (welcome series). */
export default async function journeysCustomerCreated({ event, container }: SubscriberArgs<{ id: string }>) {
  const context = await loadMessageContext(container, { customer_id: event.data.id })
  const customer = context.customer as { id: string; email?: string | null }
  await enrollOnTriggerWorkflow(container).run({
    input: {
      trigger: { type: "customer_created" },
      key: `customer.created:${customer.id}`,
      customer_id: customer.id,
      email: customer.email ?? null,
      context: { ...context, event: { name: "customer.created", data: event.data } },
      occurred_at: new Date().toISOString(),
    },
  })
}

export const config: SubscriberConfig = {
  event: "customer.created",
  context: { subscriberId: "journeys-customer-created" },
}
