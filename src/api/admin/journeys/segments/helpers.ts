import type { MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import type { SegmentRule } from "../../../../engine"
import { notFound } from "../../../../workflows/errors"
import { journeyService, runOrConflict } from "../helpers"

type Scope = { resolve: <T>(key: string) => T }

/** What the routes answer of a segment. */
export const SEGMENT_COLUMNS = ["id", "name", "description", "rule", "created_at", "updated_at"]

/** One segment, or 404. */
export async function retrieveSegment(scope: Scope, id: string) {
  const [segment] = await journeyService(scope).listJourneySegments({ id }, { select: SEGMENT_COLUMNS })
  if (!segment) throw notFound("Segment", id)
  return segment as typeof segment & { rule: SegmentRule }
}

/**
 * runOrConflict, and 400 `{ type: "invalid_data", message, errors: [{ path, message }] }` for input
 * a workflow refused with its located problems (workflows/errors `invalidInput`).
 */
export async function runOrRefuse<T>(res: MedusaResponse, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await runOrConflict(res, run)
  } catch (error) {
    const e = error as { type?: string; message?: string; journey_errors?: unknown }
    if (e?.type !== MedusaError.Types.INVALID_DATA || !Array.isArray(e.journey_errors)) throw error
    res.status(400).json({ type: "invalid_data", message: e.message, errors: e.journey_errors })
    return undefined
  }
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break. A cell a
 * spreadsheet would read as a formula (= + - @, tab, carriage return first) starts with ' instead.
 */
export function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value)
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/**
 * `attachment; filename="<name>.csv"`; a name with characters a quoted header value cannot hold
 * (quotes, backslashes, controls, non-ASCII) gets them replaced there, and its exact form in
 * `filename*` (RFC 6266).
 */
export function attachmentHeader(name: string): string {
  const file = `${name}.csv`
  const plain = file.replace(/[^\x20-\x7e]|["\\]/g, "_")
  return plain === file
    ? `attachment; filename="${file}"`
    : `attachment; filename="${plain}"; filename*=UTF-8''${encodeURIComponent(file)}`
}
