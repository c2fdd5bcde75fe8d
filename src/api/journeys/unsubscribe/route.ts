import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { escapeHtml } from "../../../engine"
import { resolveJourneyModule } from "../../../modules/journey"
import { verifyToken } from "../../../modules/journey/tokens"
import { setConsentWorkflow } from "../../../workflows"

/**
 * One-click unsubscribe (RFC 8058), outside /store and /admin: no login, no cookie — the signed
 * token in the link names the address and only works for it. GET shows a confirmation page (mail
 * scanners follow links, so a GET never unsubscribes); POST, from that page or from the mail
 * client's own button (`List-Unsubscribe-Post`), unsubscribes from marketing email.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const address = recipient(req)
  if (!address) return page(res, 401, "This unsubscribe link is not valid", "<p>Use the link from your most recent email.</p>")
  const action = `?token=${encodeURIComponent(String(req.query.token))}`
  page(
    res,
    200,
    "Unsubscribe",
    `<p>Stop marketing emails to <strong>${escapeHtml(address)}</strong>?</p>
     <form method="post" action="${escapeHtml(action)}"><button type="submit">Unsubscribe</button></form>`
  )
}

export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const address = recipient(req)
  if (!address) return page(res, 401, "This unsubscribe link is not valid", "<p>Use the link from your most recent email.</p>")
  await setConsentWorkflow(req.scope).run({
    input: { entries: [{ channel: "email", address, status: "unsubscribed", source: "unsubscribe_link" }] },
  })
  page(res, 200, "You are unsubscribed", `<p>${escapeHtml(address)} will not receive marketing emails any more.</p>`)
}

function recipient(req: MedusaRequest) {
  const { secret } = resolveJourneyModule(req.scope).getOptions()
  const claims = secret ? verifyToken(secret, "unsubscribe", req.query.token) : null
  return claims?.c === "email" && claims.a ? claims.a : null
}


function page(res: MedusaResponse, status: number, title: string, body: string) {
  res
    .status(status)
    .set({ "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "x-robots-tag": "noindex" })
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem">
<h1 style="font-size:1.4rem">${escapeHtml(title)}</h1>${body}</body></html>`
    )
}
