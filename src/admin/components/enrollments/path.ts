/**
 * One customer's way through the version they run, for the canvas: the steps they reached, the
 * edges they went along and where they stand, read from the lines the interpreter writes as it
 * walks (engine/interpreter.ts). Consecutive steps make an edge; where a step had a choice, the
 * port it recorded (a branch, a reaction, a timeout) says which edge when two lead to one step.
 */
import type { EnrollmentActivity, EnrollmentDetail } from "../../lib/api-enrollments"
import { TRIGGER_ID, TRIGGER_PORT, type DraftDefinition } from "../../lib/editor/draft"

export type EnrollmentPath = {
  /** Canvas node ids: the trigger, then every step reached. */
  visited: ReadonlySet<string>
  /** Canvas edge ids (`from:port`, as canvas.ts names them). */
  taken: ReadonlySet<string>
  /** Where they stand (or ended); null before they entered. */
  current: string | null
}

/**
 * The interpreter's lines that mark a step reached. `goal` and `exited` happen where the customer
 * already stands; `message_skipped`, an effect's outcome or an admin's action are written later
 * about a step passed long ago, and would read as a move back to it.
 */
const MOVES = new Set([
  "entered", "node", "branch", "message_queued", "waiting", "woke", "reaction", "customer_updated", "webhook", "completed", "error",
])

const text = (value: unknown) => (typeof value === "string" ? value : undefined)

export function enrollmentPath(
  definition: Pick<DraftDefinition, "edges">,
  enrollment: Pick<EnrollmentDetail, "activities" | "current_node">
): EnrollmentPath {
  const visited = new Set<string>()
  const taken = new Set<string>()
  let at: string | null = null
  /** The port the step `at` recorded leaving by, if it had a choice to make. */
  let port: string | undefined

  const reach = (nodeId: string) => {
    if (nodeId === at) return
    const from = at
    const edge = definition.edges.find(
      (candidate) => candidate.from === from && candidate.to === nodeId && (port === undefined || candidate.port === port)
    )
    if (edge) taken.add(`${edge.from}:${edge.port}`)
    visited.add(nodeId)
    at = nodeId
    port = undefined
  }

  for (const activity of enrollment.activities) {
    if (!isMove(activity)) continue
    const nodeId = activity.node_id
    if (activity.type === "entered") {
      visited.add(TRIGGER_ID)
      if (nodeId !== null) taken.add(`${TRIGGER_ID}:${TRIGGER_PORT}`)
      at = null
    } else if (activity.type === "error") {
      // A failed call keeps none of its lines, only the steps it went through before failing.
      for (const step of activity.data?.visited as unknown[]) if (typeof step === "string") reach(step)
    }
    if (nodeId !== null) reach(nodeId)
    port = text(activity.data?.port) ?? port
  }
  if (enrollment.current_node !== null) visited.add(enrollment.current_node)
  return { visited, taken, current: enrollment.current_node }
}

/** A step of the walk, not a line about a message or an effect (those carry its id) nor an error outside a walk. */
function isMove({ type, data }: EnrollmentActivity): boolean {
  if (!MOVES.has(type) || data?.message_id !== undefined || data?.effect_id !== undefined) return false
  return type !== "error" || Array.isArray(data?.visited)
}
