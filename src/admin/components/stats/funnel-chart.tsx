/** A funnel as horizontal bars (recharts): each step's count, its share of the first step beside it. */
import { Bar, BarChart, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts"
import { useTranslation } from "react-i18next"

import { ratio } from "../../lib/api-stats"
import { useFormat } from "../../lib/format"

export type FunnelStep = { key: string; label: string; value: number }

const ROW = 34
/** Medusa UI's tag colours, darker down the funnel. */
const SHADES = ["var(--tag-blue-icon)", "var(--tag-blue-icon)", "var(--tag-purple-icon)", "var(--tag-purple-icon)", "var(--tag-green-icon)"]

/** The count and share right of the bar, on one line (recharts' own label wraps to the bar's width). */
const BarLabel = (props: { x?: number | string; y?: number | string; width?: number | string; height?: number | string; value?: unknown }) => {
  const [x, y, width, height] = [props.x, props.y, props.width, props.height].map((value) => Number(value ?? 0))
  return (
    <text x={x + width + 6} y={y + height / 2} dominantBaseline="central" fontSize={12} fill="var(--fg-base)">
      {String(props.value ?? "")}
    </text>
  )
}

export const FunnelChart = ({ steps, testId }: { steps: FunnelStep[]; testId: string }) => {
  const { t } = useTranslation("journeys")
  const format = useFormat()
  const first = steps[0]?.value ?? 0
  const rows = steps.map((step) => {
    const share = ratio(step.value, first)
    return { ...step, text: share === null ? format.number(step.value) : `${format.number(step.value)} · ${format.percent(share)}` }
  })
  return (
    <div data-testid={testId} data-values={steps.map((step) => step.value).join(",")} style={{ width: "100%", height: rows.length * ROW + 8 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 96, bottom: 4, left: 0 }} barCategoryGap={6}>
          <XAxis type="number" hide domain={[0, Math.max(first, 1)]} />
          <YAxis
            type="category"
            dataKey="label"
            width={92}
            tickLine={false}
            axisLine={false}
            tick={{ fontSize: 12, fill: "var(--fg-subtle)" }}
          />
          <Tooltip
            cursor={{ fill: "var(--bg-base-hover)" }}
            formatter={(value: number) => {
              const share = ratio(value, first)
              return [share === null ? format.number(value) : t("stats.funnel.ofFirst", { percent: format.percent(share) }), format.number(value)]
            }}
          />
          <Bar dataKey="value" isAnimationActive={false} radius={[0, 4, 4, 0]} minPointSize={2}>
            {rows.map((row, index) => (
              <Cell key={row.key} fill={SHADES[index % SHADES.length]} />
            ))}
            <LabelList dataKey="text" content={BarLabel} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  )
}
