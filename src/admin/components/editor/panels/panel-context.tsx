/**
 * What every control of a side panel needs: the store it writes to, whether it may write, and the
 * problems of the selection with the JSON path they are relative to.
 */
import { createContext, useContext } from "react"

import type { DefinitionError } from "../../../../engine"
import type { JourneyEditorStore } from "../../../lib/editor/store"
import { placeProblems, type PlacedProblems } from "./problems"

export type PanelContextValue = {
  store: JourneyEditorStore
  readOnly: boolean
  /** JSON path of what the panel edits: `nodes[3]`, `trigger` or `settings`. */
  base: string
  problems: DefinitionError[]
}

export const PanelContext = createContext<PanelContextValue | null>(null)

export function usePanel(): PanelContextValue {
  const panel = useContext(PanelContext)
  if (!panel) throw new Error("A panel control is used outside <SelectionPanel>")
  return panel
}

/** The selection's problems, each next to one of `fields` (paths relative to the panel's base) or unplaced. */
export function usePlacedProblems(fields: readonly string[]): PlacedProblems {
  const { problems, base } = usePanel()
  return placeProblems(problems, base, fields)
}
