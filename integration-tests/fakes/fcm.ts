import { createPublicKey, createVerify, type KeyObject } from "node:crypto"
import http from "node:http"
import type { AddressInfo } from "node:net"

/** How the fake answers one send. */
export type FcmAnswer =
  | "ok"
  /** 404 UNREGISTERED: the app was uninstalled or the token expired. */
  | "unregistered"
  /** 400 INVALID_ARGUMENT naming `message.token`: not a token at all. */
  | "invalid_token"
  /** 400 INVALID_ARGUMENT naming a payload field: the token is fine. */
  | "invalid_payload"
  | { status: 500 | 503 }
  | { status: 429; retryAfter: number }
  /** Never answers (until the fake closes). */
  | "hang"

export type FcmSend = { project: string; authorization: string | undefined; message: Record<string, any> }

const fcmError = (code: number, status: string, message: string, details: unknown[] = []) => ({
  error: { code, message, status, details },
})
const fcmDetail = (errorCode: string) => ({ "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", errorCode })
const badRequest = (field: string) => ({
  "@type": "type.googleapis.com/google.rpc.BadRequest",
  fieldViolations: [{ field, description: `Invalid value at '${field}'` }],
})

/**
 * A local FCM HTTP v1 endpoint as firebase-admin calls it: `POST /token` (Google OAuth, a JWT
 * bearer grant signed by the service account, checked against `publicKey`) and
 * `POST /v1/projects/{id}/messages:send` (which requires the token it issued). Records what it
 * received and answers each send by the first matching rule of `answer`, "ok" otherwise.
 */
export async function startFakeFcm(options: { publicKey: KeyObject | string }) {
  const publicKey = typeof options.publicKey === "string" ? createPublicKey(options.publicKey) : options.publicKey
  const sends: FcmSend[] = []
  const grants: Record<string, unknown>[] = []
  const rules: { token?: string; answer: FcmAnswer; times: number }[] = []
  const hanging = new Set<http.ServerResponse>()
  let issued = 0
  let sent = 0

  const reply = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json; charset=UTF-8", ...headers })
    res.end(JSON.stringify(body))
  }

  function grant(body: string, res: http.ServerResponse) {
    const form = new URLSearchParams(body)
    const [header, claims, signature] = (form.get("assertion") ?? "").split(".")
    const genuine =
      form.get("grant_type") === "urn:ietf:params:oauth:grant-type:jwt-bearer" &&
      !!signature &&
      createVerify("RSA-SHA256").update(`${header}.${claims}`).verify(publicKey, Buffer.from(signature, "base64url"))
    if (!genuine) return reply(res, 400, { error: "invalid_grant", error_description: "Invalid JWT Signature." })
    grants.push(JSON.parse(Buffer.from(claims, "base64url").toString("utf8")))
    reply(res, 200, { access_token: `fake-access-token-${++issued}`, expires_in: 3600, token_type: "Bearer" })
  }

  function send(project: string, req: http.IncomingMessage, body: string, res: http.ServerResponse) {
    const authorization = req.headers.authorization
    if (!issued || authorization !== `Bearer fake-access-token-${issued}`) {
      return reply(res, 401, fcmError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."))
    }
    const { message } = JSON.parse(body)
    sends.push({ project, authorization, message })
    const rule = rules.find((r) => r.times !== 0 && (r.token === undefined || r.token === message.token))
    if (rule && rule.times > 0) rule.times--
    const answer = rule?.answer ?? "ok"
    if (answer === "hang") return void hanging.add(res)
    if (answer === "ok") return reply(res, 200, { name: `projects/${project}/messages/fake-${++sent}` })
    if (answer === "unregistered") {
      return reply(res, 404, fcmError(404, "NOT_FOUND", "Requested entity was not found.", [fcmDetail("UNREGISTERED")]))
    }
    if (answer === "invalid_token" || answer === "invalid_payload") {
      const field = answer === "invalid_token" ? "message.token" : "message.data[0].key"
      const text = answer === "invalid_token" ? "The registration token is not a valid FCM registration token" : "Invalid data key"
      return reply(res, 400, fcmError(400, "INVALID_ARGUMENT", text, [fcmDetail("INVALID_ARGUMENT"), badRequest(field)]))
    }
    if (answer.status === 429) {
      return reply(res, 429, fcmError(429, "RESOURCE_EXHAUSTED", "Quota exceeded for sending messages.", [fcmDetail("QUOTA_EXCEEDED")]), {
        "retry-after": String(answer.retryAfter),
      })
    }
    const unavailable = answer.status === 503
    reply(res, answer.status, fcmError(answer.status, unavailable ? "UNAVAILABLE" : "INTERNAL", unavailable ? "The service is currently unavailable." : "Internal error encountered.", [fcmDetail(unavailable ? "UNAVAILABLE" : "INTERNAL")]))
  }

  const server = http.createServer((req, res) => {
    let body = ""
    req.on("data", (chunk) => (body += chunk))
    req.on("end", () => {
      const sendPath = req.url?.match(/^\/v1\/projects\/([^/]+)\/messages:send$/)
      if (req.method === "POST" && req.url === "/token") return grant(body, res)
      if (req.method === "POST" && sendPath) return send(sendPath[1], req, body, res)
      reply(res, 404, fcmError(404, "NOT_FOUND", `no route ${req.method} ${req.url}`))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    /** Sends received (after authentication), in order. */
    sends,
    /** Claims of the OAuth grants issued. */
    grants,
    /** Answers sends (to `token`, or any) this way, `times` times (forever by default). */
    answer(answer: FcmAnswer, rule: { token?: string; times?: number } = {}) {
      rules.push({ answer, token: rule.token, times: rule.times ?? -1 })
    },
    async close() {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export type FakeFcm = Awaited<ReturnType<typeof startFakeFcm>>
