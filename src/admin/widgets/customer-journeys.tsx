import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Button, Container, Heading, StatusBadge, Switch, Table, Text, toast, usePrompt } from "@medusajs/ui"
import type { TFunction } from "i18next"
import { useMemo } from "react"
import { useTranslation } from "react-i18next"
import { Link } from "react-router-dom"
import { EnrollmentStatusBadge } from "../components/enrollments/enrollment-status-badge"
import { errorMessage } from "../lib/api"
import {
  useChangeConsent,
  useCustomerConsent,
  useCustomerJourneys,
  type ChannelConsent,
  type ConsentStatus,
  type CustomerMessage,
} from "../lib/api-customers"
import { CHANNELS, type Channel } from "../../engine/delivery"

const CONSENT_COLORS: Record<ConsentStatus, "green" | "grey" | "red"> = { subscribed: "green", unsubscribed: "grey", suppressed: "red" }
const MESSAGE_COLORS: Record<CustomerMessage["status"], "blue" | "green" | "grey" | "red" | "orange"> = {
  queued: "blue",
  sending: "blue",
  sent: "green",
  delivered: "green",
  failed: "red",
  skipped: "orange",
  cancelled: "grey",
}
const SOURCES = ["admin", "store", "unsubscribe_link", "sms_keyword", "provider"]

/** Short dates: the widget shares the customer page's narrow main column. */
function useFormat() {
  const { i18n } = useTranslation()
  return useMemo(() => {
    const dateTimes = new Intl.DateTimeFormat(i18n.language, { dateStyle: "short", timeStyle: "short" })
    return { dateTime: (value: string | Date | null | undefined) => (value ? dateTimes.format(new Date(value)) : "—") }
  }, [i18n.language])
}

