import { z } from "@medusajs/framework/zod"
import { CHANNELS } from "../../engine"

/**
 * The self-contained journey document of export / import and of the gallery: the definition,
 * whose send nodes name their templates by handle (ids differ between stores), and those
 * templates. Importing it into any store recreates the journey as a draft.
 */
export const JOURNEY_DOCUMENT_FORMAT = "medusa-plugin-journeys/journey"

const template = z.strictObject({
  handle: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: "template handle must be a lowercase slug like cart-reminder-1" }),
  name: z.string().min(1),
  channel: z.enum(CHANNELS),
  status: z.enum(["draft", "published"]).default("draft"),
  subject: z.string().nullable().optional(),
  html: z.string().nullable().optional(),
  text: z.string().nullable().optional(),
  title: z.string().nullable().optional(),
  body: z.string().nullable().optional(),
  data: z.record(z.string(), z.unknown()).nullable().optional(),
})

export const journeyDocumentSchema = z.strictObject({
  format: z.literal(JOURNEY_DOCUMENT_FORMAT),
  version: z.literal(1),
  journey: z.strictObject({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).nullable().optional(),
  }),
  definition: z.record(z.string(), z.unknown()),
  templates: z.array(template).default([]),
})

export type JourneyDocument = z.infer<typeof journeyDocumentSchema>
export type DocumentTemplate = JourneyDocument["templates"][number]

/** A copy of the definition with every send node's template reference passed through `map`. */
export function mapTemplateRefs(definition: Record<string, unknown>, map: (ref: string) => string) {
  const nodes = definition.nodes
  if (!Array.isArray(nodes)) return definition
  return {
    ...definition,
    nodes: nodes.map((node) =>
      node && typeof node === "object" && typeof (node as { template_id?: unknown }).template_id === "string"
        ? { ...node, template_id: map((node as { template_id: string }).template_id) }
        : node
    ),
  }
}

/** The template references of a definition's send nodes, in order, without repeats. */
export function templateRefs(definition: Record<string, unknown>): string[] {
  const refs = new Set<string>()
  mapTemplateRefs(definition, (ref) => {
    refs.add(ref)
    return ref
  })
  return [...refs]
}
