/** How many customers the rule being edited matches, with some of them, or that the rule is not complete. */
import { Container, Heading, Text } from "@medusajs/ui"
import type { UseQueryResult } from "@tanstack/react-query"
import { useTranslation } from "react-i18next"
import { Link } from "react-router-dom"
import { errorMessage } from "../../lib/api"
import type { SegmentPreview } from "../../lib/api-segments"
import { useFormat } from "../../lib/format"
import { customerRecord } from "../record-search"

export const LiveCount = ({ preview }: { preview: UseQueryResult<SegmentPreview> }) => {
  const { t } = useTranslation("journeys")
  const format = useFormat()
  const { data, error, isFetching } = preview
  return (
    <Container className="flex flex-col gap-y-3 px-6 py-4" data-testid="segment-live" data-fetching={isFetching}>
      <div className="flex items-center justify-between gap-x-2">
        <Heading level="h2">{t("segments.live.title")}</Heading>
        {isFetching && <Text size="xsmall" className="text-ui-fg-muted">{t("segments.live.counting")}</Text>}
      </div>
      <Text size="small" className="text-ui-fg-subtle">{t("segments.live.hint")}</Text>
      {error ? (
        <Text size="small" className="text-ui-fg-error">{t("segments.live.failed", { message: errorMessage(error) })}</Text>
      ) : data?.valid === false ? (
        <Text size="small" className="text-ui-fg-error" data-testid="segment-invalid">{t("segments.live.invalid")}</Text>
      ) : data?.valid ? (
        <>
          <div className="flex flex-col gap-y-0.5">
            <Text size="xlarge" weight="plus" data-testid="segment-count" data-count={data.count}>
              {t("segments.live.matches", { count: data.count, formatted: format.number(data.count) })}
            </Text>
            <Text size="xsmall" className="text-ui-fg-muted" data-testid="segment-elapsed">
              {t("segments.live.elapsed", { ms: format.number(Math.round(data.elapsed_ms)) })}
            </Text>
          </div>
          {data.sample.length === 0 ? (
            <Text size="small" className="text-ui-fg-subtle">{t("segments.live.noSample")}</Text>
          ) : (
            <div className="flex flex-col gap-y-1">
              <Text size="small" weight="plus">{t("segments.live.sample")}</Text>
              <ul className="divide-y" data-testid="segment-sample">
                {data.sample.map((customer) => (
                  <li key={customer.id} className="py-1.5">
                    <Link to={`/customers/${customer.id}`} className="hover:text-ui-fg-interactive block" data-testid="segment-sample-customer">
                      <Text size="small" leading="compact" className="truncate" title={customerRecord(customer).label}>
                        {customerRecord(customer).label}
                      </Text>
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      ) : null}
    </Container>
  )
}
