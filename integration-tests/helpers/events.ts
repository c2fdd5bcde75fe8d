import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { TestEventUtils } from "@medusajs/test-utils"

/** Emits an event the way Medusa's own workflows do, and waits for every subscriber of it. */
export async function emitAndWait(container: MedusaContainer, name: string, data: Record<string, unknown>) {
  const eventBus = container.resolve(Modules.EVENT_BUS)
  const done = TestEventUtils.waitSubscribersExecution(name, eventBus)
  await eventBus.emit({ name, data })
  await done
}
