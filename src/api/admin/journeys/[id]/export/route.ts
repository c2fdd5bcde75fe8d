import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import {
  JOURNEY_DOCUMENT_FORMAT,
  mapTemplateRefs,
  templateRefs,
  type JourneyDocument,
} from "../../../../../workflows/journeys/document"
import { notFound } from "../../../../../workflows/errors"
import { DOCUMENT_BODY_LIMIT } from "../../../../limits"
import { journeyService } from "../../helpers"
import type { ExportJourneyQuery } from "../../validators"

/**
 * The journey as a self-contained document (definition + the templates it sends), for another
 * store's import. Exports the given version, else the published one, else the draft.
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, ExportJourneyQuery>, res: MedusaResponse) {
  const service = journeyService(req.scope)
  const [journey] = await service.listJourneys({ id: req.params.id }, { relations: ["versions"] })
  if (!journey) throw notFound("Journey", req.params.id)
  const { version_id } = req.validatedQuery as ExportJourneyQuery
  const byStatus = (status: string) => journey.versions.find((version) => version.status === status)
  const version = version_id
    ? journey.versions.find((candidate) => candidate.id === version_id)
    : byStatus("published") ?? byStatus("draft") ?? [...journey.versions].sort((a, b) => b.number - a.number)[0]
  if (!version) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, version_id ? `Version "${version_id}" was not found` : "This journey has no version to export")
  }

  const definition = version.definition as Record<string, unknown>
  const refs = templateRefs(definition)
  const templates = refs.length ? await service.listMessageTemplates({ id: refs }) : []
  const handles = new Map(templates.map((template) => [template.id, template.handle]))
  const document: JourneyDocument = {
    format: JOURNEY_DOCUMENT_FORMAT,
    version: 1,
    journey: { name: journey.name, description: journey.description },
    definition: mapTemplateRefs(definition, (id) => handles.get(id) ?? id),
    templates: templates
      .sort((a, b) => a.handle.localeCompare(b.handle))
      .map(({ handle, name, channel, status, subject, html, text, title, body, data }) => ({
        handle, name, channel, status, subject, html, text, title, body,
        data: data as Record<string, unknown> | null,
      })),
  }
  const json = JSON.stringify(document)
  const bytes = Buffer.byteLength(json)
  if (bytes > DOCUMENT_BODY_LIMIT) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `This journey's document would be ${megabytes(bytes)}, over the ${megabytes(DOCUMENT_BODY_LIMIT)} that import accepts: make its templates smaller (host images instead of inlining them)`
    )
  }
  res.setHeader("Content-Disposition", `attachment; filename="journey-${journey.id}.json"`)
  res.type("application/json").send(json)
}

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`
