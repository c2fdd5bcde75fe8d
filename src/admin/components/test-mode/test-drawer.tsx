/**
 * Test mode, from the editor: run the draft or the live version for chosen customers, fast-forward
 * their waits, and follow them in the list and on the canvas. The drawer is not modal, so the
 * canvas beside it stays in view with its badges (test-mode.tsx).
 */
import { Alert, Button, Drawer, Heading, Label, RadioGroup, Text, toast } from "@medusajs/ui"
import { useId, useMemo, useState } from "react"
import { useTranslation } from "react-i18next"

import { errorMessage, type Journey } from "../../lib/api"
import type { EnrollmentRow } from "../../lib/api-enrollments"
import { useAdvanceTest, useStartTest, useTestEnrollments } from "../../lib/api-test-mode"
import { nodesByVersion, useJourneyVersions } from "../../lib/api-versions"
import type { DraftNode } from "../../lib/editor/draft"
import { useFormat } from "../../lib/format"
import { nextText, stepName } from "../enrollments/describe"
import { EnrollmentDrawer } from "../enrollments/enrollment-drawer"
import { EnrollmentStatusBadge } from "../enrollments/enrollment-status-badge"
import { ChosenRecord, RecordSearchBox, useCustomerRecords, type StoreRecord } from "../record-search"
import { durationUntil, nextWake } from "./test-run"

type View = "draft" | "live"

/** The route's limit. */
const MAX_CUSTOMERS = 100

type Props = {
  journey: Journey
  open: boolean
  onOpenChange: (open: boolean) => void
  /** The editor's draft differs from the saved one. */
  unsaved: boolean
  /** Saves the editor's draft: the journey as saved, or null when saving failed (the editor says why). */
  onSave: () => Promise<Journey | null>
  /** The version on the canvas: the one offered first. */
  view: View
  /** A test started on `view`: the canvas shows it, to follow the customers there. */
  onStarted: (view: View) => void
}

export const TestModeDrawer = ({ journey, open, onOpenChange, unsaved, onSave, view, onStarted }: Props) => {
  const { t } = useTranslation("journeys")
  const [shown, setShown] = useState<string | null>(null)
  // Test customers may still run on versions published or saved before.
  const { data: versions } = useJourneyVersions(journey.id, { enabled: open })
  const nodesOf = useMemo(() => nodesByVersion(versions), [versions])
  return (
    <>
      <Drawer open={open} onOpenChange={onOpenChange} modal={false}>
        <Drawer.Content
          data-testid="test-drawer"
          // Narrower than Medusa's drawers: the steps in the middle of the canvas stay in view.
          className="sm:max-w-[440px]"
          // Working on the canvas beside it does not close it; Escape and its close button do.
          onInteractOutside={(event) => event.preventDefault()}
        >
          <Drawer.Header>
            <Drawer.Title>{t("testMode.title")}</Drawer.Title>
            <Drawer.Description className="text-ui-fg-subtle txt-compact-small">{t("testMode.description")}</Drawer.Description>
          </Drawer.Header>
          <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
            <StartTest journey={journey} unsaved={unsaved} onSave={onSave} view={view} onStarted={onStarted} />
            <TestEnrollments journeyId={journey.id} nodesOf={nodesOf} onOpen={setShown} />
          </Drawer.Body>
        </Drawer.Content>
      </Drawer>
      <EnrollmentDrawer journeyId={journey.id} enrollmentId={shown} nodesOf={(id) => nodesOf.get(id)} onClose={() => setShown(null)} />
    </>
  )
}

