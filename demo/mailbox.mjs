// The demo's mailbox: a local stand-in for Resend, so that the demo's email goes through the
// plugin's own Resend provider and comes back through its own signed webhook, with no account.
//
// - `POST /emails` answers as Resend's API does (an id per email; the same Idempotency-Key
//   answers the first id again), and keeps each email as a JSON file in the demo's data folder.
// - A few seconds later it reports `email.delivered` to the store's `/hooks/journeys/resend`,
//   Svix-signed with the demo's signing secret, as Resend does; `report()` sends `email.opened`
//   and `email.clicked` the same way for the shopper simulator.
// - `GET /` lists the emails received, `GET /emails/<id>` shows one as the recipient would see it.
import fs from "node:fs"
import http from "node:http"
import path from "node:path"
import { randomUUID } from "node:crypto"
import { Webhook } from "svix"

const escape = (value) =>
  String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c])

/** Resend's error body. */
const failure = (status, name, message) => ({ status, body: { statusCode: status, name, message } })

/**
 * Starts the mailbox on `port` (a free one by default), keeping emails in `dir`. `store` is the
 * store's base URL, `secret` the Resend signing secret (whsec_…) the store verifies with.
 */
export async function startMailbox({ dir, store, secret, port = 0, log = () => {} }) {
  fs.mkdirSync(dir, { recursive: true })
  /** Newest last; loaded from earlier runs so that their emails can still be opened. */
  const emails = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")))
    .sort((a, b) => a.created_at.localeCompare(b.created_at))
  const byKey = new Map(emails.filter((email) => email.idempotency_key).map((email) => [email.idempotency_key, email]))
  const save = (email) => fs.writeFileSync(path.join(dir, `${email.id}.json`), JSON.stringify(email, null, 2))
  const timers = new Set()
  let closed = false
  const later = (ms, run) => {
    if (closed) return
    const timer = setTimeout(() => {
      timers.delete(timer)
      run()
    }, ms)
    timers.add(timer)
  }

  /** Sends a Resend event about `email` to the store; resolves with whether the store knew the email. */
  async function report(email, type) {
    const at = new Date()
    const body = JSON.stringify({
      type: `email.${type}`,
      created_at: at.toISOString(),
      data: { email_id: email.id, created_at: email.created_at, from: email.from, to: email.to, subject: email.subject },
    })
    const id = `msg_${randomUUID().replace(/-/g, "")}`
    const response = await fetch(`${store}/hooks/journeys/resend`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "svix-id": id,
        "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
        "svix-signature": new Webhook(secret).sign(id, at, body),
      },
      body,
    })
    const answer = await response.json().catch(() => ({}))
    if (!response.ok) throw new Error(`the store answered the ${type} webhook with ${response.status}: ${answer.message ?? ""}`)
    if (answer.recorded) {
      email.events = [...(email.events ?? []), { type, at: at.toISOString() }]
      save(email)
    }
    return !!answer.recorded
  }

  /**
   * Delivered, as Resend would say a few seconds after accepting the email. The store records the
   * email's id once the send returns: until then it does not know it, so try again a few times.
   */
  function deliver(email, attempt = 1) {
    later(attempt === 1 ? 3_000 : 5_000, async () => {
      const known = await report(email, "delivered").catch(() => false)
      if (!known && attempt < 6) deliver(email, attempt + 1)
    })
  }

  function accept(request, raw) {
    if (!/^Bearer \S+$/.test(request.headers.authorization ?? "")) {
      return failure(401, "missing_api_key", "Missing API key in the authorization header.")
    }
    let body
    try {
      body = JSON.parse(raw)
    } catch {
      return failure(422, "validation_error", "Invalid JSON body.")
    }
    for (const field of ["from", "to", "subject"]) {
      if (!body?.[field]) return failure(422, "missing_required_field", `Missing \`${field}\` field.`)
    }
    const key = request.headers["idempotency-key"]
    const earlier = key && byKey.get(key)
    if (earlier) return { status: 200, body: { id: earlier.id } }
    const email = {
      id: randomUUID(),
      created_at: new Date().toISOString(),
      idempotency_key: key ?? null,
      from: body.from,
      to: [body.to].flat(),
      subject: body.subject,
      html: body.html ?? null,
      text: body.text ?? null,
      headers: body.headers ?? {},
      events: [],
    }
    emails.push(email)
    if (key) byKey.set(key, email)
    save(email)
    log(`${email.to.join(", ")} ← "${email.subject}"  ${url}/emails/${email.id}`)
    deliver(email)
    return { status: 200, body: { id: email.id } }
  }

  const page = (title, body) =>
    `<!doctype html><meta charset="utf-8"><title>${escape(title)}</title>` +
    `<style>body{font:14px system-ui,sans-serif;margin:24px;color:#111}td,th{padding:4px 10px;text-align:left;border-bottom:1px solid #eee}` +
    `th{color:#666;font-weight:500}a{color:#2563eb}iframe{width:100%;height:70vh;border:1px solid #ddd}</style>${body}`

  function inbox() {
    const rows = emails
      .slice(-200)
      .reverse()
      .map(
        (email) =>
          `<tr><td>${escape(email.created_at.replace("T", " ").slice(0, 19))}</td><td>${escape(email.to.join(", "))}</td>` +
          `<td><a href="/emails/${email.id}">${escape(email.subject)}</a></td>` +
          `<td>${escape((email.events ?? []).map((event) => event.type).join(", "))}</td></tr>`
      )
      .join("")
    return page(
      "Demo mailbox",
      `<h1>Demo mailbox</h1><p>What the store's email provider received (${emails.length}, newest first, 200 shown). ` +
        `Files: ${escape(dir)}</p><table><tr><th>Received (UTC)</th><th>To</th><th>Subject</th><th>Reported to the store</th></tr>${rows}</table>`
    )
  }

  function show(email) {
    const headers = Object.entries(email.headers ?? {})
      .map(([name, value]) => `<tr><th>${escape(name)}</th><td>${escape(value)}</td></tr>`)
      .join("")
    return page(
      email.subject,
      `<p><a href="/">← Demo mailbox</a></p><table><tr><th>From</th><td>${escape(email.from)}</td></tr>` +
        `<tr><th>To</th><td>${escape(email.to.join(", "))}</td></tr><tr><th>Subject</th><td>${escape(email.subject)}</td></tr>${headers}</table>` +
        // The store's HTML in a sandbox: shown as sent, but its scripts (there should be none) cannot run.
        (email.html ? `<iframe sandbox srcdoc="${escape(email.html)}"></iframe>` : `<pre>${escape(email.text)}</pre>`)
    )
  }

  const server = http.createServer((request, response) => {
    const chunks = []
    request.on("data", (chunk) => chunks.push(chunk))
    request.on("end", () => {
      const send = (status, body, type = "application/json") => {
        response.writeHead(status, { "content-type": type })
        response.end(type === "application/json" ? JSON.stringify(body) : body)
      }
      const { pathname } = new URL(request.url, "http://mailbox")
      if (request.method === "POST" && pathname === "/emails") {
        const { status, body } = accept(request, Buffer.concat(chunks).toString("utf8"))
        return send(status, body)
      }
      if (request.method === "GET" && pathname === "/") return send(200, inbox(), "text/html; charset=utf-8")
      const shown = request.method === "GET" && /^\/emails\/([\w-]+)$/.exec(pathname)
      const email = shown && emails.find((found) => found.id === shown[1])
      if (email) return send(200, show(email), "text/html; charset=utf-8")
      send(404, failure(404, "not_found", "The requested endpoint does not exist.").body)
    })
  })
  await new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, "127.0.0.1", resolve)
  })
  const url = `http://localhost:${server.address().port}`

  return {
    url,
    /** Emails the shoppers have not opened yet (delivered ones first: the store knows them). */
    unopened: () => emails.filter((email) => !(email.events ?? []).some((event) => event.type === "opened")),
    report,
    close() {
      closed = true
      timers.forEach(clearTimeout)
      server.closeAllConnections?.()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
