/** The journey's settings, shown when nothing is selected: re-entry, dates, time zone, goal. */
import { DatePicker, Hint, Label, RadioGroup, Switch, Text } from "@medusajs/ui"
import { useId, useMemo } from "react"
import { useTranslation } from "react-i18next"

import type { JourneyGoal, JourneySettings } from "../../../../engine"
import type { DraftDefinition } from "../../../lib/editor/draft"
import { updateSettings } from "../../../lib/editor/operations"
import { DurationInput, EventNameInput, Field, PanelFrame, ProblemList, SuggestInput } from "./controls"
import { AWAITED_EVENTS, isoToWallClock, searchTimeZones, supportedTimeZones, wallClockToIso, withFields } from "./fields"
import { usePanel, usePlacedProblems } from "./panel-context"
import { joinPath } from "./problems"
import { OptionalRule } from "./rule-builder"

type SettingsPatch = { [Key in keyof JourneySettings]?: JourneySettings[Key] | undefined }
type Reentry = JourneySettings["reentry"]

const REENTRIES: Reentry[] = ["multiple", "once", "after_exit"]
/** The goal as the merchant starts it: the event is theirs to name. */
const NEW_GOAL: JourneyGoal = { event: "" }
/** A conversion counted within a week unless the merchant says otherwise. */
const DEFAULT_GOAL_WINDOW = "P7D"

