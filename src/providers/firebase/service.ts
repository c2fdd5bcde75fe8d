import http from "node:http"
import net from "node:net"
import tls from "node:tls"
import { createSign, randomUUID } from "node:crypto"
import type {
  IEventBusModuleService,
  Logger,
  ProviderSendNotificationDTO,
  ProviderSendNotificationResultsDTO,
} from "@medusajs/framework/types"
import { AbstractNotificationProviderService, MedusaError, Modules } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { cert, initializeApp, type App, type Credential, type GoogleOAuthAccessToken } from "firebase-admin/app"
import { getMessaging, type Message, type Messaging, type SendResponse } from "firebase-admin/messaging"
import { PUSH_INVALID_TOKENS_EVENT, type PushInvalidTokensData } from "./events"

export const firebaseOptionsSchema = z
  .strictObject({
    /** Set by medusa-config for the Notification Module (e.g. ["push"]). */
    channels: z.array(z.string()).optional(),
    /** A service account, field by field… */
    project_id: z.string().min(1).optional(),
    client_email: z.email().optional(),
    /** PEM; `\n` escapes (as environment variables often hold it) are turned into newlines. */
    private_key: z.string().min(1).optional(),
    /** …or whole, as the JSON file Firebase downloads. */
    service_account_json: z.string().min(1).optional(),
    /** How long one send may take before it fails (and the caller retries), in ms. */
    timeout_ms: z.number().int().min(100).max(300_000).default(30_000),
    /**
     * Sends every request (FCM and Google OAuth) to this base URL instead of Google's hosts, over
     * HTTP/1.1: for a local FCM fake in tests, or a forwarding gateway. Leave unset in production.
     */
    endpoint: z.url({ protocol: /^https?$/ }).optional(),
  })
  .superRefine((options, ctx) => {
    const fields = ["project_id", "client_email", "private_key"] as const
    const given = fields.filter((field) => options[field] !== undefined)
    if (options.service_account_json !== undefined) {
      if (given.length) ctx.addIssue({ code: "custom", path: [given[0]], message: "give service_account_json or the fields, not both" })
      return
    }
    for (const field of fields) {
      if (options[field] === undefined) {
        ctx.addIssue({ code: "custom", path: [field], message: "is required (or give service_account_json)" })
      }
    }
  })

export type FirebaseOptions = z.infer<typeof firebaseOptionsSchema>

type ServiceAccount = { projectId: string; clientEmail: string; privateKey: string }

const problem = (message: string) =>
  new MedusaError(MedusaError.Types.INVALID_DATA, `Firebase notification provider: ${message}`)

/** The validated options and the service account they describe; throws naming every bad option. */
function parseOptions(options: unknown): { options: FirebaseOptions; account: ServiceAccount } {
  const result = firebaseOptionsSchema.safeParse(options ?? {})
  if (!result.success) {
    const issues = result.error.issues.map((issue) =>
      issue.code === "unrecognized_keys"
        ? issue.keys.map((key) => `unknown option "${key}"`).join("; ")
        : `option "${issue.path.join(".") || "(options)"}" ${issue.message}`
    )
    throw problem(issues.join("; "))
  }
  const parsed = result.data
  let fields: Record<string, unknown> = parsed
  if (parsed.service_account_json !== undefined) {
    try {
      fields = JSON.parse(parsed.service_account_json)
    } catch {
      throw problem(`option "service_account_json" is not JSON`)
    }
  }
  const { project_id, client_email, private_key } = fields
  if (typeof project_id !== "string" || typeof client_email !== "string" || typeof private_key !== "string") {
    throw problem(`option "service_account_json" needs project_id, client_email and private_key`)
  }
  return {
    options: parsed,
    account: { projectId: project_id, clientEmail: client_email, privateKey: private_key.replace(/\\n/g, "\n") },
  }
}

/**
 * Routes the SDK's FCM connections to `endpoint`. The SDK still builds every request as it would
 * for Google (URL path, headers, body, bearer token, retries, error parsing): only the socket
 * differs. Its URLs are https://, and Node requires the agent's protocol to match, hence
 * "https:" below while an http endpoint gets a plain TCP connection.
 */
class EndpointAgent extends http.Agent {
  constructor(private readonly endpoint: URL) {
    super()
    Object.assign(this, { protocol: "https:" })
  }

