/**
 * One customer's path over the editor's canvas (`/journeys/:id?enrollment=…`): the steps they went
 * through and the edges they took stand out, the step they are at is marked, the rest fades. As
 * with the live numbers (live-stats.tsx), nodes and edges read the marks from a context: showing
 * or clearing a path re-renders them, never lays the canvas out again.
 */
import { MapPin, XMark } from "@medusajs/icons"
import { Badge, Button, Container, Text } from "@medusajs/ui"
import { createContext, useContext, useMemo, type ReactNode } from "react"
import { useTranslation } from "react-i18next"
import { Link, useSearchParams } from "react-router-dom"

import { isEnded } from "../../../engine"
import { errorMessage, type Journey } from "../../lib/api"
import { useJourneyEnrollment, type EnrollmentDetail } from "../../lib/api-enrollments"
import { useJourneyVersions } from "../../lib/api-versions"
import { createJourneyEditorStore, useJourneyEditor, type JourneyEditorStore } from "../../lib/editor/store"
import { EnrollmentStatusBadge } from "./enrollment-status-badge"
import { enrollmentPath } from "./path"

export type NodeMark = "current" | "visited" | "off"
export type EdgeMark = "taken" | "off"

type Marks = {
  /** Undefined while no path is shown. */
  node(id: string): NodeMark | undefined
  edge(id: string): EdgeMark | undefined
  /** The customer's journey is over: the current step is where it ended. */
  ended: boolean
}

const NO_PATH: Marks = { node: () => undefined, edge: () => undefined, ended: false }
const MarksContext = createContext<Marks>(NO_PATH)

export const usePathMarks = () => useContext(MarksContext)

/** The path the URL asks for: the enrollment, and the version it runs in a store of its own. */
export type ShownPath = {
  enrollmentId: string
  enrollment: EnrollmentDetail | undefined
  error: unknown
  /** The live version's store, or a read-only one of the older version they run; null until known. */
  store: JourneyEditorStore | null
  /** Whether that version is not the live one. */
  older: boolean
  clear(): void
}

/** Null without `?enrollment=`. */
export function useShownPath(journey: Journey, liveStore: JourneyEditorStore | null): ShownPath | null {
  const [params, setParams] = useSearchParams()
  const enrollmentId = params.get("enrollment")
  const { data: enrollment, error } = useJourneyEnrollment(journey.id, enrollmentId)
  const versionId = enrollment?.version.id
  const older = versionId !== undefined && versionId !== journey.published?.id
  const versions = useJourneyVersions(journey.id, { enabled: older })
  const version = older ? versions.data?.find((candidate) => candidate.id === versionId) : undefined
  const versionStore = useMemo(
    () => (version ? createJourneyEditorStore(version.definition) : null),
    // A version's definition never changes once published.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [version?.id]
  )
  if (enrollmentId === null) return null
  return {
    enrollmentId,
    enrollment,
    error: error ?? versions.error,
    store: older ? versionStore : versionId !== undefined ? liveStore : null,
    older,
    clear: () =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current)
          next.delete("enrollment")
          return next
        },
        { replace: true }
      ),
  }
}

/**
 * The banner naming the customer, then `children` (the editor's body) with the marks of their
 * path on whichever version `store` shows, once it is theirs.
 */
export const PathOnCanvas = ({ journeyId, path, store, children }: { journeyId: string; path: ShownPath | null; store: JourneyEditorStore; children: ReactNode }) => {
  const definition = useJourneyEditor(store, (state) => state.definition)
  const enrollment = path?.store === store ? path.enrollment : undefined
  const marks = useMemo<Marks>(() => {
    if (!enrollment) return NO_PATH
    const { visited, taken, current } = enrollmentPath(definition, enrollment)
    return {
      node: (id) => (id === current ? "current" : visited.has(id) ? "visited" : "off"),
      edge: (id) => (taken.has(id) ? "taken" : "off"),
      ended: isEnded(enrollment.status),
    }
  }, [definition, enrollment])
  return (
    <MarksContext.Provider value={marks}>
      {marks !== NO_PATH && <style>{PATH_CSS}</style>}
      {path && <PathBanner journeyId={journeyId} path={path} />}
      {children}
    </MarksContext.Provider>
  )
}

