import type { EntityManager } from "@medusajs/framework/mikro-orm/knex"
import type { Context } from "@medusajs/framework/types"
import { generateEntityId, mikroOrmBaseRepositoryFactory } from "@medusajs/framework/utils"
import JourneySegmentRead from "../models/segment-read"
import type { ClaimedSegmentRead, SegmentReadProgress } from "../types"
import { query } from "../utils/query"

/**
 * Claims the read due first — queued and due, or running with its lease over (its worker stopped
 * or ended its turn) — skipping rows another worker is claiming, and leases it. A read waits while
 * its version is still a draft (publishing records the read just before the version goes live) and
 * while its journey is paused (resuming picks it up); a retired version's read is taken at once,
 * for the worker to cancel it. Bindings: lease end, start time, now, now.
 */
const CLAIM_READ = `
  update journey_segment_read r set status = 'running', lease_until = ?, started_at = coalesce(r.started_at, ?),
         updated_at = now()
   where r.id = (
     select s.id from journey_segment_read s join journey_version v on v.id = s.version_id
            join journey j on j.id = s.journey_id
      where s.deleted_at is null and s.status in ('queued', 'running') and v.status <> 'draft'
        and (v.status <> 'published' or (s.due_at <= ? and j.status <> 'paused'))
        and (s.status = 'queued' or s.lease_until is null or s.lease_until <= ?)
      order by s.due_at, s.created_at, s.id limit 1 for update of s skip locked)
  returning r.id, r.journey_id, r.version_id, r.segment_id, r.total, r.cursor, r.started_at`

/**
 * Records a batch: the cursor moves, the counts grow, the lease is renewed, or the read is done
 * (lease ended). Only from the cursor the batch started at, on a read still running: a worker
 * whose read was taken over or cancelled meanwhile writes nothing. Bindings: cursor, entered,
 * skipped, done, done, finish time, lease end, id, previous cursor.
 */
const RECORD_BATCH = `
  update journey_segment_read set cursor = ?, entered = entered + ?, skipped = skipped + ?,
         status = case when ? then 'done' else status end,
         finished_at = case when ? then ?::timestamptz else finished_at end,
         lease_until = ?, updated_at = now()
   where id = ? and status = 'running' and cursor is not distinct from ?
  returning id`

/** The next read of the same version and segment, due at a time. Bindings: new id, due time, the read's id. */
const SCHEDULE_NEXT = `
  insert into journey_segment_read (id, journey_id, version_id, segment_id, due_at)
  select ?, journey_id, version_id, segment_id, ? from journey_segment_read where id = ?`

/** The segment reads of published versions and their progress. */
export class SegmentReadRepository extends mikroOrmBaseRepositoryFactory(JourneySegmentRead) {
  async claim(now: Date, leaseUntil: Date, context: Context): Promise<ClaimedSegmentRead | null> {
    const [read] = await query<ClaimedSegmentRead>(this.getActiveManager<EntityManager>(context), CLAIM_READ, [
      leaseUntil,
      now,
      now,
      now,
    ])
    return read ? { ...read, started_at: new Date(read.started_at) } : null
  }

  /** Records a batch and, the read done, schedules the next one when asked: in the caller's transaction. */
  async recordBatch(id: string, progress: SegmentReadProgress, context: Context): Promise<boolean> {
    const { from, to, entered, skipped, done, now, leaseUntil, next } = progress
    const manager = this.getActiveManager<EntityManager>(context)
    const rows = await query(manager, RECORD_BATCH, [
      to,
      entered,
      skipped,
      done,
      done,
      now,
      done ? null : leaseUntil,
      id,
      from,
    ])
    if (!rows.length) return false
    if (done && next) await query(manager, SCHEDULE_NEXT, [generateEntityId(undefined, "jsread"), next, id])
    return true
  }
}
