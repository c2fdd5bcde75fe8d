/**
 * What the canvas's buttons, menus and shortcuts do to the editor store, each one history step.
 */
import { portsOf, type DraftDefinition } from "../../../lib/editor/draft"
import { deleteNode, duplicateBranch, duplicateNode, flipBranches } from "../../../lib/editor/operations"
import type { JourneyEditorStore } from "../../../lib/editor/store"
import { addedNodeId, addStep, type StepChoice, type StepPlace } from "./steps"

/** The context actions a step offers: those that would change something. */
export type StepActions = { duplicate: boolean; branches: string[]; flip: boolean }

export function stepActions(definition: DraftDefinition, id: string): StepActions {
  const node = definition.nodes.find((candidate) => candidate.id === id)
  if (!node) return { duplicate: false, branches: [], flip: false }
  return {
    duplicate: duplicateNode(definition, id) !== definition,
    branches: [...new Set(portsOf(node))].filter((port) => duplicateBranch(definition, id, port) !== definition),
    flip: flipBranches(definition, id) !== definition,
  }
}

/** Adds a step and selects it, so its side panel opens; false when it cannot go there. */
export function addStepAndSelect(store: JourneyEditorStore, place: StepPlace, choice: StepChoice): boolean {
  let added: string | null = null
  store.getState().apply((current) => {
    const result = addStep(current, place, choice)
    added = result?.nodeId ?? null
    return result?.definition ?? current
  })
  if (added !== null) store.getState().select(added)
  return added !== null
}

/** Duplicates a step and selects the copy, the step the merchant goes on editing. */
export function duplicateAndSelect(store: JourneyEditorStore, id: string): void {
  const before = store.getState().definition
  store.getState().apply((current) => duplicateNode(current, id))
  const copy = addedNodeId(before, store.getState().definition)
  if (copy !== null) store.getState().select(copy)
}

export function deleteStep(store: JourneyEditorStore, id: string): void {
  store.getState().apply((current) => deleteNode(current, id))
}

export function duplicateStepBranch(store: JourneyEditorStore, id: string, port: string): void {
  store.getState().apply((current) => duplicateBranch(current, id, port))
}

export function flipStepBranches(store: JourneyEditorStore, id: string): void {
  store.getState().apply((current) => flipBranches(current, id))
}
