import type { CreateNotificationDTO, INotificationModuleService, NotificationDTO } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { escapeHtml, renderTemplate, type RenderedMessage } from "../../engine"
import { resolveJourneyModule, type ClaimedMessage, type JourneyOptions } from "../../modules/journey"
import { normalizeAddress, signToken } from "../../modules/journey/tokens"
import { leaseEnd } from "../retry-policy"
import { loadEnrichments, loadStoreVariables, type Enrichments, type StoreVariables } from "../message-context"
import { holdBack } from "./gate"
import { lostSend, messageRecord, type DispatchOutcome } from "./outcomes"
import { pushDelivery, pushDevicesOf } from "./push"

export type DispatchOutboxInput = {
  /** ISO time of the run (the engine clock). */
  now: string
  /** Messages claimed per batch; the plugin's `batch_size` by default. */
  batch_size?: number
}

export type DispatchTotals = {
  sent: number
  retried: number
  failed: number
  requeued: number
  /** Not sent: no consent, or a frequency cap reached. */
  skipped: number
  /** Waiting for the end of quiet hours. */
  deferred: number
}

/** Sends in flight at once (one Notification Module call): a batch reaches the provider in groups, not all at once. */
const SEND_CONCURRENCY = 10

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error))

/** The rendered message, or why it can never be rendered. */
function render(
  message: ClaimedMessage,
  store: StoreVariables,
  enrichments: Map<string, Enrichments>,
  links: Record<string, string>
): RenderedMessage | { error: string } {
  const { template, template_id } = message
  if (!template) return { error: `template ${template_id} no longer exists` }
  // Journeys may only send published templates; one moved back to draft stops sending.
  if (template.status !== "published") return { error: `template ${template_id} is not published` }
  try {
    const enriched = message.customer_id ? enrichments.get(message.customer_id) : undefined
    return renderTemplate(template, { ...store, ...message.context, ...message.data, ...enriched, ...links })
  } catch (error) {
    return { error: `template ${template_id} failed to render: ${errorMessage(error)}` }
  }
}


/**
 * Links templates can use: `unsubscribe_url` (marketing email; signed, valid for this recipient
 * only) and `cart_recovery_url` (the storefront's page that restores the cart, Medusa's recipe).
 */
function links(options: JourneyOptions, message: ClaimedMessage): Record<string, string> | { error: string } {
  const found: Record<string, string> = {}
  const cart = message.context?.cart as { id?: string } | undefined
  if (options.storefront_url && cart?.id) {
    found.cart_recovery_url = `${options.storefront_url.replace(/\/$/, "")}/cart/recover/${encodeURIComponent(cart.id)}`
  }
  if (message.channel === "email" && message.category === "marketing") {
    if (!options.secret || !options.public_url) {
      return { error: "marketing email needs the plugin options `secret` and `public_url` for its one-click unsubscribe link" }
    }
    const token = signToken(options.secret, "unsubscribe", { c: "email", a: normalizeAddress("email", message.recipient) })
    found.unsubscribe_url = `${options.public_url.replace(/\/$/, "")}/journeys/unsubscribe?token=${token}`
  }
  return found
}

/**
 * Marketing email carries RFC 8058 one-click unsubscribe headers and a visible link: the
 * template's own `{{ unsubscribe_url }}`, or a footer added when the template has none.
 */
