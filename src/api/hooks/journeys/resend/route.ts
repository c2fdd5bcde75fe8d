import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { resolveJourneyModule } from "../../../../modules/journey"
import { recordMessageReportWorkflow, type MessageReportInput } from "../../../../workflows"

// svix is ESM-only and this plugin CommonJS: import() loads it (tsc keeps it as is under Node16).
const importSvix = () => import("svix")
let svix: ReturnType<typeof importSvix> | undefined
const loadSvix = () => (svix ??= importSvix())

const isoTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)), { message: "must be an ISO 8601 time" })

const ResendEvent = z.object({
  type: z.string(),
  created_at: isoTime,
  data: z.record(z.string(), z.unknown()),
})

const EmailEventData = z.object({
  email_id: z.string().min(1),
  bounce: z.object({ type: z.string().optional(), subType: z.string().optional(), message: z.string().optional() }).optional(),
  failed: z.object({ reason: z.string().optional() }).optional(),
})

const REPORTS: Record<string, MessageReportInput["type"]> = {
  "email.delivered": "delivered",
  "email.opened": "opened",
  "email.clicked": "clicked",
  "email.bounced": "bounced",
  "email.complained": "complained",
  "email.failed": "failed",
}

const parseJson = (raw: Buffer): unknown => {
  try {
    return JSON.parse(raw.toString("utf8"))
  } catch {
    return undefined
  }
}

const fail = (res: MedusaResponse, status: number, type: string, message: string) => res.status(status).json({ type, message })

/**
 * POST /hooks/journeys/resend — Resend's webhook (Svix-signed with the journey module's
 * `webhooks.resend_signing_secret`). Delivered, opened, clicked, bounced, complained and failed
 * are recorded on the message whose provider id is `data.email_id`; other events are acknowledged
 * and ignored. Any 2xx stops Resend's retries, so an email this store does not know answers 200.
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const logger = req.scope.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const secret = resolveJourneyModule(req.scope).getOptions().webhooks.resend_signing_secret
  // 503 rather than 401: Resend retries either, and the operator reads what is missing.
  if (!secret) {
    return fail(res, 503, "not_configured", "Resend webhooks are not configured: set the journey option webhooks.resend_signing_secret")
  }
  const raw = (req as MedusaRequest & { rawBody?: Buffer }).rawBody
  if (!raw) return fail(res, 400, "invalid_data", "Expected a JSON body (content-type: application/json)")

  const { Webhook } = await loadSvix()
  let webhook: InstanceType<typeof Webhook>
  try {
    webhook = new Webhook(secret)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return fail(res, 503, "not_configured", `webhooks.resend_signing_secret is not a Svix signing secret (whsec_…): ${reason}`)
  }
  const header = (name: string) => req.get(name) ?? ""
  try {
    webhook.verify(raw, {
      "svix-id": header("svix-id"),
      "svix-timestamp": header("svix-timestamp"),
      "svix-signature": header("svix-signature"),
    })
  } catch {
    return fail(res, 401, "unauthorized", "Invalid or missing Svix signature")
  }

  const event = ResendEvent.safeParse(parseJson(raw))
  if (!event.success) return fail(res, 400, "invalid_data", `Malformed Resend event: ${z.prettifyError(event.error)}`)
  const { type, created_at, data } = event.data
  const report = REPORTS[type]
  if (!report) return res.json({ type, recorded: false })

  const email = EmailEventData.safeParse(data)
  if (!email.success) return fail(res, 400, "invalid_data", `Malformed Resend event: ${z.prettifyError(email.error)}`)
  const { email_id, bounce, failed } = email.data
  const bounceType = bounce?.type?.toLowerCase()
  const { result } = await recordMessageReportWorkflow(req.scope).run({
    input: {
      provider_message_id: email_id,
      type: report,
      at: new Date(created_at).toISOString(),
      ...(report === "bounced" && {
        // Only a Permanent bounce suppresses the address: a Transient one (mailbox full…) may
        // pass later, and an Undetermined one is not worth silencing a customer for good.
        permanent: bounceType === undefined || bounceType === "permanent",
        detail: [[bounce?.type, bounce?.subType].filter(Boolean).join("/"), bounce?.message].filter(Boolean).join(": ") || null,
      }),
      ...(report === "failed" && { detail: failed?.reason ?? null }),
    },
  })
  if (!result.known) logger.info(`Resend webhook: ${type} for email ${email_id}, which this store did not send; ignored`)
  res.json({ type, recorded: result.known })
}
