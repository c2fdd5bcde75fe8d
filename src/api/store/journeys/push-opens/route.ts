import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { resolveJourneyModule } from "../../../../modules/journey"
import { verifyToken } from "../../../../modules/journey/tokens"
import { recordMessageReportWorkflow } from "../../../../workflows"
import type { StorePushOpenBody } from "../validators"

/**
 * POST /store/journeys/push-opens — the app reports a tapped notification with the `open_token`
 * of its data. The token names the message and is signed with the plugin's secret, so it is the
 * only authority needed (the shopper may be signed out); a repeated report counts once.
 */
export async function POST(req: MedusaRequest<StorePushOpenBody>, res: MedusaResponse) {
  const { secret } = resolveJourneyModule(req.scope).getOptions()
  const claims = secret ? verifyToken(secret, "push_open", req.validatedBody.token) : null
  if (!claims?.m) throw new MedusaError(MedusaError.Types.UNAUTHORIZED, "The push-open token is not valid")
  const { result } = await recordMessageReportWorkflow(req.scope).run({
    input: { message_id: claims.m, type: "opened", at: new Date().toISOString() },
  })
  if (!result.known) throw new MedusaError(MedusaError.Types.NOT_FOUND, "The message no longer exists")
  res.json({ recorded: true })
}
