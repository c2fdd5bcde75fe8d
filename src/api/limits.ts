import { z } from "@medusajs/framework/zod"
import { findTooDeep, formatPath, MAX_NESTING_DEPTH } from "../engine"

const MB = 1024 * 1024

/** Email HTML (inlined CSS, compiled MJML) often exceeds the default 100 KB JSON body limit. */
export const TEMPLATE_BODY_LIMIT = 2 * MB

/**
 * An import document carries its templates: room for a dozen of the largest the template routes
 * accept. Export refuses a document over it, so whatever export produces imports.
 */
export const DOCUMENT_BODY_LIMIT = 25 * MB

/**
 * `schema`, behind a check that no field of the body nests deeper than the engine accepts —
 * before zod walks it and before any workflow (whose input resolution is recursive) sees it.
 */
export function nestingLimited<T extends z.ZodType>(schema: T) {
  return z
    .unknown()
    .superRefine((body, ctx) => {
      if (typeof body !== "object" || body === null) return
      for (const [field, value] of Object.entries(body)) {
        const tooDeep = findTooDeep(value)
        if (!tooDeep) continue
        const path = [field, ...tooDeep]
        ctx.addIssue({ code: "custom", path, message: `${formatPath(path)} is nested more than ${MAX_NESTING_DEPTH} levels deep` })
        return
      }
    })
    .pipe(schema)
}
