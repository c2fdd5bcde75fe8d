/**
 * The rule builder: a RULE edited as a group (all / any, optionally negated) of conditions and
 * nested groups, each condition a field, an operator of the rule language and a value typed the
 * way that operator needs it. Used by the trigger, condition branches, awaited events and the goal,
 * and by segments with their own fields and conditions on the events a customer did.
 */
import { Plus, Trash } from "@medusajs/icons"
import { Button, Checkbox, Hint, IconButton, Input, Label, Select, Text, Textarea } from "@medusajs/ui"
import { useEffect, useId, useState, type ReactNode } from "react"
import { useTranslation } from "react-i18next"

import type { DefinitionError, RuleOp } from "../../../../engine"
import { CustomerGroupPicker } from "../../segments/customer-group-picker"
import { SegmentPicker } from "../../segments/segment-picker"
import { DurationInput, EventNameInput, NumberInput, ProblemList, SuggestInput } from "./controls"
import { AWAITED_EVENTS, matching, type Suggestion } from "./fields"
import { joinPath, placeProblems, type PlacedProblems } from "./problems"
import {
  addChild,
  boundKind,
  changeAt,
  convertScalar,
  fieldKind,
  fieldPicker,
  isCalendarDate,
  isRuleOp,
  JOURNEY_RULES,
  NEW_CONDITION,
  NEW_EVENT_CONDITION,
  NEW_RULE,
  newGroup,
  OPERATOR_VALUES,
  operatorsFor,
  readRule,
  scalarKind,
  setMode,
  setNegated,
  valueForOp,
  withPickedField,
  writeRule,
  type Address,
  type FieldKind,
  type RawRuleNode,
  type RuleCatalogue,
  type RuleConditionNode,
  type EventDataCondition,
  type RuleEventNode,
  type RuleGroup,
  type RuleNode,
  type ScalarKind,
  type ValuePicker,
} from "./rule-model"

/**
 * Groups nest this many levels under the rule's own group. Their own controls carry `data-group`
 * (the group's path in the rule, "" for the outer one) to tell them from those of nested groups.
 */
const MAX_GROUP_DEPTH = 2

/** `typing`: the path in the rule of the field typed in (`all[0].value`), for undo to take keystrokes as one step. */
type Edit = (change: (root: RuleGroup) => RuleGroup, typing?: string) => void
type BuilderScope = { edit: Edit; placed: PlacedProblems; fields: RuleCatalogue }

export const RuleBuilder = ({
  value,
  onChange,
  base,
  problems,
  testId,
  label,
  required = false,
  fields = JOURNEY_RULES,
}: {
  value: unknown
  /**
   * The new rule; undefined when the last condition of an optional rule is removed. `typing` is the
   * path in the rule of the field typed in; none for a choice or a condition added or removed.
   */
  onChange: (rule: unknown, typing?: string) => void
  /** JSON path of the rule in the definition (`nodes[3].branches[0].where`). */
  base: string
  /** The problems at or below `base`, placed here next to the condition they name. */
  problems: readonly DefinitionError[]
  testId: string
  label: string
  /** Emptied, the rule stays an empty group for the validator to point at, rather than going away. */
  required?: boolean
  /** The fields suggested and the conditions offered; the journey's context by default. */
  fields?: RuleCatalogue
}) => {
  const root = readRule(value, { events: fields.events })
  const placed = placeProblems(problems, base, problemFields(root))
  const edit: Edit = (change, typing) => onChange(writeRule(change(root)) ?? (required ? { all: [] } : undefined), typing)
  return (
    <div role="group" aria-label={label} className="flex flex-col gap-y-2" data-testid={testId}>
      <GroupView group={root} address={[]} scope={{ edit, placed, fields }} />
      <ProblemList problems={placed.unplaced} testId="rule-problems" />
    </div>
  )
}

