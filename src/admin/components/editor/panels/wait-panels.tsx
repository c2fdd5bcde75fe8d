/** The panels of the steps that hold customers: wait, wait until, wait for an event. */
import { Plus, Trash } from "@medusajs/icons"
import { Button, Hint, IconButton, Input, Label, RadioGroup, Switch } from "@medusajs/ui"
import { useId } from "react"
import { useTranslation } from "react-i18next"

import type { WaitUntilNode } from "../../../../engine"
import type { DraftNode } from "../../../lib/editor/draft"
import { Card, DurationInput, EventNameInput, Field, PanelFrame, ProblemList, WeekdayButtons } from "./controls"
import { AWAITED_EVENTS, freshPort, withFields } from "./fields"
import { usePanel, usePlacedProblems } from "./panel-context"
import { joinPath } from "./problems"
import { OptionalRule } from "./rule-builder"

type DraftOf<Type extends DraftNode["type"]> = Extract<DraftNode, { type: Type }>

/** A wait's first duration when the merchant turns a timeout on. */
const DEFAULT_TIMEOUT = "P1D"

export const WaitPanel = ({ node, title }: { node: DraftOf<"wait">; title: string }) => {
  const { t } = useTranslation("journeys")
  const { store } = usePanel()
  const placed = usePlacedProblems(["duration"])
  return (
    <PanelFrame testId="panel-wait" title={title} id={node.id} description={t("panels.wait.description")} problems={placed.unplaced}>
      <Field label={t("panels.wait.duration")} problems={placed.at.duration} testId="duration">
        <DurationInput
          label={t("panels.wait.duration")}
          value={node.duration}
          onChange={(duration) => store.getState().edit(node.id, { duration }, "duration")}
          testId="field-duration"
        />
      </Field>
    </PanelFrame>
  )
}

export const WaitUntilPanel = ({ node, title }: { node: DraftOf<"wait_until">; title: string }) => {
  const { t } = useTranslation("journeys")
  const { store } = usePanel()
  const id = useId()
  const placed = usePlacedProblems(["days", "from", "to", "zone"])
  // Typing in a field is one undo step; a choice (a day, the zone) is a step of its own.
  const edit = (patch: Partial<DraftOf<"wait_until">>, typing?: string) => store.getState().edit(node.id, patch, typing)
  const overnight = node.from !== undefined && node.to !== undefined && node.to < node.from
  const zone = (value: WaitUntilNode["zone"]) =>
    value === "recipient"
      ? { label: t("panels.waitUntil.recipient"), description: t("panels.waitUntil.recipientHint") }
      : { label: t("panels.waitUntil.journey"), description: t("panels.waitUntil.journeyHint") }

  return (
    <PanelFrame testId="panel-wait_until" title={title} id={node.id} description={t("panels.waitUntil.description")} problems={placed.unplaced}>
      <Field
        label={t("panels.waitUntil.days")}
        hint={node.days === undefined ? t("panels.waitUntil.everyDay") : undefined}
        problems={placed.at.days}
        testId="days"
      >
        <WeekdayButtons label={t("panels.waitUntil.days")} days={node.days} onChange={(days) => edit({ days })} testId="field-days" />
      </Field>
      <div className="grid grid-cols-2 gap-x-3">
        <Field id={`${id}-from`} label={t("panels.waitUntil.from")} problems={placed.at.from} testId="from">
          <Input id={`${id}-from`} type="time" value={node.from ?? ""} onChange={(event) => edit({ from: event.target.value }, "from")} data-testid="field-from" />
        </Field>
        <Field id={`${id}-to`} label={t("panels.waitUntil.to")} problems={placed.at.to} testId="to">
          <Input id={`${id}-to`} type="time" value={node.to ?? ""} onChange={(event) => edit({ to: event.target.value }, "to")} data-testid="field-to" />
        </Field>
      </div>
      {overnight && <Hint>{t("panels.waitUntil.overnight")}</Hint>}
      <Field label={t("panels.waitUntil.zone")} problems={placed.at.zone} testId="zone">
        <RadioGroup
          value={node.zone ?? "recipient"}
          onValueChange={(value) => edit({ zone: value as WaitUntilNode["zone"] })}
          aria-label={t("panels.waitUntil.zone")}
          className="flex flex-col gap-y-2"
          data-testid="field-zone"
        >
          {(["recipient", "journey"] as const).map((value) => (
            <RadioGroup.ChoiceBox key={value} value={value} {...zone(value)} data-testid={`zone-${value}`} />
          ))}
        </RadioGroup>
      </Field>
    </PanelFrame>
  )
}

type AwaitedEvent = NonNullable<DraftOf<"wait_for_event">["events"]>[number]

