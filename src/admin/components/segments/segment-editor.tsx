/**
 * A segment's editor: its name, description and rule, the live count of the rule being edited, and
 * for a saved segment its members. A new segment (no `segment`) is created on save.
 */
import { ChevronLeft } from "@medusajs/icons"
import { Alert, Badge, Button, Container, Heading, Hint, IconButton, Input, Label, Text, Textarea, toast } from "@medusajs/ui"
import { useEffect, useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { Link, useNavigate } from "react-router-dom"
import { errorMessage } from "../../lib/api"
import { useSaveSegment, useSegmentPreview, type RuleError, type Segment } from "../../lib/api-segments"
import { useLeaveGuard } from "../../lib/use-leave-guard"
import { useDebounced } from "../editor/panels/controls"
import { RuleBuilder } from "../editor/panels/rule-builder"
import { NEW_RULE } from "../editor/panels/rule-model"
import { LiveCount } from "./live-count"
import { rulePlacedProblems } from "./rule-problems"
import { SEGMENT_RULES } from "./segment-fields"
import { SegmentMembers } from "./segment-members"

type Form = { name: string; description: string; rule: unknown }

const formOf = (segment: Segment | undefined): Form => ({
  name: segment?.name ?? "",
  description: segment?.description ?? "",
  rule: segment?.rule ?? NEW_RULE,
})

/** How long the rule must stay unchanged before it is counted. */
const COUNT_DELAY_MS = 400
const NO_ERRORS: RuleError[] = []

export const SegmentEditor = ({ segment }: { segment?: Segment }) => {
  const { t } = useTranslation("journeys")
  const navigate = useNavigate()
  const [form, setForm] = useState<Form>(() => formOf(segment))
  // What the server holds, to tell unsaved changes: the form as last saved.
  const [saved, setSaved] = useState<Form>(() => formOf(segment))
  const [refused, setRefused] = useState<string | null>(null)
  const [created, setCreated] = useState<string | null>(null)
  const save = useSaveSegment()

  const counted = useDebounced(form.rule, COUNT_DELAY_MS)
  const preview = useSegmentPreview(counted)
  // Relative to the rule, as the builder places them (base "").
  const errors = preview.data?.valid === false ? preview.data.errors : NO_ERRORS
  const chooseField = t("segments.editor.chooseField")
  const problems = useMemo(() => rulePlacedProblems(errors, counted, chooseField), [errors, counted, chooseField])

  const unsaved = JSON.stringify(form) !== JSON.stringify(saved)
  const nameMissing = !form.name.trim()
  const blocked = nameMissing || problems.length > 0

  useLeaveGuard(unsaved, t("segments.editor.leaveDescription"))
  // Once the page has rendered the creation as saved, the guard lets it go to the new segment's page.
  useEffect(() => {
    if (created) navigate(`/journeys/segments/${created}`, { replace: true })
  }, [created, navigate])

  const set = <K extends keyof Form>(field: K, value: Form[K]) => setForm((current) => ({ ...current, [field]: value }))

  const onSave = () => {
    const sent = form
    save.mutate(
      { id: segment?.id, name: sent.name.trim(), description: sent.description.trim() || null, rule: sent.rule },
      {
        onSuccess: (result) => {
          setSaved(sent)
          setRefused(null)
          toast.success(segment ? t("segments.editor.saved") : t("segments.editor.created"))
          if (!segment) setCreated(result.id)
        },
        onError: (error) => setRefused(errorMessage(error)),
      }
    )
  }

  return (
    <div className="flex flex-col gap-y-3" data-testid="segment-editor">
      <Container className="flex flex-wrap items-center justify-between gap-3 px-6 py-3">
        <div className="flex min-w-0 items-center gap-x-3">
          <IconButton size="small" variant="transparent" asChild>
            <Link to="/journeys/segments" aria-label={t("segments.editor.back")}><ChevronLeft /></Link>
          </IconButton>
          <Heading level="h1" className="truncate" data-testid="segment-heading">
            {segment ? saved.name : t("segments.editor.newTitle")}
          </Heading>
          {unsaved && segment && <Badge size="2xsmall" color="orange" data-testid="segment-unsaved">{t("segments.editor.unsaved")}</Badge>}
        </div>
        <div className="flex items-center gap-x-3">
          {problems.length > 0 && (
            <Text size="small" className="text-ui-fg-error" data-testid="segment-blocking">{t("segments.editor.fixRule")}</Text>
          )}
          {unsaved && segment && (
            <Button size="small" variant="secondary" onClick={() => setForm(saved)} data-testid="segment-discard">
              {t("segments.editor.discard")}
            </Button>
          )}
          <Button size="small" onClick={onSave} disabled={!unsaved || blocked} isLoading={save.isPending} data-testid="segment-save">
            {segment ? t("actions.save") : t("actions.create")}
          </Button>
        </div>
      </Container>
      {refused && (
        <Alert key={refused} variant="error" dismissible data-testid="segment-save-error">
          {t("segments.editor.refused", { message: refused })}
        </Alert>
      )}
      <div className="flex flex-wrap items-start gap-3">
        <div className="flex min-w-0 flex-col gap-y-3" style={{ flex: "2 1 480px" }}>
          <Container className="flex flex-col gap-y-4 px-6 py-4">
            <Heading level="h2">{t("segments.editor.details")}</Heading>
            <div className="flex flex-col gap-y-2">
              <Label htmlFor="segment-name" size="small" weight="plus">{t("segments.editor.name")}</Label>
              <Input id="segment-name" value={form.name} maxLength={200} onChange={(event) => set("name", event.target.value)} data-testid="segment-name" />
              {nameMissing && <Hint variant="error">{t("segments.editor.nameRequired")}</Hint>}
            </div>
            <div className="flex flex-col gap-y-2">
              <Label htmlFor="segment-description" size="small" weight="plus">{t("segments.editor.description")}</Label>
              <Textarea
                id="segment-description"
                rows={2}
                value={form.description}
                onChange={(event) => set("description", event.target.value)}
                data-testid="segment-description"
              />
              <Hint>{t("segments.editor.descriptionHint")}</Hint>
            </div>
          </Container>
          <Container className="flex flex-col gap-y-3 px-6 py-4">
            <div className="flex flex-col gap-y-1">
              <Heading level="h2">{t("segments.editor.rule")}</Heading>
              <Text size="small" className="text-ui-fg-subtle">{t("segments.editor.ruleHint")}</Text>
            </div>
            <RuleBuilder
              value={form.rule}
              onChange={(rule) => set("rule", rule)}
              base=""
              problems={problems}
              testId="segment-rule"
              label={t("segments.editor.rule")}
              required
              fields={SEGMENT_RULES}
            />
          </Container>
        </div>
        {/* Stays in view while a long rule scrolls. */}
        <div className="flex min-w-0 flex-col gap-y-3" style={{ flex: "1 1 300px", position: "sticky", top: 12 }}>
          <LiveCount preview={preview} />
        </div>
      </div>
      {segment && <SegmentMembers id={segment.id} ruleEdited={JSON.stringify(form.rule) !== JSON.stringify(saved.rule)} />}
    </div>
  )
}