/** The paths the builder shows problems at: each group, each condition and its parts. */
function problemFields(root: RuleGroup): string[] {
  const fields: string[] = []
  const visit = (node: RuleNode, parent: string | undefined) => {
    // A lone condition shares its path with the group around it: the group shows what is not the condition's parts.
    if (node.path !== parent) fields.push(node.path)
    if (node.kind === "condition") fields.push(...["field", "op", "value"].map((part) => joinPath(node.path, part)))
    if (node.kind === "event") {
      fields.push(...["event", "within_last", "at_least", "where", "where.field", "where.op", "where.value"].map((part) => joinPath(node.path, part)))
    }
    if (node.kind === "group") node.children.forEach((child) => visit(child, node.path))
  }
  visit(root, undefined)
  return fields
}

const GroupView = ({ group, address, scope }: { group: RuleGroup; address: Address; scope: BuilderScope }) => {
  const { t } = useTranslation("journeys")
  const id = useId()
  const depth = address.length
  const { edit } = scope
  const meaning = group.negated
    ? group.mode === "all"
      ? t("panels.rule.meaning.notAll")
      : t("panels.rule.meaning.none")
    : group.mode === "all"
      ? t("panels.rule.meaning.all")
      : t("panels.rule.meaning.any")

  return (
    <div
      className={`flex flex-col gap-y-2 ${depth > 0 ? "shadow-borders-base rounded-lg p-2" : ""}`}
      data-testid="rule-group"
      data-path={group.path}
    >
      <div className="flex flex-wrap items-center gap-2">
        <Select size="small" value={group.mode} onValueChange={(mode) => edit((root) => setMode(root, address, mode as "all" | "any"))}>
          <Select.Trigger className="w-auto" aria-label={t("panels.rule.mode")} data-testid="rule-mode" data-group={group.path}>
            <Select.Value />
          </Select.Trigger>
          <Select.Content>
            <Select.Item value="all">{t("panels.rule.all")}</Select.Item>
            <Select.Item value="any">{t("panels.rule.any")}</Select.Item>
          </Select.Content>
        </Select>
        <div className="flex items-center gap-x-2">
          <Checkbox
            id={`${id}-not`}
            checked={group.negated}
            onCheckedChange={(checked) => edit((root) => setNegated(root, address, checked === true))}
            data-testid="rule-not" data-group={group.path}
          />
          <Label htmlFor={`${id}-not`} size="small">{t("panels.rule.not")}</Label>
        </div>
        {depth > 0 && (
          <IconButton
            size="small"
            variant="transparent"
            type="button"
            className="ml-auto"
            aria-label={t("panels.rule.removeGroup")}
            onClick={() => edit((root) => changeAt(root, address, () => undefined))}
            data-testid="rule-remove-group" data-group={group.path}
          >
            <Trash />
          </IconButton>
        )}
      </div>
      <Hint>{meaning}</Hint>
      <ProblemList problems={scope.placed.at[group.path]} testId="rule-group-problems" />
      {group.children.length === 0 && <Text size="small" className="text-ui-fg-subtle">{t("panels.rule.empty")}</Text>}
      {group.children.map((child, index) => {
        const at = [...address, index]
        switch (child.kind) {
          case "group":
            return <GroupView key={index} group={child} address={at} scope={scope} />
          case "condition":
            return <ConditionView key={index} condition={child} address={at} scope={scope} ownProblems={child.path !== group.path} />
          case "event":
            return <EventConditionView key={index} condition={child} address={at} scope={scope} ownProblems={child.path !== group.path} />
          case "raw":
            return <RawRuleView key={index} node={child} address={at} scope={scope} />
        }
      })}
      <div className="flex flex-wrap gap-2">
        <Button
          size="small"
          variant="secondary"
          type="button"
          onClick={() => edit((root) => addChild(root, address, { ...NEW_CONDITION }))}
          data-testid="rule-add-condition" data-group={group.path}
        >
          <Plus />
          {t("panels.rule.addCondition")}
        </Button>
        {scope.fields.events && (
          <Button
            size="small"
            variant="secondary"
            type="button"
            onClick={() => edit((root) => addChild(root, address, { ...NEW_EVENT_CONDITION }))}
            data-testid="rule-add-event" data-group={group.path}
          >
            <Plus />
            {t("segments.eventCondition.add")}
          </Button>
        )}
        {depth < MAX_GROUP_DEPTH && (
          <Button
            size="small"
            variant="transparent"
            type="button"
            onClick={() => edit((root) => addChild(root, address, newGroup(group.mode === "all" ? "any" : "all")))}
            data-testid="rule-add-group" data-group={group.path}
          >
            <Plus />
            {t("panels.rule.addGroup")}
          </Button>
        )}
      </div>
    </div>
  )
}

