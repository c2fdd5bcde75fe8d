/** The panels of frequency cap, update customer, webhook and exit steps. */
import { CheckCircleSolid, Plus, Trash, XMarkMini } from "@medusajs/icons"
import { Button, Hint, IconButton, Input, Label, Text, Textarea } from "@medusajs/ui"
import { useEffect, useId, useState } from "react"
import { useTranslation } from "react-i18next"

import { jsonTemplateProblem, type MessageKey } from "../../../../engine"
import { errorMessage } from "../../../lib/api"
import type { DraftNode } from "../../../lib/editor/draft"
import { DurationInput, Field, NumberInput, PanelFrame, SuggestInput, useDebounced } from "./controls"
import { useCustomerGroup, useCustomerGroupSearch } from "./customer-groups"
import { duplicateKeys, metadataRows, rowsToMetadata, type MetadataRow } from "./fields"
import { usePanel, usePlacedProblems } from "./panel-context"

type DraftOf<Type extends DraftNode["type"]> = Extract<DraftNode, { type: Type }>

const LIQUID_PROBLEM: MessageKey = "check.webhookLiquid"

export const FrequencyCapPanel = ({ node, title }: { node: DraftOf<"frequency_cap">; title: string }) => {
  const { t } = useTranslation("journeys")
  const { store } = usePanel()
  const id = useId()
  const placed = usePlacedProblems(["tag", "max", "within"])
  // Typing in a field is one undo step.
  const edit = (patch: Partial<DraftOf<"frequency_cap">>, typing: string) => store.getState().edit(node.id, patch, typing)
  return (
    <PanelFrame testId="panel-frequency_cap" title={title} id={node.id} description={t("panels.cap.description")} problems={placed.unplaced}>
      <Field id={`${id}-max`} label={t("panels.cap.max")} problems={placed.at.max} testId="max">
        <NumberInput id={`${id}-max`} min={1} step={1} value={node.max} onChange={(max) => edit({ max }, "max")} data-testid="field-max" />
      </Field>
      <Field label={t("panels.cap.within")} problems={placed.at.within} testId="within">
        <DurationInput label={t("panels.cap.within")} value={node.within} onChange={(within) => edit({ within }, "within")} testId="field-within" />
      </Field>
      <Field id={`${id}-tag`} label={t("panels.cap.tag")} hint={t("panels.cap.tagHint")} problems={placed.at.tag} testId="tag">
        <Input
          id={`${id}-tag`}
          placeholder="promo"
          value={node.tag ?? ""}
          onChange={(event) => edit({ tag: event.target.value === "" ? undefined : event.target.value }, "tag")}
          data-testid="field-tag"
        />
      </Field>
      <div className="flex flex-col gap-y-2" data-testid="cap-ports">
        <div>
          <Text as="span" size="small" weight="plus">{t("canvas.ports.ok")}</Text>
          <Text size="small" className="text-ui-fg-subtle">{t("panels.cap.ok")}</Text>
        </div>
        <div>
          <Text as="span" size="small" weight="plus">{t("canvas.ports.capped")}</Text>
          <Text size="small" className="text-ui-fg-subtle">{t("panels.cap.capped")}</Text>
        </div>
      </div>
    </PanelFrame>
  )
}

export const UpdateCustomerPanel = ({ node, title }: { node: DraftOf<"update_customer">; title: string }) => {
  const { t } = useTranslation("journeys")
  const { store } = usePanel()
  const placed = usePlacedProblems(["metadata", "add_to_group", "add_to_group_named"])
  // Typing in a row is one undo step; removing a row or choosing a group is a step of its own.
  const edit = (patch: Partial<DraftOf<"update_customer">>, typing?: string) => store.getState().edit(node.id, patch, typing)
  return (
    <PanelFrame
      testId="panel-update_customer"
      title={title}
      id={node.id}
      description={t("panels.updateCustomer.description")}
      problems={placed.unplaced}
    >
      <Field label={t("panels.updateCustomer.metadata")} hint={t("panels.updateCustomer.metadataHint")} problems={placed.at.metadata} testId="metadata">
        <MetadataRows metadata={node.metadata} onChange={(metadata, typing) => edit({ metadata }, typing)} />
      </Field>
      <Field label={t("panels.updateCustomer.group")} problems={placed.at.add_to_group} testId="group">
        <GroupPicker groupId={node.add_to_group} onChange={(add_to_group) => edit({ add_to_group })} />
      </Field>
      <Field
        id={`${node.id}-group-named`}
        label={t("panels.updateCustomer.groupNamed")}
        hint={t("panels.updateCustomer.groupNamedHint")}
        problems={placed.at.add_to_group_named}
        testId="group-named"
      >
        <Input
          id={`${node.id}-group-named`}
          placeholder={t("panels.updateCustomer.groupNamedPlaceholder")}
          value={node.add_to_group_named ?? ""}
          onChange={(event) => edit({ add_to_group_named: event.target.value === "" ? undefined : event.target.value }, "add_to_group_named")}
          data-testid="field-group-named"
        />
      </Field>
    </PanelFrame>
  )
}

