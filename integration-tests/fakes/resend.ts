/**
 * A local stand-in for Resend's `POST /emails`, for tests that run the real `resend` SDK against
 * it (base URL: `url`). It answers like Resend: 401 without an API key, 422 without from / to /
 * subject, the email's id on success; the same Idempotency-Key with the same body answers the
 * first id again without a second delivery, with another body 409 `invalid_idempotent_request`.
 * Tests can script the next answers: an error, a 429 with Retry-After, or no answer at all.
 */
import { randomUUID } from "node:crypto"
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"

export type RecordedRequest = {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: any
}

/** A scripted answer: an HTTP status with a JSON (or raw text) body and headers, or never answering. */
export type ScriptedReply = { status: number; body?: unknown; headers?: Record<string, string> } | "hang"

export type FakeResend = {
  url: string
  /** Every request received, in order, scripted answers included. */
  requests: RecordedRequest[]
  /** The emails Resend would deliver: one per accepted request, none for an idempotent replay. */
  delivered: { id: string; body: any }[]
  /** Answers the next requests with these, in order, before answering normally again. */
  script(...replies: ScriptedReply[]): void
  reset(): void
  close(): Promise<void>
}

const resendError = (status: number, name: string, message: string) => ({ status, body: { statusCode: status, name, message } })

/** Where the test app's Resend provider (channel `resend-test`, medusa-config.ts) sends. */
export const TEST_APP_RESEND_PORT = 47317

/** Starts the fake on `port`, or on a free port by default. */
export async function startFakeResend(port = 0): Promise<FakeResend> {
  const requests: RecordedRequest[] = []
  const delivered: { id: string; body: any }[] = []
  const byKey = new Map<string, { raw: string; id: string }>()
  const scripted: ScriptedReply[] = []

  const answer = (res: ServerResponse, { status, body, headers }: Exclude<ScriptedReply, "hang">) => {
    const text = typeof body === "string" ? body : JSON.stringify(body ?? {})
    res.writeHead(status, { "content-type": typeof body === "string" ? "text/html" : "application/json", ...headers })
    res.end(text)
  }

  function handle(raw: string, request: RecordedRequest): Exclude<ScriptedReply, "hang"> {
    if (request.method !== "POST" || request.path !== "/emails") {
      return resendError(404, "not_found", "The requested endpoint does not exist.")
    }
    if (!/^Bearer \S+$/.test(request.headers.authorization ?? "")) {
      return resendError(401, "missing_api_key", "Missing API key in the authorization header.")
    }
    const body = request.body
    if (!body || typeof body !== "object") return resendError(422, "validation_error", "Invalid JSON body.")
    for (const field of ["from", "to", "subject"]) {
      if (!body[field]) return resendError(422, "missing_required_field", `Missing \`${field}\` field.`)
    }
    if (!body.html && !body.text) return resendError(422, "validation_error", "Missing `html` or `text` field.")
    const key = request.headers["idempotency-key"] as string | undefined
    const earlier = key ? byKey.get(key) : undefined
    if (earlier) {
      if (earlier.raw !== raw) {
        return resendError(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload.")
      }
      return { status: 200, body: { id: earlier.id } }
    }
    const id = randomUUID()
    if (key) byKey.set(key, { raw, id })
    delivered.push({ id, body })
    return { status: 200, body: { id } }
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8")
      let body: unknown = raw
      try {
        body = JSON.parse(raw)
      } catch {
        // Recorded as text; `handle` rejects it as Resend would.
      }
      const request = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body }
      requests.push(request)
      const reply = scripted.shift()
      if (reply === "hang") return
      answer(res, reply ?? handle(raw, request))
    })
  })
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve))

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    delivered,
    script: (...replies) => scripted.push(...replies),
    reset() {
      requests.length = 0
      delivered.length = 0
      byKey.clear()
      scripted.length = 0
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Hung requests keep their sockets open: end them, or close() would wait forever.
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

/** Resend's answers to script: `rateLimited(2)` is a 429 asking to retry after 2 seconds. */
export const resendReplies = {
  rateLimited: (seconds: number): ScriptedReply => ({
    ...resendError(429, "rate_limit_exceeded", "Too many requests. You can only make 2 requests per second."),
    headers: { "retry-after": String(seconds) },
  }),
  serverError: (): ScriptedReply => resendError(500, "internal_server_error", "An unexpected error occurred."),
  invalidFrom: (): ScriptedReply => resendError(403, "validation_error", "The shop.com domain is not verified."),
}
