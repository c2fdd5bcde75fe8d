/** The server's problems with a segment's rule, as the rule builder places and says them. */
import { checkSegmentRule, type DefinitionError } from "../../../engine"
import type { RuleError } from "../../lib/api-segments"
import { relativePath } from "../editor/panels/problems"

/**
 * Each problem the preview route found in `rule`, at its path relative to the rule (the route names
 * them under the request's `rule`: `rule.all[0].field`). The route sends English only; a problem
 * this admin's engine finds in the same words at the same place lends its `text`, so that it is
 * said in the admin's language.
 */
export function rulePlacedProblems(errors: readonly RuleError[], rule: unknown): DefinitionError[] {
  const local = checkSegmentRule(rule)
  return errors.map(({ path: sent, message }) => {
    const path = relativePath(sent, "rule") ?? sent
    return { node_id: null, path, message, text: local.find((problem) => problem.path === path && problem.message === message)?.text }
  })
}
