/**
 * Where a panel shows the validator's problems: each next to the control of the field its JSON path
 * names (`nodes[3].duration` → the duration control), the rest at the top of the panel, so that
 * every problem of the selection is shown exactly once.
 */
import type { DefinitionError } from "../../../../engine"
import { TRIGGER_ID, type DraftDefinition } from "../../../lib/editor/draft"

/** A path below another: `a` + `b`, joined with a dot unless `b` is an index (`[2]`). */
export function joinPath(base: string, rest: string): string {
  if (!base) return rest
  if (!rest) return base
  return rest.startsWith("[") ? `${base}${rest}` : `${base}.${rest}`
}

/** `path` relative to `base` ("" when equal), or undefined when it is not at or below it. */
export function relativePath(path: string, base: string): string | undefined {
  if (!base || path === base) return base ? "" : path
  if (path.startsWith(`${base}.`)) return path.slice(base.length + 1)
  if (path.startsWith(`${base}[`)) return path.slice(base.length)
  return undefined
}

const covers = (field: string, relative: string) =>
  field === "" || relative === field || relative.startsWith(`${field}.`) || relative.startsWith(`${field}[`)

export type PlacedProblems = {
  /** Problems no listed field claims: shown at the top. */
  unplaced: DefinitionError[]
  /** The problems of each listed field (relative path), at or below it. */
  at: Record<string, DefinitionError[]>
}

/**
 * Hands each problem under `base` to the most specific of `fields` (relative paths) that covers it:
 * `branches[0].where` takes `branches[0].where.all[1].op` unless `branches[0].where.all[1]` is listed
 * too. Problems outside `base`, or under no listed field, are unplaced.
 */
export function placeProblems(problems: readonly DefinitionError[], base: string, fields: readonly string[]): PlacedProblems {
  const at: Record<string, DefinitionError[]> = {}
  const unplaced: DefinitionError[] = []
  for (const problem of problems) {
    const relative = relativePath(problem.path, base)
    const field =
      relative === undefined
        ? undefined
        : fields.filter((candidate) => covers(candidate, relative)).sort((a, b) => b.length - a.length)[0]
    if (field === undefined) unplaced.push(problem)
    else (at[field] ??= []).push(problem)
  }
  return { unplaced, at }
}

/** What a selection's panel edits: its problems, and the JSON path they are relative to. */
export type SelectionProblems = { base: string; problems: DefinitionError[] }

/**
 * The problems the panel of `selection` shows: a node's own (by node id), the trigger's and the
 * entry node's for the trigger, and for the journey settings (nothing selected) every problem that
 * belongs to no node and not to the trigger, journey-wide ones included.
 */
export function selectionProblems(
  definition: DraftDefinition,
  problems: readonly DefinitionError[],
  selection: string | null
): SelectionProblems {
  const isTrigger = (problem: DefinitionError) =>
    problem.node_id === null && (problem.path === "entry_node" || relativePath(problem.path, "trigger") !== undefined)
  if (selection === TRIGGER_ID) return { base: "trigger", problems: problems.filter(isTrigger) }
  const index = selection === null ? -1 : definition.nodes.findIndex((node) => node.id === selection)
  if (index === -1) {
    return { base: "settings", problems: problems.filter((problem) => problem.node_id === null && !isTrigger(problem)) }
  }
  return { base: `nodes[${index}]`, problems: problems.filter((problem) => problem.node_id === selection) }
}