const ConditionView = ({
  condition,
  address,
  scope,
  ownProblems,
}: {
  condition: RuleConditionNode
  address: Address
  scope: BuilderScope
  /** Whether problems at the condition's own path are its to show (not its group's). */
  ownProblems: boolean
}) => {
  const { t } = useTranslation("journeys")
  const id = useId()
  const { edit, placed, fields } = scope
  const suggestions = useFieldSuggestions(fields)
  const change = (patch: Partial<RuleConditionNode>, typing?: string) =>
    edit((root) => changeAt(root, address, (node) => ({ ...(node as RuleConditionNode), ...patch })), typing && joinPath(condition.path, typing))
  const problemsOf = (part: string) => placed.at[joinPath(condition.path, part)]
  const fieldText = condition.field ?? ""
  const op = condition.op ?? ""
  const ops = operatorsFor(fieldText, op, fields)
  // A field with one operator, already set (`customer.segments`: is in), needs no choice.
  const onlyOp = ops.length === 1 && ops[0] === op

  return (
    <div className="bg-ui-bg-subtle flex flex-col gap-y-2 rounded-md p-2" data-testid="rule-condition" data-path={condition.path}>
      <div className="flex items-start gap-x-2">
        <div className="flex flex-1 flex-col gap-y-1">
          <Label htmlFor={`${id}-field`} size="xsmall" className="text-ui-fg-subtle">{t("panels.rule.field")}</Label>
          <SuggestInput
            id={`${id}-field`}
            size="small"
            className="font-mono"
            placeholder={fields.placeholder}
            value={fieldText}
            onChange={(field) => change({ field }, "field")}
            onPick={(suggestion) =>
              edit((root) => changeAt(root, address, (node) => withPickedField(node as RuleConditionNode, suggestion.value, fields)))
            }
            suggestions={matching(suggestions, fieldText)}
            testId="rule-field"
          />
        </div>
        <RemoveCondition onRemove={() => edit((root) => changeAt(root, address, () => undefined))} />
      </div>
      <ProblemList problems={problemsOf("field")} testId="rule-field-problems" />
      {!onlyOp && (
        <div className="flex flex-col gap-y-1">
          <Label htmlFor={`${id}-op`} size="xsmall" className="text-ui-fg-subtle">{t("panels.rule.operator")}</Label>
          <Select
            size="small"
            value={isRuleOp(op) ? op : ""}
            onValueChange={(next) => {
              const nextOp = next as RuleOp
              change({ op: nextOp, value: valueForOp(nextOp, condition.value) })
            }}
          >
            <Select.Trigger id={`${id}-op`} data-testid="rule-op">
              <Select.Value placeholder={t("panels.rule.chooseOperator")} />
            </Select.Trigger>
            <Select.Content>
              {ops.map((ruleOp) => (
                <Select.Item key={ruleOp} value={ruleOp}>{operatorLabel(t, ruleOp)}</Select.Item>
              ))}
            </Select.Content>
          </Select>
        </div>
      )}
      <ProblemList problems={problemsOf("op")} testId="rule-op-problems" />
      {isRuleOp(op) && (
        <ValueEditor
          op={op}
          value={condition.value}
          kind={fieldKind(fieldText, fields)}
          picker={fieldPicker(fieldText, fields)}
          onChange={(value, typing) => change({ value }, typing)}
          id={`${id}-value`}
        />
      )}
      <ProblemList problems={problemsOf("value")} testId="rule-value-problems" />
      {ownProblems && <ProblemList problems={placed.at[condition.path]} testId="rule-condition-problems" />}
    </div>
  )
}

/** The trash button beside a condition's first field. */
const RemoveCondition = ({ onRemove }: { onRemove: () => void }) => {
  const { t } = useTranslation("journeys")
  return (
    <IconButton
      size="small"
      variant="transparent"
      type="button"
      className="mt-5"
      aria-label={t("panels.rule.removeCondition")}
      onClick={onRemove}
      data-testid="rule-remove-condition"
    >
      <Trash />
    </IconButton>
  )
}

