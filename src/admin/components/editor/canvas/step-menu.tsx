import { EllipsisHorizontal } from "@medusajs/icons"
import { DropdownMenu, IconButton } from "@medusajs/ui"
import { useTranslation } from "react-i18next"

import { useJourneyEditor } from "../../../lib/editor/store"
import { useCanvas } from "./canvas-context"
import { deleteStep, duplicateAndSelect, duplicateStepBranch, flipStepBranches, stepActions } from "./commands"
import { stopPropagation } from "./insert-menu"
import { portLabel } from "./summaries"

/** The "…" menu of the selected step: duplicate it or one of its branches, flip a yes/no condition, delete it. */
export const StepMenu = ({ id }: { id: string }) => {
  const { t } = useTranslation("journeys")
  return (
    <DropdownMenu>
      <DropdownMenu.Trigger asChild>
        <IconButton
          size="2xsmall"
          variant="transparent"
          className="jc-node-menu nodrag nopan"
          data-testid={`node-menu-${id}`}
          aria-label={t("canvas.node.actions")}
        >
          <EllipsisHorizontal />
        </IconButton>
      </DropdownMenu.Trigger>
      {/* Portalled, yet React bubbles its clicks to the node, which would select a step just deleted. */}
      <DropdownMenu.Content align="end" onClick={stopPropagation} data-testid={`node-menu-content-${id}`}>
        <StepMenuItems id={id} />
      </DropdownMenu.Content>
    </DropdownMenu>
  )
}

const StepMenuItems = ({ id }: { id: string }) => {
  const { t } = useTranslation("journeys")
  const { store } = useCanvas()
  const definition = useJourneyEditor(store, (state) => state.definition)
  const node = definition.nodes.find((candidate) => candidate.id === id)
  if (!node) return null
  const actions = stepActions(definition, id)
  return (
    <>
      <DropdownMenu.Item disabled={!actions.duplicate} onSelect={() => duplicateAndSelect(store, id)} data-testid="node-action-duplicate">
        {t("canvas.actions.duplicate")}
      </DropdownMenu.Item>
      {actions.branches.map((port) => (
        <DropdownMenu.Item key={port} onSelect={() => duplicateStepBranch(store, id, port)} data-testid={`node-action-duplicate-branch-${port}`}>
          {t("canvas.actions.duplicateBranch", { port: portLabel(node, port, t) })}
        </DropdownMenu.Item>
      ))}
      {actions.flip && (
        <DropdownMenu.Item onSelect={() => flipStepBranches(store, id)} data-testid="node-action-flip">
          {t("canvas.actions.flip")}
        </DropdownMenu.Item>
      )}
      <DropdownMenu.Separator />
      <DropdownMenu.Item onSelect={() => deleteStep(store, id)} className="text-ui-fg-error" data-testid="node-action-delete">
        {t("canvas.actions.delete")}
      </DropdownMenu.Item>
    </>
  )
}
