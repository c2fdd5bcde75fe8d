/** What the plugin's migrations must leave in a store's database. */
export const JOURNEY_TABLES = [
  "journey",
  "journey_activity",
  "journey_cart_activity",
  "journey_consent",
  "journey_effect",
  "journey_enrollment",
  "journey_event",
  "journey_job_run",
  "journey_message",
  "journey_message_template",
  "journey_push_device",
  "journey_segment",
  "journey_segment_read",
  "journey_trigger_cursor",
  "journey_version",
]

/**
 * The tables journeys write as they take in events and move customers on: all but the scheduled
 * jobs' run log, which the app's every-minute jobs write on their own clock.
 */
export const JOURNEY_STATE_TABLES = JOURNEY_TABLES.filter((table) => table !== "journey_job_run")

export const JOURNEY_TABLES_SQL = `select table_name from information_schema.tables
  where table_schema = current_schema() and table_name like 'journey%' order by table_name`

export const JOURNEY_GUARDS_SQL = `select tgname from pg_trigger
  where tgname in ('journey_version_guard', 'journey_activity_append_only') order by tgname`

/** Rows in every journey table, by table: a replay that changes nothing leaves this equal. */
export async function countJourneyRows(db: { raw: (sql: string) => Promise<{ rows: { table: string; count: number }[] }> }) {
  const { rows } = await db.raw(
    JOURNEY_STATE_TABLES.map((table) => `select '${table}' as "table", count(*)::int as count from ${table}`).join(" union all ")
  )
  return Object.fromEntries(rows.map((row) => [row.table, row.count]))
}
