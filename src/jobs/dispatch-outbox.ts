import type { MedusaContainer } from "@medusajs/framework/types"
import { dispatchOutboxWorkflow } from "../workflows"

/** Every minute: send every queued message that is due. Safe on several workers at once. */
export default async function dispatchOutbox(container: MedusaContainer) {
  await dispatchOutboxWorkflow(container).run({ input: { now: new Date().toISOString() } })
}

export const config = { name: "journeys-dispatch-outbox", schedule: "* * * * *" }