const StartTest = ({ journey, unsaved, onSave, view, onStarted }: Omit<Props, "open" | "onOpenChange">) => {
  const { t } = useTranslation("journeys")
  const searchId = useId()
  const search = useCustomerRecords()
  const start = useStartTest(journey.id)
  const [chosen, setChosen] = useState<StoreRecord[]>([])
  const [picked, setPicked] = useState<View | null>(null)
  const [saving, setSaving] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)

  // The editor's draft exists on the server once saved; unsaved, starting saves it.
  const hasDraft = journey.draft !== null || unsaved
  const hasLive = journey.published !== null
  const version: View | null = picked ?? (view === "live" && hasLive ? "live" : hasDraft ? "draft" : hasLive ? "live" : null)
  const saveFirst = version === "draft" && unsaved

  const run = async () => {
    if (!version) return
    setFailure(null)
    let target = version === "live" ? journey.published : journey.draft
    if (saveFirst) {
      setSaving(true)
      const saved = await onSave().finally(() => setSaving(false))
      if (!saved) return
      target = saved.draft
    }
    start.mutate(
      { customer_ids: chosen.map((customer) => customer.id), ...(target ? { version_id: target.id } : {}) },
      {
        onSuccess: ({ enrollment_ids }) => {
          toast.success(t("testMode.started", { count: enrollment_ids.length }))
          setChosen([])
          onStarted(version)
        },
        // The server's reason: an invalid version (409), a customer gone (404), …
        onError: (error) => setFailure(errorMessage(error)),
      }
    )
  }

  return (
    <section className="flex flex-col gap-y-4" data-testid="test-start-form">
      <div className="flex flex-col gap-y-2">
        <div className="flex items-baseline justify-between gap-x-2">
          <Label size="small" weight="plus" htmlFor={searchId}>{t("testMode.customers")}</Label>
          <Text size="xsmall" className="text-ui-fg-subtle">{t("testMode.chosen", { count: chosen.length, max: MAX_CUSTOMERS })}</Text>
        </div>
        {chosen.length < MAX_CUSTOMERS && (
          <RecordSearchBox
            {...search}
            id={searchId}
            testId="test-customer"
            placeholder={t("testMode.search")}
            onPick={(record) => setChosen((current) => (current.some((one) => one.id === record.id) ? current : [...current, record]))}
          />
        )}
        {chosen.length > 0 && (
          <div className="flex flex-col gap-y-1" data-testid="test-chosen">
            {chosen.map((record) => (
              <ChosenRecord
                key={record.id}
                label={record.label}
                testId={`test-chosen-${record.id}`}
                onClear={() => setChosen((current) => current.filter((one) => one.id !== record.id))}
              />
            ))}
          </div>
        )}
      </div>
      <div className="flex flex-col gap-y-2">
        <Label size="small" weight="plus">{t("testMode.version")}</Label>
        <RadioGroup value={version ?? ""} onValueChange={(value) => setPicked(value as View)} className="flex flex-col gap-y-2" data-testid="test-version">
          <RadioGroup.ChoiceBox
            value="draft"
            disabled={!hasDraft}
            label={journey.draft ? t("testMode.draft", { number: journey.draft.number }) : t("testMode.newDraft")}
            description={unsaved ? t("testMode.draftUnsaved") : hasDraft ? t("testMode.draftHint") : t("testMode.noDraft")}
            data-testid="test-version-draft"
          />
          <RadioGroup.ChoiceBox
            value="live"
            disabled={!hasLive}
            label={journey.published ? t("testMode.live", { number: journey.published.number }) : t("testMode.notLive")}
            description={hasLive ? t("testMode.liveHint") : t("testMode.notLiveHint")}
            data-testid="test-version-live"
          />
        </RadioGroup>
      </div>
      {failure && (
        <Alert variant="error" data-testid="test-start-error">{t("testMode.startFailed", { message: failure })}</Alert>
      )}
      <div className="flex justify-end">
        <Button
          size="small"
          onClick={() => void run()}
          isLoading={saving || start.isPending}
          disabled={chosen.length === 0 || !version}
          data-testid="test-start"
        >
          {saveFirst ? t("testMode.saveAndStart") : t("testMode.start")}
        </Button>
      </div>
    </section>
  )
}