const PathBanner = ({ journeyId, path }: { journeyId: string; path: ShownPath }) => {
  const { t } = useTranslation("journeys")
  const { enrollment, error } = path
  const timeline = `/journeys/${journeyId}/enrollments?${new URLSearchParams({
    enrollment: path.enrollmentId,
    // Test enrollments are listed only when asked for.
    ...(enrollment?.is_test ? { is_test: "true" } : {}),
  })}`
  return (
    <Container className="flex flex-wrap items-center justify-between gap-3 px-6 py-3" data-testid="path-banner">
      <div className="flex min-w-0 items-center gap-x-3">
        <span className="bg-ui-tag-blue-bg text-ui-tag-blue-icon flex h-8 w-8 shrink-0 items-center justify-center rounded-md">
          <MapPin />
        </span>
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-x-2">
            <Text size="small" weight="plus" className="truncate" data-testid="path-customer">
              {t("enrollments.path.title", {
                customer: enrollment ? (enrollment.email ?? enrollment.customer_id ?? t("enrollments.noEmail")) : "…",
              })}
            </Text>
            {enrollment && <EnrollmentStatusBadge status={enrollment.status} />}
            {enrollment?.is_test && <Badge size="2xsmall" color="orange">{t("enrollments.test")}</Badge>}
          </div>
          <Text size="small" className={error ? "text-ui-fg-error" : "text-ui-fg-subtle"} data-testid="path-hint">
            {error
              ? t("enrollments.path.loadFailed", { message: errorMessage(error) })
              : enrollment && path.older
                ? t("enrollments.path.olderVersion", { number: enrollment.version.number })
                : t("enrollments.path.hint")}
          </Text>
        </div>
      </div>
      <div className="flex items-center gap-x-2">
        <Button size="small" variant="secondary" asChild>
          <Link to={timeline} data-testid="path-timeline">{t("enrollments.path.timeline")}</Link>
        </Button>
        <Button size="small" variant="transparent" onClick={path.clear} data-testid="path-clear">
          <XMark />
          {t("enrollments.path.clear")}
        </Button>
      </div>
    </Container>
  )
}

/** On the step they are at: "Here now", or where their journey ended. */
export const PathHere = ({ id }: { id: string }) => {
  const { t } = useTranslation("journeys")
  const marks = usePathMarks()
  if (marks.node(id) !== "current") return null
  return (
    <span className="jc-path-here" data-testid={`path-here-${id}`}>
      {marks.ended ? t("enrollments.path.endedHere") : t("enrollments.path.hereNow")}
    </span>
  )
}

/** Drawn only while a path is shown (placeholders fade too: nobody went there). */
const PATH_CSS = `
.jc-node[data-path="visited"] { border-color: var(--border-interactive); }
.jc-node[data-path="current"] { border-color: var(--border-interactive); box-shadow: var(--borders-interactive-with-active); }
.jc-node[data-path="off"], .jc-placeholder { opacity: .45; box-shadow: none; }
.jc-flow .react-flow__edge-path[data-path="taken"] { stroke: var(--border-interactive); stroke-width: 2.5; }
.jc-flow .react-flow__edge-path[data-path="off"] { opacity: .45; }
.jc-flow .react-flow__handle.jc-dot[data-path="taken"] { background: var(--border-interactive); }
.jc-flow .react-flow__handle.jc-port[data-path="taken"] { border-color: var(--border-interactive); background: var(--bg-highlight); color: var(--fg-interactive); }
.jc-path-here {
  position: absolute; top: -9px; left: 12px; height: 18px; padding: 0 7px; box-sizing: border-box;
  border-radius: 9px; background: var(--bg-interactive); color: var(--fg-on-color);
  font-size: 11px; font-weight: 500; line-height: 18px; white-space: nowrap;
}
`
