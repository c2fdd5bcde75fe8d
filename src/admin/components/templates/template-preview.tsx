import { Alert, Heading, InlineTip, Text } from "@medusajs/ui"
import { useDeferredValue, useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { renderTemplate, type MessageTemplateContent, type RenderedMessage } from "../../../engine"
import { errorMessage } from "../../lib/api"
import { usePreviewContext, type PreviewIds } from "../../lib/api-templates"
import { PreviewContextPicker } from "./preview-context-picker"
import { SmsCounter } from "./sms-counter"

/**
 * The message as a customer would get it, re-rendered on every edit: the store data comes from
 * the preview route (customer, cart, order as a journey loads them) and the content being typed
 * is rendered over it here, by the engine that sends (so it need not be saved first).
 */
export const TemplatePreview = ({ templateId, content }: { templateId: string; content: MessageTemplateContent }) => {
  const { t } = useTranslation("journeys")
  const [ids, setIds] = useState<PreviewIds>({})
  const context = usePreviewContext(templateId, ids)
  // Typing stays responsive on a large email: the render follows when React has time.
  const typed = useDeferredValue(content)
  const result = useMemo((): { message: RenderedMessage } | { error: string } => {
    try {
      return { message: renderTemplate(typed, context.data ?? {}) }
    } catch (error) {
      return { error: errorMessage(error) }
    }
  }, [typed, context.data])
  const chosen = Boolean(ids.customer_id || ids.cart_id || ids.order_id)

  return (
    <section className="flex flex-col gap-y-4" data-testid="template-preview">
      <Heading level="h2">{t("templates.preview.title")}</Heading>
      <InlineTip label={t("templates.preview.tipLabel")}>{t("templates.preview.tip")}</InlineTip>
      <PreviewContextPicker onChange={setIds} />
      {!chosen && <Text size="small" className="text-ui-fg-subtle">{t("templates.preview.nothingChosen")}</Text>}
      {context.isFetching && <Text size="small" className="text-ui-fg-subtle">{t("templates.preview.loading")}</Text>}
      {context.error && (
        <Alert variant="error" data-testid="preview-context-error">
          {t("templates.preview.loadFailed", { message: errorMessage(context.error) })}
        </Alert>
      )}
      {"error" in result ? (
        <Alert variant="error" data-testid="preview-error">{t("templates.preview.renderFailed", { message: result.error })}</Alert>
      ) : (
        <RenderedView message={result.message} />
      )}
      {context.data && (
        <details data-testid="preview-data">
          <summary className="txt-compact-small cursor-pointer">{t("templates.preview.data")}</summary>
          <pre className="txt-compact-xsmall bg-ui-bg-subtle mt-2 max-h-80 overflow-auto rounded-md p-3 font-mono">
            {JSON.stringify(context.data, null, 2)}
          </pre>
        </details>
      )}
    </section>
  )
}

const RenderedView = ({ message }: { message: RenderedMessage }) => {
  const { t } = useTranslation("journeys")
  switch (message.channel) {
    case "email":
      return (
        <div className="flex flex-col gap-y-3">
          <div className="flex flex-col gap-y-1">
            <Text size="xsmall" className="text-ui-fg-subtle">{t("templates.fields.subject")}</Text>
            <Text weight="plus" data-testid="preview-email-subject">{message.subject}</Text>
          </div>
          {/* sandbox="": no script, no form, no navigation — the HTML is shown, never run. */}
          <iframe
            sandbox=""
            srcDoc={message.html}
            title={t("templates.preview.htmlTitle")}
            className="shadow-borders-base w-full rounded-md"
            style={{ height: 520, background: "white" }}
            data-testid="preview-email-html"
          />
          {message.text !== null && (
            <div className="flex flex-col gap-y-1">
              <Text size="xsmall" className="text-ui-fg-subtle">{t("templates.fields.text")}</Text>
              <pre className="txt-compact-small bg-ui-bg-subtle whitespace-pre-wrap rounded-md p-3" data-testid="preview-email-text">
                {message.text}
              </pre>
            </div>
          )}
        </div>
      )
    case "sms":
      return (
        <div className="flex flex-col gap-y-2">
          <div className="bg-ui-bg-component max-w-sm whitespace-pre-wrap rounded-2xl px-4 py-3" data-testid="preview-sms-body">
            <Text size="small">{message.body}</Text>
          </div>
          <SmsCounter text={message.body} testId="preview-sms-count" />
        </div>
      )
    case "push":
      return (
        <div className="flex flex-col gap-y-3">
          <div className="shadow-elevation-card-rest bg-ui-bg-base flex max-w-sm flex-col gap-y-1 rounded-xl px-4 py-3">
            <Text weight="plus" data-testid="preview-push-title">{message.title}</Text>
            <Text size="small" data-testid="preview-push-body">{message.body}</Text>
          </div>
          {Object.keys(message.data).length > 0 && (
            <dl className="flex flex-col gap-y-1" data-testid="preview-push-data">
              {Object.entries(message.data).map(([key, value]) => (
                <div key={key} className="flex gap-x-2">
                  <dt className="txt-compact-xsmall font-mono">{key}</dt>
                  <dd className="txt-compact-xsmall text-ui-fg-subtle break-all font-mono">{value}</dd>
                </div>
              ))}
            </dl>
          )}
        </div>
      )
  }
}
