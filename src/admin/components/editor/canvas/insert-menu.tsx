import { PlusMini } from "@medusajs/icons"
import { DropdownMenu } from "@medusajs/ui"
import { Fragment, useState, type DragEvent, type SyntheticEvent } from "react"
import { useTranslation } from "react-i18next"

import { useJourneyEditor } from "../../../lib/editor/store"
import { useCanvas } from "./canvas-context"
import { StepIcon } from "./step-icon"
import { addStep, STEP_CHOICES, STEP_DRAG_TYPE, STEP_GROUPS, type StepPlace } from "./steps"
import { stepLabelKey } from "./summaries"

/**
 * A "+" that adds a step at a place: on an edge (inserted between its ends) or at an open end.
 * Click it for the menu of steps, or drop a palette item on it.
 */
export const InsertButton = ({ place, testId, label }: { place: StepPlace; testId: string; label: string }) => {
  const drop = useStepDrop(place)
  return (
    <DropdownMenu>
      <DropdownMenu.Trigger asChild>
        <button type="button" className="jc-plus nodrag nopan" data-testid={testId} aria-label={label} title={label} {...drop}>
          <PlusMini />
        </button>
      </DropdownMenu.Trigger>
      {/* The menu is portalled, but React bubbles its clicks to the node around the "+": keep them here. */}
      <DropdownMenu.Content onClick={stopPropagation} data-testid="insert-menu">
        <InsertMenuItems place={place} />
      </DropdownMenu.Content>
    </DropdownMenu>
  )
}

/** Mounted only while the menu is open: reads the draft to grey out the steps that cannot go here. */
const InsertMenuItems = ({ place }: { place: StepPlace }) => {
  const { t } = useTranslation("journeys")
  const { store, addStep: add } = useCanvas()
  const definition = useJourneyEditor(store, (state) => state.definition)
  return (
    <>
      {STEP_GROUPS.map((group, index) => (
        <Fragment key={group}>
          {index > 0 && <DropdownMenu.Separator />}
          <DropdownMenu.Group>
            <DropdownMenu.Label>{t(`canvas.groups.${group}`)}</DropdownMenu.Label>
            {STEP_CHOICES.filter((choice) => choice.group === group).map((choice) => {
              const labelKey = stepLabelKey(choice.type, choice.channel)
              // Only an exit can be refused, on an edge: it would cut off the steps after it.
              const fits = addStep(definition, place, choice) !== null
              return (
                <DropdownMenu.Item
                  key={choice.id}
                  disabled={!fits}
                  onSelect={() => add(place, choice.id)}
                  data-testid={`insert-menu-${choice.id}`}
                  className="gap-x-2"
                >
                  <StepIcon labelKey={labelKey} />
                  <span>{t(`canvas.steps.${labelKey}`)}</span>
                  {!fits && <DropdownMenu.Hint>{t("canvas.insert.endOnly")}</DropdownMenu.Hint>}
                </DropdownMenu.Item>
              )
            })}
          </DropdownMenu.Group>
        </Fragment>
      ))}
    </>
  )
}

/** Makes an element a drop target for palette items. */
function useStepDrop(place: StepPlace) {
  const { addStep: add } = useCanvas()
  const [over, setOver] = useState(false)
  const carriesStep = (event: DragEvent) => event.dataTransfer.types.includes(STEP_DRAG_TYPE)
  return {
    "data-over": over,
    onDragOver(event: DragEvent) {
      if (!carriesStep(event)) return
      event.preventDefault()
      event.dataTransfer.dropEffect = "copy"
      setOver(true)
    },
    onDragLeave() {
      setOver(false)
    },
    onDrop(event: DragEvent) {
      if (!carriesStep(event)) return
      event.preventDefault()
      setOver(false)
      add(place, event.dataTransfer.getData(STEP_DRAG_TYPE))
    },
  }
}

export function stopPropagation(event: SyntheticEvent) {
  event.stopPropagation()
}