/**
 * A condition on what the customer did: an event, at least so many times, in the last so long.
 * "Did not" is the Not of a group around it.
 */
const EventConditionView = ({
  condition,
  address,
  scope,
  ownProblems,
}: {
  condition: RuleEventNode
  address: Address
  scope: BuilderScope
  ownProblems: boolean
}) => {
  const { t } = useTranslation("journeys")
  const id = useId()
  const { edit, placed } = scope
  const change = (patch: Partial<RuleEventNode>, typing: string) =>
    edit((root) => changeAt(root, address, (node) => ({ ...(node as RuleEventNode), ...patch })), joinPath(condition.path, typing))
  const problemsOf = (part: string) => placed.at[joinPath(condition.path, part)]

  return (
    <div className="bg-ui-bg-subtle flex flex-col gap-y-2 rounded-md p-2" data-testid="rule-event" data-path={condition.path}>
      <div className="flex items-start gap-x-2">
        <div className="flex flex-1 flex-col gap-y-1">
          <Label htmlFor={`${id}-event`} size="xsmall" className="text-ui-fg-subtle">{t("segments.eventCondition.event")}</Label>
          <EventNameInput
            id={`${id}-event`}
            value={condition.event}
            suggestions={AWAITED_EVENTS}
            onChange={(event) => change({ event }, "event")}
            testId="rule-event-name"
          />
        </div>
        <RemoveCondition onRemove={() => edit((root) => changeAt(root, address, () => undefined))} />
      </div>
      <ProblemList problems={problemsOf("event")} testId="rule-event-problems" />
      <EventDataRow condition={condition} change={change} problemsOf={problemsOf} />
      <div className="flex flex-col gap-y-1">
        <Label htmlFor={`${id}-at-least`} size="xsmall" className="text-ui-fg-subtle">{t("segments.eventCondition.atLeast")}</Label>
        <NumberInput
          id={`${id}-at-least`}
          size="small"
          min={1}
          step={1}
          placeholder="1"
          value={condition.at_least}
          onChange={(at_least) => change({ at_least }, "at_least")}
          data-testid="rule-event-at-least"
        />
      </div>
      <ProblemList problems={problemsOf("at_least")} testId="rule-at-least-problems" />
      <div className="flex flex-col gap-y-1">
        <Text size="xsmall" className="text-ui-fg-subtle" as="span">{t("segments.eventCondition.withinLast")}</Text>
        <DurationInput
          label={t("segments.eventCondition.withinLast")}
          value={condition.within_last}
          // Every part emptied: no window, any time counts.
          onChange={(within_last) => change({ within_last: within_last || undefined }, "within_last")}
          testId="rule-event-within"
        />
        <Hint>{t("segments.eventCondition.hint")}</Hint>
      </div>
      <ProblemList problems={problemsOf("within_last")} testId="rule-within-problems" />
      {ownProblems && <ProblemList problems={placed.at[condition.path]} testId="rule-condition-problems" />}
    </div>
  )
}

/** The ops a data key takes (a metadata key's, less the lists the row cannot type). */
const EVENT_DATA_OPS: RuleOp[] = ["eq", "neq", "contains", "gt", "gte", "lt", "lte", "exists"]
const NUMERIC_OPS: RuleOp[] = ["gt", "gte", "lt", "lte"]

/**
 * An event condition's optional filter on its data: key, op, value. Comparisons read the value as
 * a number (the engine wants one there); the other ops as text, which also matches a JSON number.
 */
