import { useMemo } from "react"
import { toCanvas } from "../lib/editor/canvas"
import { readDraft } from "../lib/editor/draft"

const COLORS: Record<string, string> = {
  trigger: "var(--tag-blue-icon, #3b82f6)",
  send: "var(--tag-green-icon, #10b981)",
  condition: "var(--tag-orange-icon, #f59e0b)",
  random_split: "var(--tag-orange-icon, #f59e0b)",
  frequency_cap: "var(--tag-orange-icon, #f59e0b)",
  exit: "var(--tag-red-icon, #ef4444)",
}
const DEFAULT_COLOR = "var(--tag-neutral-icon, #9ca3af)"

/** A miniature of a journey's graph, laid out as the editor lays it out: its shape at a glance. */
export const JourneyShape = ({ definition, height = 140 }: { definition: unknown; height?: number }) => {
  const { nodes, edges } = useMemo(() => toCanvas(readDraft(definition)), [definition])
  const boxes = nodes.filter((node) => node.type !== "placeholder")
  if (!boxes.length) return null
  const centre = new Map(
    nodes.map((node) => [node.id, { x: node.position.x + (node.width ?? 0) / 2, y: node.position.y + (node.height ?? 0) / 2 }])
  )
  const xs = boxes.flatMap((node) => [node.position.x, node.position.x + (node.width ?? 0)])
  const ys = boxes.flatMap((node) => [node.position.y, node.position.y + (node.height ?? 0)])
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]
  const pad = 40
  return (
    <svg
      role="img"
      viewBox={`${minX - pad} ${minY - pad} ${maxX - minX + 2 * pad} ${maxY - minY + 2 * pad}`}
      style={{ width: "100%", height }}
      preserveAspectRatio="xMidYMid meet"
    >
      {edges.map((edge) => {
        const from = centre.get(edge.source)
        const to = centre.get(edge.target)
        if (!from || !to || edge.data?.open) return null
        return <line key={edge.id} x1={from.x} y1={from.y} x2={to.x} y2={to.y} stroke="#d1d5db" strokeWidth={12} />
      })}
      {boxes.map((node) => {
        const type = node.type === "journey" ? node.data.node.type : "trigger"
        return (
          <rect
            key={node.id}
            x={node.position.x}
            y={node.position.y}
            width={node.width}
            height={node.height}
            rx={16}
            fill="#fff"
            stroke={COLORS[type] ?? DEFAULT_COLOR}
            strokeWidth={10}
          />
        )
      })}
    </svg>
  )
}
