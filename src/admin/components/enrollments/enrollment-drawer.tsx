import { MapPin } from "@medusajs/icons"
import { Badge, Button, Drawer, Heading, Skeleton, Text } from "@medusajs/ui"
import { useMemo, type ReactNode } from "react"
import { useTranslation } from "react-i18next"
import { Link } from "react-router-dom"
import { errorMessage } from "../../lib/api"
import { useJourneyEnrollment, type EnrollmentDetail } from "../../lib/api-enrollments"
import { asRecord, type DraftNode } from "../../lib/editor/draft"
import { useFormat } from "../../lib/format"
import { useStoreNames } from "../editor/canvas/store-names"
import { describeEntry, exitReasonText, stepName, type DescribeContext, type Tone } from "./describe"
import { EnrollmentStatusBadge } from "./enrollment-status-badge"
import { buildTimeline } from "./timeline"

const NO_NODES: ReadonlyMap<string, DraftNode> = new Map()

const DOTS: Record<Tone, string> = {
  grey: "bg-ui-tag-neutral-icon",
  blue: "bg-ui-tag-blue-icon",
  green: "bg-ui-tag-green-icon",
  orange: "bg-ui-tag-orange-icon",
  red: "bg-ui-tag-red-icon",
  purple: "bg-ui-tag-purple-icon",
}

type Props = {
  journeyId: string
  /** The enrollment shown; null keeps the drawer closed. */
  enrollmentId: string | null
  /** The nodes of each of the journey's versions, by version id. */
  nodesOf: (versionId: string) => ReadonlyMap<string, DraftNode> | undefined
  onClose: () => void
}

/** One customer's way through the journey: where they stand, then everything that happened, oldest first. */
export const EnrollmentDrawer = ({ journeyId, enrollmentId, nodesOf, onClose }: Props) => {
  const { t } = useTranslation("journeys")
  const { data: enrollment, error, isLoading } = useJourneyEnrollment(journeyId, enrollmentId)
  const customer = asRecord(asRecord(enrollment?.context)?.customer)
  const name = [customer?.first_name, customer?.last_name].filter((part) => typeof part === "string" && part).join(" ")
  return (
    <Drawer open={enrollmentId !== null} onOpenChange={(open) => !open && onClose()}>
      <Drawer.Content data-testid="enrollment-drawer" className="sm:max-w-[640px]">
        <Drawer.Header>
          <Drawer.Title data-testid="enrollment-customer" className="truncate">
            {enrollment ? (enrollment.email ?? enrollment.customer_id ?? t("enrollments.noEmail")) : t("enrollments.drawer.title")}
          </Drawer.Title>
          <Drawer.Description className="text-ui-fg-subtle txt-compact-small">
            {name || t("enrollments.drawer.description")}
          </Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
          {error ? (
            <Text className="text-ui-fg-error" data-testid="enrollment-error">
              {t("enrollments.drawer.loadFailed", { message: errorMessage(error) })}
            </Text>
          ) : isLoading || !enrollment ? (
            <Loading />
          ) : (
            <>
              <Summary enrollment={enrollment} nodes={nodesOf(enrollment.version.id) ?? NO_NODES} />
              <div>
                <Button size="small" variant="secondary" asChild>
                  <Link to={`/journeys/${journeyId}?enrollment=${enrollment.id}`} data-testid="show-path">
                    <MapPin />
                    {t("enrollments.drawer.showPath")}
                  </Link>
                </Button>
              </div>
              <Timeline enrollment={enrollment} nodes={nodesOf(enrollment.version.id) ?? NO_NODES} />
            </>
          )}
        </Drawer.Body>
      </Drawer.Content>
    </Drawer>
  )
}

const Loading = () => (
  <div className="flex flex-col gap-y-4" data-testid="enrollment-loading">
    <Skeleton className="h-20 w-full" />
    {[0, 1, 2, 3].map((index) => (
      <div key={index} className="flex gap-x-3">
        <Skeleton className="h-3 w-3 rounded-full" />
        <div className="flex flex-1 flex-col gap-y-2">
          <Skeleton className="h-4 w-1/3" />
          <Skeleton className="h-4 w-2/3" />
        </div>
      </div>
    ))}
  </div>
)

