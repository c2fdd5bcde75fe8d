/**
 * The state of one open journey in the editor: the draft, what was last saved, the selected node
 * and the undo history. A vanilla zustand store, so it runs (and is tested) without React; the
 * components read it through `useJourneyEditor`.
 */
import { useStore } from "zustand"
import { createStore, type StoreApi } from "zustand/vanilla"

import { validateDefinition, type DefinitionError } from "../../../engine"
import { readDraft, TRIGGER_ID, type DraftDefinition } from "./draft"
import { updateNode, type NodePatch } from "./operations"

/** One change to the draft: any function of `./operations`, bound to its arguments. */
export type Operation = (definition: DraftDefinition) => DraftDefinition

export type JourneyEditorState = {
  definition: DraftDefinition
  /** The draft as last saved, to tell whether there are unsaved changes (`hasUnsavedChanges`). */
  saved: DraftDefinition
  /** A node id, `TRIGGER_ID`, or nothing. */
  selection: string | null
  /** Drafts before each step, oldest first; `future` holds the steps undone, next first. */
  past: DraftDefinition[]
  future: DraftDefinition[]
  /** What `validateDefinition` says of the draft. */
  problems: DefinitionError[]
  /**
   * Applies an operation as one history step. Consecutive operations with the same `coalesce` key
   * make a single step: typing in a field is one step, not one per keystroke.
   */
  apply(operation: Operation, coalesce?: string): void
  /**
   * Sets fields of a node. `typing` names the field typed in (`tag`, `branches[0].port`,
   * `branches[0].where.all[1].value`): keystrokes in one field of one node in a row are one step.
   * Without it (a choice, an item added, removed or moved) the edit is a step of its own.
   */
  edit(nodeId: string, patch: NodePatch, typing?: string): void
  select(nodeId: string | null): void
  undo(): void
  redo(): void
  /**
   * Records `definition` (by default the current draft) as saved. Pass the draft that was sent:
   * typing goes on while the request is under way.
   */
  markSaved(definition?: DraftDefinition): void
  /** Opens a draft as stored (read leniently, see `readDraft`), forgetting the history. */
  load(definition: unknown): void
}

/** Older steps are dropped beyond this many. */
export const HISTORY_LIMIT = 100

export type JourneyEditorStore = StoreApi<JourneyEditorState>

export function createJourneyEditorStore(definition: unknown): JourneyEditorStore {
  // The key of the step that is still open to coalescing; any other action closes it.
  let open: string | null = null

  return createStore<JourneyEditorState>()((set, get) => {
    const show = (next: DraftDefinition) => {
      const { selection } = get()
      const kept = selection === TRIGGER_ID || next.nodes.some((node) => node.id === selection)
      return { definition: next, problems: problemsOf(next), selection: kept ? selection : null }
    }
    const opened = (input: unknown) => {
      const draft = readDraft(input)
      return { definition: draft, saved: draft, problems: problemsOf(draft), selection: null, past: [], future: [] }
    }

    return {
      ...opened(definition),
      apply(operation, coalesce) {
        const { definition: current, past } = get()
        const next = operation(current)
        if (next === current) return
        const merged = coalesce !== undefined && coalesce === open
        open = coalesce ?? null
        set({ ...show(next), past: merged ? past : [...past, current].slice(-HISTORY_LIMIT), future: [] })
      },
      edit(nodeId, patch, typing) {
        get().apply((current) => updateNode(current, nodeId, patch), typing === undefined ? undefined : `node:${nodeId}:${typing}`)
      },
      select(nodeId) {
        if (nodeId !== get().selection) open = null
        set({ selection: nodeId })
      },
      undo() {
        const { definition: current, past, future } = get()
        const previous = past[past.length - 1]
        if (previous === undefined) return
        open = null
        set({ ...show(previous), past: past.slice(0, -1), future: [current, ...future] })
      },
      redo() {
        const { definition: current, past, future } = get()
        const [next, ...rest] = future
        if (next === undefined) return
        open = null
        set({ ...show(next), past: [...past, current], future: rest })
      },
      markSaved(saved = get().definition) {
        open = null
        set({ saved })
      },
      load(input) {
        open = null
        set(opened(input))
      },
    }
  })
}

export function useJourneyEditor<T>(store: JourneyEditorStore, selector: (state: JourneyEditorState) => T): T {
  return useStore(store, selector)
}

/** Whether the draft differs from the saved one in content (undoing back to it, or retyping a value, is no change). */
export function hasUnsavedChanges(state: Pick<JourneyEditorState, "definition" | "saved">): boolean {
  return !sameJson(state.definition, state.saved)
}

const validated = new WeakMap<DraftDefinition, DefinitionError[]>()

/** The validator's problems with a draft, computed once per draft object (undo and redo bring back known ones). */
export function problemsOf(definition: DraftDefinition): DefinitionError[] {
  const known = validated.get(definition)
  if (known) return known
  const { errors } = validateDefinition(definition)
  validated.set(definition, errors)
  return errors
}

/** Equal as JSON: fields set to undefined count as absent. Iterative, so no draft is too deep for it. */
function sameJson(a: unknown, b: unknown): boolean {
  const defined = (value: object) =>
    Object.entries(value).filter(([, field]) => field !== undefined) as [string, unknown][]
  const pending: [unknown, unknown][] = [[a, b]]
  for (let pair = pending.pop(); pair !== undefined; pair = pending.pop()) {
    const [left, right] = pair
    if (left === right) continue
    if (typeof left !== "object" || typeof right !== "object" || left === null || right === null) return false
    if (Array.isArray(left) !== Array.isArray(right)) return false
    const fields = defined(left)
    if (fields.length !== defined(right).length) return false
    for (const [key, field] of fields) pending.push([field, (right as Record<string, unknown>)[key]])
  }
  return true
}
