import { renderJsonTemplate } from "../../engine"
import type { ClaimedEffect, WebhookContext, WebhookPayload } from "../../modules/journey"
import { signWebhook, WEBHOOK_HEADERS } from "../../webhooks/signature"
import type { EffectOutcome } from "./outcomes"

export const WEBHOOK_TIMEOUT_MS = 10_000

/** Characters of a failed response's body kept in the error, enough to see what went wrong. */
const RESPONSE_EXCERPT = 200

/**
 * What an HTTP status means for the delivery: 2xx delivered; 408, 429 and 5xx worth another try
 * (the receiver is busy or down); anything else — other 4xx, or a redirect, which is not followed
 * so the signed request reaches only the address the journey names — will not succeed as it is.
 */
export function classifyStatus(status: number): "done" | "retry" | "failed" {
  if (status >= 200 && status < 300) return "done"
  if (status === 408 || status === 429 || status >= 500) return "retry"
  return "failed"
}

/** The document sent when the node has no body of its own. */
export function defaultWebhookDocument(context: WebhookContext) {
  const customer = context.customer as { id?: string; email?: string | null } | null
  return {
    journey_id: context.journey_id,
    enrollment_id: context.enrollment_id,
    node_id: context.node_id,
    is_test: context.is_test,
    customer: customer ? { id: customer.id ?? null, email: customer.email ?? null } : null,
    event: context.event,
    occurred_at: context.occurred_at,
  }
}

/** The request body: the node's template rendered over the context, or the default document. */
export function webhookBody(payload: WebhookPayload): string {
  return payload.body === null
    ? JSON.stringify(defaultWebhookDocument(payload.context))
    : renderJsonTemplate(payload.body, payload.context as unknown as Record<string, unknown>)
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error))

/** Why a request got no response, in words a merchant can act on. */
function networkError(error: unknown) {
  if (error instanceof DOMException && error.name === "TimeoutError") {
    return `no response within ${WEBHOOK_TIMEOUT_MS / 1000} s`
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  return `network error: ${cause?.code ?? cause?.message ?? errorMessage(error)}`
}

/**
 * POSTs one webhook, signed with the plugin's secret. The effect id is the delivery id, the same
 * on every retry, for the receiver to deduplicate on. The timestamp is the wall clock's, not the
 * engine's: receivers check it against their own clock.
 */
export async function deliverWebhook(
  effect: Extract<ClaimedEffect, { type: "webhook" }>,
  secret: string | undefined
): Promise<EffectOutcome> {
  const claim = { id: effect.id, attempts: effect.attempts }
  if (!secret) return { ...claim, result: "failed", error: "webhooks are signed with the plugin's `secret` option, which is not set" }
  let body: string
  try {
    body = webhookBody(effect.payload)
  } catch (error) {
    return { ...claim, result: "failed", error: `the body failed to render: ${errorMessage(error)}` }
  }
  const timestamp = Math.floor(Date.now() / 1000)
  let response: Response
  try {
    response = await fetch(effect.payload.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "medusa-plugin-journeys",
        [WEBHOOK_HEADERS.delivery]: effect.id,
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [WEBHOOK_HEADERS.signature]: signWebhook(secret, timestamp, body),
        ...(effect.is_test && { [WEBHOOK_HEADERS.test]: "true" }),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    })
  } catch (error) {
    return { ...claim, result: "retry", error: networkError(error) }
  }
  const status = response.status
  const verdict = classifyStatus(status)
  if (verdict === "done") {
    await response.body?.cancel()
    return { ...claim, result: "done", response_status: status, detail: `delivered to ${effect.payload.url}: HTTP ${status}` }
  }
  const excerpt = await response.text().then(
    (text) => text.trim().slice(0, RESPONSE_EXCERPT),
    () => ""
  )
  const error = `HTTP ${status}${excerpt ? `: ${excerpt}` : ""}`
  return { ...claim, result: verdict, response_status: status, error }
}
