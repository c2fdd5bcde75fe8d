/**
 * The test customers on the canvas, while the test drawer is open: a badge on each step with how
 * many are there now. As with the live numbers (live-stats.tsx), the counts reach the badges
 * through a context of their own: a refresh re-renders the badges, never the canvas, and the
 * badge sits over the step's border, so the layout does not change either.
 */
import { createContext, useContext, useMemo, type ReactNode } from "react"
import { useTranslation } from "react-i18next"

import { useTestEnrollments } from "../../lib/api-test-mode"
import { countByNode } from "./test-run"

const NONE: ReadonlyMap<string, number> = new Map()
const TestCountsContext = createContext<ReadonlyMap<string, number>>(NONE)

/** `versionId`: the version the canvas shows (the counts are of its steps); `active`: the drawer is open. */
export const TestModeProvider = ({
  journeyId,
  versionId,
  active,
  children,
}: {
  journeyId: string
  versionId: string | undefined
  active: boolean
  children: ReactNode
}) => {
  const { data } = useTestEnrollments(journeyId, { enabled: active })
  const counts = useMemo(() => (active && data ? countByNode(data.enrollments, versionId) : NONE), [active, data, versionId])
  return (
    <TestCountsContext.Provider value={counts}>
      {counts.size > 0 && <style>{TEST_CSS}</style>}
      {children}
    </TestCountsContext.Provider>
  )
}

/** On a step: the test customers there now; nothing when none is. */
export const TestBadge = ({ id }: { id: string }) => {
  const { t } = useTranslation("journeys")
  const count = useContext(TestCountsContext).get(id)
  if (!count) return null
  return (
    <span className="jc-badge-test" title={t("testMode.badgeHint", { count })} data-testid={`node-test-${id}`} data-count={count}>
      {t("testMode.badge", { count })}
    </span>
  )
}

/** Top right, clear of the problems badge in the corner. */
const TEST_CSS = `
.jc-badge-test {
  position: absolute; top: -9px; right: 16px; height: 18px; padding: 0 6px; box-sizing: border-box;
  border-radius: 9px; border: 1px solid var(--tag-blue-border); background: var(--tag-blue-bg); color: var(--tag-blue-text);
  font-size: 11px; font-weight: 500; line-height: 16px; white-space: nowrap; font-variant-numeric: tabular-nums;
}
`
