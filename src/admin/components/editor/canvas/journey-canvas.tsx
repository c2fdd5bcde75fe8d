import { toast } from "@medusajs/ui"
import {
  Background,
  Controls,
  ReactFlow,
  ReactFlowProvider,
  useNodesInitialized,
  useReactFlow,
  type AriaLabelConfig,
  type Connection,
  type DefaultEdgeOptions,
  type EdgeTypes,
  type FitViewOptions,
  type NodeChange,
  type NodeTypes,
} from "@xyflow/react"
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type RefObject } from "react"
import { useTranslation } from "react-i18next"

import { CANVAS_NODE_SIZE, toCanvas, type CanvasEdge, type CanvasNode, type PlaceholderCanvasNode } from "../../../lib/editor/canvas"
import { TRIGGER_ID } from "../../../lib/editor/draft"
import { connect } from "../../../lib/editor/operations"
import { useJourneyEditor, type JourneyEditorStore } from "../../../lib/editor/store"
import { CANVAS_CSS } from "./canvas-styles"
import { CanvasContext, type CanvasContextValue } from "./canvas-context"
import { addStepAndSelect, deleteStep, duplicateAndSelect } from "./commands"
import { JourneyEdge } from "./journey-edge"
import { JourneyNode, PlaceholderNode, TriggerNode } from "./nodes"
import { Palette } from "./palette"
import { ProblemsPanel } from "./problems-panel"
import { EDITING_ACTIONS, keepsItsKeys, shortcutOf, type ShortcutAction } from "./shortcuts"
import { findStepChoice, type StepPlace } from "./steps"
import { revealViewport, viewEdges, viewNodes } from "./view"
import { LIVE_SIZING, useStripsShown } from "../../stats/live-stats"

export { ShortcutsHelp } from "./shortcuts-help"

const NODE_TYPES = { trigger: TriggerNode, journey: JourneyNode, placeholder: PlaceholderNode } satisfies NodeTypes
const EDGE_TYPES = { journey: JourneyEdge } satisfies EdgeTypes
const DEFAULT_EDGE_OPTIONS: DefaultEdgeOptions = { type: "journey", selectable: false, focusable: false }
/** No animation: the canvas is where it should be at once (and browser tests need no waiting). */
const FIT_VIEW_OPTIONS: FitViewOptions<CanvasNode> = { padding: 0.2, maxZoom: 1 }
/** What follows a revealed step: the gap between ranks (see canvas.ts's layout) and an open end's "+". */
const REVEAL_BELOW = 56 + CANVAS_NODE_SIZE.placeholder.height

type Props = {
  store: JourneyEditorStore
  /** The live version: nothing to add or change; selecting a step still shows it. */
  readOnly: boolean
}

/**
 * The journey drawn top to bottom from the store's draft, with the palette on the left (unless
 * read-only) and the problems panel under the canvas. Fills its parent's height.
 */
export const JourneyCanvas = ({ store, readOnly }: Props) => (
  <ReactFlowProvider>
    <CanvasBody store={store} readOnly={readOnly} />
  </ReactFlowProvider>
)

