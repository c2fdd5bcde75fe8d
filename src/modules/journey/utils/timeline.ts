import type { NewActivity } from "../types"
import { newId } from "./ids"

/**
 * Timeline rows from a JSON array (binding, see activityRecords), for the enrollments found in
 * `enrollments` (the table, or a CTE of rows just written): rows of an enrollment that does not
 * exist are dropped. `only` narrows them further (on `x.of`, the row each line is about).
 */
export const insertActivitiesSql = (enrollments: string, only = "") => `
  insert into journey_activity (id, journey_id, enrollment_id, node_id, type, reason, data, occurred_at)
  select x.id, e.journey_id, x.enrollment_id, x.node_id, x.type, x.reason, x.data, x.occurred_at
    from json_to_recordset(?::json) as x(id text, of text, enrollment_id text, node_id text, type text, reason text,
         data jsonb, occurred_at timestamptz)
    join ${enrollments} e on e.id = x.enrollment_id ${only}`

export type TimelineRow = NewActivity & { enrollment_id: string; of?: string }

/** The binding of insertActivitiesSql, each row with its id. */
export function activityRecords(activities: TimelineRow[]) {
  return JSON.stringify(
    activities.map((activity) => ({
      ...activity,
      // Monotonic, so a transition's steps (same instant) read back in the order they happened.
      id: newId("jact"),
      data: activity.data ?? null,
    }))
  )
}
