/** The panels of the steps that choose a path: condition (first matching rule) and random split. */
import { ArrowDownMini, ArrowUpMini, Plus, Trash } from "@medusajs/icons"
import { Badge, Button, Hint, IconButton, Input, Label, Text } from "@medusajs/ui"
import { useId } from "react"
import { useTranslation } from "react-i18next"

import type { Rule } from "../../../../engine"
import type { DraftNode } from "../../../lib/editor/draft"
import { Card, Field, NumberInput, PanelFrame, ProblemList } from "./controls"
import { freshPort, move, percentTotal, withFields } from "./fields"
import { usePanel, usePlacedProblems } from "./panel-context"
import { joinPath } from "./problems"
import { RuleBuilder } from "./rule-builder"

type DraftOf<Type extends DraftNode["type"]> = Extract<DraftNode, { type: Type }>
type ConditionBranch = NonNullable<DraftOf<"condition">["branches"]>[number]
type SplitBranch = NonNullable<DraftOf<"random_split">["branches"]>[number]

/** A rule the merchant has still to write: an empty group, which the validator points at. */
const UNWRITTEN_RULE: Rule = { all: [] }

const branchFields = (count: number, parts: string[]) => [
  "branches",
  ...Array.from({ length: count }, (_, index) => [`branches[${index}]`, ...parts.map((part) => `branches[${index}].${part}`)]).flat(),
]

export const ConditionPanel = ({ node, title }: { node: DraftOf<"condition">; title: string }) => {
  const { t } = useTranslation("journeys")
  const { store, base } = usePanel()
  const id = useId()
  const branches = node.branches ?? []
  const placed = usePlacedProblems(branchFields(branches.length, ["port", "where"]))
  // Typing in a field is one undo step; adding, moving or removing a branch is a step of its own.
  const setBranches = (next: ConditionBranch[], typing?: string) => store.getState().edit(node.id, { branches: next }, typing)
  const setBranch = (index: number, patch: Partial<ConditionBranch>, typing?: string) =>
    setBranches(
      branches.map((branch, at) => (at === index ? withFields(branch, patch) : branch)),
      typing && joinPath(`branches[${index}]`, typing)
    )

  return (
    <PanelFrame testId="panel-condition" title={title} id={node.id} description={t("panels.condition.description")} problems={placed.unplaced}>
      <div className="flex flex-col gap-y-3">
        {branches.map((branch, index) => (
          <Card key={index} testId={`branch-${index}`}>
            <BranchHeader
              label={t("panels.condition.branch", { number: index + 1 })}
              index={index}
              count={branches.length}
              onMove={(offset) => setBranches(move(branches, index, offset))}
              onRemove={() => setBranches(branches.filter((_, at) => at !== index))}
            />
            <Field
              id={`${id}-${index}-port`}
              label={t("panels.branches.port")}
              hint={t("panels.branches.portHint")}
              problems={placed.at[`branches[${index}].port`]}
              testId={`branch-${index}-port`}
            >
              <Input
                id={`${id}-${index}-port`}
                className="font-mono"
                value={branch.port ?? ""}
                onChange={(event) => setBranch(index, { port: event.target.value }, "port")}
                data-testid={`branch-${index}-port`}
              />
            </Field>
            <RuleBuilder
              value={branch.where}
              onChange={(where, typing) => setBranch(index, { where: where as Rule }, typing && joinPath("where", typing))}
              base={joinPath(base, `branches[${index}].where`)}
              problems={placed.at[`branches[${index}].where`] ?? []}
              label={t("panels.condition.rule", { number: index + 1 })}
              testId={`branch-${index}-rule`}
              required
            />
            <ProblemList problems={placed.at[`branches[${index}]`]} testId={`problems-branch-${index}`} />
          </Card>
        ))}
        <div>
          <Button
            size="small"
            variant="secondary"
            type="button"
            onClick={() =>
              setBranches([...branches, { port: freshPort(branches.map((branch) => branch.port), "branch"), where: UNWRITTEN_RULE }])
            }
            data-testid="add-branch"
          >
            <Plus />
            {t("panels.branches.add")}
          </Button>
        </div>
        <ProblemList problems={placed.at.branches} testId="problems-branches" />
        {/* The fixed last path: not a branch of the definition, the port every condition has. */}
        <div className="bg-ui-bg-subtle flex flex-col gap-y-1 rounded-lg p-3" data-testid="branch-else">
          <div className="flex items-center gap-x-2">
            <Text size="small" weight="plus">{t("canvas.ports.else")}</Text>
            <Badge size="2xsmall" className="font-mono">else</Badge>
          </div>
          <Text size="small" className="text-ui-fg-subtle">{t("panels.condition.else")}</Text>
        </div>
      </div>
    </PanelFrame>
  )
}

