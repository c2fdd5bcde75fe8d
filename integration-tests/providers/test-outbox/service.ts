import type { ProviderSendNotificationDTO, ProviderSendNotificationResultsDTO } from "@medusajs/framework/types"
import { AbstractNotificationProviderService } from "@medusajs/framework/utils"

/**
 * What the provider received, in order. Module-level so tests read what the app sent: the app
 * and the spec share one module registry.
 */
export const sentNotifications: ProviderSendNotificationDTO[] = []
let failuresLeft = 0

/** Forgets what was sent and any failures still planned. */
export function resetTestOutbox() {
  sentNotifications.length = 0
  failuresLeft = 0
}

/** The next `count` sends throw, as a provider outage would. */
export function failNextSends(count: number) {
  failuresLeft = count
}

/** A Notification Module provider for the tests: records every send instead of delivering it. */
export class TestOutboxNotificationService extends AbstractNotificationProviderService {
  static override identifier = "test-outbox"

  override async send(notification: ProviderSendNotificationDTO): Promise<ProviderSendNotificationResultsDTO> {
    if (failuresLeft > 0) {
      failuresLeft--
      throw new Error("test-outbox: provider unavailable")
    }
    sentNotifications.push(notification)
    return { id: `test-outbox-${sentNotifications.length}` }
  }
}
