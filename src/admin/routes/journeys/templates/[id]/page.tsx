import { ChevronLeft } from "@medusajs/icons"
import { Alert, Badge, Button, Container, Heading, IconButton, Input, Select, Text, Textarea, toast } from "@medusajs/ui"
import { useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { Link, useParams } from "react-router-dom"
import { useLeaveGuard } from "../../../../lib/use-leave-guard"
import { checkTemplate, TEMPLATE_FIELDS } from "../../../../../engine"
import { errorMessage } from "../../../../lib/api"
import {
  TEMPLATE_STATUSES,
  useMessageTemplate,
  useUpdateMessageTemplate,
  type MessageTemplate,
  type TemplateStatus,
} from "../../../../lib/api-templates"
import { Field } from "../../../../components/templates/field"
import { fieldProblems, type FieldProblems } from "../../../../components/templates/field-problems"
import { LiquidVariables } from "../../../../components/templates/liquid-variables"
import { PushDataRows } from "../../../../components/templates/push-data-rows"
import { SmsCounter } from "../../../../components/templates/sms-counter"
import {
  changesOf,
  contentOf,
  dataRowProblems,
  formOf,
  handleProblem,
  type TemplateForm,
} from "../../../../components/templates/template-form"
import { TemplatePreview } from "../../../../components/templates/template-preview"
import { TemplateStatusBadge } from "../../../../components/templates/template-status-badge"

/** The form's fields a server message may name. */
const FIELDS = ["name", "handle", "status", "subject", "html", "text", "title", "body", "data"] as const
type FormField = (typeof FIELDS)[number]

const MessageTemplatePage = () => {
  const { id } = useParams() as { id: string }
  const { t } = useTranslation("journeys")
  const { data: template, error, isLoading } = useMessageTemplate(id)
  if (error) {
    return (
      <Container className="flex flex-col items-start gap-y-3 px-6 py-4">
        <Text className="text-ui-fg-error" data-testid="template-load-error">{t("templates.editor.loadFailed", { message: errorMessage(error) })}</Text>
        <Button size="small" variant="secondary" asChild>
          <Link to="/journeys/templates">{t("templates.editor.back")}</Link>
        </Button>
      </Container>
    )
  }
  if (isLoading || !template) {
    return <Container className="px-6 py-4"><Text>{t("templates.editor.loading")}</Text></Container>
  }
  return <TemplateEditor key={template.id} template={template} />
}

const TemplateEditor = ({ template }: { template: MessageTemplate }) => {
  const { t } = useTranslation("journeys")
  const { channel } = template
  const [form, setForm] = useState<TemplateForm>(() => formOf(template))
  // What the server holds, to tell unsaved changes: the form as last sent successfully.
  const [saved, setSaved] = useState<TemplateForm>(() => formOf(template))
  const [serverProblems, setServerProblems] = useState<FieldProblems | null>(null)
  const update = useUpdateMessageTemplate(template.id)

  const content = useMemo(() => contentOf(form, channel), [form, channel])
  // The engine's own check, the one the server runs on save: problems show as they are typed.
  const liveProblems = useMemo(() => checkTemplate(content), [content])
  const rowProblems = dataRowProblems(form.data)
  const unsaved = JSON.stringify(form) !== JSON.stringify(saved)
  const { required } = TEMPLATE_FIELDS[channel]

  // What the server's body validation would refuse, said before sending.
  const handle = handleProblem(form.handle)
  const detailProblems: Partial<Record<FormField, string>> = {
    ...(form.name.trim() ? {} : { name: t("templates.editor.nameRequired") }),
    ...(handle === "required" ? { handle: t("templates.editor.handleRequired") } : {}),
    ...(handle === "invalid" ? { handle: t("templates.editor.handleInvalid") } : {}),
  }

  const problemsOf = (field: FormField): string[] => {
    const detail = detailProblems[field]
    if (detail) return [detail]
    const live = liveProblems
      .filter((problem) => problem.path === field || problem.path.startsWith(`${field}.`))
      .map((problem) => {
        if (problem.path !== field) return `${problem.path.slice(field.length + 1)}: ${problem.message}`
        const value = form[field as keyof TemplateForm]
        return (required as string[]).includes(field) && typeof value === "string" && !value.trim()
          ? t("templates.editor.required")
          : problem.message
      })
    // A field's live problems describe what is typed now; the server's, what was sent.
    return live.length ? live : serverProblems?.byField[field] ?? []
  }

  const set = <K extends keyof TemplateForm>(field: K, value: TemplateForm[K]) => {
    setForm((current) => ({ ...current, [field]: value }))
    setServerProblems((current) => {
      if (!current?.byField[field]) return current
      const { [field]: _cleared, ...byField } = current.byField
      return { ...current, byField }
    })
  }

  const save = () => {
    const sent = form
    update.mutate(changesOf(sent, channel), {
      onSuccess: () => {
        setSaved(sent)
        setServerProblems(null)
        toast.success(t("templates.editor.saved"))
      },
      // Shown next to the fields they name (or above them): a toast would cover the Save button.
      onError: (error) => setServerProblems(fieldProblems(errorMessage(error), FIELDS)),
    })
  }

  useLeaveGuard(unsaved, t("templates.editor.leaveDescription"))

  const blocking = liveProblems.length + rowProblems.size + Object.keys(detailProblems).length

  return (
    <div className="flex flex-col gap-y-3" data-testid="template-editor" data-channel={channel}>
      <Container className="flex flex-wrap items-center justify-between gap-3 px-6 py-3">
        <div className="flex items-center gap-x-3">
          <IconButton size="small" variant="transparent" asChild>
            <Link to="/journeys/templates" aria-label={t("templates.editor.back")}><ChevronLeft /></Link>
          </IconButton>
          <Heading level="h1" data-testid="template-name-heading">{saved.name}</Heading>
          <Badge size="2xsmall">{t(`channels.${channel}`)}</Badge>
          <TemplateStatusBadge status={saved.status} />
          {unsaved && <Badge size="2xsmall" color="orange" data-testid="template-unsaved">{t("templates.editor.unsaved")}</Badge>}
        </div>
        <div className="flex items-center gap-x-3">
          {blocking > 0 && (
            <Text size="small" className="text-ui-fg-error" data-testid="template-blocking">
              {t("templates.editor.fixFirst", { count: blocking })}
            </Text>
          )}
          <Button size="small" onClick={save} disabled={!unsaved || blocking > 0} isLoading={update.isPending} data-testid="template-save">
            {t("actions.save")}
          </Button>
        </div>
      </Container>
      {serverProblems && serverProblems.other.length > 0 && (
        <Alert variant="error" data-testid="template-save-error">
          {t("templates.editor.refused", { message: serverProblems.other.join("; ") })}
        </Alert>
      )}
      <div style={{ display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(420px, 1fr))", gap: 12, alignItems: "start" }}>
        <div className="flex flex-col gap-y-3">
          <Container className="flex flex-col gap-y-4 px-6 py-4">
            <Heading level="h2">{t("templates.editor.details")}</Heading>
            <Field id="template-name" label={t("templates.fields.name")} problems={problemsOf("name")}>
              <Input id="template-name" value={form.name} maxLength={200} onChange={(event) => set("name", event.target.value)} data-testid="template-name" />
            </Field>
            <Field id="template-handle" label={t("templates.fields.handle")} hint={t("templates.create.handleHint")} problems={problemsOf("handle")}>
              <Input
                id="template-handle"
                className="font-mono"
                value={form.handle}
                maxLength={100}
                onChange={(event) => set("handle", event.target.value)}
                data-testid="template-handle"
              />
            </Field>
            <Field id="template-status" label={t("templates.fields.status")} hint={t("templates.editor.statusHint")} problems={problemsOf("status")}>
              <Select value={form.status} onValueChange={(value) => set("status", value as TemplateStatus)}>
                <Select.Trigger id="template-status" data-testid="template-status">
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  {TEMPLATE_STATUSES.map((status) => (
                    <Select.Item key={status} value={status} data-testid={`template-status-${status}`}>
                      {t(`templates.status.${status}`)}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select>
            </Field>
          </Container>
          <Container className="flex flex-col gap-y-4 px-6 py-4" data-testid="template-content">
            <Heading level="h2">{t("templates.editor.content")}</Heading>
            {channel === "email" && (
              <>
                <Field id="template-subject" label={t("templates.fields.subject")} problems={problemsOf("subject")}>
                  <Input id="template-subject" value={form.subject} onChange={(event) => set("subject", event.target.value)} data-testid="template-subject" />
                </Field>
                <Field
                  id="template-html"
                  label={t("templates.fields.html")}
                  hint={
                    <>
                      {t("templates.editor.htmlHint")} <code className="font-mono">{"{{ value | raw }}"}</code>
                    </>
                  }
                  problems={problemsOf("html")}
                >
                  <Textarea
                    id="template-html"
                    className="font-mono"
                    rows={20}
                    spellCheck={false}
                    value={form.html}
                    onChange={(event) => set("html", event.target.value)}
                    data-testid="template-html"
                  />
                </Field>
                <Field id="template-text" label={t("templates.fields.text")} hint={t("templates.editor.textHint")} problems={problemsOf("text")}>
                  <Textarea id="template-text" rows={6} value={form.text} onChange={(event) => set("text", event.target.value)} data-testid="template-text" />
                </Field>
              </>
            )}
            {channel === "sms" && (
              <Field
                id="template-body"
                label={t("templates.fields.body")}
                hint={<SmsCounter text={form.body} testId="sms-count" />}
                problems={problemsOf("body")}
              >
                <Textarea id="template-body" rows={6} value={form.body} onChange={(event) => set("body", event.target.value)} data-testid="template-body" />
              </Field>
            )}
            {channel === "push" && (
              <>
                <Field id="template-title" label={t("templates.fields.title")} problems={problemsOf("title")}>
                  <Input id="template-title" value={form.title} onChange={(event) => set("title", event.target.value)} data-testid="template-title" />
                </Field>
                <Field id="template-body" label={t("templates.fields.body")} problems={problemsOf("body")}>
                  <Textarea id="template-body" rows={4} value={form.body} onChange={(event) => set("body", event.target.value)} data-testid="template-body" />
                </Field>
                <Field id="template-data" label={t("templates.fields.data")} hint={t("templates.push.hint")} problems={problemsOf("data")}>
                  <PushDataRows rows={form.data} onChange={(rows) => set("data", rows)} />
                </Field>
              </>
            )}
          </Container>
          <Container className="px-6 py-4">
            <LiquidVariables />
          </Container>
        </div>
        <Container className="px-6 py-4">
          <TemplatePreview templateId={template.id} content={content} />
        </Container>
      </div>
    </div>
  )
}

export default MessageTemplatePage