const Summary = ({ enrollment, nodes }: { enrollment: EnrollmentDetail; nodes: ReadonlyMap<string, DraftNode> }) => {
  const { t } = useTranslation("journeys")
  const format = useFormat()
  const order = asRecord(asRecord(enrollment.context)?.order)
  const currency = typeof order?.currency_code === "string" ? order.currency_code : undefined
  const step = stepName(enrollment.current_node, nodes, t)
  const rows: [string, ReactNode][] = [
    [
      t("enrollments.columns.status"),
      <span className="flex flex-wrap items-center gap-x-2">
        <EnrollmentStatusBadge status={enrollment.status} />
        {enrollment.exit_reason && <Text size="small" className="text-ui-fg-subtle">{exitReasonText(enrollment.exit_reason, t)}</Text>}
        {enrollment.is_test && <Badge size="2xsmall" color="orange">{t("enrollments.test")}</Badge>}
      </span>,
    ],
    [t("enrollments.columns.step"), enrollment.current_node ? <StepLabel name={step} id={enrollment.current_node} /> : "—"],
    [t("enrollments.columns.version"), `v${enrollment.version.number}`],
    [t("enrollments.columns.entered"), format.dateTime(enrollment.entered_at)],
    ...(enrollment.ended_at ? [[t("enrollments.drawer.ended"), format.dateTime(enrollment.ended_at)] as [string, string]] : []),
    ...(enrollment.wake_at ? [[t("enrollments.drawer.wakes"), format.dateTime(enrollment.wake_at)] as [string, string]] : []),
    ...(enrollment.awaiting?.length ? [[t("enrollments.drawer.awaiting"), enrollment.awaiting.join(", ")] as [string, string]] : []),
    ...(enrollment.converted_at
      ? [
          [
            t("enrollments.drawer.converted"),
            <span className="flex flex-wrap items-center gap-x-2">
              <span>{format.dateTime(enrollment.converted_at)}</span>
              {enrollment.conversion_value !== null && (
                <span>{currency ? format.money(enrollment.conversion_value, currency) : format.number(enrollment.conversion_value)}</span>
              )}
              {enrollment.conversion_order_id && (
                <Link to={`/orders/${enrollment.conversion_order_id}`} className="text-ui-fg-interactive">
                  {t("enrollments.drawer.order")}
                </Link>
              )}
            </span>,
          ] as [string, ReactNode],
        ]
      : []),
    ...(enrollment.customer_id
      ? [
          [
            t("enrollments.columns.customer"),
            <Link to={`/customers/${enrollment.customer_id}`} className="text-ui-fg-interactive">
              {t("enrollments.drawer.customerPage")}
            </Link>,
          ] as [string, ReactNode],
        ]
      : []),
  ]
  return (
    <dl className="grid gap-x-4 gap-y-2" style={{ gridTemplateColumns: "max-content 1fr" }} data-testid="enrollment-summary">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt><Text size="small" className="text-ui-fg-subtle">{label}</Text></dt>
          <dd className="txt-compact-small">{value}</dd>
        </div>
      ))}
    </dl>
  )
}

const StepLabel = ({ name, id }: { name: string | undefined; id: string }) => (
  <span className="inline-flex flex-wrap items-center gap-x-1.5">
    {name && <span>{name}</span>}
    <code className="text-ui-fg-muted txt-compact-xsmall">{id}</code>
  </span>
)

const Timeline = ({ enrollment, nodes }: { enrollment: EnrollmentDetail; nodes: ReadonlyMap<string, DraftNode> }) => {
  const { t } = useTranslation("journeys")
  const format = useFormat()
  const names = useStoreNames()
  const entries = useMemo(() => buildTimeline(enrollment), [enrollment])
  const context: DescribeContext = {
    t,
    dateTime: format.dateTime,
    number: format.number,
    money: format.money,
    nodes,
    names,
    enrollment,
  }
  return (
    <section className="flex flex-col gap-y-3">
      <Heading level="h3">{t("enrollments.drawer.timeline")}</Heading>
      {entries.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle">{t("enrollments.drawer.empty")}</Text>
      ) : (
        <ol className="flex flex-col" data-testid="timeline">
          {entries.map((entry, index) => {
            const view = describeEntry(entry, context)
            const type = entry.kind === "activity" ? entry.activity.type : `${entry.kind}_${entry.event}`
            return (
              <li key={entry.key} className="flex gap-x-3" data-testid="timeline-entry" data-type={type}>
                <div className="flex flex-col items-center pt-1.5">
                  <span className={`h-2 w-2 shrink-0 rounded-full ${DOTS[view.tone]}`} />
                  {index < entries.length - 1 && <span className="bg-ui-border-strong mt-1 w-px flex-1" />}
                </div>
                <div className="flex min-w-0 flex-1 flex-col gap-y-1 pb-4">
                  <div className="text-ui-fg-subtle txt-compact-xsmall flex flex-wrap items-center gap-x-2">
                    <span>{entry.at ? format.dateTime(entry.at) : t("enrollments.drawer.noTime")}</span>
                    {entry.nodeId && (
                      <>
                        <span aria-hidden>·</span>
                        <StepLabel name={stepName(entry.nodeId, nodes, t)} id={entry.nodeId} />
                      </>
                    )}
                  </div>
                  <Text size="small" weight="plus" data-testid="timeline-title">{view.title}</Text>
                  {view.rule && (
                    <code className="bg-ui-bg-subtle border-ui-border-base txt-compact-small rounded-md border px-2 py-1 break-words" data-testid="timeline-rule">
                      {view.rule}
                    </code>
                  )}
                  {view.details.map((detail, line) => (
                    <Text key={line} size="small" className="text-ui-fg-subtle break-words">{detail}</Text>
                  ))}
                  {view.raw && (
                    <pre className="bg-ui-bg-subtle txt-compact-xsmall overflow-x-auto rounded-md p-2">{view.raw}</pre>
                  )}
                </div>
              </li>
            )
          })}
        </ol>
      )}
    </section>
  )
}