export const SettingsPanel = ({ settings = {} }: { settings: DraftDefinition["settings"] }) => {
  const { t } = useTranslation("journeys")
  const { store, base, readOnly } = usePanel()
  const id = useId()
  const placed = usePlacedProblems(["reentry", "start_at", "end_at", "timezone", "goal", "goal.event", "goal.where", "goal.within"])
  // Typing in a field is one undo step; a choice is a step of its own.
  const set = (patch: SettingsPatch, typing?: string) =>
    store.getState().apply((draft) => updateSettings(draft, patch), typing && `settings:${typing}`)
  const zones = useMemo(supportedTimeZones, [])
  const browserZone = useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone, [])
  const timezone = settings.timezone ?? ""
  const goal = settings.goal
  const setGoal = (patch: Partial<JourneyGoal>, typing?: string) => {
    if (goal) set({ goal: withFields(goal, patch) }, typing && `goal.${typing}`)
  }
  const reentryText = (reentry: Reentry) => {
    switch (reentry) {
      case "multiple":
        return { label: t("panels.settings.reentry.multiple"), description: t("panels.settings.reentry.multipleHint") }
      case "once":
        return { label: t("panels.settings.reentry.once"), description: t("panels.settings.reentry.onceHint") }
      case "after_exit":
        return { label: t("panels.settings.reentry.after_exit"), description: t("panels.settings.reentry.after_exitHint") }
    }
  }
  const dateField = (field: "start_at" | "end_at", label: string, hint: string) => {
    const testId = field === "start_at" ? "field-start-at" : "field-end-at"
    const write = (iso: string | undefined) => set(field === "start_at" ? { start_at: iso } : { end_at: iso })
    return (
      <Field id={`${id}-${field}`} label={label} hint={hint} problems={placed.at[field]} testId={field}>
        <div data-testid={testId}>
          <DatePicker
            id={`${id}-${field}`}
            aria-label={label}
            granularity="minute"
            isDisabled={readOnly}
            value={isoToWallClock(settings[field], timezone)}
            onChange={(date) => write(date ? wallClockToIso(date, timezone) : undefined)}
          />
        </div>
        {settings[field] && (
          <Text size="xsmall" className="text-ui-fg-subtle font-mono" data-testid={`${testId}-iso`}>
            {settings[field]}
          </Text>
        )}
      </Field>
    )
  }

  return (
    <PanelFrame testId="panel-settings" title={t("panels.settings.title")} description={t("panels.settings.description")} problems={placed.unplaced}>
      <Field label={t("panels.settings.reentry.label")} problems={placed.at.reentry} testId="reentry">
        <RadioGroup
          value={settings.reentry ?? ""}
          onValueChange={(reentry) => set({ reentry: reentry as Reentry })}
          aria-label={t("panels.settings.reentry.label")}
          className="flex flex-col gap-y-2"
          data-testid="field-reentry"
        >
          {REENTRIES.map((reentry) => (
            <RadioGroup.ChoiceBox key={reentry} value={reentry} {...reentryText(reentry)} data-testid={`reentry-${reentry}`} />
          ))}
        </RadioGroup>
      </Field>

      <Field
        id={`${id}-timezone`}
        label={t("panels.settings.timezone")}
        hint={t("panels.settings.timezoneHint")}
        problems={placed.at.timezone}
        testId="timezone"
      >
        <SuggestInput
          id={`${id}-timezone`}
          placeholder={browserZone}
          value={timezone}
          onChange={(text) => set({ timezone: text === "" ? undefined : text }, "timezone")}
          onPick={(suggestion) => set({ timezone: suggestion.value })}
          // The admin's own zone first: most stores run in it.
          suggestions={[...new Set([...(timezone ? [] : [browserZone]), ...searchTimeZones(zones, timezone)])].map((zone) => ({ value: zone }))}
          testId="field-timezone"
        />
      </Field>

      {dateField("start_at", t("panels.settings.startAt"), t("panels.settings.startAtHint"))}
      {dateField("end_at", t("panels.settings.endAt"), t("panels.settings.endAtHint"))}

      <div className="flex flex-col gap-y-3" data-testid="settings-goal">
        <div className="flex items-center gap-x-2">
          <Switch
            id={`${id}-goal`}
            checked={goal !== undefined}
            onCheckedChange={(on) => set({ goal: on ? NEW_GOAL : undefined })}
            data-testid="goal-enabled"
          />
          <Label htmlFor={`${id}-goal`} size="small" weight="plus">{t("panels.settings.goal.label")}</Label>
        </div>
        <Hint>{t("panels.settings.goal.hint")}</Hint>
        {goal && (
          <>
            <Field id={`${id}-goal-event`} label={t("panels.settings.goal.event")} problems={placed.at["goal.event"]} testId="goal-event">
              <EventNameInput
                id={`${id}-goal-event`}
                value={goal.event ?? ""}
                suggestions={AWAITED_EVENTS}
                onChange={(event) => setGoal({ event }, "event")}
                testId="field-goal-event"
              />
            </Field>
            <OptionalRule
              value={goal.where}
              onChange={(where, typing) => setGoal({ where: where as JourneyGoal["where"] }, typing && joinPath("where", typing))}
              base={joinPath(base, "goal.where")}
              problems={placed.at["goal.where"]}
              label={t("panels.settings.goal.rule")}
              hint={t("panels.settings.goal.ruleHint")}
              testId="goal-where"
            />
            <div className="flex flex-col gap-y-2">
              <div className="flex items-center gap-x-2">
                <Switch
                  id={`${id}-goal-within`}
                  checked={goal.within !== undefined}
                  onCheckedChange={(on) => setGoal({ within: on ? DEFAULT_GOAL_WINDOW : undefined })}
                  data-testid="goal-within-enabled"
                />
                <Label htmlFor={`${id}-goal-within`} size="small" weight="plus">{t("panels.settings.goal.within")}</Label>
              </div>
              <Hint>{goal.within === undefined ? t("panels.settings.goal.anyTime") : t("panels.settings.goal.withinHint")}</Hint>
              {goal.within !== undefined && (
                <DurationInput
                  label={t("panels.settings.goal.within")}
                  value={goal.within}
                  onChange={(within) => setGoal({ within }, "within")}
                  testId="field-goal-within"
                />
              )}
              <ProblemList problems={placed.at["goal.within"]} testId="problems-goal-within" />
            </div>
            <ProblemList problems={placed.at.goal} testId="problems-goal" />
          </>
        )}
      </div>
    </PanelFrame>
  )
}