/**
 * Metadata as key / value rows. The rows are kept here, so that a row still without a key (not
 * written yet) or two rows with one key stay on screen; a change from elsewhere (undo) replaces them.
 */
const MetadataRows = ({
  metadata,
  onChange,
}: {
  metadata: Record<string, unknown> | undefined
  /** `typing`: the row's field typed in (`metadata[0].key`); none when a row is removed. */
  onChange: (metadata: Record<string, unknown> | undefined, typing?: string) => void
}) => {
  const { t } = useTranslation("journeys")
  const [rows, setRows] = useState(() => metadataRows(metadata))
  useEffect(() => {
    if (JSON.stringify(rowsToMetadata(rows, metadata)) !== JSON.stringify(metadata)) setRows(metadataRows(metadata))
    // Only a new value from outside resets the rows; the rows themselves are what is being typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [metadata])
  const write = (next: MetadataRow[], typing?: string) => {
    setRows(next)
    onChange(rowsToMetadata(next, metadata), typing)
  }
  const twice = duplicateKeys(rows)

  return (
    <div className="flex flex-col gap-y-2" data-testid="field-metadata">
      {rows.map((row, index) => (
        <div key={index} className="flex flex-col gap-y-1">
          <div className="flex items-center gap-x-2">
            <Input
              size="small"
              className="font-mono"
              aria-label={t("panels.updateCustomer.key", { number: index + 1 })}
              placeholder={t("panels.updateCustomer.keyPlaceholder")}
              value={row.key}
              onChange={(event) =>
                write(rows.map((other, at) => (at === index ? { ...other, key: event.target.value } : other)), `metadata[${index}].key`)
              }
              data-testid={`metadata-${index}-key`}
            />
            <Input
              size="small"
              aria-label={t("panels.updateCustomer.value", { number: index + 1 })}
              placeholder={t("panels.updateCustomer.valuePlaceholder")}
              value={row.value}
              onChange={(event) =>
                write(rows.map((other, at) => (at === index ? { ...other, value: event.target.value } : other)), `metadata[${index}].value`)
              }
              data-testid={`metadata-${index}-value`}
            />
            <IconButton
              size="small"
              variant="transparent"
              type="button"
              aria-label={t("panels.updateCustomer.removeKey")}
              onClick={() => write(rows.filter((_, at) => at !== index))}
              data-testid={`metadata-${index}-remove`}
            >
              <Trash />
            </IconButton>
          </div>
          {row.key === "" && <Hint>{t("panels.updateCustomer.noKey")}</Hint>}
          {twice.has(row.key) && <Hint variant="error">{t("panels.updateCustomer.twice")}</Hint>}
        </div>
      ))}
      <div>
        <Button size="small" variant="secondary" type="button" onClick={() => setRows([...rows, { key: "", value: "" }])} data-testid="add-metadata">
          <Plus />
          {t("panels.updateCustomer.addKey")}
        </Button>
      </div>
    </div>
  )
}

/** The customer group to add the customer to: searched by name, shown by name once chosen. */
const GroupPicker = ({ groupId, onChange }: { groupId: string | undefined; onChange: (groupId: string | undefined) => void }) => {
  const { readOnly } = usePanel()
  return (
    <div className="flex flex-col gap-y-2">
      {groupId && <ChosenGroup groupId={groupId} onClear={readOnly ? undefined : () => onChange(undefined)} />}
      {!readOnly && <GroupSearch chosen={groupId !== undefined} onPick={onChange} />}
    </div>
  )
}

const GroupSearch = ({ chosen, onPick }: { chosen: boolean; onPick: (groupId: string) => void }) => {
  const { t } = useTranslation("journeys")
  const id = useId()
  const [search, setSearch] = useState("")
  const q = useDebounced(search).trim()
  const found = useCustomerGroupSearch(q)
  return (
    <>
      <Label htmlFor={id} size="xsmall" className="text-ui-fg-subtle">
        {chosen ? t("panels.updateCustomer.otherGroup") : t("panels.updateCustomer.searchGroup")}
      </Label>
      <SuggestInput
        id={id}
        placeholder={t("panels.updateCustomer.groupPlaceholder")}
        value={search}
        onChange={setSearch}
        onPick={(suggestion) => {
          onPick(suggestion.value)
          setSearch("")
        }}
        suggestions={(found.data ?? []).map((group) => ({ value: group.id, label: group.name ?? group.id, detail: group.id }))}
        emptyText={found.isFetching ? t("panels.updateCustomer.searching") : t("panels.updateCustomer.noGroup")}
        testId="field-group"
      />
      {found.error && <Hint variant="error">{t("panels.updateCustomer.searchFailed", { message: errorMessage(found.error) })}</Hint>}
    </>
  )
}

const ChosenGroup = ({ groupId, onClear }: { groupId: string; onClear: (() => void) | undefined }) => {
  const { t } = useTranslation("journeys")
  const { data: group, error } = useCustomerGroup(groupId)
  return (
    <div className="flex flex-col gap-y-1">
      <div className="bg-ui-bg-component flex items-center justify-between gap-x-2 rounded-md px-3 py-2" data-testid="selected-group">
        <div className="flex min-w-0 flex-col">
          <Text size="small" weight="plus" className="truncate">{group?.name ?? groupId}</Text>
          <Text size="xsmall" className="text-ui-fg-subtle truncate font-mono">{groupId}</Text>
        </div>
        {onClear && (
          <IconButton size="small" variant="transparent" type="button" aria-label={t("panels.updateCustomer.clearGroup")} onClick={onClear} data-testid="clear-group">
            <XMarkMini />
          </IconButton>
        )}
      </div>
      {error && <Hint variant="error">{t("panels.updateCustomer.groupFailed", { message: errorMessage(error) })}</Hint>}
    </div>
  )
}

export const WebhookPanel = ({ node, title }: { node: DraftOf<"webhook">; title: string }) => {
  const { t } = useTranslation("journeys")
  const { store } = usePanel()
  const id = useId()
  const placed = usePlacedProblems(["url", "body"])
  // Typing in a field is one undo step.
  const edit = (patch: Partial<DraftOf<"webhook">>, typing: string) => store.getState().edit(node.id, patch, typing)
  const body = node.body ?? ""
  const liquid = body === "" ? null : jsonTemplateProblem(body)
  // The validator reports the same Liquid error; it is shown once, by the check under the body.
  const bodyProblems = placed.at.body?.filter((problem) => problem.text?.key !== LIQUID_PROBLEM)

  return (
    <PanelFrame testId="panel-webhook" title={title} id={node.id} description={t("panels.webhook.description")} problems={placed.unplaced}>
      <Field id={`${id}-url`} label={t("panels.webhook.url")} hint={t("panels.webhook.urlHint")} problems={placed.at.url} testId="url">
        <Input
          id={`${id}-url`}
          type="url"
          placeholder="https://"
          value={node.url ?? ""}
          onChange={(event) => edit({ url: event.target.value === "" ? undefined : event.target.value }, "url")}
          data-testid="field-url"
        />
      </Field>
      <Field id={`${id}-body`} label={t("panels.webhook.body")} hint={t("panels.webhook.bodyHint", { output: "{{ … }}" })} problems={bodyProblems} testId="body">
        <Textarea
          id={`${id}-body`}
          className="font-mono"
          rows={8}
          placeholder={'{ "email": {{ customer.email }} }'}
          value={body}
          onChange={(event) => edit({ body: event.target.value === "" ? undefined : event.target.value }, "body")}
          data-testid="field-body"
        />
        <div data-testid="body-check" data-valid={liquid === null}>
          {body === "" ? (
            <Hint>{t("panels.webhook.defaultBody")}</Hint>
          ) : liquid === null ? (
            <Text size="xsmall" className="text-ui-fg-subtle flex items-center gap-x-1">
              <CheckCircleSolid className="text-ui-fg-interactive" />
              {t("panels.webhook.liquidOk")}
            </Text>
          ) : (
            <Hint variant="error">{t("panels.webhook.liquidError", { message: liquid })}</Hint>
          )}
        </div>
      </Field>
    </PanelFrame>
  )
}

export const ExitPanel = ({ node, title }: { node: DraftOf<"exit">; title: string }) => {
  const { t } = useTranslation("journeys")
  const placed = usePlacedProblems([])
  return (
    <PanelFrame testId="panel-exit" title={title} id={node.id} description={t("panels.exit.description")} problems={placed.unplaced} />
  )
}
