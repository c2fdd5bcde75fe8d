/** A send step's panel: channel, template (with its preview against store data), category, tag, enrichments. */
import { ArrowUpRightOnBox, XMarkMini } from "@medusajs/icons"
import { Badge, Button, Checkbox, Hint, IconButton, Input, Label, RadioGroup, Select, Text } from "@medusajs/ui"
import { useId, useState } from "react"
import { useTranslation } from "react-i18next"
import { Link } from "react-router-dom"

import { CHANNELS, ENRICHMENTS, type Enrichment, type SendNode } from "../../../../engine"
import { errorMessage } from "../../../lib/api"
import { useMessageTemplate, useMessageTemplates, type TemplateChannel } from "../../../lib/api-templates"
import type { DraftNode } from "../../../lib/editor/draft"
import { TemplatePreview } from "../../templates/template-preview"
import { Field, PanelFrame, SuggestInput, useDebounced } from "./controls"
import { usePanel, usePlacedProblems } from "./panel-context"

type DraftSend = Extract<DraftNode, { type: "send" }>
type Category = SendNode["category"]

const CATEGORIES: Category[] = ["marketing", "transactional"]

export const SendPanel = ({ node, title }: { node: DraftSend; title: string }) => {
  const { t } = useTranslation("journeys")
  const { store, readOnly } = usePanel()
  const id = useId()
  const placed = usePlacedProblems(["channel", "template_id", "category", "tag", "enrich"])
  // Typing in a field is one undo step; a choice (channel, template, category) is a step of its own.
  const edit = (patch: Partial<DraftSend>, typing?: string) => store.getState().edit(node.id, patch, typing)
  const channelLabel = (channel: TemplateChannel) =>
    channel === "email" ? t("channels.email") : channel === "sms" ? t("channels.sms") : t("channels.push")
  const category = (value: Category) =>
    value === "marketing"
      ? { label: t("panels.send.marketing"), description: t("panels.send.marketingHint") }
      : { label: t("panels.send.transactional"), description: t("panels.send.transactionalHint") }

  return (
    <PanelFrame testId="panel-send" title={title} id={node.id} description={t("panels.send.description")} problems={placed.unplaced}>
      <Field id={`${id}-channel`} label={t("panels.send.channel")} problems={placed.at.channel} testId="channel">
        <Select
          value={node.channel ?? ""}
          // Templates belong to one channel: another channel needs another template.
          onValueChange={(channel) => channel !== node.channel && edit({ channel: channel as TemplateChannel, template_id: undefined })}
        >
          <Select.Trigger id={`${id}-channel`} data-testid="field-channel">
            <Select.Value placeholder={t("panels.send.chooseChannel")} />
          </Select.Trigger>
          <Select.Content>
            {CHANNELS.map((channel) => (
              <Select.Item key={channel} value={channel}>{channelLabel(channel)}</Select.Item>
            ))}
          </Select.Content>
        </Select>
      </Field>

      <Field
        id={`${id}-template`}
        label={t("panels.send.template")}
        hint={
          <Link to="/journeys/templates" className="text-ui-fg-interactive inline-flex items-center gap-x-1" data-testid="link-edit-templates">
            {t("panels.send.editTemplates")}
            <ArrowUpRightOnBox />
          </Link>
        }
        problems={placed.at.template_id}
        testId="template"
      >
        {node.template_id && (
          <ChosenTemplate
            templateId={node.template_id}
            channel={node.channel}
            channelLabel={channelLabel}
            onClear={() => edit({ template_id: undefined })}
          />
        )}
        {!readOnly && <TemplateSearch id={`${id}-template`} channel={node.channel} onPick={(template_id) => edit({ template_id })} />}
      </Field>

      <Field label={t("panels.send.category")} hint={t("panels.send.quietHours")} problems={placed.at.category} testId="category">
        <RadioGroup
          value={node.category ?? "marketing"}
          onValueChange={(value) => edit({ category: value as Category })}
          aria-label={t("panels.send.category")}
          className="flex flex-col gap-y-2"
          data-testid="field-category"
        >
          {CATEGORIES.map((value) => (
            <RadioGroup.ChoiceBox key={value} value={value} {...category(value)} data-testid={`category-${value}`} />
          ))}
        </RadioGroup>
      </Field>

      <Field id={`${id}-tag`} label={t("panels.send.tag")} hint={t("panels.send.tagHint")} problems={placed.at.tag} testId="tag">
        <Input
          id={`${id}-tag`}
          placeholder="abandoned-cart"
          value={node.tag ?? ""}
          onChange={(event) => edit({ tag: event.target.value === "" ? undefined : event.target.value }, "tag")}
          data-testid="field-tag"
        />
      </Field>

      <Field label={t("panels.send.enrich")} hint={t("panels.send.enrichHint")} problems={placed.at.enrich} testId="enrich">
        {ENRICHMENTS.map((enrichment) => (
          <EnrichmentChoice
            key={enrichment}
            enrichment={enrichment}
            checked={node.enrich?.includes(enrichment) ?? false}
            onChange={(checked) => {
              // Kept in ENRICHMENTS' order; none is no `enrich` at all.
              const chosen = ENRICHMENTS.filter((e) => (e === enrichment ? checked : node.enrich?.includes(e)))
              edit({ enrich: chosen.length ? chosen : undefined })
            }}
          />
        ))}
      </Field>

      {node.template_id && <Preview templateId={node.template_id} />}
    </PanelFrame>
  )
}

