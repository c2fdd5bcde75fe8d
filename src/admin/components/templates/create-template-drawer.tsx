import { Alert, Button, Drawer, Input, Select, Text, Textarea } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useTranslation } from "react-i18next"
import { TEMPLATE_FIELDS } from "../../../engine"
import { errorMessage } from "../../lib/api"
import {
  TEMPLATE_CHANNELS,
  useCreateMessageTemplate,
  type MessageTemplate,
  type TemplateChannel,
} from "../../lib/api-templates"
import { Field } from "./field"
import { fieldProblems, type FieldProblems } from "./field-problems"
import { handleFrom, handleProblem } from "./template-form"

type Required = "subject" | "html" | "title" | "body"
const BLANK: Record<Required, string> = { subject: "", html: "", title: "", body: "" }

/**
 * A new template: its name, handle and channel, and what the channel cannot do without (the
 * server refuses an incomplete template, drafts included). The rest is written in the editor.
 */
export const CreateTemplateDrawer = ({
  open,
  onOpenChange,
  onCreated,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  onCreated: (template: MessageTemplate) => void
}) => {
  const { t } = useTranslation("journeys")
  const create = useCreateMessageTemplate()
  const [name, setName] = useState("")
  // Follows the name until typed by hand.
  const [handle, setHandle] = useState<string | null>(null)
  const [channel, setChannel] = useState<TemplateChannel>("email")
  const [content, setContent] = useState(BLANK)
  const [problems, setProblems] = useState<FieldProblems | null>(null)

  useEffect(() => {
    if (!open) return
    setName("")
    setHandle(null)
    setChannel("email")
    setContent(BLANK)
    setProblems(null)
  }, [open])

  const required = TEMPLATE_FIELDS[channel].required as Required[]
  const effectiveHandle = handle ?? handleFrom(name)
  const handleInvalid = handleProblem(effectiveHandle) === "invalid"
  const complete = name.trim() !== "" && handleProblem(effectiveHandle) === null && required.every((field) => content[field].trim() !== "")

  const submit = () =>
    create.mutate(
      {
        name: name.trim(),
        handle: effectiveHandle,
        channel,
        ...Object.fromEntries(required.map((field) => [field, content[field]])),
      },
      {
        onSuccess: (template) => {
          onOpenChange(false)
          onCreated(template)
        },
        onError: (error) => setProblems(fieldProblems(errorMessage(error), ["name", "handle", ...required])),
      }
    )

  const labels: Record<Required, string> = {
    subject: t("templates.fields.subject"),
    html: t("templates.fields.html"),
    title: t("templates.fields.title"),
    body: t("templates.fields.body"),
  }

  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content data-testid="template-create">
        <form
          className="flex h-full flex-col"
          onSubmit={(event) => {
            event.preventDefault()
            if (complete) submit()
          }}
        >
          <Drawer.Header>
            <Drawer.Title>{t("templates.create.title")}</Drawer.Title>
          </Drawer.Header>
          <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
            <Field id="template-create-name" label={t("templates.fields.name")} problems={problems?.byField.name}>
              <Input
                id="template-create-name"
                value={name}
                maxLength={200}
                autoFocus
                onChange={(event) => setName(event.target.value)}
                data-testid="template-create-name"
              />
            </Field>
            <Field
              id="template-create-handle"
              label={t("templates.fields.handle")}
              hint={t("templates.create.handleHint")}
              problems={handleInvalid ? [t("templates.editor.handleInvalid")] : problems?.byField.handle}
            >
              <Input
                id="template-create-handle"
                className="font-mono"
                value={effectiveHandle}
                maxLength={100}
                onChange={(event) => setHandle(event.target.value)}
                data-testid="template-create-handle"
              />
            </Field>
            <Field id="template-create-channel" label={t("templates.fields.channel")} hint={t("templates.create.channelHint")}>
              <Select value={channel} onValueChange={(value) => setChannel(value as TemplateChannel)}>
                <Select.Trigger id="template-create-channel" data-testid="template-create-channel">
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  {TEMPLATE_CHANNELS.map((value) => (
                    <Select.Item key={value} value={value} data-testid={`template-create-channel-${value}`}>
                      {t(`channels.${value}`)}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select>
            </Field>
            <Text size="small" className="text-ui-fg-subtle">{t("templates.create.contentHint")}</Text>
            {required.map((field) =>
              field === "html" || field === "body" ? (
                <Field key={field} id={`template-create-${field}`} label={labels[field]} problems={problems?.byField[field]}>
                  <Textarea
                    id={`template-create-${field}`}
                    className={field === "html" ? "font-mono" : undefined}
                    rows={field === "html" ? 8 : 4}
                    value={content[field]}
                    onChange={(event) => setContent({ ...content, [field]: event.target.value })}
                    data-testid={`template-create-${field}`}
                  />
                </Field>
              ) : (
                <Field key={field} id={`template-create-${field}`} label={labels[field]} problems={problems?.byField[field]}>
                  <Input
                    id={`template-create-${field}`}
                    value={content[field]}
                    onChange={(event) => setContent({ ...content, [field]: event.target.value })}
                    data-testid={`template-create-${field}`}
                  />
                </Field>
              )
            )}
            {problems && problems.other.length > 0 && (
              <Alert variant="error" data-testid="template-create-error">
                {t("templates.create.failed", { message: problems.other.join("; ") })}
              </Alert>
            )}
          </Drawer.Body>
          <Drawer.Footer>
            <Drawer.Close asChild>
              <Button size="small" variant="secondary" type="button">{t("actions.cancel")}</Button>
            </Drawer.Close>
            <Button size="small" type="submit" disabled={!complete} isLoading={create.isPending} data-testid="template-create-submit">
              {t("actions.create")}
            </Button>
          </Drawer.Footer>
        </form>
      </Drawer.Content>
    </Drawer>
  )
}