export const RandomSplitPanel = ({ node, title }: { node: DraftOf<"random_split">; title: string }) => {
  const { t } = useTranslation("journeys")
  const { store } = usePanel()
  const id = useId()
  const branches = node.branches ?? []
  const placed = usePlacedProblems(branchFields(branches.length, ["port", "percent"]))
  // Typing in a field is one undo step; adding or removing a branch is a step of its own.
  const setBranches = (next: SplitBranch[], typing?: string) => store.getState().edit(node.id, { branches: next }, typing)
  const setBranch = (index: number, patch: Partial<SplitBranch>, typing: string) =>
    setBranches(
      branches.map((branch, at) => (at === index ? { ...branch, ...patch } : branch)),
      joinPath(`branches[${index}]`, typing)
    )
  const { total, valid } = percentTotal(branches)

  return (
    <PanelFrame testId="panel-random_split" title={title} id={node.id} description={t("panels.split.description")} problems={placed.unplaced}>
      <div className="flex flex-col gap-y-3">
        {branches.map((branch, index) => (
          <Card key={index} testId={`branch-${index}`}>
            <BranchHeader
              label={t("panels.split.branch", { number: index + 1 })}
              index={index}
              count={branches.length}
              onRemove={() => setBranches(branches.filter((_, at) => at !== index))}
            />
            <div className="grid grid-cols-2 gap-x-3">
              <Field id={`${id}-${index}-port`} label={t("panels.branches.port")} problems={placed.at[`branches[${index}].port`]} testId={`branch-${index}-port`}>
                <Input
                  id={`${id}-${index}-port`}
                  className="font-mono"
                  value={branch.port ?? ""}
                  onChange={(event) => setBranch(index, { port: event.target.value }, "port")}
                  data-testid={`branch-${index}-port`}
                />
              </Field>
              <Field
                id={`${id}-${index}-percent`}
                label={t("panels.split.percent")}
                problems={placed.at[`branches[${index}].percent`]}
                testId={`branch-${index}-percent`}
              >
                <NumberInput
                  id={`${id}-${index}-percent`}
                  min={0}
                  max={100}
                  value={branch.percent}
                  // An emptied percentage counts as 0 until typed: the node keeps a number, the sum stays readable.
                  onChange={(percent) => setBranch(index, { percent: percent ?? 0 }, "percent")}
                  data-testid={`branch-${index}-percent`}
                />
              </Field>
            </div>
            <ProblemList problems={placed.at[`branches[${index}]`]} testId={`problems-branch-${index}`} />
          </Card>
        ))}
        <div>
          <Button
            size="small"
            variant="secondary"
            type="button"
            onClick={() => {
              const ports = branches.map((branch) => branch.port)
              // A new branch takes 0 %: the others keep their share until the merchant moves some over.
              setBranches([...branches, { port: freshPort(ports, ports[ports.length - 1] ?? "a"), percent: 0 }])
            }}
            data-testid="add-branch"
          >
            <Plus />
            {t("panels.branches.add")}
          </Button>
        </div>
        <div className="flex items-center gap-x-2" data-testid="split-total" data-valid={valid}>
          <Text size="small" weight="plus">{t("panels.split.total")}</Text>
          <Badge size="2xsmall" color={valid ? "green" : "red"}>{t("panels.split.percentValue", { value: total })}</Badge>
        </div>
        {!valid && <Hint variant="error">{t("panels.split.mustBe100", { total })}</Hint>}
        {/* The sum is said above, in the admin's language; the validator's other words about the list stay. */}
        <ProblemList problems={branches.length > 0 && !valid ? [] : placed.at.branches} testId="problems-branches" />
      </div>
    </PanelFrame>
  )
}

/** A branch's title with its up / down and remove buttons. */
const BranchHeader = ({
  label,
  index,
  count,
  onMove,
  onRemove,
}: {
  label: string
  index: number
  count: number
  /** Only for ordered branches (a condition's): the first match wins. */
  onMove?: (offset: -1 | 1) => void
  onRemove: () => void
}) => {
  const { t } = useTranslation("journeys")
  return (
    <div className="flex items-center justify-between">
      <Label size="small" weight="plus">{label}</Label>
      <div className="flex items-center gap-x-1">
        {onMove && (
          <>
            <IconButton
              size="small"
              variant="transparent"
              type="button"
              aria-label={t("panels.branches.up")}
              disabled={index === 0}
              onClick={() => onMove(-1)}
              data-testid={`branch-${index}-up`}
            >
              <ArrowUpMini />
            </IconButton>
            <IconButton
              size="small"
              variant="transparent"
              type="button"
              aria-label={t("panels.branches.down")}
              disabled={index === count - 1}
              onClick={() => onMove(1)}
              data-testid={`branch-${index}-down`}
            >
              <ArrowDownMini />
            </IconButton>
          </>
        )}
        <IconButton
          size="small"
          variant="transparent"
          type="button"
          aria-label={t("panels.branches.remove")}
          onClick={onRemove}
          data-testid={`branch-${index}-remove`}
        >
          <Trash />
        </IconButton>
      </div>
    </div>
  )
}
