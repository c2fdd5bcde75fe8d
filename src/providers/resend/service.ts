import type {
  ProviderSendNotificationDTO,
  ProviderSendNotificationResultsDTO,
} from "@medusajs/framework/types"
import { AbstractNotificationProviderService, MedusaError } from "@medusajs/framework/utils"
import { Resend, type CreateEmailOptions } from "resend"
import { z } from "zod"

const required = (what: string) => ({
  error: (issue: { input: unknown }) => (issue.input === undefined ? "is required" : `must be ${what}`),
})

/** An address, or a display name and an address: `hello@shop.com`, `Shop <hello@shop.com>`. */
const mailbox = z
  .string(required("a string"))
  .regex(/^\s*(?:[^<>]*<\s*[^\s<>@]+@[^\s<>@]+\s*>|[^\s<>@]+@[^\s<>@]+)\s*$/, {
    message: 'must be an email address, optionally with a display name ("Shop <hello@shop.com>")',
  })

const optionsSchema = z.object({
  api_key: z.string(required("a string")).min(1, { message: "must not be empty" }),
  from: mailbox,
  reply_to: mailbox.optional(),
  /** The API's base URL; the SDK's default (RESEND_BASE_URL, else https://api.resend.com) otherwise. */
  base_url: z.url({ message: "must be a URL" }).optional(),
  /** How long a send may take before it is abandoned as failed (and retried by the caller). */
  timeout_ms: z.number().int().positive({ message: "must be a positive whole number" }).default(10_000),
  /** Medusa's own: the channels this provider serves. */
  channels: z.array(z.string()).optional(),
})

export type ResendProviderOptions = z.input<typeof optionsSchema>

const headersSchema = z.record(z.string(), z.string())

function parseOptions(options: unknown): z.infer<typeof optionsSchema> {
  const result = optionsSchema.safeParse(options ?? {})
  if (result.success) return result.data
  const problems = result.error.issues.map((issue) => `option "${issue.path.join(".") || "(options)"}" ${issue.message}`)
  throw new MedusaError(MedusaError.Types.INVALID_DATA, `Resend notification provider: ${problems.join("; ")}`)
}

/** A failed send: Resend's HTTP status and error name, and for 429 when to try again. */
export class ResendSendError extends Error {
  override name = "ResendSendError"
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string | null,
    readonly retry_after_seconds?: number
  ) {
    super(message)
  }
}

/** Retry-After as seconds: either delay-seconds or an HTTP date. */
function retryAfterSeconds(value: string | undefined): number | undefined {
  if (!value) return undefined
  if (/^\d+$/.test(value.trim())) return Number(value.trim())
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000))
}

/**
 * Sends email through Resend. Content comes rendered (`content.subject`, `html`, `text`); extra
 * headers (List-Unsubscribe…) come as `data.headers`. `data.message_id`, stable across a
 * message's retries, is Resend's Idempotency-Key: a retry after a lost answer is not a second email.
 */
export class ResendNotificationService extends AbstractNotificationProviderService {
  static override identifier = "resend"

  static override validateOptions(options: Record<string, unknown>): void {
    parseOptions(options)
  }

  protected readonly options_: z.infer<typeof optionsSchema>
  protected readonly client_: Resend

  constructor(_container: unknown, options: ResendProviderOptions) {
    super()
    this.options_ = parseOptions(options)
    this.client_ = new Resend(this.options_.api_key, { baseUrl: this.options_.base_url })
  }

  override async send(notification: ProviderSendNotificationDTO): Promise<ProviderSendNotificationResultsDTO> {
    const { content, data } = notification
    if (!content?.subject || !(content.html || content.text)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Resend notification provider: notification to ${notification.to} needs content.subject and content.html or content.text`
      )
    }
    const headers = headersSchema.safeParse(data?.headers ?? {})
    if (!headers.success) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "Resend notification provider: data.headers must map header names to strings")
    }
    const email = {
      from: notification.from || this.options_.from,
      to: notification.to,
      subject: content.subject,
      ...(content.html && { html: content.html }),
      ...(content.text && { text: content.text }),
      ...(this.options_.reply_to && { replyTo: this.options_.reply_to }),
      ...(Object.keys(headers.data).length && { headers: headers.data }),
      ...(notification.attachments?.length && {
        attachments: notification.attachments.map((a) => ({ content: a.content, filename: a.filename, contentType: a.content_type })),
      }),
    } as CreateEmailOptions
    // The Notification Module passes its whole row, idempotency key included, though its type omits it.
    const idempotencyKey =
      typeof data?.message_id === "string" ? data.message_id : (notification as { idempotency_key?: string | null }).idempotency_key

    const signal = AbortSignal.timeout(this.options_.timeout_ms)
    const { data: sent, error, headers: answer } = await this.client_.emails.send(email, {
      ...(idempotencyKey && { idempotencyKey }),
      signal,
    })
    if (sent) return { id: sent.id }
    // The SDK turns an aborted request into a generic "unable to fetch" error.
    if (signal.aborted) {
      throw new ResendSendError(`Resend: no answer within ${this.options_.timeout_ms} ms (it may have accepted the email: a retry with the same idempotency key does not send it twice)`, null, "timeout")
    }
    const status = error?.statusCode ?? null
    const code = error?.name ?? null
    if (status === null) throw new ResendSendError(`Resend: request failed: ${error?.message}`, null, code)
    const detail = `Resend answered HTTP ${status}${code ? ` ${code}` : ""}: ${error?.message}`
    if (status === 429) {
      const wait = retryAfterSeconds(answer?.["retry-after"])
      throw new ResendSendError(wait === undefined ? detail : `${detail} (retry after ${wait} s)`, status, code, wait)
    }
    throw new ResendSendError(detail, status, code)
  }
}