const EventDataRow = ({
  condition,
  change,
  problemsOf,
}: {
  condition: RuleEventNode
  change: (patch: Partial<RuleEventNode>, typing: string) => void
  problemsOf: (part: string) => PlacedProblems["at"][string]
}) => {
  const { t } = useTranslation("journeys")
  const id = useId()
  const where = condition.where
  if (!where) {
    return (
      <Button size="small" variant="transparent" type="button" className="self-start" onClick={() => change({ where: { key: "", op: "eq" } }, "where")} data-testid="rule-event-add-where">
        <Plus />
        {t("segments.eventCondition.addWhere")}
      </Button>
    )
  }
  const typed = (op: string, text: unknown) =>
    NUMERIC_OPS.includes(op as RuleOp) && typeof text === "string" && text.trim() !== "" && !Number.isNaN(Number(text)) ? Number(text) : text
  const set = (patch: Partial<EventDataCondition>, part: string) => {
    const next = { ...where, ...patch }
    const value = next.op === "exists" ? undefined : typed(next.op, next.value === undefined ? undefined : String(next.value))
    change({ where: { key: next.key, op: next.op, ...(value !== undefined && { value }) } }, `where.${part}`)
  }
  return (
    <div className="flex flex-col gap-y-1" data-testid="rule-event-where">
      <Label htmlFor={`${id}-key`} size="xsmall" className="text-ui-fg-subtle">{t("segments.eventCondition.where")}</Label>
      <div className="flex items-start gap-x-2">
        <Input id={`${id}-key`} size="small" value={where.key} placeholder={t("segments.eventCondition.whereKey")} onChange={(event) => set({ key: event.target.value }, "field")} data-testid="rule-event-where-key" />
        <Select size="small" value={isRuleOp(where.op) ? where.op : ""} onValueChange={(op) => set({ op }, "op")}>
          <Select.Trigger className="w-auto" data-testid="rule-event-where-op">
            <Select.Value />
          </Select.Trigger>
          <Select.Content>
            {EVENT_DATA_OPS.map((op) => (
              <Select.Item key={op} value={op}>{operatorLabel(t, op)}</Select.Item>
            ))}
          </Select.Content>
        </Select>
        {where.op !== "exists" && (
          <Input size="small" value={where.value === undefined ? "" : String(where.value)} placeholder={t("segments.eventCondition.whereValue")} aria-label={t("segments.eventCondition.whereValue")} onChange={(event) => set({ value: event.target.value }, "value")} data-testid="rule-event-where-value" />
        )}
        <IconButton size="small" variant="transparent" type="button" aria-label={t("segments.eventCondition.removeWhere")} onClick={() => change({ where: undefined }, "where")} data-testid="rule-event-remove-where">
          <Trash />
        </IconButton>
      </div>
      {["where", "where.field", "where.op", "where.value"].map((part) => (
        <ProblemList key={part} problems={problemsOf(part)} testId="rule-where-problems" />
      ))}
    </div>
  )
}

/** Field suggestions grouped by the object they read, named in the admin's language. */
function useFieldSuggestions(fields: RuleCatalogue): Suggestion[] {
  const { t } = useTranslation("journeys")
  return fields.groups.flatMap((group) =>
    group.fields.map((field) => ({
      value: field.path,
      label: t(`${fields.keys.fields}.${field.label}`),
      detail: field.prefix ? `${field.path}…` : field.path,
      group: t(`${fields.keys.roots}.${group.root}`),
    }))
  )
}

type T = ReturnType<typeof useTranslation>["t"]

function operatorLabel(t: T, op: RuleOp): string {
  switch (op) {
    case "eq":
      return t("panels.rule.ops.eq")
    case "neq":
      return t("panels.rule.ops.neq")
    case "in":
      return t("panels.rule.ops.in")
    case "nin":
      return t("panels.rule.ops.nin")
    case "gt":
      return t("panels.rule.ops.gt")
    case "gte":
      return t("panels.rule.ops.gte")
    case "lt":
      return t("panels.rule.ops.lt")
    case "lte":
      return t("panels.rule.ops.lte")
    case "contains":
      return t("panels.rule.ops.contains")
    case "exists":
      return t("panels.rule.ops.exists")
    case "before":
      return t("panels.rule.ops.before")
    case "after":
      return t("panels.rule.ops.after")
    case "within_last":
      return t("panels.rule.ops.within_last")
  }
}

/**
 * The value input an operator needs: none, a list, a duration, a date, a number, text or yes / no.
 * The kind of a value is read from the value itself, else from the field; a kind chosen for a value
 * still empty is remembered here.
 */
