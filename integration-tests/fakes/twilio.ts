import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"

/** A request the fake accepted, as Twilio would have read it. */
export type TwilioFakeRequest = {
  account_sid: string
  /** Basic-auth credentials, decoded. */
  username: string
  password: string
  /** The form fields, decoded (To, From, MessagingServiceSid, Body, StatusCallback …). */
  form: Record<string, string>
  headers: IncomingMessage["headers"]
}

/** How the fake answers the next requests; `success` once the planned answers run out. */
export type TwilioFakeAnswer =
  | { kind: "error"; status: number; code: number; message: string }
  | { kind: "server_error"; status: number }
  | { kind: "rate_limited"; retry_after: string }
  | { kind: "hang" }

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\.json$/

/**
 * A local stand-in for Twilio's Messages API: `POST /2010-04-01/Accounts/{sid}/Messages.json`,
 * form-encoded with basic auth. It refuses what real Twilio refuses (wrong credentials, a JSON
 * body, no To or no sender) with Twilio's error JSON, records what it accepted, and answers with
 * the planned failures when told to.
 */
export class TwilioFake {
  readonly requests: TwilioFakeRequest[] = []
  private planned: TwilioFakeAnswer[] = []
  private hanging: ServerResponse[] = []
  private server: Server | null = null
  private sequence = 0

  constructor(
    private readonly accountSid: string,
    private readonly authToken: string
  ) {}

  /** Starts listening on a free local port; returns the base URL. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res))
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve))
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  async stop() {
    for (const res of this.hanging) res.destroy()
    this.server?.closeAllConnections()
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  /** The next requests get these answers, in order. */
  plan(...answers: TwilioFakeAnswer[]) {
    this.planned.push(...answers)
  }

  reset() {
    this.requests.length = 0
    this.planned = []
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString("utf8")

    const match = req.method === "POST" ? MESSAGES_PATH.exec(req.url ?? "") : null
    if (!match) return this.error(res, 404, 20404, "The requested resource was not found")

    const [scheme, encoded] = (req.headers.authorization ?? "").split(" ")
    const [username, password] = Buffer.from(encoded ?? "", "base64").toString("utf8").split(":")
    if (scheme !== "Basic" || username !== this.accountSid || password !== this.authToken || match[1] !== this.accountSid) {
      return this.error(res, 401, 20003, "Authenticate")
    }
    if (!req.headers["content-type"]?.startsWith("application/x-www-form-urlencoded")) {
      return this.error(res, 400, 21609, "Expected a form-encoded body")
    }
    const form = Object.fromEntries(new URLSearchParams(raw))
    if (!form.To) return this.error(res, 400, 21604, "A 'To' phone number is required.")
    if (!form.From && !form.MessagingServiceSid) {
      return this.error(res, 400, 21603, "A 'From' phone number is required.")
    }
    this.requests.push({ account_sid: match[1], username, password, form, headers: req.headers })

    const answer = this.planned.shift()
    if (answer?.kind === "hang") return void this.hanging.push(res)
    if (answer?.kind === "error") return this.error(res, answer.status, answer.code, answer.message)
    if (answer?.kind === "server_error") {
      res.writeHead(answer.status, { "content-type": "text/html" })
      return void res.end("<html><body>Service Unavailable</body></html>")
    }
    if (answer?.kind === "rate_limited") {
      res.setHeader("retry-after", answer.retry_after)
      return this.error(res, 429, 20429, "Too Many Requests")
    }
    const sid = `SM${String(++this.sequence).padStart(32, "0")}`
    res.writeHead(201, { "content-type": "application/json" })
    res.end(
      JSON.stringify({
        sid,
        account_sid: this.accountSid,
        to: form.To,
        from: form.From ?? null,
        messaging_service_sid: form.MessagingServiceSid ?? null,
        body: form.Body,
        status: form.MessagingServiceSid ? "accepted" : "queued",
        num_segments: "1",
        direction: "outbound-api",
        api_version: "2010-04-01",
        date_created: new Date().toUTCString(),
        uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${sid}.json`,
      })
    )
  }

  private error(res: ServerResponse, status: number, code: number, message: string) {
    res.writeHead(status, { "content-type": "application/json" })
    res.end(JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }))
  }
}
