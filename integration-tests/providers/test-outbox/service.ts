import type {
  IEventBusModuleService,
  ProviderSendNotificationDTO,
  ProviderSendNotificationResultsDTO,
} from "@medusajs/framework/types"
import { AbstractNotificationProviderService, Modules } from "@medusajs/framework/utils"
import { PUSH_INVALID_TOKENS_EVENT } from "../../../src/providers/firebase/events"

/**
 * What the provider received, in order. Module-level so tests read what the app sent: the app
 * and the spec share one module registry.
 */
export const sentNotifications: ProviderSendNotificationDTO[] = []
let failuresLeft = 0
const deadTokens = new Set<string>()

/** Forgets what was sent and any failures still planned. */
export function resetTestOutbox() {
  sentNotifications.length = 0
  failuresLeft = 0
  deadTokens.clear()
}

/** The next `count` sends throw, as a provider outage would. */
export function failNextSends(count: number) {
  failuresLeft = count
}

/** Push to these device tokens is refused as the Firebase provider refuses dead tokens. */
export function rejectPushTokens(tokens: string[]) {
  for (const token of tokens) deadTokens.add(token)
}

/** A Notification Module provider for the tests: records every send instead of delivering it. */
export class TestOutboxNotificationService extends AbstractNotificationProviderService {
  static override identifier = "test-outbox"

  constructor(protected readonly container_: Record<string, unknown>) {
    super()
  }

  override async send(notification: ProviderSendNotificationDTO): Promise<ProviderSendNotificationResultsDTO> {
    if (failuresLeft > 0) {
      failuresLeft--
      throw new Error("test-outbox: provider unavailable")
    }
    const tokens = notification.channel === "push" && Array.isArray(notification.data?.tokens) ? (notification.data.tokens as string[]) : []
    const dead = tokens.filter((token) => deadTokens.has(token))
    if (dead.length) {
      const eventBus = this.container_[Modules.EVENT_BUS] as IEventBusModuleService
      await eventBus.emit({
        name: PUSH_INVALID_TOKENS_EVENT,
        data: { provider: "test-outbox", to: notification.to, tokens: dead.map((token) => ({ token, code: "unregistered" })) },
      })
      if (dead.length === tokens.length) throw new Error(`test-outbox: every device token is dead`)
    }
    sentNotifications.push(notification)
    return { id: `test-outbox-${sentNotifications.length}` }
  }
}