const ValueEditor = ({
  op,
  value,
  kind,
  picker,
  onChange,
  id,
}: {
  op: RuleOp
  value: unknown
  /** The field's, when known. */
  kind: FieldKind | undefined
  /** The field's value is a store record, picked by name, when the op compares with one value. */
  picker: ValuePicker | undefined
  /** `typing`: the part of the condition typed in (`value`, `value[1]`); none for a choice. */
  onChange: (value: unknown, typing?: string) => void
  id: string
}) => {
  const { t } = useTranslation("journeys")
  const [preferred, setPreferred] = useState<ValueKind>()
  const typed = (next: unknown) => onChange(next, "value")
  const empty = value === undefined || (Array.isArray(value) && value.length === 0)
  const labelled = (control: ReactNode, kindSelect?: ReactNode, labelFor: string | undefined = id) => (
    <div className="flex flex-col gap-y-1">
      <Label htmlFor={labelFor} size="xsmall" className="text-ui-fg-subtle">{t("panels.rule.value")}</Label>
      <div className="flex items-start gap-x-2">
        <div className="flex-1">{control}</div>
        {kindSelect}
      </div>
    </div>
  )

  if (picker && OPERATOR_VALUES[op] === "scalar") return <PickedValue picker={picker} id={id} value={value} onChange={onChange} />
  switch (OPERATOR_VALUES[op]) {
    case "presence":
      return labelled(
        <Select size="small" value={value === false ? "missing" : "present"} onValueChange={(next) => onChange(next === "missing" ? false : undefined)}>
          <Select.Trigger id={id} data-testid="rule-value">
            <Select.Value />
          </Select.Trigger>
          <Select.Content>
            <Select.Item value="present">{t("panels.rule.present")}</Select.Item>
            <Select.Item value="missing">{t("panels.rule.missing")}</Select.Item>
          </Select.Content>
        </Select>
      )
    case "duration":
      return labelled(
        <DurationInput label={t("panels.rule.value")} value={typeof value === "string" ? value : undefined} onChange={typed} testId="rule-value" />,
        undefined,
        undefined
      )
    case "date":
      return labelled(<DateValue id={id} value={value} onChange={typed} />)
    case "bound": {
      const bound = empty && (preferred === "number" || preferred === "date") ? preferred : boundKind(value, kind)
      return labelled(
        bound === "date" ? (
          <DateValue id={id} value={value} onChange={typed} />
        ) : (
          <NumberInput id={id} size="small" value={typeof value === "number" ? value : undefined} onChange={typed} data-testid="rule-value" />
        ),
        <KindSelect
          kind={bound}
          kinds={["number", "date"]}
          onChange={(next) => {
            setPreferred(next)
            if (next !== bound) onChange(undefined)
          }}
        />
      )
    }
    case "list": {
      const items = Array.isArray(value) ? value : []
      const itemKind: ScalarKind =
        empty && (preferred === "text" || preferred === "number")
          ? preferred
          : items.some((item) => typeof item === "number") || (empty && kind === "number")
            ? "number"
            : "text"
      return labelled(
        <ListValue id={id} items={items} kind={itemKind} onChange={onChange} />,
        <KindSelect
          kind={itemKind}
          kinds={["text", "number"]}
          onChange={(next) => {
            setPreferred(next)
            onChange(convertScalar(items, next as ScalarKind))
          }}
        />
      )
    }
    case "scalar": {
      const scalar = empty && preferred !== undefined && preferred !== "date" ? preferred : scalarKind(value, kind)
      return labelled(
        <ScalarValue id={id} kind={scalar} value={value} onChange={onChange} testId="rule-value" />,
        <KindSelect
          kind={scalar}
          kinds={["text", "number", "boolean"]}
          onChange={(next) => {
            setPreferred(next)
            onChange(convertScalar(value, next as ScalarKind))
          }}
        />
      )
    }
  }
}

/** A segment or a customer group, chosen by name; a segment condition says how to test for customers outside it. */
const PickedValue = ({ picker, id, value, onChange }: { picker: ValuePicker; id: string; value: unknown; onChange: (value: unknown) => void }) => {
  const { t } = useTranslation("journeys")
  const chosen = typeof value === "string" && value !== "" ? value : undefined
  return (
    <div className="flex flex-col gap-y-1" data-testid="rule-value-picker" data-picker={picker}>
      <Label htmlFor={id} size="xsmall" className="text-ui-fg-subtle">
        {picker === "segment" ? t("panels.rule.segment") : t("panels.rule.customerGroup")}
      </Label>
      {picker === "segment" ? (
        <>
          <SegmentPicker id={id} size="small" value={chosen} onChange={onChange} />
          <Hint>{t("panels.rule.segmentNotHint")}</Hint>
        </>
      ) : (
        <CustomerGroupPicker id={id} value={chosen} onChange={onChange} />
      )}
    </div>
  )
}

