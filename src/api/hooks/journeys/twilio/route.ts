import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import twilio from "twilio"
import { resolveJourneyModule } from "../../../../modules/journey"
import { recordMessageReportWorkflow, setConsentWorkflow } from "../../../../workflows/dispatch/workflows"

/** Twilio's standard opt-out and opt-in keywords, matched against the whole trimmed body. */
const OPT_OUT = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"])
const OPT_IN = new Set(["START", "UNSTOP"])

/** An empty TwiML answer: Twilio sends nothing on our behalf beyond its own keyword handling. */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'

type Params = Record<string, string | string[]>

/** The form fields exactly as sent (repeated keys as arrays), which is what Twilio signed. */
function formParams(raw: Buffer | undefined): Params {
  const params: Params = {}
  for (const [key, value] of new URLSearchParams(raw?.toString("utf8") ?? "")) {
    const seen = params[key]
    params[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value]
  }
  return params
}

const field = (params: Params, key: string) => {
  const value = params[key]
  return Array.isArray(value) ? value[0] : value
}

/**
 * POST /hooks/journeys/twilio — Twilio's message status callbacks (the provider's
 * `status_callback_url`) and incoming messages (the number's or messaging service's webhook).
 *
 * The signature covers the URL Twilio called, which behind a proxy is not the one this server sees:
 * it is rebuilt from the plugin's `public_url`. Without `public_url` and
 * `webhooks.twilio_auth_token` nothing can be verified: 503, a server-side misconfiguration, rather
 * than a 401 that would blame the caller.
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER)
  const { public_url, webhooks } = resolveJourneyModule(req.scope).getOptions()
  const authToken = webhooks.twilio_auth_token
  if (!public_url || !authToken) {
    logger.warn("journeys: a Twilio webhook arrived but public_url or webhooks.twilio_auth_token is not set")
    res.status(503).json({ message: "Twilio webhooks are not configured" })
    return
  }
  if (!req.is("application/x-www-form-urlencoded")) {
    res.status(400).json({ message: "expected a form-encoded body" })
    return
  }
  const params = formParams(req.rawBody)
  const url = public_url.replace(/\/+$/, "") + req.originalUrl
  if (!twilio.validateRequest(authToken, req.get("x-twilio-signature") ?? "", url, params)) {
    res.status(401).json({ message: "invalid X-Twilio-Signature" })
    return
  }

  const sid = field(params, "MessageSid")
  const status = field(params, "MessageStatus")
  const from = field(params, "From")
  const body = field(params, "Body")

  if (status !== undefined) {
    if (!sid) {
      res.status(400).json({ message: "a status callback needs MessageSid" })
      return
    }
    const type = status === "delivered" ? "delivered" : status === "undelivered" || status === "failed" ? "failed" : null
    if (type) {
      const code = field(params, "ErrorCode")
      const { result } = await recordMessageReportWorkflow(req.scope).run({
        input: {
          provider_message_id: sid,
          type,
          at: new Date().toISOString(),
          detail: type === "failed" ? `Twilio ${status}${code ? ` (error ${code})` : ""}` : null,
        },
      })
      if (!result.known) logger.info(`journeys: Twilio reported "${status}" for ${sid}, a message this store did not send`)
    }
  } else if (from && body !== undefined) {
    const keyword = body.trim().toUpperCase()
    const consent = OPT_OUT.has(keyword) ? "unsubscribed" : OPT_IN.has(keyword) ? "subscribed" : null
    if (consent) {
      await setConsentWorkflow(req.scope).run({
        input: { entries: [{ channel: "sms", address: from, status: consent, source: "sms_keyword" }] },
      })
    }
  } else {
    res.status(400).json({ message: "neither a status callback (MessageSid, MessageStatus) nor a message (From, Body)" })
    return
  }
  res.status(200).type("text/xml").send(EMPTY_TWIML)
}