  override createConnection() {
    const secure = this.endpoint.protocol === "https:"
    const host = this.endpoint.hostname
    const port = Number(this.endpoint.port) || (secure ? 443 : 80)
    return secure ? tls.connect({ host, port, servername: host }) : net.connect({ host, port })
  }
}

const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token"
const FCM_SCOPES = "https://www.googleapis.com/auth/cloud-platform https://www.googleapis.com/auth/firebase.messaging"

/**
 * The service account's OAuth grant (a JWT bearer assertion signed with its key, RFC 7523) asked
 * of `endpoint`/token. firebase-admin 14.5's `cert(account, httpAgent)` drops the agent on the
 * way to google-auth-library, so its own token requests cannot be routed: this does the same
 * exchange where the agent sends FCM requests.
 */
class EndpointCredential implements Credential {
  constructor(
    private readonly account: ServiceAccount,
    private readonly endpoint: URL
  ) {}

  async getAccessToken(): Promise<GoogleOAuthAccessToken> {
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString("base64url")
    const now = Math.floor(Date.now() / 1000)
    const unsigned = `${encode({ alg: "RS256", typ: "JWT" })}.${encode({
      iss: this.account.clientEmail,
      scope: FCM_SCOPES,
      aud: GOOGLE_TOKEN_URL,
      iat: now,
      exp: now + 3600,
    })}`
    const signature = createSign("RSA-SHA256").update(unsigned).sign(this.account.privateKey, "base64url")
    const response = await fetch(new URL("/token", this.endpoint), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
        assertion: `${unsigned}.${signature}`,
      }),
    })
    const body = (await response.json().catch(() => null)) as GoogleOAuthAccessToken | { error?: string } | null
    if (!response.ok || !body || !("access_token" in body)) {
      throw new Error(`OAuth token request failed with ${response.status}: ${JSON.stringify(body)}`)
    }
    return { access_token: body.access_token, expires_in: body.expires_in }
  }
}

/** FCM's answers that mean the token is dead: pushing to it again can never succeed. */
const DEAD_TOKEN_CODES = new Set(["messaging/registration-token-not-registered", "messaging/invalid-registration-token"])

type FcmError = { code?: string; message: string; httpResponse?: { headers?: Record<string, unknown>; data?: unknown } }

/** The code of an error that condemns the token, or null for any other failure. */
function deadTokenCode(error: FcmError): string | null {
  if (error.code && DEAD_TOKEN_CODES.has(error.code)) return error.code
  // FCM also answers INVALID_ARGUMENT for a malformed token; only the field it names tells that
  // apart from a bad payload, which is no reason to drop the device.
  const details = (error.httpResponse?.data as { error?: { details?: unknown } } | undefined)?.error?.details
  const onToken =
    Array.isArray(details) &&
    details.some(
      (detail) =>
        detail?.["@type"] === "type.googleapis.com/google.rpc.BadRequest" &&
        Array.isArray(detail.fieldViolations) &&
        detail.fieldViolations.some((violation: { field?: string }) => violation?.field === "message.token")
    )
  return onToken ? error.code ?? "messaging/invalid-argument" : null
}

/** How one failure reads in the error the caller records. */
function describe(error: FcmError) {
  const retryAfter = error.httpResponse?.headers?.["retry-after"]
  return `${error.code ?? "error"}: ${error.message}${retryAfter ? ` (retry after ${retryAfter} s)` : ""}`
}

/** FCM data values must be strings. */
function stringValues(data: unknown): Record<string, string> {
  if (!data || typeof data !== "object") return {}
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)])
  )
}

const FCM_BATCH_LIMIT = 500

/**
 * Push through Firebase Cloud Messaging (HTTP v1, firebase-admin). A notification goes to every
 * device token in `data.tokens` (or to `to` itself when there is no such list): title from
 * `content.subject`, body from `content.text`, FCM data from `data.push_data`. It succeeds when
 * FCM accepted at least one device, with that send's message name as id; otherwise it throws,
 * naming each failure. Tokens FCM reports dead are announced with the `push.invalid_tokens`
 * event, whether or not the send succeeded, for the token's owner to delete.
 */