type ValueKind = ScalarKind | "date"

const KindSelect = ({ kind, kinds, onChange }: { kind: ValueKind; kinds: ValueKind[]; onChange: (kind: ValueKind) => void }) => {
  const { t } = useTranslation("journeys")
  const label = (option: ValueKind) => {
    switch (option) {
      case "text":
        return t("panels.rule.kinds.text")
      case "number":
        return t("panels.rule.kinds.number")
      case "boolean":
        return t("panels.rule.kinds.boolean")
      case "date":
        return t("panels.rule.kinds.date")
    }
  }
  return (
    <Select size="small" value={kind} onValueChange={(next) => onChange(next as ValueKind)}>
      <Select.Trigger className="w-auto" aria-label={t("panels.rule.valueKind")} data-testid="rule-value-kind">
        <Select.Value />
      </Select.Trigger>
      <Select.Content>
        {kinds.map((option) => (
          <Select.Item key={option} value={option}>{label(option)}</Select.Item>
        ))}
      </Select.Content>
    </Select>
  )
}

/** Text, a number or yes / no; emptied text is no value (the validator then asks for one). */
const ScalarValue = ({
  id,
  kind,
  value,
  onChange,
  testId,
}: {
  id?: string
  kind: ScalarKind
  value: unknown
  onChange: (value: unknown, typing?: string) => void
  testId: string
}) => {
  const { t } = useTranslation("journeys")
  if (kind === "boolean") {
    return (
      <Select size="small" value={value === false ? "false" : "true"} onValueChange={(next) => onChange(next === "true")}>
        <Select.Trigger id={id} data-testid={testId}>
          <Select.Value />
        </Select.Trigger>
        <Select.Content>
          <Select.Item value="true">{t("panels.rule.yes")}</Select.Item>
          <Select.Item value="false">{t("panels.rule.no")}</Select.Item>
        </Select.Content>
      </Select>
    )
  }
  if (kind === "number") {
    return <NumberInput id={id} size="small" value={typeof value === "number" ? value : undefined} onChange={(next) => onChange(next, "value")} data-testid={testId} />
  }
  return (
    <Input
      id={id}
      size="small"
      value={typeof value === "string" ? value : ""}
      onChange={(event) => onChange(event.target.value === "" ? undefined : event.target.value, "value")}
      data-testid={testId}
    />
  )
}

/** A calendar date picked as `YYYY-MM-DD`; a stored date-time stays editable as ISO text. */
const DateValue = ({ id, value, onChange }: { id: string; value: unknown; onChange: (value: unknown) => void }) => {
  const text = typeof value === "string" ? value : ""
  return (
    <Input
      id={id}
      size="small"
      type={isCalendarDate(value) ? "date" : "text"}
      className={isCalendarDate(value) ? undefined : "font-mono"}
      value={text}
      onChange={(event) => onChange(event.target.value === "" ? undefined : event.target.value)}
      data-testid="rule-value"
    />
  )
}

/** The values of `in` / `nin`, one input each. */
const ListValue = ({
  id,
  items,
  kind,
  onChange,
}: {
  id: string
  items: unknown[]
  kind: ScalarKind
  onChange: (items: unknown[], typing?: string) => void
}) => {
  const { t } = useTranslation("journeys")
  const set = (index: number, item: unknown) => onChange(items.map((current, at) => (at === index ? item : current)), `value[${index}]`)
  return (
    <div className="flex flex-col gap-y-1" data-testid="rule-value">
      {items.map((item, index) => (
        <div key={index} className="flex items-center gap-x-1" data-testid="rule-value-item">
          <div className="flex-1">
            {kind === "number" ? (
              <NumberInput
                id={index === 0 ? id : undefined}
                size="small"
                aria-label={t("panels.rule.listItem", { number: index + 1 })}
                value={typeof item === "number" ? item : undefined}
                onChange={(next) => set(index, next ?? 0)}
              />
            ) : (
              <Input
                id={index === 0 ? id : undefined}
                size="small"
                aria-label={t("panels.rule.listItem", { number: index + 1 })}
                value={typeof item === "string" ? item : String(item)}
                onChange={(event) => set(index, event.target.value)}
              />
            )}
          </div>
          <IconButton
            size="small"
            variant="transparent"
            type="button"
            aria-label={t("panels.rule.removeValue")}
            onClick={() => onChange(items.filter((_, at) => at !== index))}
            data-testid="rule-remove-value"
          >
            <Trash />
          </IconButton>
        </div>
      ))}
      <div>
        <Button size="small" variant="transparent" type="button" onClick={() => onChange([...items, kind === "number" ? 0 : ""])} data-testid="rule-add-value">
          <Plus />
          {t("panels.rule.addValue")}
        </Button>
      </div>
    </div>
  )
}