/** Medusa's customer page: this customer's journeys, their messages and their consent per channel. */
const CustomerJourneysWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const { t } = useTranslation("journeys")
  return (
    <Container className="divide-y p-0" data-testid="customer-journeys-widget">
      <div className="px-6 py-4">
        <Heading level="h2">{t("customer.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {t("customer.subtitle")}
        </Text>
      </div>
      <JourneysSection customerId={customer.id} />
      <ConsentSection customerId={customer.id} />
    </Container>
  )
}

function JourneysSection({ customerId }: { customerId: string }) {
  const { t } = useTranslation("journeys")
  const format = useFormat()
  const { data, error, isLoading } = useCustomerJourneys(customerId)
  if (error) {
    return (
      <Text size="small" className="text-ui-fg-error px-6 py-4">
        {t("customer.loadFailed", { message: errorMessage(error) })}
      </Text>
    )
  }
  if (isLoading || !data) return <div className="px-6 py-4" />
  const { enrollments, messages } = data
  return (
    <>
      <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="customer-journeys">
        <Heading level="h3">{t("customer.journeys.heading")}</Heading>
        {enrollments.length === 0 ? (
          <Text size="small" className="text-ui-fg-subtle">
            {t("customer.journeys.empty")}
          </Text>
        ) : (
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>{t("customer.journeys.columns.journey")}</Table.HeaderCell>
                <Table.HeaderCell>{t("customer.journeys.columns.status")}</Table.HeaderCell>
                <Table.HeaderCell>{t("customer.journeys.columns.step")}</Table.HeaderCell>
                <Table.HeaderCell>{t("customer.journeys.columns.entered")}</Table.HeaderCell>
                <Table.HeaderCell className="text-right">{t("customer.journeys.columns.timeline")}</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {enrollments.map((enrollment) => (
                <Table.Row key={enrollment.id} data-testid="customer-enrollment" data-enrollment-id={enrollment.id}>
                  <Table.Cell>
                    <div className="flex items-center gap-x-2">
                      <Link to={`/journeys/${enrollment.journey.id}`} className="text-ui-fg-interactive hover:underline">
                        {enrollment.journey.name}
                      </Link>
                      {enrollment.is_test && <Badge size="2xsmall">{t("customer.journeys.test")}</Badge>}
                      {enrollment.converted && (
                        <Badge size="2xsmall" color="green">
                          {t("customer.journeys.converted")}
                        </Badge>
                      )}
                    </div>
                  </Table.Cell>
                  <Table.Cell>
                    <EnrollmentStatusBadge status={enrollment.status} />
                  </Table.Cell>
                  <Table.Cell>
                    {enrollment.ended_at
                      ? t("customer.journeys.ended", { time: format.dateTime(enrollment.ended_at) })
                      : enrollment.current_node
                        ? `${stepName(t, enrollment.current_node.type)} · ${enrollment.current_node.id}`
                        : "—"}
                  </Table.Cell>
                  <Table.Cell className="whitespace-nowrap">{format.dateTime(enrollment.entered_at)}</Table.Cell>
                  <Table.Cell className="text-right">
                    <Link
                      to={`/journeys/${enrollment.journey.id}/enrollments?enrollment=${enrollment.id}&is_test=${enrollment.is_test}`}
                      className="text-ui-fg-interactive hover:underline"
                    >
                      {t("customer.journeys.open")}
                    </Link>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        )}
      </div>
      <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="customer-messages">
        <Heading level="h3">{t("customer.messages.heading")}</Heading>
        {messages.length === 0 ? (
          <Text size="small" className="text-ui-fg-subtle">
            {t("customer.messages.empty")}
          </Text>
        ) : (
          <>
            <Table>
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell>{t("customer.messages.columns.channel")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("customer.messages.columns.template")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("customer.messages.columns.status")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("customer.messages.columns.times")}</Table.HeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {messages.map((message) => (
                  <Table.Row key={message.id} data-testid="customer-message" data-status={message.status}>
                    <Table.Cell>{t(`channels.${message.channel}`)}</Table.Cell>
                    <Table.Cell>
                      <div className="flex flex-col">
                        <span>{message.template.name ?? t("customer.messages.unknownTemplate")}</span>
                        {message.journey?.name && (
                          <Text size="xsmall" className="text-ui-fg-subtle">
                            {t("customer.messages.inJourney", { journey: message.journey.name })}
                          </Text>
                        )}
                      </div>
                    </Table.Cell>
                    <Table.Cell>
                      <div className="flex flex-col items-start gap-y-1">
                        <StatusBadge color={MESSAGE_COLORS[message.status]}>{t(`customer.messages.status.${message.status}`)}</StatusBadge>
                        {(message.skip_reason || message.error) && (
                          <Text size="xsmall" className="text-ui-fg-subtle" data-testid="customer-message-reason">
                            {message.skip_reason ?? message.error}
                          </Text>
                        )}
                      </div>
                    </Table.Cell>
                    <Table.Cell>
                      <MessageTimes message={message} />
                    </Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
            {messages.length >= 50 && (
              <Text size="xsmall" className="text-ui-fg-subtle">
                {t("customer.messages.latest", { count: messages.length })}
              </Text>
            )}
          </>
        )}
      </div>
    </>
  )
}

function MessageTimes({ message }: { message: CustomerMessage }) {
  const { t } = useTranslation("journeys")
  const format = useFormat()
  const times = [
    message.sent_at ? t("customer.messages.sentAt", { time: format.dateTime(message.sent_at) }) : t("customer.messages.queuedAt", { time: format.dateTime(message.queued_at) }),
    message.opened_at && t("customer.messages.openedAt", { time: format.dateTime(message.opened_at) }),
    message.clicked_at && t("customer.messages.clickedAt", { time: format.dateTime(message.clicked_at) }),
  ].filter(Boolean)
  return (
    <div className="flex flex-col">
      {times.map((time) => (
        <Text key={time as string} size="xsmall" className="whitespace-nowrap">
          {time}
        </Text>
      ))}
    </div>
  )
}

function ConsentSection({ customerId }: { customerId: string }) {
  const { t } = useTranslation("journeys")
  const { data, error } = useCustomerConsent(customerId)
  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" data-testid="customer-consent">
      <div>
        <Heading level="h3">{t("customer.consent.heading")}</Heading>
        {data && (
          <Text size="small" className="text-ui-fg-subtle">
            {t(`customer.consent.policy.${data.consent_policy}`)}
          </Text>
        )}
      </div>
      {error && (
        <Text size="small" className="text-ui-fg-error">
          {t("customer.loadFailed", { message: errorMessage(error) })}
        </Text>
      )}
      {data && CHANNELS.map((channel) => <ConsentRow key={channel} customerId={customerId} channel={channel} consent={data.channels[channel]} />)}
    </div>
  )
}

function ConsentRow({ customerId, channel, consent }: { customerId: string; channel: Channel; consent: ChannelConsent }) {
  const { t } = useTranslation("journeys")
  const format = useFormat()
  const prompt = usePrompt()
  const change = useChangeConsent(customerId)
  const channelName = t(`channels.${channel}`)
  const source = (value: string | null) =>
    value && SOURCES.includes(value) ? t(`customer.consent.sources.${value}`) : t("customer.consent.sources.unknown", { source: value ?? "?" })

  const save = (status: "subscribed" | "unsubscribed", lift = false) =>
    change.mutate(
      { channel, status, ...(lift ? { lift_suppression: true } : {}) },
      {
        onSuccess: () => toast.success(t(lift ? "customer.consent.lifted" : "customer.consent.changed")),
        onError: (e) => toast.error(t("customer.consent.changeFailed", { message: errorMessage(e) })),
      }
    )

  const lift = async () => {
    const confirmed = await prompt({
      title: t("customer.consent.liftTitle", { address: consent.address }),
      description: t("customer.consent.liftDescription", { reason: suppressionReason(t, consent.reason) }),
      confirmText: t("customer.consent.liftConfirm"),
      cancelText: t("actions.cancel"),
    })
    if (confirmed) save("subscribed", true)
  }

  return (
    <div className="flex items-start justify-between gap-x-4" data-testid={`consent-${channel}`} data-status={consent.status ?? "none"}>
      <div className="flex min-w-0 flex-col gap-y-1">
        <div className="flex items-center gap-x-2">
          <Text size="small" weight="plus">
            {channelName}
          </Text>
          {consent.status && (
            <StatusBadge color={CONSENT_COLORS[consent.status]}>{t(`customer.consent.status.${consent.status}`)}</StatusBadge>
          )}
        </div>
        <Text size="small" className="text-ui-fg-subtle truncate" title={consent.address ?? undefined}>
          {!consent.address ? t("customer.consent.noAddress") : channel === "push" ? t("customer.consent.pushAddress") : consent.address}
        </Text>
        {consent.address && (
          <Text size="xsmall" className="text-ui-fg-subtle" data-testid={`consent-${channel}-since`}>
            {consent.recorded
              ? t("customer.consent.since", { time: format.dateTime(consent.since), source: source(consent.source) })
              : t("customer.consent.implied")}
            {consent.status === "suppressed" ? `: ${suppressionReason(t, consent.reason)}` : ""}
          </Text>
        )}
      </div>
      {consent.address &&
        (consent.status === "suppressed" ? (
          <Button size="small" variant="secondary" className="shrink-0 whitespace-nowrap" onClick={lift} isLoading={change.isPending} data-testid={`consent-${channel}-lift`}>
            {t("customer.consent.lift")}
          </Button>
        ) : (
          <Switch
            aria-label={t("customer.consent.toggle", { channel: channelName })}
            data-testid={`consent-${channel}-switch`}
            checked={consent.status === "subscribed"}
            disabled={change.isPending}
            onCheckedChange={(checked) => save(checked ? "subscribed" : "unsubscribed")}
          />
        ))}
    </div>
  )
}

/** The provider's reason in words: "complaint", "hard bounce: <detail>" (see recordMessageReportStep). */
function suppressionReason(t: TFunction, reason: string | null) {
  if (reason === "complaint") return t("customer.consent.liftReasons.complaint")
  const bounce = reason && /^hard bounce(?::\s*(.*))?$/.exec(reason)
  if (bounce) return t("customer.consent.liftReasons.bounce", { detail: bounce[1] || "—" })
  return reason || t("customer.consent.liftUnknownReason")
}

function stepName(t: TFunction, type: string | null) {
  const known = ["send", "wait", "wait_until", "wait_for_event", "condition", "random_split", "frequency_cap", "update_customer", "webhook", "exit"]
  return t(`canvas.steps.${type && known.includes(type) ? type : "unknown"}`)
}

// A stable id: the merchant's layout choices (order, side, hidden) survive rebuilds.
export const config = defineWidgetConfig({ zone: "customer.details.after", id: "journeys:customer-journeys" })

export default CustomerJourneysWidget
