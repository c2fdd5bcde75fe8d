/** The building blocks of the side panels: labelled fields with their problems, numbers, durations, suggestions. */
import { Badge, Button, Heading, Hint, Input, Label, Popover, Text } from "@medusajs/ui"
import { useEffect, useId, useRef, useState, type ComponentProps, type KeyboardEvent, type ReactNode } from "react"
import { useTranslation } from "react-i18next"

import { WEEKDAYS, type DefinitionError, type Weekday } from "../../../../engine"
import { durationParts, type DurationParts } from "../../../lib/duration"
import { useProblemText } from "../../../lib/problem-text"
import { isEventName, isRawDuration, matching, parseNumberText, toggleDay, withDurationPart, type Suggestion } from "./fields"

/** The validator's messages about one field (or the whole selection), in the error style. */
export const ProblemList = ({ problems, testId }: { problems: readonly DefinitionError[] | undefined; testId?: string }) => {
  const say = useProblemText()
  return problems && problems.length > 0 ? (
    <ul className="flex flex-col gap-y-1" data-testid={testId ?? "problems"}>
      {problems.map((problem, index) => (
        <li key={`${problem.path}:${index}`}>
          <Hint variant="error">{say(problem)}</Hint>
        </li>
      ))}
    </ul>
  ) : null
}

/** A labelled control, its explanation and its problems. */
export const Field = ({
  id,
  label,
  hint,
  problems,
  testId,
  children,
}: {
  id?: string
  label: string
  hint?: ReactNode
  problems?: readonly DefinitionError[]
  /** Names the field's problem list: `problems-<testId>`. */
  testId: string
  children: ReactNode
}) => (
  <div className="flex flex-col gap-y-2">
    {id ? (
      <Label htmlFor={id} size="small" weight="plus">{label}</Label>
    ) : (
      <Text size="small" weight="plus" as="span">{label}</Text>
    )}
    {children}
    {hint && <Hint>{hint}</Hint>}
    <ProblemList problems={problems} testId={`problems-${testId}`} />
  </div>
)

/** A panel: its title (what is selected and its id), what it does, its unplaced problems, its fields. */
export const PanelFrame = ({
  testId,
  title,
  id,
  description,
  problems,
  children,
}: {
  testId: string
  title: string
  id?: string
  description?: ReactNode
  problems: readonly DefinitionError[]
  children?: ReactNode
}) => (
  <section className="flex flex-col gap-y-4 px-6 py-4" data-testid={testId} aria-labelledby={`${testId}-title`}>
    <header className="flex flex-col gap-y-1">
      <div className="flex items-center gap-x-2">
        <Heading level="h2" id={`${testId}-title`} data-testid="panel-title">{title}</Heading>
        {id && <Badge size="2xsmall" className="font-mono" data-testid="panel-node-id">{id}</Badge>}
      </div>
      {description && <Text size="small" className="text-ui-fg-subtle">{description}</Text>}
    </header>
    <ProblemList problems={problems} testId="panel-problems" />
    {children}
  </section>
)

/** A bordered group of controls inside a panel (a branch, an awaited event). */
export const Card = ({ children, testId }: { children: ReactNode; testId: string }) => (
  <div className="shadow-borders-base flex flex-col gap-y-3 rounded-lg p-3" data-testid={testId}>
    {children}
  </div>
)

type InputProps = Omit<ComponentProps<typeof Input>, "value" | "onChange" | "type">

/**
 * A number typed in: the text is kept while it is typed (an empty field, a lone "-"), the value
 * written once it reads as a number (undefined when emptied); a change from elsewhere (undo)
 * replaces the text.
 */
