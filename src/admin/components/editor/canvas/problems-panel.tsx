import { CheckCircleSolid, ChevronDownMini, ChevronUpMini, ExclamationCircleSolid } from "@medusajs/icons"
import { useReactFlow } from "@xyflow/react"
import { useEffect, useState } from "react"
import { useTranslation } from "react-i18next"

import type { DefinitionError } from "../../../../engine"
import { TRIGGER_ID } from "../../../lib/editor/draft"
import { useJourneyEditor, type JourneyEditorStore } from "../../../lib/editor/store"
import { useProblemText } from "../../../lib/problem-text"
import { stepTitle } from "./summaries"
import { isTriggerProblem, problemTarget } from "./view"

/** Never zoom out further than this to show a problem's node: it must be readable. */
const FOCUS_MIN_ZOOM = 0.8

/**
 * The validator's problems with the draft, collapsed to their count until opened. A click selects
 * the node a problem is about (its side panel opens) and centres the canvas on it; a problem of the
 * journey's settings selects nothing, which opens the settings. Messages are the validator's, in
 * the admin's language. Must be drawn inside the canvas's ReactFlowProvider (`JourneyCanvas` does).
 */
export const ProblemsPanel = ({ store }: { store: JourneyEditorStore }) => {
  const { t } = useTranslation("journeys")
  const say = useProblemText()
  const problems = useJourneyEditor(store, (state) => state.problems)
  const definition = useJourneyEditor(store, (state) => state.definition)
  const flow = useReactFlow()
  const [open, setOpen] = useState(false)
  const count = problems.length
  useEffect(() => {
    if (count === 0) setOpen(false)
  }, [count])

  const focus = (problem: DefinitionError) => {
    const target = problemTarget(problem, new Set([TRIGGER_ID, ...definition.nodes.map((node) => node.id)]))
    store.getState().select(target)
    const node = target === null ? undefined : flow.getNode(target)
    if (node) {
      flow.setCenter(node.position.x + (node.width ?? 0) / 2, node.position.y + (node.height ?? 0) / 2, {
        zoom: Math.max(flow.getZoom(), FOCUS_MIN_ZOOM),
      })
    }
  }
  const where = (problem: DefinitionError) => {
    const node = definition.nodes.find((candidate) => candidate.id === problem.node_id)
    if (node) return `${stepTitle(node, t)} · ${node.id}`
    if (problem.node_id !== null) return problem.node_id
    return isTriggerProblem(problem) ? t("canvas.problems.trigger") : t("canvas.problems.journey")
  }

  return (
    <section className="jc-problems" data-testid="problems-panel" data-count={count}>
      <button
        type="button"
        className="jc-problems-toggle"
        data-count={count}
        data-testid="problems-toggle"
        aria-expanded={open}
        disabled={count === 0}
        title={count === 0 ? undefined : open ? t("canvas.problems.hide") : t("canvas.problems.show")}
        onClick={() => setOpen(!open)}
      >
        {count === 0 ? <CheckCircleSolid className="jc-ok-icon" /> : <ExclamationCircleSolid className="jc-error-icon" />}
        <span style={{ flex: 1 }} data-testid="problems-count">
          {count === 0 ? t("canvas.problems.none") : t("canvas.problems.title", { count })}
        </span>
        {count > 0 && (open ? <ChevronDownMini /> : <ChevronUpMini />)}
      </button>
      {open && (
        <div className="jc-problems-list" data-testid="problems-list">
          {problems.map((problem, index) => (
            <button
              key={`${index}:${problem.path}`}
              type="button"
              className="jc-problem"
              data-testid="problem"
              data-node-id={problem.node_id ?? ""}
              data-path={problem.path}
              onClick={() => focus(problem)}
            >
              <span className="jc-problem-where">{where(problem)}</span>
              <span className="jc-problem-message">{say(problem)}</span>
            </button>
          ))}
        </div>
      )}
    </section>
  )
}
