import type { MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { validateDefinition } from "../../../engine"
import { resolveJourneyModule, type JourneyEnrollmentCounts } from "../../../modules/journey"
import { notFound } from "../../../workflows/errors"
import { storeChecks } from "../../../workflows/definition-checks"

type Version = {
  id: string
  number: number
  status: string
  definition?: unknown
  published_at?: Date | string | null
  ended_at?: Date | string | null
  created_at?: Date | string
  updated_at?: Date | string
}
type JourneyRecord = {
  id: string
  name: string
  description: string | null
  status: string
  created_at: Date | string
  updated_at: Date | string
  versions?: Version[]
}

const versionSummary = ({ definition: _definition, ...version }: Version) => version

/** The journey as the admin shows it: its live and draft versions and its live counts. */
export function journeyView(journey: JourneyRecord, counts?: JourneyEnrollmentCounts) {
  const versions = journey.versions ?? []
  const find = (status: string) => versions.find((version) => version.status === status)
  const published = find("published")
  const draft = find("draft")
  return {
    id: journey.id,
    name: journey.name,
    description: journey.description,
    status: journey.status,
    created_at: journey.created_at,
    updated_at: journey.updated_at,
    published_version: published ? versionSummary(published) : null,
    draft_version: draft ? versionSummary(draft) : null,
    counts: counts ?? { entered: 0, in_progress: 0, completed: 0, exited: 0, converted: 0 },
  }
}

export const journeyService = resolveJourneyModule

/** 404 unless the journey exists: a lighter check than retrieveJourney, which also counts and validates. */
export async function assertJourneyExists(scope: { resolve: <T>(key: string) => T }, id: string) {
  const [journey] = await journeyService(scope).listJourneys({ id }, { select: ["id"] })
  if (!journey) throw notFound("Journey", id)
}

/** One journey with its versions' definitions, or 404. */
export async function retrieveJourney(scope: { resolve: <T>(key: string) => T }, id: string) {
  const service = journeyService(scope)
  const [journey] = await service.listJourneys({ id }, { relations: ["versions"] })
  if (!journey) throw notFound("Journey", id)
  const counts = await service.countEnrollmentsByJourney([id])
  const draft = journey.versions.find((version) => version.status === "draft")
  const published = journey.versions.find((version) => version.status === "published")
  return {
    ...journeyView(journey, counts[id]),
    draft: draft
      ? {
          ...versionSummary(draft),
          definition: draft.definition,
          validation: await validateWithStore(scope, draft.definition),
        }
      : null,
    published: published ? { ...versionSummary(published), definition: published.definition } : null,
  }
}

export async function validateWithStore(scope: { resolve: <T>(key: string) => T }, definition: unknown) {
  const { valid, errors } = validateDefinition(definition, await storeChecks(journeyService(scope)))
  return { valid, errors }
}

/** Raised by the journey_version_guard trigger (see the module's migrations). */
const IMMUTABLE_VERSION = /its definition cannot change|cannot become a draft again/

/**
 * Runs a workflow and answers 409 for a state conflict: a journey conflict (see
 * workflows/errors) with its message and, for validation, the validator's errors; a unique
 * constraint lost to a concurrent request; a published definition the database refused to
 * change. Medusa's own handler would hide the details or answer 422/500.
 */
export async function runOrConflict<T>(res: MedusaResponse, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run()
  } catch (error) {
    const e = error as { type?: string; message?: string; journey_errors?: unknown[] }
    const immutable = IMMUTABLE_VERSION.exec(e?.message ?? "")
    if (e?.type === MedusaError.Types.CONFLICT || e?.type === MedusaError.Types.DUPLICATE_ERROR || immutable) {
      res.status(409).json({
        type: "conflict",
        message: immutable ? "A published version cannot change; save a draft and publish it as a new version" : e.message,
        errors: e.journey_errors ?? [],
      })
      return undefined
    }
    throw error
  }
}

type SegmentRead = {
  id: string
  version_id: string
  segment_id: string
  status: string
  total: number | null
  entered: number
  skipped: number
  due_at: Date | string
  started_at: Date | string | null
  finished_at: Date | string | null
  error: string | null
}

/**
 * A segment read's progress at `now`: members entered per second since it started (until it
 * finished), and the seconds left for the members not handled yet at the pace members were
 * handled (entered or skipped) so far — null where there is no pace to go by, 0 once done. A
 * queued read not due yet is "scheduled" (a start date ahead, or a repeating trigger's next read).
 */
export function segmentReadView(read: SegmentRead, now: Date) {
  const { id, version_id, segment_id, total, entered, skipped, due_at, started_at, finished_at, error } = read
  const status = read.status === "queued" && new Date(due_at) > now ? "scheduled" : read.status
  const elapsed = started_at ? ((finished_at ? new Date(finished_at) : now).getTime() - new Date(started_at).getTime()) / 1000 : 0
  const handled = entered + skipped
  const rate_per_second = elapsed > 0 ? Math.round((entered / elapsed) * 100) / 100 : null
  const pending = status === "queued" || status === "running"
  const eta_seconds =
    status === "done"
      ? 0
      : pending && total !== null && elapsed > 0 && handled > 0
        ? Math.ceil(Math.max(0, total - handled) / (handled / elapsed))
        : null
  return { id, version_id, segment_id, status, total, entered, skipped, due_at, started_at, finished_at, error, rate_per_second, eta_seconds }
}