export const NumberInput = ({
  value,
  onChange,
  ...props
}: InputProps & { value: number | undefined; onChange: (value: number | undefined) => void }) => {
  const [text, setText] = useState(value === undefined ? "" : String(value))
  useEffect(() => {
    if (parseNumberText(text) !== value) setText(value === undefined ? "" : String(value))
    // Only a new value from outside resets the text; the text itself is what is being typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value])
  return (
    <Input
      {...props}
      type="number"
      inputMode="decimal"
      value={text}
      onChange={(event) => {
        setText(event.target.value)
        const parsed = parseNumberText(event.target.value)
        if (parsed !== null) onChange(parsed)
      }}
    />
  )
}

const PARTS: (keyof DurationParts)[] = ["days", "hours", "minutes"]

/**
 * An ISO 8601 duration edited as days / hours / minutes. Durations that are not made of those (P1W,
 * PT1.5H, P1M) are shown as their ISO text, which stays editable.
 */
export const DurationInput = ({
  label,
  value,
  onChange,
  testId,
}: {
  label: string
  value: string | undefined
  onChange: (iso: string) => void
  /** `<testId>-days`, `-hours`, `-minutes`, or `-raw` for the ISO text. */
  testId: string
}) => {
  const { t } = useTranslation("journeys")
  const id = useId()
  const [raw, setRaw] = useState(isRawDuration(value))
  useEffect(() => {
    if (isRawDuration(value)) setRaw(true)
  }, [value])
  const parts = durationParts(value ?? "")
  const partLabel = (part: keyof DurationParts) =>
    part === "days" ? t("panels.duration.days") : part === "hours" ? t("panels.duration.hours") : t("panels.duration.minutes")

  if (raw) {
    return (
      <div className="flex flex-col gap-y-2">
        <Input
          id={`${id}-raw`}
          aria-label={label}
          className="font-mono"
          value={value ?? ""}
          placeholder="P1W"
          onChange={(event) => onChange(event.target.value.trim())}
          data-testid={`${testId}-raw`}
        />
        <Hint>{t("panels.duration.raw")}</Hint>
        {!isRawDuration(value) && (
          <div>
            <Button size="small" variant="transparent" type="button" onClick={() => setRaw(false)} data-testid={`${testId}-parts`}>
              {t("panels.duration.useParts")}
            </Button>
          </div>
        )}
      </div>
    )
  }
  return (
    <div role="group" aria-label={label} className="grid grid-cols-3 gap-x-2" data-testid={testId}>
      {PARTS.map((part) => (
        <div key={part} className="flex flex-col gap-y-1">
          <NumberInput
            id={`${id}-${part}`}
            min={0}
            step={1}
            placeholder="0"
            // Zero shows as an empty field: clearing one part while typing must not flash a 0.
            value={parts?.[part] || undefined}
            onChange={(next) => onChange(withDurationPart(value, part, next ?? 0))}
            data-testid={`${testId}-${part}`}
          />
          <Label htmlFor={`${id}-${part}`} size="xsmall" className="text-ui-fg-subtle">{partLabel(part)}</Label>
        </div>
      ))}
    </div>
  )
}

/**
 * A text input with a list of suggestions under it (a combobox): typing writes the text as it is,
 * picking a suggestion (click, or arrows and Enter) calls `onPick`. The suggestions are given
 * already filtered; the list opens on focus.
 */
export const SuggestInput = ({
  value,
  onChange,
  onPick,
  suggestions,
  testId,
  emptyText,
  ...props
}: InputProps & {
  value: string
  onChange: (text: string) => void
  onPick: (suggestion: Suggestion) => void
  suggestions: readonly Suggestion[]
  /** The input's; each option is `<testId>-option` with `data-value`. */
  testId: string
  /** Shown when nothing matches (e.g. no template of this channel). */
  emptyText?: string
}) => {
  const listId = useId()
  const input = useRef<HTMLInputElement>(null)
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  // A new text means new suggestions: the highlight goes back to the first.
  useEffect(() => setActive(0), [value])
  const showList = open && (suggestions.length > 0 || emptyText !== undefined)

  const pick = (suggestion: Suggestion) => {
    onPick(suggestion)
    setOpen(false)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault()
      setOpen(true)
      const step = event.key === "ArrowDown" ? 1 : -1
      setActive((current) => (suggestions.length ? (current + step + suggestions.length) % suggestions.length : 0))
    } else if (event.key === "Enter" && showList && suggestions[active]) {
      event.preventDefault()
      pick(suggestions[active])
    } else if (event.key === "Escape") {
      setOpen(false)
    }
  }

  let previousGroup: string | undefined
  return (
    <Popover open={showList} onOpenChange={setOpen}>
      <Popover.Anchor asChild>
        <div>
          <Input
            {...props}
            ref={input}
            role="combobox"
            autoComplete="off"
            aria-autocomplete="list"
            aria-expanded={showList}
            aria-controls={listId}
            aria-activedescendant={showList && suggestions[active] ? `${listId}-${active}` : undefined}
            value={value}
            onChange={(event) => {
              onChange(event.target.value)
              setOpen(true)
            }}
            onFocus={() => setOpen(true)}
            onClick={() => setOpen(true)}
            onBlur={() => setOpen(false)}
            onKeyDown={onKeyDown}
            data-testid={testId}
          />
        </div>
      </Popover.Anchor>
      <Popover.Content
        className="overflow-y-auto"
        style={{ width: "var(--radix-popover-trigger-width)", maxHeight: 288 }}
        // The input keeps the focus: the list is read with the arrow keys from there.
        onOpenAutoFocus={(event) => event.preventDefault()}
        onCloseAutoFocus={(event) => event.preventDefault()}
        onInteractOutside={(event) => {
          if (input.current?.contains(event.target as Node)) event.preventDefault()
        }}
      >
        <div role="listbox" id={listId}>
          {suggestions.length === 0 && emptyText && (
            <Text size="small" className="text-ui-fg-subtle px-2 py-2">{emptyText}</Text>
          )}
          {suggestions.map((suggestion, index) => {
            const heading = suggestion.group !== undefined && suggestion.group !== previousGroup ? suggestion.group : undefined
            previousGroup = suggestion.group
            return (
              <div key={`${suggestion.group ?? ""}:${suggestion.value}`}>
                {heading && (
                  <Text size="xsmall" weight="plus" className="text-ui-fg-muted px-2 pb-1 pt-2" aria-hidden>
                    {heading}
                  </Text>
                )}
                <div
                  id={`${listId}-${index}`}
                  role="option"
                  aria-selected={index === active}
                  className={`flex cursor-pointer flex-col rounded-md px-2 py-2 ${index === active ? "bg-ui-bg-base-hover" : ""}`}
                  // Keep the focus in the input, so that picking does not close the list first.
                  onMouseDown={(event) => event.preventDefault()}
                  onMouseEnter={() => setActive(index)}
                  onClick={() => pick(suggestion)}
                  data-testid={`${testId}-option`}
                  data-value={suggestion.value}
                >
                  <Text size="small">{suggestion.label ?? suggestion.value}</Text>
                  {(suggestion.label !== undefined || suggestion.detail) && (
                    <Text size="xsmall" className="text-ui-fg-subtle font-mono">
                      {suggestion.detail ?? suggestion.value}
                    </Text>
                  )}
                </div>
              </div>
            )
          })}
        </div>
      </Popover.Content>
    </Popover>
  )
}

/** `value`, once it has stopped changing for `delay` ms: searches run when the typing settles. */
export function useDebounced<T>(value: T, delay = 250): T {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay)
    return () => clearTimeout(timer)
  }, [value, delay])
  return settled
}

