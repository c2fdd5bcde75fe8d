import { AsyncLocalStorage } from "node:async_hooks"
import type { ProviderSendNotificationDTO, ProviderSendNotificationResultsDTO } from "@medusajs/framework/types"
import { AbstractNotificationProviderService, MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import twilio from "twilio"
import RequestClient from "twilio/lib/base/RequestClient"

const E164 = /^\+[1-9]\d{1,14}$/

const httpUrl = z
  .string()
  .url({ message: "must be an absolute http(s) URL" })
  .refine((value) => /^https?:\/\//i.test(value), { message: "must be an absolute http(s) URL" })

export const twilioOptionsSchema = z
  .object({
    /** Medusa's own key: the channels this provider serves (["sms"]). */
    channels: z.array(z.string()).optional(),
    account_sid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, { message: "must be an Account SID (AC + 32 hex characters)" }),
    auth_token: z.string().min(1, { message: "is required" }),
    from: z.string().regex(E164, { message: "must be an E.164 number such as +14155550100" }).optional(),
    messaging_service_sid: z
      .string()
      .regex(/^MG[0-9a-fA-F]{32}$/, { message: "must be a Messaging Service SID (MG + 32 hex characters)" })
      .optional(),
    /** Where Twilio posts delivery reports: the plugin's /hooks/journeys/twilio route. */
    status_callback_url: httpUrl.optional(),
    /** Sends to this origin instead of https://api.twilio.com (a proxy, or a fake in tests). */
    api_base_url: httpUrl.optional(),
    /** A send that takes longer fails and is retried by the outbox. */
    timeout_ms: z.number().int().min(100).max(120_000).default(10_000),
  })
  .strict()
  .refine((options) => options.from || options.messaging_service_sid, {
    message: 'one of "from" or "messaging_service_sid" is required',
    path: ["from"],
  })

export type TwilioOptions = z.input<typeof twilioOptionsSchema>

/** Parses the options or throws an error naming every bad option, so the store fails at boot. */
export function parseTwilioOptions(options: unknown): z.output<typeof twilioOptionsSchema> {
  const result = twilioOptionsSchema.safeParse(options ?? {})
  if (result.success) return result.data
  const problems = result.error.issues.map((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => `unknown option "${key}"`).join("; ")
      : `option "${issue.path.join(".") || "(options)"}" ${issue.message}`
  )
  throw new MedusaError(MedusaError.Types.INVALID_DATA, `twilio notification provider: ${problems.join("; ")}`)
}

/** A failed send, with what the outbox and the admin need to understand it. */
export class TwilioSendError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: number | null,
    readonly retry_after_seconds: number | null = null
  ) {
    super(message)
    this.name = "TwilioSendError"
  }
}

type RawResponse = { statusCode: number; headers: Record<string, unknown> }

/**
 * The SDK's own HTTP client (it builds the URL, form body, auth and headers), sending to
 * `api_base_url` when set. It also hands each response to the send that made it, since the SDK's
 * exceptions drop the headers (Retry-After) and one client serves concurrent sends.
 */
class TwilioHttpClient extends RequestClient {
  constructor(
    private readonly origin: string | null,
    private readonly responses: AsyncLocalStorage<{ response?: RawResponse }>,
    timeout: number
  ) {
    super({ timeout })
  }

  override async request<TData>(opts: RequestClient.RequestOptions<TData>) {
    let uri = opts.uri
    if (this.origin) {
      const url = new URL(opts.uri)
      uri = this.origin + url.pathname + url.search
    }
    const response = await super.request({ ...opts, uri })
    const holder = this.responses.getStore()
    if (holder) holder.response = response
    return response
  }
}

function retryAfterSeconds(value: unknown): number | null {
  if (typeof value !== "string" || !value.trim()) return null
  if (/^\d+$/.test(value.trim())) return Number(value.trim())
  const at = Date.parse(value)
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000))
}

/**
 * Sends SMS through Twilio's Messages API. Twilio has no idempotency key: a message is sent once
 * because the plugin's outbox claims it once (SKIP LOCKED) and records the result; only a worker
 * that dies between the send and the record can send it twice, after the outbox's lease.
 */
export class TwilioNotificationService extends AbstractNotificationProviderService {
  static override identifier = "twilio"

  static override validateOptions(options: Record<any, any>) {
    parseTwilioOptions(options)
  }

  private readonly options: z.output<typeof twilioOptionsSchema>
  private readonly client: twilio.Twilio
  private readonly responses = new AsyncLocalStorage<{ response?: RawResponse }>()

  constructor(_container: unknown, options: TwilioOptions) {
    super()
    this.options = parseTwilioOptions(options)
    const origin = this.options.api_base_url ? new URL(this.options.api_base_url).origin : null
    this.client = twilio(this.options.account_sid, this.options.auth_token, {
      httpClient: new TwilioHttpClient(origin, this.responses, this.options.timeout_ms),
    })
  }

  override async send(notification: ProviderSendNotificationDTO): Promise<ProviderSendNotificationResultsDTO> {
    const body = notification.content?.text
    if (!body) throw new TwilioSendError("twilio: the notification has no content.text to send", null, null)
    if (!E164.test(notification.to)) {
      throw new TwilioSendError(`twilio: "${notification.to}" is not an E.164 phone number`, null, null)
    }
    const { from, messaging_service_sid, status_callback_url } = this.options
    const holder: { response?: RawResponse } = {}
    try {
      const message = await this.responses.run(holder, () =>
        this.client.messages.create({
          to: notification.to,
          body,
          ...(messaging_service_sid ? { messagingServiceSid: messaging_service_sid } : { from }),
          ...(status_callback_url && { statusCallback: status_callback_url }),
        })
      )
      return { id: message.sid }
    } catch (error) {
      throw this.describe(error, holder.response)
    }
  }

  private describe(error: unknown, response: RawResponse | undefined): TwilioSendError {
    const e = error as { status?: number; code?: number | string; message?: string; moreInfo?: string }
    if (typeof e.status === "number") {
      const code = typeof e.code === "number" && e.code ? e.code : null
      const retryAfter = e.status === 429 ? retryAfterSeconds(response?.headers["retry-after"]) : null
      const parts = [
        `twilio: HTTP ${e.status}`,
        code ? ` (Twilio error ${code})` : "",
        `: ${e.message || "no message"}`,
        retryAfter !== null ? `; retry after ${retryAfter}s` : "",
        e.moreInfo ? ` — ${e.moreInfo}` : "",
      ]
      return new TwilioSendError(parts.join(""), e.status, code, retryAfter)
    }
    if (e.code === "ECONNABORTED" || e.code === "ETIMEDOUT") {
      return new TwilioSendError(`twilio: no answer within ${this.options.timeout_ms} ms (request timed out)`, null, null)
    }
    return new TwilioSendError(`twilio: request failed: ${e.message ?? String(error)}`, null, null)
  }
}