/** One enrichment's checkbox, with the root it adds to the template and what it holds. */
const EnrichmentChoice = ({
  enrichment,
  checked,
  onChange,
}: {
  enrichment: Enrichment
  checked: boolean
  onChange: (checked: boolean) => void
}) => {
  const { t } = useTranslation("journeys")
  const { readOnly } = usePanel()
  const id = useId()
  const [label, hint] =
    enrichment === "open_cart"
      ? [t("panels.send.enrichOpenCart"), t("panels.send.enrichOpenCartHint")]
      : [t("panels.send.enrichViewedProducts"), t("panels.send.enrichViewedProductsHint")]
  return (
    <div className="flex items-start gap-x-2">
      <Checkbox id={id} checked={checked} disabled={readOnly} onCheckedChange={(value) => onChange(value === true)} data-testid={`enrich-${enrichment}`} />
      <div className="flex flex-col">
        <Label htmlFor={id} size="small">{label}</Label>
        <Hint>{hint}</Hint>
      </div>
    </div>
  )
}

/** Published templates of the channel, searched by name or handle. */
const TemplateSearch = ({
  id,
  channel,
  onPick,
}: {
  id: string
  channel: TemplateChannel | undefined
  onPick: (templateId: string) => void
}) => {
  const { t } = useTranslation("journeys")
  const [search, setSearch] = useState("")
  const q = useDebounced(search).trim()
  const found = useMessageTemplates({
    limit: 20,
    offset: 0,
    ...(q ? { q } : {}),
    ...(channel ? { channel: [channel] } : {}),
    status: ["published"],
  })
  const suggestions = (found.data?.message_templates ?? []).map((template) => ({
    value: template.id,
    label: template.name,
    detail: template.handle,
  }))
  return (
    <>
      <SuggestInput
        id={id}
        placeholder={t("panels.send.searchTemplates")}
        value={search}
        onChange={setSearch}
        onPick={(suggestion) => {
          onPick(suggestion.value)
          setSearch("")
        }}
        suggestions={suggestions}
        emptyText={found.isFetching ? t("panels.send.searching") : t("panels.send.noTemplate")}
        testId="field-template"
      />
      {found.error && <Hint variant="error">{t("panels.send.searchFailed", { message: errorMessage(found.error) })}</Hint>}
    </>
  )
}

/** The template in use: its name and handle, and what would stop it being sent. */
const ChosenTemplate = ({
  templateId,
  channel,
  channelLabel,
  onClear,
}: {
  templateId: string
  channel: TemplateChannel | undefined
  channelLabel: (channel: TemplateChannel) => string
  onClear: () => void
}) => {
  const { t } = useTranslation("journeys")
  const { readOnly } = usePanel()
  const { data: template, error, isLoading } = useMessageTemplate(templateId)

  return (
    <div className="flex flex-col gap-y-2">
      <div className="bg-ui-bg-component flex items-start justify-between gap-x-2 rounded-md px-3 py-2" data-testid="selected-template">
        <div className="flex min-w-0 flex-col">
          <Text size="small" weight="plus" className="truncate">
            {template?.name ?? (isLoading ? t("panels.send.loadingTemplate") : templateId)}
          </Text>
          <Text size="xsmall" className="text-ui-fg-subtle truncate font-mono">{template?.handle ?? templateId}</Text>
        </div>
        <div className="flex items-center gap-x-1">
          {template && (
            <Badge size="2xsmall" color={template.status === "published" ? "green" : "orange"}>
              {template.status === "published" ? t("panels.send.published") : t("panels.send.draft")}
            </Badge>
          )}
          {!readOnly && (
            <IconButton size="small" variant="transparent" type="button" aria-label={t("panels.send.clearTemplate")} onClick={onClear} data-testid="clear-template">
              <XMarkMini />
            </IconButton>
          )}
        </div>
      </div>
      {error && <Hint variant="error">{t("panels.send.templateFailed", { message: errorMessage(error) })}</Hint>}
      {template?.status === "draft" && <Hint variant="error">{t("panels.send.templateDraft")}</Hint>}
      {template && channel && template.channel !== channel && (
        <Hint variant="error">{t("panels.send.templateChannel", { channel: channelLabel(template.channel) })}</Hint>
      )}
    </div>
  )
}

/** The chosen template rendered against a customer, cart or order of the store, on demand. */
const Preview = ({ templateId }: { templateId: string }) => {
  const { t } = useTranslation("journeys")
  const [previewing, setPreviewing] = useState(false)
  const { data: template } = useMessageTemplate(templateId)
  if (!template) return null
  return (
    <div className="flex flex-col gap-y-3">
      <Button size="small" variant="secondary" type="button" className="self-start" onClick={() => setPreviewing(!previewing)} data-testid="toggle-preview">
        {previewing ? t("panels.send.hidePreview") : t("panels.send.showPreview")}
      </Button>
      {previewing && <TemplatePreview templateId={template.id} content={template} />}
    </div>
  )
}
