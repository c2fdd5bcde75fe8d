/** The trigger's panel: what starts the journey, and which customers it lets in. */
import { Checkbox, Hint, Input, Label, RadioGroup, Select, Text } from "@medusajs/ui"
import { useId } from "react"
import { useTranslation } from "react-i18next"

import { TRIGGER_TYPES } from "../../../../engine"
import type { DraftTrigger } from "../../../lib/editor/draft"
import { SegmentPicker } from "../../segments/segment-picker"
import { updateTrigger, type TriggerPatch } from "../../../lib/editor/operations"
import { EventNameInput, Field, NumberInput, PanelFrame, ProblemList, WeekdayButtons } from "./controls"
import { TRIGGER_EVENTS } from "./fields"
import { usePanel, usePlacedProblems } from "./panel-context"
import { joinPath } from "./problems"
import { OptionalRule } from "./rule-builder"

type TriggerType = DraftTrigger["type"]
type SegmentTrigger = Extract<DraftTrigger, { type: "segment" }>

/** When a read is first made to repeat: every day, at the start of a working day. */
const FIRST_REPEAT = { at: "08:00" }

export const TriggerPanel = ({ trigger }: { trigger: DraftTrigger | undefined }) => {
  const { t } = useTranslation("journeys")
  const { store, base } = usePanel()
  const id = useId()
  const placed = usePlacedProblems(["type", "event", "idle_minutes", "segment_id", "repeat", "repeat.at", "repeat.days", "dedupe_by_email", "where"])
  // Typing in a field is one undo step; a choice (the type) is a step of its own.
  const set = (patch: TriggerPatch, typing?: string) =>
    store.getState().apply((draft) => updateTrigger(draft, patch), typing && `trigger:${typing}`)
  const typeLabel = (type: TriggerType) => {
    switch (type) {
      case "event":
        return t("trigger.types.event")
      case "cart_abandoned":
        return t("trigger.types.cart_abandoned")
      case "customer_created":
        return t("trigger.types.customer_created")
      case "segment":
        return t("trigger.types.segment")
    }
  }
  const where = trigger && (trigger.type === "event" || trigger.type === "cart_abandoned") ? trigger : undefined

  return (
    <PanelFrame
      testId="panel-trigger"
      title={trigger ? t("panels.trigger.titleOf", { type: typeLabel(trigger.type) }) : t("panels.trigger.title")}
      description={t("panels.trigger.description")}
      problems={placed.unplaced}
    >
      <Field id={`${id}-type`} label={t("panels.trigger.type")} problems={placed.at.type} testId="trigger-type">
        <Select value={trigger?.type ?? ""} onValueChange={(type) => set({ type: type as TriggerType })}>
          <Select.Trigger id={`${id}-type`} data-testid="field-trigger-type">
            <Select.Value placeholder={t("panels.trigger.chooseType")} />
          </Select.Trigger>
          <Select.Content>
            {TRIGGER_TYPES.map((type) => (
              <Select.Item key={type} value={type} data-testid={`trigger-type-${type}`}>{typeLabel(type)}</Select.Item>
            ))}
          </Select.Content>
        </Select>
      </Field>

      {trigger?.type === "event" && (
        <Field id={`${id}-event`} label={t("panels.trigger.event")} problems={placed.at.event} testId="event">
          <EventNameInput
            id={`${id}-event`}
            value={trigger.event ?? ""}
            suggestions={TRIGGER_EVENTS}
            onChange={(event) => set({ event }, "event")}
            testId="field-event"
          />
        </Field>
      )}

      {trigger?.type === "cart_abandoned" && (
        <Field
          id={`${id}-idle`}
          label={t("panels.trigger.idleMinutes")}
          hint={t("panels.trigger.idleHint")}
          problems={placed.at.idle_minutes}
          testId="idle-minutes"
        >
          <NumberInput
            id={`${id}-idle`}
            min={1}
            step={1}
            value={trigger.idle_minutes}
            onChange={(idle_minutes) => set({ idle_minutes }, "idle_minutes")}
            data-testid="field-idle-minutes"
          />
        </Field>
      )}

      {trigger?.type === "customer_created" && <Text size="small" className="text-ui-fg-subtle">{t("panels.trigger.customerCreated")}</Text>}

      {trigger?.type === "segment" && (
        <Field
          id={`${id}-segment`}
          label={t("panels.trigger.segment")}
          hint={t("panels.trigger.segmentHint")}
          problems={placed.at.segment_id}
          testId="segment-id"
        >
          <SegmentPicker id={`${id}-segment`} value={trigger.segment_id} onChange={(segment_id) => set({ segment_id })} />
        </Field>
      )}
      {trigger?.type === "segment" && <SegmentReadFields trigger={trigger} set={set} placed={placed.at} />}

      {where && (
        <OptionalRule
          value={where.where}
          onChange={(rule, typing) => set({ where: rule }, typing && joinPath("where", typing))}
          base={joinPath(base, "where")}
          problems={placed.at.where}
          label={where.type === "cart_abandoned" ? t("panels.trigger.cartRule") : t("panels.trigger.eventRule")}
          hint={where.type === "cart_abandoned" ? t("panels.trigger.cartRuleHint") : t("panels.trigger.eventRuleHint")}
          testId="where"
        />
      )}
      {!trigger && <Hint>{t("panels.trigger.none")}</Hint>}
    </PanelFrame>
  )
}