function withUnsubscribe(rendered: RenderedMessage, url: string | undefined) {
  if (rendered.channel !== "email" || !url) return { rendered, headers: undefined }
  const html = rendered.html.includes(escapeHtml(url)) || rendered.html.includes(url)
    ? rendered.html
    : `${rendered.html}\n<p style="font-size:12px;color:#6b7280"><a href="${escapeHtml(url)}">Unsubscribe</a></p>`
  const text = rendered.text === null || rendered.text.includes(url) ? rendered.text : `${rendered.text}\n\nUnsubscribe: ${url}`
  return {
    rendered: { ...rendered, html, text },
    headers: { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  }
}

function content(rendered: RenderedMessage): CreateNotificationDTO["content"] {
  switch (rendered.channel) {
    case "email":
      return { subject: rendered.subject, html: rendered.html, ...(rendered.text !== null && { text: rendered.text }) }
    case "sms":
      return { text: rendered.body }
    case "push":
      return { subject: rendered.title, text: rendered.body }
  }
}

/**
 * A message as its send renders it now (links and unsubscribe footer included) with its
 * unsubscribe headers, or why it cannot be: the send, and the outbox page's preview of an
 * unsent message. `enrichments`: what send nodes load (loadEnrichments), by customer.
 */
export function renderMessage(
  options: JourneyOptions,
  store: StoreVariables,
  message: ClaimedMessage,
  enrichments: Map<string, Enrichments>
): ReturnType<typeof withUnsubscribe> | { error: string } {
  const found = links(options, message)
  if ("error" in found) return { error: found.error }
  const plain = render(message, store, enrichments, found)
  return "error" in plain ? plain : withUnsubscribe(plain, found.unsubscribe_url)
}

/** Medusa stores each notification's idempotency key; its DTO type leaves the key out. */
type StoredNotification = Pick<NotificationDTO, "id" | "status" | "external_id"> & { idempotency_key?: string | null }

type Prepared = {
  claim: { id: string; attempts: number }
  /** Recorded with the outcome: what the outbox shows once the template has changed. */
  rendered: RenderedMessage
  notification: CreateNotificationDTO & { idempotency_key: string }
}

/** The notification for one claimed message, or why it can never be sent. */
function prepare(
  options: JourneyOptions,
  store: StoreVariables,
  enrichments: Map<string, Enrichments>,
  devices: Map<string, string[]>,
  message: ClaimedMessage
): Prepared | DispatchOutcome {
  const claim = { id: message.id, attempts: message.attempts }
  const made = renderMessage(options, store, message, enrichments)
  if ("error" in made) return { ...claim, result: "failed", error: made.error }
  const { rendered, headers } = made
  const push =
    rendered.channel === "push" ? pushDelivery(options.secret, message, devices.get(message.recipient), rendered.data) : null
  if (push && "error" in push) return { ...claim, result: "failed", error: push.error }
  return {
    claim,
    rendered,
    notification: {
      to: message.recipient,
      channel: message.channel,
      template: message.template_id,
      content: content(rendered),
      data: {
        message_id: message.id,
        journey_id: message.journey_id,
        enrollment_id: message.enrollment_id,
        category: message.category,
        tag: message.tag,
        is_test: message.is_test,
        ...(headers && { headers }),
        ...push,
      },
      receiver_id: message.customer_id,
      idempotency_key: `${message.id}:${message.attempts}`,
      trigger_type: "journey",
      resource_id: message.id,
      resource_type: "journey_message",
    },
  }
}

/**
 * Each provider's error per notification id, from the one error the Notification Module throws
 * for a call in which some sends failed ("Failed to send notification with id <id>:\n<error>",
 * joined by new lines).
 */
export function sendErrors(message: string): Map<string, string> {
  const parts = message.split(/Failed to send notification with id (\S+?):\n/)
  const errors = new Map<string, string>()
  for (let i = 1; i < parts.length; i += 2) errors.set(parts[i], parts[i + 1].trim())
  return errors
}

/**
 * Sends prepared messages through the Notification Module in one call: its rows are written
 * once for the group and its sends run side by side. Each attempt has its own idempotency key:
 * Medusa never retries a key whose notification is not `failure`, and a crash after it stored
 * the notification leaves it `pending` for good. The stable message id travels as
 * `resource_id`, for providers that deduplicate on their side.
 */
async function send(notifications: INotificationModuleService, group: Prepared[]): Promise<DispatchOutcome[]> {
  let stored: StoredNotification[]
  let failure: string | null = null
  try {
    stored = await notifications.createNotifications(group.map((p) => p.notification))
  } catch (error) {
    // Some sends failed, and the call says only that: what each notification became is stored.
    failure = errorMessage(error)
    stored = await notifications.listNotifications(
      { resource_type: "journey_message", resource_id: group.map((p) => p.claim.id) },
      { select: ["id", "idempotency_key", "status", "external_id"] as (keyof NotificationDTO)[] }
    )
  }
  const byKey = new Map(stored.map((notification) => [notification.idempotency_key, notification]))
  const errors = failure === null ? new Map<string, string>() : sendErrors(failure)
  return group.map(({ claim, rendered, notification: { idempotency_key } }) => {
    const notification = byKey.get(idempotency_key)
    if (notification?.status === "success") {
      return { ...claim, result: "sent", notification_id: notification.id, provider_message_id: notification.external_id ?? null, content: rendered }
    }
    const error = !notification
      ? failure ?? "no notification was created"
      : errors.get(notification.id) ??
        (notification.status === "failure" && failure !== null ? failure : `notification ${notification.id} ended ${notification.status}`)
    const retryAfter = retryAfterMs(error)
    return { ...claim, result: "retry", error, content: rendered, ...(retryAfter !== null && { retry_after_ms: retryAfter }) }
  })
}

/**
 * How long the provider asked us to wait (a 429's Retry-After): the plugin's providers put it on
 * the error as `retry_after_seconds` and in its message, which is all that survives when the
 * Notification Module wraps the error.
 */
export function retryAfterMs(error: unknown): number | null {
  const given = (error as { retry_after_seconds?: unknown } | null)?.retry_after_seconds
  if (typeof given === "number" && Number.isFinite(given) && given >= 0) return given * 1000
  const match = /retry after (\d+(?:\.\d+)?) ?s\b/i.exec(errorMessage(error))
  return match ? Number(match[1]) * 1000 : null
}

/**
 * Sends every message due at `now`, batch after batch until none is left, after requeueing those
 * whose lease expired. A batch is claimed (committed `sending`), sent outside any transaction,
 * then recorded in one statement: a crash in between leaves `sending` rows that the lease puts
 * back, so a message is sent at least once and, where the provider deduplicates, exactly once.
 */
export const dispatchOutboxStep = createStep(
  "journeys-dispatch-due-messages",
  async (input: DispatchOutboxInput, { container }) => {
    const service = resolveJourneyModule(container)
    const notifications = container.resolve(Modules.NOTIFICATION)
    const now = new Date(input.now)
    const options = service.getOptions()
    const size = input.batch_size ?? options.batch_size
    const totals: DispatchTotals = { sent: 0, retried: 0, failed: 0, requeued: 0, skipped: 0, deferred: 0 }
    const lost = await service.requeueExpiredSends(now, (expired) => expired.map((row) => lostSend(row, options.max_attempts, now)))
    for (const { status } of lost) totals[status === "queued" ? "requeued" : "failed"]++
    // Read once per run, and only when something is due: the job wakes every minute.
    let store: StoreVariables | undefined
    for (;;) {
      const claimed = await service.claimDueMessages(now, size, leaseEnd(now, options.claim_lease_seconds))
      const held = await holdBack(service, claimed, now)
      const devices = await pushDevicesOf(service, claimed)
      const sendable = claimed.filter((message) => !held.has(message.id))
      if (sendable.length) store ??= await loadStoreVariables(container)
      // The batch's enrichments at once: one read per enrichment, not one per message.
      const enrichments = store ? await loadEnrichments(container, store, sendable) : new Map<string, Enrichments>()
      const outcomes: DispatchOutcome[] = []
      const ready: Prepared[] = []
      for (const message of claimed) {
        const prepared = held.get(message.id) ?? prepare(options, store!, enrichments, devices, message)
        if ("notification" in prepared) ready.push(prepared)
        else outcomes.push(prepared)
      }
      for (let i = 0; i < ready.length; i += SEND_CONCURRENCY) {
        outcomes.push(...(await send(notifications, ready.slice(i, i + SEND_CONCURRENCY))))
      }
      const byId = new Map(claimed.map((message) => [message.id, message]))
      const records = outcomes.map((outcome) => messageRecord(outcome, byId.get(outcome.id), now, options))
      const deferred = new Set(records.flatMap((record) => (record.uncounted ? [record.id] : [])))
      for (const { id, status } of await service.recordDispatch(records)) {
        totals[deferred.has(id) ? "deferred" : status === "sent" ? "sent" : status === "queued" ? "retried" : status]++
      }
      if (claimed.length < size) return new StepResponse(totals)
    }
  }
)
