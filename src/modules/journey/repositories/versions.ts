import type { EntityManager } from "@medusajs/framework/mikro-orm/knex"
import type { Context } from "@medusajs/framework/types"
import { mikroOrmBaseRepositoryFactory } from "@medusajs/framework/utils"
import JourneyVersion from "../models/journey-version"
import type { LiveVersion } from "../types"
import { query } from "../utils/query"

/** The published versions of live journeys; the definition is left out for ids in the binding. */
const LIVE_VERSIONS = `
  select v.id, v.journey_id, v.published_at, case when v.id = any(?) then null else v.definition end as definition
    from journey_version v join journey j on j.id = v.journey_id
   where v.deleted_at is null and v.status = 'published' and j.deleted_at is null and j.status = 'live'`

/** Archives draining versions nobody is inside any more. */
const ARCHIVE_DRAINED = `
  update journey_version v set status = 'archived', ended_at = now(), updated_at = now()
   where v.deleted_at is null and v.status = 'draining'
     and not exists (select 1 from journey_enrollment e
                      where e.version_id = v.id and e.deleted_at is null and e.status in ('active', 'waiting'))
  returning v.id`

/** The JSON columns replaceJson may write, each with its statement (bindings: value, id). */
const REPLACE_JSON = {
  journey_version: {
    definition: `update journey_version set definition = ?::jsonb, updated_at = now() where id = ? and deleted_at is null`,
  },
  journey_message_template: {
    data: `update journey_message_template set data = ?::jsonb, updated_at = now() where id = ? and deleted_at is null`,
  },
  journey_segment: {
    rule: `update journey_segment set rule = ?::jsonb, updated_at = now() where id = ? and deleted_at is null`,
  },
} as const

export type JsonTable = keyof typeof REPLACE_JSON

/** Versions' housekeeping: what is live, JSON written wholesale, drains that ended. */
export class JourneyVersionRepository extends mikroOrmBaseRepositoryFactory(JourneyVersion) {
  async listLive(known: string[], context: Context): Promise<LiveVersion[]> {
    return query(this.getActiveManager<EntityManager>(context), LIVE_VERSIONS, [known])
  }

  async replaceJson(table: JsonTable, id: string, values: Record<string, unknown>, context: Context): Promise<void> {
    for (const [column, value] of Object.entries(values)) {
      const statement: unknown = (REPLACE_JSON[table] as Record<string, unknown>)[column]
      if (typeof statement !== "string") throw new Error(`${table}.${column} is not a replaceable JSON column`)
      await query(this.getActiveManager<EntityManager>(context), statement, [JSON.stringify(value), id])
    }
  }

  async archiveDrained(context: Context): Promise<number> {
    return (await query(this.getActiveManager<EntityManager>(context), ARCHIVE_DRAINED)).length
  }
}