/** When a segment trigger reads its segment (once, or again on a schedule), and whether an email address enters once. */
const SegmentReadFields = ({
  trigger,
  set,
  placed,
}: {
  trigger: SegmentTrigger
  set: (patch: TriggerPatch, typing?: string) => void
  placed: ReturnType<typeof usePlacedProblems>["at"]
}) => {
  const { t } = useTranslation("journeys")
  const id = useId()
  const repeat = trigger.repeat
  const choice = (value: "once" | "repeat") =>
    value === "once"
      ? { label: t("panels.trigger.readOnce"), description: t("panels.trigger.readOnceHint") }
      : { label: t("panels.trigger.readRepeat"), description: t("panels.trigger.readRepeatHint") }
  return (
    <>
      <Field label={t("panels.trigger.readWhen")} problems={placed.repeat} testId="repeat">
        <RadioGroup
          value={repeat ? "repeat" : "once"}
          onValueChange={(value) => set({ repeat: value === "repeat" ? FIRST_REPEAT : undefined })}
          aria-label={t("panels.trigger.readWhen")}
          className="flex flex-col gap-y-2"
          data-testid="field-repeat"
        >
          {(["once", "repeat"] as const).map((value) => (
            <RadioGroup.ChoiceBox key={value} value={value} {...choice(value)} data-testid={`repeat-${value}`} />
          ))}
        </RadioGroup>
      </Field>
      {repeat && (
        <>
          <Field
            label={t("panels.trigger.repeatDays")}
            hint={repeat.days === undefined ? t("panels.waitUntil.everyDay") : undefined}
            problems={placed["repeat.days"]}
            testId="repeat-days"
          >
            <WeekdayButtons
              label={t("panels.trigger.repeatDays")}
              days={repeat.days}
              onChange={(days) => set({ repeat: days ? { ...repeat, days } : { at: repeat.at } })}
              testId="field-repeat-days"
            />
          </Field>
          <Field id={`${id}-at`} label={t("panels.trigger.repeatAt")} hint={t("panels.trigger.repeatAtHint")} problems={placed["repeat.at"]} testId="repeat-at">
            <Input
              id={`${id}-at`}
              type="time"
              value={repeat.at ?? ""}
              onChange={(event) => set({ repeat: { ...repeat, at: event.target.value } }, "repeat.at")}
              data-testid="field-repeat-at"
            />
          </Field>
        </>
      )}
      <div className="flex flex-col gap-y-1">
        <div className="flex items-start gap-x-2">
          <Checkbox
            id={`${id}-dedupe`}
            checked={trigger.dedupe_by_email === true}
            // Off is written as no field at all: the definition's default.
            onCheckedChange={(checked) => set({ dedupe_by_email: checked === true ? true : undefined })}
            data-testid="field-dedupe"
          />
          <Label htmlFor={`${id}-dedupe`} size="small" weight="plus">{t("panels.trigger.dedupe")}</Label>
        </div>
        <Hint>{t("panels.trigger.dedupeHint")}</Hint>
        <ProblemList problems={placed.dedupe_by_email} testId="problems-dedupe" />
      </div>
    </>
  )
}
