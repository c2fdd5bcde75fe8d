import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from "@xyflow/react"
import { memo } from "react"
import { useTranslation } from "react-i18next"

import type { CanvasEdge } from "../../../lib/editor/canvas"
import { useCanvas } from "./canvas-context"
import { InsertButton } from "./insert-menu"
import { usePathMarks } from "../../enrollments/path-on-canvas"

/** A path to an open end: nothing follows yet. */
const OPEN_STYLE = { strokeDasharray: "4 4" }

/**
 * A path between two steps, with a "+" at its middle to insert a step there. The port's name is on
 * the source's pill handle, where the path starts, so the edge does not repeat it.
 */
export const JourneyEdge = memo(
  ({ id, source, sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition, data }: EdgeProps<CanvasEdge>) => {
    const { t } = useTranslation("journeys")
    const { readOnly } = useCanvas()
    const marks = usePathMarks()
    const [path, labelX, labelY] = getSmoothStepPath({
      sourceX,
      sourceY,
      sourcePosition,
      targetX,
      targetY,
      targetPosition,
      borderRadius: 8,
    })
    const open = data?.open ?? false
    const port = data?.port
    return (
      <>
        <BaseEdge id={id} path={path} style={open ? OPEN_STYLE : undefined} data-path={marks.edge(id)} />
        {!open && !readOnly && port !== undefined && (
          <EdgeLabelRenderer>
            <div
              className="nodrag nopan"
              style={{ position: "absolute", transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`, pointerEvents: "all" }}
            >
              <InsertButton place={{ from: source, port }} testId={`insert-${source}-${port}`} label={t("canvas.insert.insert")} />
            </div>
          </EdgeLabelRenderer>
        )}
      </>
    )
  }
)
