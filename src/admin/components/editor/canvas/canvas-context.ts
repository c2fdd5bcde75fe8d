import { createContext, useContext } from "react"

import type { JourneyEditorStore } from "../../../lib/editor/store"
import type { StepPlace } from "./steps"

/** What the node and edge components (registered once, at module level) need from their canvas. */
export type CanvasContextValue = {
  store: JourneyEditorStore
  readOnly: boolean
  /** Adds the step of a palette / menu choice at a place and selects it; tells the merchant when it cannot go there. */
  addStep(place: StepPlace, choiceId: string): void
}

export const CanvasContext = createContext<CanvasContextValue | null>(null)

export function useCanvas(): CanvasContextValue {
  const value = useContext(CanvasContext)
  if (!value) throw new Error("A canvas node or edge was drawn outside <JourneyCanvas>")
  return value
}
