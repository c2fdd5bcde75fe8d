import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { checkSegmentRule, nextTimeOfDay, type JourneyDefinition, type SegmentRule } from "../../engine"
import { resolveJourneyModule, type ClaimedSegmentRead, type JourneyModuleService } from "../../modules/journey"
import { leaseEnd } from "../retry-policy"
import { enterSegmentMembers } from "./segments"
import { liveVersions } from "./steps"

/** Wall-clock time one run spends on reads at most, so a job run never holds its worker for long. */
const READ_BUDGET_MS = 40_000

/**
 * A read's batches are this many times the jobs' `batch_size`: a batch's entries are one statement
 * and one commit, and at 500 members those fixed costs were a fifth of a read's CPU (bench
 * `segments`: 2,000 a batch read 40,000 members with 18% less CPU and a third less time; 5,000 no
 * better, with a larger heap).
 */
export const READ_BATCH_FACTOR = 4

export type SegmentReadsInput = {
  /** ISO time of the run (the engine clock): entries are made and leases measured at it. */
  now: string
  /** Members per batch (default: READ_BATCH_FACTOR × the `batch_size` option). */
  batch_size?: number
  /** At most this many batches in this run (default: as many as fit in the time budget). */
  max_batches?: number
}

type Budget = { batches: number; until: number }

/**
 * Works through the due segment reads (see the journey_segment_read model), one claimed at a time,
 * batch after batch of members by customer id from its cursor, each batch entered as the segment
 * hook enters joiners — into the read's version only — and recorded with a renewed lease; a
 * repeating trigger's next read is scheduled with the last batch. A paused journey's read waits
 * for the resume; one whose version no longer takes entries (a newer version, a stopped journey)
 * is cancelled. When the run's
 * budget is spent the read's lease ends at once: the next run goes on.
 */
export const readSegmentsStep = createStep(
  "journeys-read-segments",
  async (input: SegmentReadsInput, { container }) => {
    const service = resolveJourneyModule(container)
    const now = new Date(input.now)
    const size = input.batch_size ?? Math.min(READ_BATCH_FACTOR * service.getOptions().batch_size, 10_000)
    const budget: Budget = { batches: input.max_batches ?? Infinity, until: Date.now() + READ_BUDGET_MS }
    const outcome = { reads: [] as string[], entered: 0 }
    while (budget.batches > 0 && Date.now() < budget.until) {
      const read = await service.claimSegmentRead(now, leaseEnd(now, service.getOptions().claim_lease_seconds))
      if (!read) break
      outcome.reads.push(read.id)
      try {
        outcome.entered += await readSegment(container, service, read, { size, now, budget })
      } catch (error) {
        // Left running with its lease over: the next run resumes from the last batch recorded.
        await service.updateJourneySegmentReads({ id: read.id, lease_until: now, error: (error as Error).message })
        throw error
      }
    }
    return new StepResponse(outcome)
  }
)

/** Reads one claimed segment read until it ends or the budget is spent; returns how many entered. */
async function readSegment(
  container: { resolve: <T>(key: string) => T },
  service: JourneyModuleService,
  read: ClaimedSegmentRead,
  { size, now, budget }: { size: number; now: Date; budget: Budget }
) {
  const end = (status: "failed" | "cancelled", error: string | null = null) =>
    service.updateJourneySegmentReads({ id: read.id, status, error, finished_at: now, lease_until: null })
  const [segment] = await service.listJourneySegments({ id: read.segment_id })
  const problems = segment ? checkSegmentRule(segment.rule) : []
  if (!segment || problems.length) {
    await end("failed", segment ? `The segment's rule is not valid: ${problems[0].message}` : `Segment ${read.segment_id} was not found`)
    return 0
  }
  const rule = segment.rule as SegmentRule
  // Every batch reads the rule at the read's start, so relative periods do not drift between batches.
  if (read.total === null) {
    await service.updateJourneySegmentReads({ id: read.id, total: await service.countSegmentMembers(rule, read.started_at) })
  }
  let cursor = read.cursor
  let entered = 0
  for (;;) {
    if (budget.batches <= 0 || Date.now() >= budget.until) {
      await service.updateJourneySegmentReads({ id: read.id, lease_until: now })
      return entered
    }
    const live = (await liveVersions(service)).find(({ version }) => version.id === read.version_id)
    if (!live) {
      // Paused, the read waits for the resume (its lease ends now); retired, it is over.
      const [journey] = await service.listJourneys({ id: read.journey_id }, { select: ["status"] })
      if (journey?.status === "paused") await service.updateJourneySegmentReads({ id: read.id, lease_until: now })
      else await end("cancelled")
      return entered
    }
    budget.batches--
    const members = await service.listSegmentMembersAfter(rule, cursor, size, read.started_at)
    const batch = await enterSegmentMembers(
      container,
      [live],
      { segment_id: read.segment_id, members: members.map(({ id }) => ({ customer_id: id })) },
      now
    )
    const done = members.length < size
    const to = members.length ? members[members.length - 1].id : cursor
    const recorded = await service.recordSegmentReadBatch(read.id, {
      from: cursor,
      to,
      entered: batch.entered.length,
      skipped: members.length - batch.entered.length,
      done,
      next: done ? nextReadAt(live.definition, now) : null,
      now,
      leaseUntil: leaseEnd(now, service.getOptions().claim_lease_seconds),
    })
    if (!recorded) return entered // another worker took the read over, or it ended meanwhile
    entered += batch.entered.length
    cursor = to
    if (done) return entered
  }
}

/**
 * When the next read of a version is due after one done at `now`: the trigger's next `repeat` time
 * in the journey's zone; null when it does not repeat, or when the journey ends first (who joins
 * after the end date could not enter).
 */
function nextReadAt({ trigger, settings }: JourneyDefinition, now: Date): Date | null {
  if (trigger.type !== "segment" || !trigger.repeat) return null
  const next = nextTimeOfDay(now, trigger.repeat, settings.timezone)
  return settings.end_at && next >= new Date(settings.end_at) ? null : next
}
