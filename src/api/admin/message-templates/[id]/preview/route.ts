import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { ENRICHMENTS, renderTemplate, TemplateRenderError } from "../../../../../engine"
import { loadEnrichments, loadMessageContext, loadStoreVariables } from "../../../../../workflows/message-context"
import { retrieveMessageTemplate } from "../../helpers"
import type { PreviewMessageTemplateBody } from "../../validators"

/**
 * Renders the template with real store data (a read: nothing is sent or saved), with every
 * enrichment a send node may ask for loaded for the customer (a template does not know its node).
 * Unknown ids are 404; a template that fails to render (a limit reached) is 400 naming the field.
 */
export async function POST(req: AuthenticatedMedusaRequest<PreviewMessageTemplateBody>, res: MedusaResponse) {
  const { data, ...ids } = req.validatedBody
  const template = await retrieveMessageTemplate(req.scope, req.params.id)
  const [store, records] = await Promise.all([loadStoreVariables(req.scope), loadMessageContext(req.scope, ids)])
  const customerId = (records.customer as { id?: string } | undefined)?.id ?? null
  const enrichments = await loadEnrichments(req.scope, store, [{ customer_id: customerId, enrich: [...ENRICHMENTS] }])
  const context = { ...store, ...data, ...records, ...(customerId && enrichments.get(customerId)) }
  try {
    res.json({ preview: renderTemplate(template, context), context })
  } catch (error) {
    if (error instanceof TemplateRenderError) throw new MedusaError(MedusaError.Types.INVALID_DATA, error.message)
    throw error
  }
}
