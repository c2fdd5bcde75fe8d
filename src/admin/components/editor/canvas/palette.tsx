import { Text, toast } from "@medusajs/ui"
import { Fragment, type DragEvent } from "react"
import { useTranslation } from "react-i18next"

import type { PlaceholderCanvasNode } from "../../../lib/editor/canvas"
import { useCanvas } from "./canvas-context"
import { StepIcon } from "./step-icon"
import { paletteTarget, STEP_CHOICES, STEP_DRAG_TYPE, STEP_GROUPS, type StepChoice } from "./steps"
import { stepLabelKey } from "./summaries"

type Props = {
  /** The canvas's open ends, where a click adds its step when nothing is selected. */
  placeholders: readonly PlaceholderCanvasNode[]
  /** Told when a drag starts and ends, so the canvas can point out where to drop. */
  onDragging(dragging: boolean): void
}

/** The steps to add: a click adds after the selected step, a drag drops onto any "+". */
export const Palette = ({ placeholders, onDragging }: Props) => {
  const { t } = useTranslation("journeys")
  const { store, addStep } = useCanvas()

  const add = (choice: StepChoice) => {
    const { definition, selection } = store.getState()
    const place = paletteTarget(definition, selection, placeholders)
    if (place) addStep(place, choice.id)
    else toast.warning(t("canvas.palette.nowhere"))
  }
  const startDrag = (event: DragEvent, choice: StepChoice) => {
    event.dataTransfer.setData(STEP_DRAG_TYPE, choice.id)
    event.dataTransfer.effectAllowed = "copy"
    onDragging(true)
  }

  return (
    <aside className="jc-palette" data-testid="palette" aria-label={t("canvas.palette.title")}>
      <Text size="small" weight="plus">{t("canvas.palette.title")}</Text>
      <p className="jc-palette-hint">{t("canvas.palette.hint")}</p>
      {STEP_GROUPS.map((group) => (
        <Fragment key={group}>
          <div className="jc-palette-group">{t(`canvas.groups.${group}`)}</div>
          {STEP_CHOICES.filter((choice) => choice.group === group).map((choice) => {
            const labelKey = stepLabelKey(choice.type, choice.channel)
            return (
              <button
                key={choice.id}
                type="button"
                draggable
                className="jc-palette-item"
                data-testid={`palette-${choice.id}`}
                onClick={() => add(choice)}
                onDragStart={(event) => startDrag(event, choice)}
                onDragEnd={() => onDragging(false)}
              >
                <StepIcon labelKey={labelKey} />
                <span>{t(`canvas.steps.${labelKey}`)}</span>
              </button>
            )
          })}
        </Fragment>
      ))}
    </aside>
  )
}
