/** The server's problems with a segment's rule, as the rule builder places and says them. */
import { checkSegmentRule, type DefinitionError } from "../../../engine"
import type { RuleError } from "../../lib/api-segments"
import { asRecord } from "../../lib/editor/draft"
import { relativePath } from "../editor/panels/problems"

/**
 * Each problem the preview route found in `rule`, at its path relative to the rule (the route names
 * them under the request's `rule`: `rule.all[0].field`). The route sends English only; a problem
 * this admin's engine finds in the same words at the same place lends its `text`, so that it is
 * said in the admin's language. A condition whose field is still empty is told `chooseField` (in
 * the admin's language) rather than the engine's list of every segment field.
 */
export function rulePlacedProblems(errors: readonly RuleError[], rule: unknown, chooseField: string): DefinitionError[] {
  const local = checkSegmentRule(rule)
  return errors.map(({ path: sent, message }) => {
    const path = relativePath(sent, "rule") ?? sent
    if (isEmptyField(rule, path)) return { node_id: null, path, message: chooseField, text: undefined }
    return { node_id: null, path, message, text: local.find((problem) => problem.path === path && problem.message === message)?.text }
  })
}

/** Whether `path` names the field of a condition of `rule` that is empty (`all[1].field` of `{ field: "" }`). */
function isEmptyField(rule: unknown, path: string): boolean {
  if (path !== "field" && !path.endsWith(".field")) return false
  const steps = path.match(/[^.[\]]+/g) ?? []
  const condition = steps.slice(0, -1).reduce<unknown>((node, step) => (Array.isArray(node) ? node[Number(step)] : asRecord(node)?.[step]), rule)
  const field = asRecord(condition)?.field
  return field === undefined || (typeof field === "string" && field.trim() === "")
}