/** An event name: the known events suggested, any other typed; a name that does not look like one is pointed out. */
export const EventNameInput = ({
  id,
  value,
  suggestions,
  onChange,
  testId,
}: {
  id: string
  value: string
  suggestions: readonly string[]
  onChange: (name: string) => void
  testId: string
}) => {
  const { t } = useTranslation("journeys")
  return (
    <>
      <SuggestInput
        id={id}
        className="font-mono"
        placeholder="order.placed"
        value={value}
        onChange={onChange}
        onPick={(suggestion) => onChange(suggestion.value)}
        suggestions={matching(
          suggestions.map((name) => ({ value: name })),
          value
        )}
        testId={testId}
      />
      {value !== "" && !isEventName(value) && <Hint>{t("panels.eventName.format")}</Hint>}
    </>
  )
}

/** Days of the week as toggle buttons (`day-<day>`); no list means every day, as in the definition. */
export const WeekdayButtons = ({
  label,
  days,
  onChange,
  testId,
}: {
  label: string
  days: readonly Weekday[] | undefined
  onChange: (days: Weekday[] | undefined) => void
  testId: string
}) => {
  const { t } = useTranslation("journeys")
  const chosen = new Set(days ?? WEEKDAYS)
  return (
    <div role="group" aria-label={label} className="flex flex-wrap gap-1" data-testid={testId}>
      {WEEKDAYS.map((day) => (
        <Button
          key={day}
          size="small"
          type="button"
          variant={chosen.has(day) ? "primary" : "secondary"}
          aria-pressed={chosen.has(day)}
          onClick={() => onChange(toggleDay(days, day))}
          data-testid={`day-${day}`}
        >
          {t(`canvas.weekdays.${day}`)}
        </Button>
      ))}
    </div>
  )
}
