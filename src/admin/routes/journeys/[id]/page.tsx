import { ArrowUturnLeft, ChevronLeft } from "@medusajs/icons"
import { Badge, Button, Container, Heading, IconButton, Select, Text, toast, Tooltip } from "@medusajs/ui"
import { useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { Link, useParams } from "react-router-dom"
import { errorMessage, useJourney, useSaveDraft, type Journey } from "../../../lib/api"
import { useLeaveGuard } from "../../../lib/use-leave-guard"
import { createJourneyEditorStore, hasUnsavedChanges, useJourneyEditor, type JourneyEditorStore } from "../../../lib/editor/store"
import { JourneyStatusBadge } from "../../../components/journey-status-badge"
import { CanvasErrorBoundary } from "../../../components/editor/canvas-error-boundary"
import { JourneyCanvas, ShortcutsHelp } from "../../../components/editor/canvas/journey-canvas"
import { SelectionPanel } from "../../../components/editor/panels"
import { PublishDialog } from "../../../components/versions/publish-dialog"
import { VersionHistory } from "../../../components/versions/version-history"
import { LifecycleActions } from "../../../components/versions/lifecycle-menu"
import { LiveStatsProvider } from "../../../components/stats/live-stats"
import { LiveStatsControls } from "../../../components/stats/performance"
import { PathOnCanvas, useShownPath } from "../../../components/enrollments/path-on-canvas"
import { TestModeProvider } from "../../../components/test-mode/test-mode"
import { TestModeDrawer } from "../../../components/test-mode/test-drawer"
import { SegmentReadBar, SegmentReadsProvider } from "../../../components/segments/read-progress"

type View = "draft" | "live"

/** Where a journey starts when it has neither a draft nor a live version. */
const BLANK = { schema_version: 1, nodes: [], edges: [] }

const JourneyEditorPage = () => {
  const { id } = useParams() as { id: string }
  const { t } = useTranslation("journeys")
  const { data: journey, error, isLoading } = useJourney(id)

  if (error) {
    return (
      <Container className="px-6 py-4">
        <Text className="text-ui-fg-error">{t("editor.loadFailed", { message: errorMessage(error) })}</Text>
      </Container>
    )
  }
  if (isLoading || !journey) return <Container className="px-6 py-4"><Text>{t("editor.loading")}</Text></Container>
  return <JourneyEditor key={journey.id} journey={journey} />
}

const JourneyEditor = ({ journey }: { journey: Journey }) => {
  const { t } = useTranslation("journeys")
  // The draft the merchant edits: the saved draft, else a copy of the live version to start a new one.
  const draftStore = useMemo(
    () => createJourneyEditorStore(journey.draft?.definition ?? journey.published?.definition ?? BLANK),
    // Only the first load: later refetches must not overwrite what is being typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [journey.id]
  )
  const liveStore = useMemo(
    () => (journey.published ? createJourneyEditorStore(journey.published.definition) : null),
    [journey.published?.id]
  )
  // A customer's path (`?enrollment=`) is drawn on the version they run; cleared, the live one stays.
  const path = useShownPath(journey, liveStore)
  const [view, setView] = useState<View>((journey.draft && !path) || !journey.published ? "draft" : "live")
  const [publishing, setPublishing] = useState(false)
  const [history, setHistory] = useState(false)
  const [testing, setTesting] = useState(false)
  const store = path?.store ?? (view === "live" && liveStore ? liveStore : draftStore)
  const readOnly = store !== draftStore

  const unsaved = useJourneyEditor(draftStore, hasUnsavedChanges)
  const problems = useJourneyEditor(draftStore, (state) => state.problems)
  const canUndo = useJourneyEditor(draftStore, (state) => state.past.length > 0)
  const canRedo = useJourneyEditor(draftStore, (state) => state.future.length > 0)
  const saveDraft = useSaveDraft(journey.id)

  useLeaveGuard(unsaved, t("editor.leaveDescription"))

  const save = () => {
    const sent = draftStore.getState().definition
    return saveDraft.mutateAsync(sent).then(
      ({ journey: saved }) => {
        draftStore.getState().markSaved(sent)
        toast.success(t("editor.saved"))
        return saved
      },
      (e) => {
        toast.error(t("editor.saveFailed"), { description: errorMessage(e) })
        return null
      }
    )
  }

  const onPublish = async () => {
    if (problems.length) return toast.error(t("editor.publishInvalid", { count: problems.length }))
    if (unsaved && !(await save())) return
    setPublishing(true)
  }

  return (
    <LiveStatsProvider journeyId={journey.id} live={store === liveStore}>
    <SegmentReadsProvider journey={journey}>
    <TestModeProvider
      journeyId={journey.id}
      versionId={store === draftStore ? journey.draft?.id : store === liveStore ? journey.published?.id : path?.enrollment?.version.id}
      active={testing}
    >
    {/* The page fills the window below the dashboard's top bar; the canvas takes what the header and a path's banner leave. */}
    <div className="flex flex-col gap-y-3" style={{ height: "calc(100vh - 76px)", minHeight: 640 }} data-testid="journey-editor">
      <Container className="flex flex-wrap items-center justify-between gap-3 px-6 py-3">
        <div className="flex items-center gap-x-3">
          <IconButton size="small" variant="transparent" asChild>
            <Link to="/journeys" aria-label={t("editor.back")}><ChevronLeft /></Link>
          </IconButton>
          <div>
            <div className="flex items-center gap-x-2">
              <Heading level="h1" data-testid="journey-name">{journey.name}</Heading>
              <JourneyStatusBadge status={journey.status} />
              {journey.published_version && <Badge size="2xsmall">{t("editor.liveVersion", { number: journey.published_version.number })}</Badge>}
              {unsaved && <Badge size="2xsmall" color="orange" data-testid="unsaved">{t("editor.unsaved")}</Badge>}
            </div>
            {journey.description && <Text size="small" className="text-ui-fg-subtle">{journey.description}</Text>}
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {/* While a path is shown, its banner says which version this is. */}
          {liveStore && !path && (
            <Select size="small" value={view} onValueChange={(value) => setView(value as View)}>
              <Select.Trigger data-testid="view-switch" className="w-fit whitespace-nowrap"><Select.Value /></Select.Trigger>
              <Select.Content>
                <Select.Item value="draft">{t("editor.view.draft")}</Select.Item>
                <Select.Item value="live">{t("editor.view.live", { number: journey.published_version?.number })}</Select.Item>
              </Select.Content>
            </Select>
          )}
          {!readOnly && (
            <>
              <Tooltip content={t("editor.undo")}>
                <IconButton size="small" disabled={!canUndo} onClick={() => draftStore.getState().undo()} data-testid="undo" aria-label={t("editor.undo")}>
                  <ArrowUturnLeft />
                </IconButton>
              </Tooltip>
              <Tooltip content={t("editor.redo")}>
                <IconButton size="small" disabled={!canRedo} onClick={() => draftStore.getState().redo()} data-testid="redo" aria-label={t("editor.redo")}>
                  {/* The icon set has no redo arrow: the undo one, mirrored. */}
                  <ArrowUturnLeft style={{ transform: "scaleX(-1)" }} />
                </IconButton>
              </Tooltip>
            </>
          )}
          <LiveStatsControls journey={journey} />
          <ShortcutsHelp />
          <Button size="small" variant="secondary" asChild data-testid="open-enrollments">
            <Link to={`/journeys/${journey.id}/enrollments`}>{t("editor.customers")}</Link>
          </Button>
          <Button size="small" variant="secondary" onClick={() => setHistory(true)} data-testid="open-history">{t("editor.history")}</Button>
          <Button size="small" variant="secondary" onClick={() => setTesting(true)} data-testid="open-test">{t("testMode.open")}</Button>
          <LifecycleActions journey={journey} />
          {!readOnly && (
            <>
              <Button size="small" variant="secondary" onClick={() => void save()} isLoading={saveDraft.isPending} disabled={!unsaved} data-testid="save-draft">
                {t("editor.save")}
              </Button>
              <Button size="small" onClick={() => void onPublish()} data-testid="publish">{t("editor.publish")}</Button>
            </>
          )}
        </div>
      </Container>
      <SegmentReadBar />
      <PathOnCanvas journeyId={journey.id} path={path} store={store}>
        <EditorBody store={store} readOnly={readOnly} />
      </PathOnCanvas>
      <PublishDialog
        journeyId={journey.id}
        open={publishing}
        onOpenChange={setPublishing}
        hasLiveVersion={!!journey.published}
        liveDefinition={journey.published?.definition ?? null}
        draftDefinition={draftStore.getState().definition}
        onPublished={() => {
          setPublishing(false)
          toast.success(t("editor.published"))
        }}
      />
      <VersionHistory
        journeyId={journey.id}
        open={history}
        onOpenChange={setHistory}
        onReverted={(definition: unknown) => {
          draftStore.getState().load(definition)
          setView("draft")
          path?.clear()
        }}
      />
      <TestModeDrawer
        journey={journey}
        open={testing}
        onOpenChange={setTesting}
        unsaved={unsaved}
        onSave={save}
        view={store === liveStore ? "live" : "draft"}
        onStarted={(tested) => {
          path?.clear()
          setView(tested)
        }}
      />
    </div>
    </TestModeProvider>
    </SegmentReadsProvider>
    </LiveStatsProvider>
  )
}

/** The canvas and the panel of what is selected on it; a broken draft shows a message, not a blank page. */
const EditorBody = ({ store, readOnly }: { store: JourneyEditorStore; readOnly: boolean }) => (
  <div className="flex min-h-[400px] flex-1 gap-x-3">
    <Container className="relative flex-1 overflow-hidden p-0">
      <CanvasErrorBoundary>
        <JourneyCanvas store={store} readOnly={readOnly} />
      </CanvasErrorBoundary>
    </Container>
    <Container className="w-[380px] shrink-0 overflow-y-auto p-0" data-testid="selection-panel">
      <SelectionPanel store={store} readOnly={readOnly} />
    </Container>
  </div>
)

export default JourneyEditorPage