const CanvasBody = ({ store, readOnly }: Props) => {
  const { t } = useTranslation("journeys")
  // Laying out takes a while on large journeys (a tenth of a second at 300 steps): deferred, it
  // never holds up typing in the side panel. The three change together, so they stay consistent.
  const definition = useDeferredValue(useJourneyEditor(store, (state) => state.definition))
  const problems = useDeferredValue(useJourneyEditor(store, (state) => state.problems))
  const selection = useDeferredValue(useJourneyEditor(store, (state) => state.selection))
  // The live view's steps are taller, for their numbers; a refresh of the numbers changes nothing here.
  const strips = useStripsShown()
  const canvas = useMemo(() => toCanvas(definition, problems, strips ? LIVE_SIZING : undefined), [definition, problems, strips])
  const nodes = useStableNodes(canvas.nodes, selection)
  const edges = useStableEdges(canvas.edges)
  const placeholders = useMemo(
    () => canvas.nodes.filter((node): node is PlaceholderCanvasNode => node.type === "placeholder"),
    [canvas.nodes]
  )
  const flow = useReactFlow<CanvasNode, CanvasEdge>()
  const [dragging, setDragging] = useState(false)
  // xyflow frames the first view once every node is measured, and measures only the nodes it
  // draws: drawing only those in view from the start, a journey wider than the first view was
  // never framed (a blank canvas). Every node is drawn until that first framing.
  const measured = useNodesInitialized()
  const [framedOnce, setFramedOnce] = useState(false)
  useEffect(() => {
    if (measured) setFramedOnce(true)
  }, [measured])

  const addStep = useCallback(
    (place: StepPlace, choiceId: string) => {
      const choice = findStepChoice(choiceId)
      if (!choice || !addStepAndSelect(store, place, choice)) toast.warning(t("canvas.palette.nowhere"))
    },
    [store, t]
  )
  const context = useMemo<CanvasContextValue>(() => ({ store, readOnly, addStep }), [store, readOnly, addStep])

  const fit = useCallback(() => void flow.fitView(FIT_VIEW_OPTIONS), [flow])
  const root = useRef<HTMLDivElement>(null)
  useShortcuts(store, readOnly, fit, root)
  // Switching between the draft and the live version shows another journey: frame it too.
  const framed = useRef(store)
  useEffect(() => {
    if (framed.current === store) return
    framed.current = store
    fit()
  }, [store, fit])

  // A step just added, or selected from elsewhere, may lie off screen: pan it in, with the open
  // ends under it where the next step goes.
  const frame = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const node = nodes.find((candidate) => candidate.id === selection)
    const box = frame.current
    if (!node || !box) return
    const viewport = revealViewport(node, REVEAL_BELOW, flow.getViewport(), { width: box.clientWidth, height: box.clientHeight })
    if (viewport) void flow.setViewport(viewport)
    // Only when the selection changes: typing in the side panel must not pull the view back.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selection])

  // Selection lives in the store: xyflow's select changes (a click, Enter on a focused node) are forwarded.
  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      for (const change of changes) {
        if (change.type !== "select") continue
        const state = store.getState()
        if (change.selected) state.select(change.id)
        else if (state.selection === change.id) state.select(null)
      }
    },
    [store]
  )
  const onPaneClick = useCallback(() => store.getState().select(null), [store])
  const isValidConnection = useCallback(
    (connection: Connection | CanvasEdge) => flow.getNode(connection.target)?.type === "journey",
    [flow]
  )
  const onConnect = useCallback(
    ({ source, sourceHandle, target }: Connection) => {
      if (sourceHandle) store.getState().apply((current) => connect(current, source, sourceHandle, target))
    },
    [store]
  )
  const ariaLabels = useMemo<Partial<AriaLabelConfig>>(
    () => ({
      "node.a11yDescription.default": t("canvas.a11y.node"),
      "edge.a11yDescription.default": t("canvas.a11y.edge"),
      "controls.ariaLabel": t("canvas.a11y.controls"),
      "controls.zoomIn.ariaLabel": t("canvas.a11y.zoomIn"),
      "controls.zoomOut.ariaLabel": t("canvas.a11y.zoomOut"),
      "controls.fitView.ariaLabel": t("canvas.a11y.fitView"),
      "handle.ariaLabel": t("canvas.a11y.handle"),
    }),
    [t]
  )

  return (
    <CanvasContext.Provider value={context}>
      <style>{CANVAS_CSS}</style>
      <div className="jc-root" ref={root} data-testid="journey-canvas" data-read-only={readOnly} data-dragging={dragging}>
        {!readOnly && <Palette placeholders={placeholders} onDragging={setDragging} />}
        <div className="jc-main">
          <div className="jc-flow" ref={frame}>
            <ReactFlow<CanvasNode, CanvasEdge>
              nodes={nodes}
              edges={edges}
              nodeTypes={NODE_TYPES}
              edgeTypes={EDGE_TYPES}
              defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
              fitView
              fitViewOptions={FIT_VIEW_OPTIONS}
              onlyRenderVisibleElements={framedOnce}
              nodesDraggable={false}
              nodesConnectable={!readOnly}
              elementsSelectable
              deleteKeyCode={null}
              selectionKeyCode={null}
              multiSelectionKeyCode={null}
              zoomOnDoubleClick={false}
              minZoom={0.1}
              maxZoom={2}
              onNodesChange={onNodesChange}
              onPaneClick={onPaneClick}
              isValidConnection={isValidConnection}
              onConnect={onConnect}
              ariaLabelConfig={ariaLabels}
              aria-label={t("canvas.label")}
            >
              <Background />
              <Controls showInteractive={false} fitViewOptions={FIT_VIEW_OPTIONS} />
            </ReactFlow>
          </div>
          <ProblemsPanel store={store} />
        </div>
      </div>
    </CanvasContext.Provider>
  )
}