export const WaitForEventPanel = ({ node, title }: { node: DraftOf<"wait_for_event">; title: string }) => {
  const { t } = useTranslation("journeys")
  const { store, base } = usePanel()
  const id = useId()
  const events = node.events ?? []
  const placed = usePlacedProblems([
    "events",
    "timeout",
    ...events.flatMap((_, index) => [`events[${index}]`, `events[${index}].port`, `events[${index}].event`, `events[${index}].where`]),
  ])
  // Typing in a field is one undo step; adding or removing an event, or the timeout, is a step of its own.
  const edit = (patch: Partial<DraftOf<"wait_for_event">>, typing?: string) => store.getState().edit(node.id, patch, typing)
  const setEvent = (index: number, patch: Partial<AwaitedEvent>, typing?: string) =>
    edit({ events: events.map((event, at) => (at === index ? withFields(event, patch) : event)) }, typing && joinPath(`events[${index}]`, typing))

  return (
    <PanelFrame
      testId="panel-wait_for_event"
      title={title}
      id={node.id}
      description={t("panels.waitForEvent.description")}
      problems={placed.unplaced}
    >
      <div className="flex flex-col gap-y-3">
        {events.map((event, index) => (
          <Card key={index} testId={`event-${index}`}>
            <div className="flex items-center justify-between">
              <Label size="small" weight="plus">{t("panels.waitForEvent.event", { number: index + 1 })}</Label>
              <IconButton
                size="small"
                variant="transparent"
                type="button"
                aria-label={t("panels.waitForEvent.remove")}
                onClick={() => edit({ events: events.filter((_, at) => at !== index) })}
                data-testid={`event-${index}-remove`}
              >
                <Trash />
              </IconButton>
            </div>
            <Field id={`${id}-${index}-name`} label={t("panels.waitForEvent.name")} problems={placed.at[`events[${index}].event`]} testId={`event-${index}-name`}>
              <EventNameInput
                id={`${id}-${index}-name`}
                value={event.event ?? ""}
                suggestions={AWAITED_EVENTS}
                onChange={(name) => setEvent(index, { event: name }, "event")}
                testId={`event-${index}-name`}
              />
            </Field>
            <Field
              id={`${id}-${index}-port`}
              label={t("panels.waitForEvent.port")}
              hint={t("panels.waitForEvent.portHint")}
              problems={placed.at[`events[${index}].port`]}
              testId={`event-${index}-port`}
            >
              <Input
                id={`${id}-${index}-port`}
                className="font-mono"
                value={event.port ?? ""}
                onChange={(change) => setEvent(index, { port: change.target.value }, "port")}
                data-testid={`event-${index}-port`}
              />
            </Field>
            <OptionalRule
              value={event.where}
              onChange={(where, typing) => setEvent(index, { where: where as AwaitedEvent["where"] }, typing && joinPath("where", typing))}
              base={joinPath(base, `events[${index}].where`)}
              problems={placed.at[`events[${index}].where`]}
              label={t("panels.waitForEvent.rule")}
              hint={t("panels.waitForEvent.ruleHint")}
              testId={`event-${index}-where`}
            />
            <ProblemList problems={placed.at[`events[${index}]`]} testId={`problems-event-${index}`} />
          </Card>
        ))}
        <div>
          <Button
            size="small"
            variant="secondary"
            type="button"
            onClick={() => {
              const taken = events.flatMap((event) => (event.port ? [event.port] : []))
              edit({ events: [...events, { port: freshPort(taken, "event"), event: "" }] })
            }}
            data-testid="add-event"
          >
            <Plus />
            {t("panels.waitForEvent.add")}
          </Button>
        </div>
        <ProblemList problems={placed.at.events} testId="problems-events" />
      </div>

      <div className="flex flex-col gap-y-2">
        <div className="flex items-center gap-x-2">
          <Switch
            id={`${id}-timeout`}
            checked={node.timeout !== undefined}
            onCheckedChange={(on) => edit({ timeout: on ? DEFAULT_TIMEOUT : undefined })}
            data-testid="timeout-enabled"
          />
          <Label htmlFor={`${id}-timeout`} size="small" weight="plus">{t("panels.waitForEvent.timeout")}</Label>
        </div>
        <Hint>{node.timeout === undefined ? t("panels.waitForEvent.noTimeout") : t("panels.waitForEvent.timeoutHint")}</Hint>
        {node.timeout !== undefined && (
          <DurationInput
            label={t("panels.waitForEvent.timeout")}
            value={node.timeout}
            onChange={(timeout) => edit({ timeout }, "timeout")}
            testId="field-timeout"
          />
        )}
        <ProblemList problems={placed.at.timeout} testId="problems-timeout" />
      </div>
    </PanelFrame>
  )
}
