import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { templateRefs } from "../../../../workflows/journeys/document"
import { GALLERY } from "../../../../workflows/journeys/gallery"

/** The ready-made journeys, with what they send and their definition (the admin draws their shape). */
export async function GET(_req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json({
    journeys: GALLERY.map(({ key, description, document }) => ({
      key,
      name: document.journey.name,
      description,
      trigger: document.definition.trigger,
      nodes: (document.definition.nodes as unknown[]).length,
      templates: templateRefs(document.definition),
      definition: document.definition,
    })),
  })
}