/** A part of the rule the builder cannot draw, edited as JSON; it is written once the text parses. */
const RawRuleView = ({ node, address, scope }: { node: RawRuleNode; address: Address; scope: BuilderScope }) => {
  const { t } = useTranslation("journeys")
  const id = useId()
  const written = JSON.stringify(node.rule, null, 2) ?? ""
  const [text, setText] = useState(written)
  const [invalid, setInvalid] = useState(false)
  useEffect(() => {
    setText(written)
    setInvalid(false)
  }, [written])
  return (
    <div className="flex flex-col gap-y-1" data-testid="rule-raw" data-path={node.path}>
      <div className="flex items-center justify-between">
        <Label htmlFor={id} size="xsmall" className="text-ui-fg-subtle">{t("panels.rule.raw")}</Label>
        <IconButton
          size="small"
          variant="transparent"
          type="button"
          aria-label={t("panels.rule.removeCondition")}
          onClick={() => scope.edit((root) => changeAt(root, address, () => undefined))}
          data-testid="rule-remove-raw"
        >
          <Trash />
        </IconButton>
      </div>
      <Textarea
        id={id}
        className="font-mono"
        rows={4}
        value={text}
        onChange={(event) => {
          setText(event.target.value)
          try {
            const rule: unknown = JSON.parse(event.target.value)
            setInvalid(false)
            scope.edit((root) => changeAt(root, address, () => ({ ...node, rule })), joinPath(node.path, "json"))
          } catch {
            setInvalid(true)
          }
        }}
      />
      {invalid && <Hint variant="error">{t("panels.rule.notJson")}</Hint>}
      <ProblemList problems={scope.placed.at[node.path]} testId="rule-raw-problems" />
    </div>
  )
}

/**
 * A rule that may be left out (a trigger's, an awaited event's, the goal's): a button adds one,
 * another removes it. `add-<testId>`, `rule-<testId>`, `remove-<testId>`, `problems-<testId>`.
 */
export const OptionalRule = ({
  value,
  onChange,
  base,
  problems,
  label,
  hint,
  testId,
}: {
  value: unknown
  /** As the rule builder's. */
  onChange: (rule: unknown, typing?: string) => void
  base: string
  problems: readonly DefinitionError[] | undefined
  label: string
  hint?: string
  testId: string
}) => {
  const { t } = useTranslation("journeys")
  return (
    <div className="flex flex-col gap-y-2">
      <Text size="small" weight="plus" as="span">{label}</Text>
      {hint && <Hint>{hint}</Hint>}
      {value === undefined ? (
        <>
          <div>
            <Button size="small" variant="secondary" type="button" onClick={() => onChange(NEW_RULE)} data-testid={`add-${testId}`}>
              <Plus />
              {t("panels.rule.add")}
            </Button>
          </div>
          <ProblemList problems={problems} testId={`problems-${testId}`} />
        </>
      ) : (
        <>
          <RuleBuilder value={value} onChange={onChange} base={base} problems={problems ?? []} label={label} testId={`rule-${testId}`} />
          <div>
            <Button size="small" variant="transparent" type="button" onClick={() => onChange(undefined)} data-testid={`remove-${testId}`}>
              <Trash />
              {t("panels.rule.remove")}
            </Button>
          </div>
        </>
      )}
    </div>
  )
}
