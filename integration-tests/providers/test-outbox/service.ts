import { createHash } from "node:crypto"
import fs from "node:fs"
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
let failureMessage = "test-outbox: provider unavailable"
const deadTokens = new Set<string>()

/** Forgets what was sent and any failures still planned. */
export function resetTestOutbox() {
  sentNotifications.length = 0
  failuresLeft = 0
  deadTokens.clear()
}

/** The next `count` sends throw, as a provider outage would (with `message`, e.g. a 429's). */
export function failNextSends(count: number, message = "test-outbox: provider unavailable") {
  failuresLeft = count
  failureMessage = message
}

/** Push to these device tokens is refused as the Firebase provider refuses dead tokens. */
export function rejectPushTokens(tokens: string[]) {
  for (const token of tokens) deadTokens.add(token)
}

/** One request as the file-backed outbox records it (one JSON line each). */
export type OutboxFileLine = {
  /** The stable message id: what a provider with an idempotency key deduplicates on. */
  message_id: string
  /** Medusa's notification idempotency key, one per attempt (`<message id>:<attempt>`). */
  idempotency_key: string | null
  to: string
  pid: number
  /** Set on a request the provider refused (TEST_OUTBOX_FAIL_RATE): not a delivery. */
  failed?: true
}

/**
 * Several worker processes send through their own instance of this provider; with
 * TEST_OUTBOX_FILE set each request is also appended to that file. One short line per
 * `appendFileSync` (O_APPEND) keeps lines whole between processes.
 */
const outboxFile = () => process.env.TEST_OUTBOX_FILE
/**
 * With TEST_OUTBOX_FAIL_RATE=r (0–1), that share of requests fails as an outage would; which ones
 * follows from the attempt's idempotency key, so every process draws the same for the same attempt.
 */
const failRate = () => Number(process.env.TEST_OUTBOX_FAIL_RATE ?? 0)
const drawn = (key: string) => createHash("sha256").update(key).digest().readUInt32BE(0) / 2 ** 32

/** A Notification Module provider for the tests: records every send instead of delivering it. */
export class TestOutboxNotificationService extends AbstractNotificationProviderService {
  static override identifier = "test-outbox"

  constructor(protected readonly container_: Record<string, unknown>) {
    super()
  }

  override async send(notification: ProviderSendNotificationDTO): Promise<ProviderSendNotificationResultsDTO> {
    if (failuresLeft > 0) {
      failuresLeft--
      throw new Error(failureMessage)
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
    const file = outboxFile()
    if (!file) {
      sentNotifications.push(notification)
      return { id: `test-outbox-${sentNotifications.length}` }
    }
    // The notification module hands the provider the whole notification, key included.
    const { idempotency_key } = notification as { idempotency_key?: string | null }
    const messageId = String(notification.data?.message_id)
    const line: OutboxFileLine = { message_id: messageId, idempotency_key: idempotency_key ?? null, to: notification.to, pid: process.pid }
    if (drawn(idempotency_key ?? messageId) < failRate()) {
      fs.appendFileSync(file, JSON.stringify({ ...line, failed: true }) + "\n")
      throw new Error("test-outbox: provider unavailable (a simulated outage)")
    }
    fs.appendFileSync(file, JSON.stringify(line) + "\n")
    sentNotifications.push(notification)
    // A provider that deduplicates answers a repeated request with the first one's id.
    return { id: `test-outbox-${messageId}` }
  }
}

/**
 * Reads a TEST_OUTBOX_FILE: every request (attempts) and, per message id, how many accepted
 * requests carried it. A provider deduplicating on the message id delivers each id once, however many
 * requests carried it: deliveries are the distinct ids.
 */
export function readOutboxFile(file: string) {
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : ""
  // Read while workers write: a line being appended is left for the next read.
  const lines: OutboxFileLine[] = text
    .slice(0, text.lastIndexOf("\n") + 1)
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line))
  const perMessage = new Map<string, number>()
  for (const line of lines) if (!line.failed) perMessage.set(line.message_id, (perMessage.get(line.message_id) ?? 0) + 1)
  return { lines, perMessage }
}
