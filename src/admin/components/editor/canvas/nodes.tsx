import { Tooltip } from "@medusajs/ui"
import { Handle, Position, type NodeProps } from "@xyflow/react"
import { memo } from "react"
import { useTranslation } from "react-i18next"

import type { DefinitionError } from "../../../../engine"
import type { JourneyCanvasNode, PlaceholderCanvasNode, TriggerCanvasNode } from "../../../lib/editor/canvas"
import { TRIGGER_PORT } from "../../../lib/editor/draft"
import { useProblemText } from "../../../lib/problem-text"
import { useCanvas } from "./canvas-context"
import { InsertButton } from "./insert-menu"
import { StepIcon } from "./step-icon"
import { StepMenu } from "./step-menu"
import { describeStep, describeTrigger, isTriggerUnfinished, portLabel, stepLabelKey } from "./summaries"
import { useStoreNames } from "./store-names"
import { portHandles } from "./view"
import { NodeStatsStrip } from "../../stats/live-stats"
import { TriggerReadStrip } from "../../segments/read-progress"
import { TestBadge } from "../../test-mode/test-mode"
import { PathHere, usePathMarks } from "../../enrollments/path-on-canvas"

/** What starts the journey, on top of the canvas. */
export const TriggerNode = memo(({ id, data, selected }: NodeProps<TriggerCanvasNode>) => {
  const { t } = useTranslation("journeys")
  const { title, summary } = describeTrigger(data.trigger, t, useStoreNames())
  const unfinished = isTriggerUnfinished(data.trigger)
  const marks = usePathMarks()
  return (
    <div
      className="jc-node"
      data-testid="trigger-node"
      data-selected={selected}
      data-path={marks.node(id)}
      data-problems={data.problems.length > 0}
      data-unfinished={unfinished}
    >
      <div className="jc-node-head">
        <StepIcon labelKey="trigger" />
        <span className="jc-node-title">{title}</span>
      </div>
      <div className="jc-node-summary" title={summary} data-testid={`node-summary-${id}`}>
        {summary}
      </div>
      {data.trigger?.type === "segment" && <TriggerReadStrip />}
      {unfinished && <Unfinished id={id} />}
      <ProblemBadge id={id} problems={data.problems} />
      <Handle id={TRIGGER_PORT} type="source" position={Position.Bottom} className="jc-dot" data-path={marks.edge(`${id}:${TRIGGER_PORT}`)} />
    </div>
  )
})

/** A step: its kind, a one-line summary, one handle per port (named when the step has a choice to make). */
export const JourneyNode = memo(({ id, data, selected }: NodeProps<JourneyCanvasNode>) => {
  const { t } = useTranslation("journeys")
  const { readOnly } = useCanvas()
  const { node, ports, unfinished, problems } = data
  const labelKey = stepLabelKey(node.type, (node as { channel?: unknown }).channel)
  const names = useStoreNames()
  const summary = describeStep(node, t, names)
  const marks = usePathMarks()
  return (
    <div
      className="jc-node"
      data-testid={`node-${id}`}
      data-type={node.type}
      data-selected={selected}
      data-path={marks.node(id)}
      data-problems={problems.length > 0}
      data-unfinished={unfinished}
    >
      <Handle type="target" position={Position.Top} className="jc-dot" />
      <div className="jc-node-head">
        <StepIcon labelKey={labelKey} />
        <span className="jc-node-title">{t(`canvas.steps.${labelKey}`)}</span>
        {selected && !readOnly && <StepMenu id={id} />}
      </div>
      <div className="jc-node-summary" title={summary} data-testid={`node-summary-${id}`}>
        {summary}
      </div>
      <NodeStatsStrip id={id} send={node.type === "send"} />
      <TestBadge id={id} />
      {unfinished && <Unfinished id={id} />}
      <PathHere id={id} />
      <ProblemBadge id={id} problems={problems} />
      {portHandles(ports).map(({ port, left, named }) => {
        const label = named ? portLabel(node, port, t) : undefined
        return (
          <Handle
            key={port}
            id={port}
            type="source"
            position={Position.Bottom}
            className={named ? "jc-port" : "jc-dot"}
            style={{ left: `${left * 100}%` }}
            title={label}
            data-path={marks.edge(`${id}:${port}`)}
          >
            {label}
          </Handle>
        )
      })}
    </div>
  )
})

/** An open end: its "+" adds a step there (read-only: a plain dot). */
export const PlaceholderNode = memo(({ data }: NodeProps<PlaceholderCanvasNode>) => {
  const { t } = useTranslation("journeys")
  const { readOnly } = useCanvas()
  return (
    <div className="jc-placeholder">
      <Handle type="target" position={Position.Top} className="jc-anchor" isConnectable={false} />
      {readOnly ? (
        <span className="jc-end" />
      ) : (
        <InsertButton place={data} testId={`add-${data.from}-${data.port}`} label={t("canvas.insert.add")} />
      )}
    </div>
  )
})

const Unfinished = ({ id }: { id: string }) => {
  const { t } = useTranslation("journeys")
  return (
    <span className="jc-unfinished" data-testid={`node-unfinished-${id}`}>
      {t("canvas.node.unfinished")}
    </span>
  )
}

/** The count of a node's problems; hovering lists them (the problems panel lists them all). */
const ProblemBadge = ({ id, problems }: { id: string; problems: DefinitionError[] }) => {
  const { t } = useTranslation("journeys")
  const say = useProblemText()
  if (problems.length === 0) return null
  return (
    <Tooltip
      content={
        <ul>
          {problems.map((problem, index) => (
            <li key={index}>{say(problem)}</li>
          ))}
        </ul>
      }
      maxWidth={320}
    >
      <span
        className="jc-badge-problems"
        data-testid={`node-problems-${id}`}
        aria-label={t("canvas.node.problems", { count: problems.length })}
      >
        {problems.length}
      </span>
    </Tooltip>
  )
}