const TestEnrollments = ({
  journeyId,
  nodesOf,
  onOpen,
}: {
  journeyId: string
  nodesOf: ReadonlyMap<string, ReadonlyMap<string, DraftNode>>
  onOpen: (enrollmentId: string) => void
}) => {
  const { t } = useTranslation("journeys")
  const format = useFormat()
  const { data, error } = useTestEnrollments(journeyId, { enabled: true })
  const advance = useAdvanceTest(journeyId)
  const enrollments = data?.enrollments ?? []
  const next = nextWake(enrollments)
  const forward = (duration: string) =>
    advance.mutate(duration, {
      onSuccess: () => toast.success(t("testMode.advanced")),
      onError: (failure) => toast.error(t("testMode.advanceFailed"), { description: errorMessage(failure) }),
    })
  const steps = [
    { duration: "PT1H", label: t("testMode.hour") },
    { duration: "P1D", label: t("testMode.day") },
    { duration: "P1W", label: t("testMode.week") },
  ]

  return (
    <section className="border-ui-border-base flex flex-col gap-y-3 border-t pt-6">
      <div>
        <Heading level="h3">{t("testMode.list")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">{t("testMode.listHint")}</Text>
      </div>
      <div className="flex flex-col gap-y-2">
        <Text size="small" weight="plus">{t("testMode.forward")}</Text>
        <div className="flex flex-wrap items-center gap-2" data-testid="test-forward">
          {steps.map(({ duration, label }) => (
            <Button
              key={duration}
              size="small"
              variant="secondary"
              disabled={!next || advance.isPending}
              onClick={() => forward(duration)}
              data-testid={`test-forward-${duration}`}
            >
              {label}
            </Button>
          ))}
          <Button
            size="small"
            variant="secondary"
            disabled={!next || advance.isPending}
            onClick={() => next && forward(durationUntil(next, Date.now()))}
            title={next ? t("testMode.nextHint", { time: format.dateTime(next) }) : undefined}
            data-testid="test-forward-next"
          >
            {t("testMode.next")}
          </Button>
        </div>
      </div>
      {error ? (
        <Text size="small" className="text-ui-fg-error">{t("testMode.loadFailed", { message: errorMessage(error) })}</Text>
      ) : data && enrollments.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle" data-testid="test-empty">{t("testMode.empty")}</Text>
      ) : (
        <ul className="border-ui-border-base divide-ui-border-base flex flex-col divide-y overflow-hidden rounded-lg border" data-testid="test-enrollments">
          {enrollments.map((enrollment) => (
            <TestEnrollment key={enrollment.id} enrollment={enrollment} nodes={nodesOf.get(enrollment.version.id)} onOpen={onOpen} />
          ))}
        </ul>
      )}
      {data && data.count > enrollments.length && (
        <Text size="xsmall" className="text-ui-fg-subtle">{t("testMode.more", { shown: enrollments.length, count: data.count })}</Text>
      )}
    </section>
  )
}

const TestEnrollment = ({
  enrollment,
  nodes,
  onOpen,
}: {
  enrollment: EnrollmentRow
  nodes: ReadonlyMap<string, DraftNode> | undefined
  onOpen: (enrollmentId: string) => void
}) => {
  const { t } = useTranslation("journeys")
  const format = useFormat()
  const at = enrollment.current_node
  const step = at ? [stepName(at, nodes, t), at].filter(Boolean).join(" · ") : "—"
  return (
    <li>
      <button
        type="button"
        className="hover:bg-ui-bg-base-hover flex w-full items-center justify-between gap-x-4 px-4 py-2.5 text-left"
        onClick={() => onOpen(enrollment.id)}
        data-testid="test-enrollment"
        data-status={enrollment.status}
      >
        <div className="flex min-w-0 flex-col">
          <Text size="small" weight="plus" leading="compact" className="truncate">
            {enrollment.email ?? enrollment.customer_id ?? t("enrollments.noEmail")}
          </Text>
          <Text size="xsmall" leading="compact" className="text-ui-fg-subtle truncate" data-testid="test-enrollment-step">{step}</Text>
        </div>
        <div className="flex shrink-0 flex-col items-end gap-y-0.5">
          <EnrollmentStatusBadge status={enrollment.status} />
          <Text size="xsmall" leading="compact" className="text-ui-fg-subtle">{nextText(enrollment, t, format.dateTime) ?? ""}</Text>
        </div>
      </button>
    </li>
  )
}
