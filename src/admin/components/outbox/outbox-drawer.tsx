import { Alert, Badge, Button, Drawer, Heading, Skeleton, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import { useTranslation } from "react-i18next"
import { Link } from "react-router-dom"
import type { RenderedMessage } from "../../../engine"
import { errorMessage } from "../../lib/api"
import { useOutboxEffect, useOutboxMessage, type OutboxEffectDetail, type OutboxMessageDetail } from "../../lib/api-outbox"
import { useFormat } from "../../lib/format"
import { OutboxStatusBadge } from "./outbox-status-badge"
import { allowedActions, useConfirmedOutboxAction } from "./use-outbox-actions"

type Props = { kind: "message" | "effect"; id: string | null; onClose: () => void }

/** One message (with its content, rendered) or effect (with its payload): its details, its error, retry or cancel. */
export const OutboxDrawer = ({ kind, id, onClose }: Props) => {
  const { t } = useTranslation("journeys")
  const message = useOutboxMessage(kind === "message" ? id : null)
  const effect = useOutboxEffect(kind === "effect" ? id : null)
  const { data, error } = kind === "message" ? message : effect
  const actions = useConfirmedOutboxAction()
  return (
    <Drawer open={id !== null} onOpenChange={(open) => !open && onClose()}>
      <Drawer.Content data-testid="outbox-drawer" className="sm:max-w-[640px]">
        <Drawer.Header>
          <Drawer.Title className="truncate">
            {data && "recipient" in data ? data.recipient : t(kind === "message" ? "outbox.drawer.message" : "outbox.drawer.effect")}
          </Drawer.Title>
          <Drawer.Description className="text-ui-fg-subtle txt-compact-small">
            {data && "type" in data ? t(`outbox.types.${data.type}`) : data && "channel" in data ? t(`channels.${data.channel}`) : ""}
          </Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
          {error ? (
            <Text className="text-ui-fg-error">{t("outbox.drawer.loadFailed", { message: errorMessage(error) })}</Text>
          ) : !data ? (
            <div className="flex flex-col gap-y-2"><Skeleton className="h-6 w-1/2" /><Skeleton className="h-40 w-full" /></div>
          ) : "channel" in data ? (
            <MessageView message={data} />
          ) : (
            <EffectView effect={data} />
          )}
        </Drawer.Body>
        {data && allowedActions(data.status).length > 0 && (
          <Drawer.Footer>
            {allowedActions(data.status).map((action) => (
              <Button
                key={action}
                size="small"
                variant={action === "retry" ? "primary" : "danger"}
                disabled={actions.isPending}
                onClick={() => void actions.run({ kind, id: data.id, action })}
                data-testid={`outbox-drawer-${action}`}
              >
                {action === "retry" ? t("outbox.actions.retry") : t(kind === "message" ? "outbox.actions.cancel" : "outbox.actions.cancelEffect")}
              </Button>
            ))}
          </Drawer.Footer>
        )}
      </Drawer.Content>
    </Drawer>
  )
}

const Field = ({ label, children }: { label: string; children: ReactNode }) => (
  <div className="grid grid-cols-[160px_1fr] items-start gap-x-3">
    <Text size="small" className="text-ui-fg-subtle">{label}</Text>
    <Text size="small" className="break-all">{children}</Text>
  </div>
)

const Problem = ({ title, text, testId }: { title: string; text: string; testId: string }) => (
  <Alert variant="error" data-testid={testId}>
    <Text size="small" weight="plus">{title}</Text>
    <Text size="small" className="whitespace-pre-wrap break-words font-mono">{text}</Text>
  </Alert>
)

const JourneyLink = ({ item }: { item: OutboxMessageDetail | OutboxEffectDetail }) => {
  const { t } = useTranslation("journeys")
  if (!item.journey) return <>{item.journey_id ?? t("outbox.noJourney")}</>
  return <Link to={`/journeys/${item.journey.id}`} className="text-ui-fg-interactive">{item.journey.name}</Link>
}

const TimelineLink = ({ item }: { item: OutboxMessageDetail | OutboxEffectDetail }) => {
  const { t } = useTranslation("journeys")
  if (!item.journey_id || !item.enrollment_id) return null
  return (
    <Link to={`/journeys/${item.journey_id}/enrollments?enrollment=${item.enrollment_id}`} className="txt-compact-small text-ui-fg-interactive">
      {t("outbox.drawer.openCustomer")}
    </Link>
  )
}

const MessageView = ({ message }: { message: OutboxMessageDetail }) => {
  const { t } = useTranslation("journeys")
  const format = useFormat()
  return (
    <>
      <div className="flex items-center gap-x-2">
        <OutboxStatusBadge status={message.status} />
        {message.is_test && <Badge size="2xsmall" color="orange">{t("outbox.test")}</Badge>}
      </div>
      {message.error && <Problem title={t("outbox.drawer.error")} text={message.error} testId="outbox-drawer-error" />}
      {message.skip_reason && <Problem title={t("outbox.drawer.skipReason")} text={message.skip_reason} testId="outbox-drawer-skip" />}
      <section className="flex flex-col gap-y-2">
        <Heading level="h3">{t("outbox.drawer.details")}</Heading>
        <Field label={t("outbox.drawer.fields.id")}><span className="font-mono">{message.id}</span></Field>
        <Field label={t("outbox.drawer.fields.journey")}><JourneyLink item={message} /></Field>
        <Field label={t("outbox.drawer.fields.step")}><span className="font-mono">{message.node_id ?? "—"}</span></Field>
        <Field label={t("outbox.drawer.fields.recipient")}>{message.recipient}</Field>
        <Field label={t("outbox.drawer.fields.category")}>{t(`outbox.drawer.category.${message.category}`)}</Field>
        <Field label={t("outbox.drawer.fields.attempts")}>{message.attempts}</Field>
        <Field label={t("outbox.drawer.fields.queued")}>{format.dateTime(message.queued_at)}</Field>
        {message.status === "queued" && <Field label={t("outbox.drawer.fields.next")}>{format.dateTime(message.next_attempt_at)}</Field>}
        <Field label={t("outbox.drawer.fields.sent")}>{format.dateTime(message.sent_at)}</Field>
        {message.delivered_at && <Field label={t("outbox.drawer.fields.delivered")}>{format.dateTime(message.delivered_at)}</Field>}
        {message.opened_at && <Field label={t("outbox.drawer.fields.opened")}>{format.dateTime(message.opened_at)}</Field>}
        {message.clicked_at && <Field label={t("outbox.drawer.fields.clicked")}>{format.dateTime(message.clicked_at)}</Field>}
        {message.provider_message_id && (
          <Field label={t("outbox.drawer.fields.providerId")}><span className="font-mono">{message.provider_message_id}</span></Field>
        )}
        <TimelineLink item={message} />
      </section>
      <section className="flex flex-col gap-y-3" data-testid="outbox-content">
        <Heading level="h3">{t("outbox.drawer.content")}</Heading>
        <Text size="xsmall" className="text-ui-fg-subtle" data-testid="outbox-content-note">
          {message.template?.name ?? t("outbox.deletedTemplate")} · {t(`outbox.drawer.renderedAs.${message.rendered_as}`)}
        </Text>
        {message.render_error ? (
          <Alert variant="error" data-testid="outbox-render-error">{t("outbox.drawer.renderFailed", { message: message.render_error })}</Alert>
        ) : message.rendered ? (
          <Rendered message={message.rendered} />
        ) : null}
      </section>
    </>
  )
}

const Rendered = ({ message }: { message: RenderedMessage }) => {
  const { t } = useTranslation("journeys")
  const block = (label: string, text: string, testId: string) => (
    <div className="flex flex-col gap-y-1">
      <Text size="xsmall" className="text-ui-fg-subtle">{label}</Text>
      <Text size="small" className="bg-ui-bg-subtle whitespace-pre-wrap rounded-md p-3" data-testid={testId}>{text}</Text>
    </div>
  )
  switch (message.channel) {
    case "email":
      return (
        <div className="flex flex-col gap-y-3">
          {block(t("outbox.drawer.subject"), message.subject, "outbox-email-subject")}
          {/* sandbox="": no script, no form, no navigation — the HTML is shown, never run. */}
          <iframe
            sandbox=""
            srcDoc={message.html}
            title={t("outbox.drawer.htmlTitle")}
            className="shadow-borders-base w-full rounded-md"
            style={{ height: 420, background: "white" }}
            data-testid="outbox-email-html"
          />
          {message.text !== null && block(t("outbox.drawer.text"), message.text, "outbox-email-text")}
        </div>
      )
    case "sms":
      return block(t("outbox.drawer.body"), message.body, "outbox-sms-body")
    case "push":
      return (
        <div className="flex flex-col gap-y-3">
          {block(t("outbox.drawer.title"), message.title, "outbox-push-title")}
          {block(t("outbox.drawer.body"), message.body, "outbox-push-body")}
        </div>
      )
  }
}

const EffectView = ({ effect }: { effect: OutboxEffectDetail }) => {
  const { t } = useTranslation("journeys")
  const format = useFormat()
  return (
    <>
      <div className="flex items-center gap-x-2">
        <OutboxStatusBadge status={effect.status} />
        {effect.is_test && <Badge size="2xsmall" color="orange">{t("outbox.test")}</Badge>}
      </div>
      {effect.error && <Problem title={t("outbox.drawer.effectError")} text={effect.error} testId="outbox-drawer-error" />}
      <section className="flex flex-col gap-y-2">
        <Heading level="h3">{t("outbox.drawer.details")}</Heading>
        <Field label={t("outbox.drawer.fields.id")}><span className="font-mono">{effect.id}</span></Field>
        <Field label={t("outbox.drawer.fields.journey")}><JourneyLink item={effect} /></Field>
        <Field label={t("outbox.drawer.fields.step")}><span className="font-mono">{effect.node_id ?? "—"}</span></Field>
        <Field label={t("outbox.drawer.fields.attempts")}>{effect.attempts}</Field>
        {effect.response_status !== null && <Field label={t("outbox.drawer.fields.responseStatus")}>{effect.response_status}</Field>}
        <Field label={t("outbox.drawer.fields.queued")}>{format.dateTime(effect.queued_at)}</Field>
        {effect.status === "queued" && <Field label={t("outbox.drawer.fields.next")}>{format.dateTime(effect.next_attempt_at)}</Field>}
        <Field label={t("outbox.drawer.fields.completed")}>{format.dateTime(effect.completed_at)}</Field>
        <TimelineLink item={effect} />
      </section>
      <section className="flex flex-col gap-y-2">
        <Heading level="h3">{t("outbox.drawer.payload")}</Heading>
        <pre className="txt-compact-xsmall bg-ui-bg-subtle max-h-80 overflow-auto rounded-md p-3 font-mono">
          {JSON.stringify(effect.payload, null, 2)}
        </pre>
      </section>
    </>
  )
}
