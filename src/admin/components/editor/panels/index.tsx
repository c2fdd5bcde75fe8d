/**
 * The side panel of the journey editor: the panel of what is selected on the canvas (the trigger, a
 * step by its type) or, with nothing selected, the journey's settings. Panels write to the store
 * (one undo step per field typed in) and show the validator's problems next to the field they name.
 */
import { useMemo } from "react"
import { useTranslation } from "react-i18next"

import { isNodeType, type JourneyNodeType } from "../../../../engine"
import { TRIGGER_ID, type DraftNode } from "../../../lib/editor/draft"
import { useJourneyEditor, type JourneyEditorStore } from "../../../lib/editor/store"
import { ExitPanel, FrequencyCapPanel, UpdateCustomerPanel, WebhookPanel } from "./action-panels"
import { ConditionPanel, RandomSplitPanel } from "./branch-panels"
import { PanelFrame } from "./controls"
import { PanelContext, usePlacedProblems, type PanelContextValue } from "./panel-context"
import { selectionProblems } from "./problems"
import { SendPanel } from "./send-panel"
import { SettingsPanel } from "./settings-panel"
import { TriggerPanel } from "./trigger-panel"
import { WaitForEventPanel, WaitPanel, WaitUntilPanel } from "./wait-panels"

export const SelectionPanel = ({ store, readOnly }: { store: JourneyEditorStore; readOnly: boolean }) => {
  const selection = useJourneyEditor(store, (state) => state.selection)
  const definition = useJourneyEditor(store, (state) => state.definition)
  const problems = useJourneyEditor(store, (state) => state.problems)
  const node = selection === null || selection === TRIGGER_ID ? undefined : definition.nodes.find((candidate) => candidate.id === selection)
  const context = useMemo((): PanelContextValue => {
    const { base, problems: own } = selectionProblems(definition, problems, selection)
    return { store, readOnly, base, problems: own }
  }, [store, readOnly, definition, problems, selection])

  return (
    <PanelContext.Provider value={context}>
      {/* A disabled fieldset disables every control inside: the read-only view is the same panels. */}
      <fieldset disabled={readOnly} className="min-w-0 border-0 p-0" data-testid="selection-panel-body" data-read-only={readOnly}>
        {selection === TRIGGER_ID ? (
          <TriggerPanel trigger={definition.trigger} />
        ) : node ? (
          // Keyed by node: what is being typed in one step's panel never shows in another's.
          <NodePanel key={node.id} node={node} />
        ) : (
          <SettingsPanel settings={definition.settings} />
        )}
      </fieldset>
    </PanelContext.Provider>
  )
}

const NodePanel = ({ node }: { node: DraftNode }) => {
  const { t } = useTranslation("journeys")
  if (!isNodeType(node.type)) return <UnknownNodePanel node={node} />
  const title = stepLabel(t, node.type)
  switch (node.type) {
    case "send":
      return <SendPanel node={node} title={title} />
    case "wait":
      return <WaitPanel node={node} title={title} />
    case "wait_until":
      return <WaitUntilPanel node={node} title={title} />
    case "wait_for_event":
      return <WaitForEventPanel node={node} title={title} />
    case "condition":
      return <ConditionPanel node={node} title={title} />
    case "random_split":
      return <RandomSplitPanel node={node} title={title} />
    case "frequency_cap":
      return <FrequencyCapPanel node={node} title={title} />
    case "update_customer":
      return <UpdateCustomerPanel node={node} title={title} />
    case "webhook":
      return <WebhookPanel node={node} title={title} />
    case "exit":
      return <ExitPanel node={node} title={title} />
  }
}

/** A step of a type this version does not know (a newer export): its problems, nothing to edit. */
const UnknownNodePanel = ({ node }: { node: DraftNode }) => {
  const { t } = useTranslation("journeys")
  const placed = usePlacedProblems([])
  return (
    <PanelFrame
      testId="panel-unknown"
      title={t("canvas.steps.unknown")}
      id={node.id}
      description={t("panels.unknown", { type: String(node.type) })}
      problems={placed.unplaced}
    />
  )
}

type T = ReturnType<typeof useTranslation>["t"]

/** The step's name as the canvas shows it. */
function stepLabel(t: T, type: JourneyNodeType): string {
  switch (type) {
    case "send":
      return t("canvas.steps.send")
    case "wait":
      return t("canvas.steps.wait")
    case "wait_until":
      return t("canvas.steps.wait_until")
    case "wait_for_event":
      return t("canvas.steps.wait_for_event")
    case "condition":
      return t("canvas.steps.condition")
    case "random_split":
      return t("canvas.steps.random_split")
    case "frequency_cap":
      return t("canvas.steps.frequency_cap")
    case "update_customer":
      return t("canvas.steps.update_customer")
    case "webhook":
      return t("canvas.steps.webhook")
    case "exit":
      return t("canvas.steps.exit")
  }
}