/** The nodes to draw, the unchanged ones being the objects drawn before (see `viewNodes`). */
function useStableNodes(nodes: CanvasNode[], selection: string | null): CanvasNode[] {
  const drawn = useRef(new Map<string, CanvasNode>())
  return useMemo(() => {
    const next = viewNodes(nodes, selection, drawn.current)
    drawn.current = new Map(next.map((node) => [node.id, node]))
    return next
  }, [nodes, selection])
}

function useStableEdges(edges: CanvasEdge[]): CanvasEdge[] {
  const drawn = useRef(new Map<string, CanvasEdge>())
  return useMemo(() => {
    const next = viewEdges(edges, drawn.current)
    drawn.current = new Map(next.map((edge) => [edge.id, edge]))
    return next
  }, [edges])
}

/**
 * The keyboard shortcuts, wherever the focus is on the page except where keys mean something
 * else (fields, dialogs, menus); deleting only from the canvas or the page itself, not from a
 * button of the side panel or the header. A read-only canvas answers only those that change nothing.
 */
function useShortcuts(store: JourneyEditorStore, readOnly: boolean, fit: () => void, scope: RefObject<HTMLElement>) {
  useEffect(() => {
    const run = (action: ShortcutAction, target: EventTarget | null): boolean => {
      const state = store.getState()
      const step = state.selection !== null && state.selection !== TRIGGER_ID ? state.selection : null
      switch (action) {
        case "undo":
          state.undo()
          return true
        case "redo":
          state.redo()
          return true
        case "delete": {
          if (step === null || !withinCanvas(target, scope.current)) return false
          deleteStep(store, step)
          return true
        }
        case "duplicate":
          // Claimed even with nothing selected: the browser would bookmark the page.
          if (step !== null) duplicateAndSelect(store, step)
          return true
        case "deselect":
          state.select(null)
          return true
        case "fit":
          fit()
          return true
      }
    }
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || keepsItsKeys(event.target)) return
      const action = shortcutOf(event)
      if (action === null || (readOnly && EDITING_ACTIONS.has(action))) return
      if (run(action, event.target)) event.preventDefault()
    }
    window.addEventListener("keydown", onKeyDown)
    return () => window.removeEventListener("keydown", onKeyDown)
  }, [store, readOnly, fit, scope])
}

/**
 * Whether a key press comes from the canvas (or the page itself, nothing focused). A menu of the
 * canvas is portalled out of it, and still holds the focus while it closes after a choice.
 */
function withinCanvas(target: EventTarget | null, canvas: HTMLElement | null): boolean {
  if (target === document.body) return true
  if (!(target instanceof Element)) return false
  return canvas?.contains(target) === true || target.closest('[role="menu"][data-state="closed"]') !== null
}