export class FirebaseNotificationService extends AbstractNotificationProviderService {
  static override identifier = "firebase"

  static override validateOptions(options: Record<string, unknown>) {
    parseOptions(options)
  }

  protected readonly options_: FirebaseOptions
  protected readonly messaging_: Messaging
  protected readonly app_: App

  constructor(protected readonly container_: Record<string, unknown>, options: Record<string, unknown>) {
    super()
    const { options: parsed, account } = parseOptions(options)
    this.options_ = parsed
    const endpoint = parsed.endpoint ? new URL(parsed.endpoint) : undefined
    const agent = endpoint && new EndpointAgent(endpoint)
    // A named app per provider instance: a store may configure several, and may use Firebase itself.
    this.app_ = initializeApp(
      {
        credential: endpoint ? new EndpointCredential(account, endpoint) : cert(account),
        projectId: account.projectId,
        ...(agent && { httpAgent: agent }),
      },
      `medusa-notification-firebase-${randomUUID()}`
    )
    this.messaging_ = getMessaging(this.app_)
    // The app's httpAgent only applies to the HTTP/1.1 transport; production keeps HTTP/2.
    if (agent) this.messaging_.enableLegacyHttpTransport()
  }

  override async send(notification: ProviderSendNotificationDTO): Promise<ProviderSendNotificationResultsDTO> {
    const data = notification.data ?? {}
    const tokens = Array.isArray(data.tokens) ? [...new Set(data.tokens.filter((t): t is string => typeof t === "string" && !!t))] : [notification.to]
    if (!tokens.length) throw problem(`notification to ${notification.to} has no device token`)
    const title = notification.content?.subject ?? undefined
    const body = notification.content?.text ?? undefined
    const pushData = stringValues(data.push_data)
    const messages: Message[] = tokens.map((token) => ({
      token,
      ...((title || body) && { notification: { ...(title && { title }), ...(body && { body }) } }),
      ...(Object.keys(pushData).length && { data: pushData }),
    }))

    const responses: SendResponse[] = []
    for (let start = 0; start < messages.length; start += FCM_BATCH_LIMIT) {
      const batch = await this.withDeadline(this.messaging_.sendEach(messages.slice(start, start + FCM_BATCH_LIMIT)))
      responses.push(...batch.responses)
    }

    const dead: PushInvalidTokensData["tokens"] = []
    const failures: string[] = []
    responses.forEach((response, index) => {
      if (response.success || !response.error) return
      const code = deadTokenCode(response.error)
      if (code) dead.push({ token: tokens[index], code })
      else failures.push(describe(response.error))
    })
    if (dead.length) await this.announceDeadTokens({ provider: "firebase", to: notification.to, tokens: dead })

    const delivered = responses.find((response) => response.success)
    if (delivered) {
      if (failures.length) this.logger()?.warn(`Firebase: push to ${notification.to} missed ${failures.length} device(s): ${failures.join("; ")}`)
      return { id: delivered.messageId }
    }
    const reasons = [
      ...(dead.length ? [`${dead.length} dead token(s) (${[...new Set(dead.map((d) => d.code))].join(", ")})`] : []),
      ...[...new Set(failures)],
    ]
    throw new Error(`FCM delivered to none of ${tokens.length} device(s): ${reasons.join("; ")}`)
  }

  /** Fails a send that outlives `timeout_ms`; the SDK's own timeout is 15 s per try, retried up to 4 times. */
  private async withDeadline<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`FCM did not answer within ${this.options_.timeout_ms} ms`)), this.options_.timeout_ms)
    })
    try {
      return await Promise.race([work, deadline])
    } finally {
      clearTimeout(timer)
    }
  }

  private async announceDeadTokens(data: PushInvalidTokensData) {
    try {
      const eventBus = this.container_[Modules.EVENT_BUS] as IEventBusModuleService
      await eventBus.emit({ name: PUSH_INVALID_TOKENS_EVENT, data })
    } catch (error) {
      // The push itself is not at fault: the tokens are reported again on the next send.
      this.logger()?.warn(`Firebase: could not announce dead push tokens: ${(error as Error).message}`)
    }
  }

  private logger(): Logger | undefined {
    try {
      return this.container_.logger as Logger | undefined
    } catch {
      return undefined
    }
  }
}
