import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { createMessageTemplateWorkflow } from "../../../workflows"
import { journeyService, runOrConflict } from "../journeys/helpers"
import type { CreateMessageTemplateBody, ListMessageTemplatesQuery } from "./validators"

/** `q` matches name or handle, case-insensitively, as typed (LIKE wildcards taken literally). */
const contains = (q: string) => ({ $ilike: `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` })

export async function GET(req: AuthenticatedMedusaRequest<unknown, ListMessageTemplatesQuery>, res: MedusaResponse) {
  const { limit, offset, channel, status, q } = req.validatedQuery as ListMessageTemplatesQuery
  const [message_templates, count] = await journeyService(req.scope).listAndCountMessageTemplates(
    {
      ...(channel ? { channel } : {}),
      ...(status ? { status } : {}),
      ...(q ? { $or: [{ name: contains(q) }, { handle: contains(q) }] } : {}),
    },
    { take: limit, skip: offset, order: { created_at: "DESC" } }
  )
  res.json({ message_templates, count, limit, offset })
}

export async function POST(req: AuthenticatedMedusaRequest<CreateMessageTemplateBody>, res: MedusaResponse) {
  const created = await runOrConflict(res, () =>
    createMessageTemplateWorkflow(req.scope).run({ input: req.validatedBody })
  )
  if (created) res.status(201).json({ message_template: created.result })
}
