import { Container, Heading, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { Link } from "react-router-dom"
import { errorMessage, usePluginStatus } from "../lib/api"
import { useFormat } from "../lib/format"

/** What an operator checks first: how much work is live, queued or failed. */
export const StatusCounters = () => {
  const { t } = useTranslation("journeys")
  const format = useFormat()
  const { data, error } = usePluginStatus()
  if (error) return <Text className="text-ui-fg-error">{t("status.loadFailed", { message: errorMessage(error) })}</Text>
  const counts: [string, number | undefined][] = [
    ["counters.journeys", data?.counts.journeys],
    ["counters.active", data?.counts.enrollments.active],
    ["counters.waiting", data?.counts.enrollments.waiting],
    ["counters.queued", data?.counts.messages.queued],
    ["counters.failed", data?.counts.messages.failed],
  ]
  return (
    <Container className="flex flex-wrap items-end justify-between px-6 py-4" style={{ gap: "1rem 2.5rem" }} data-testid="journeys-counts">
      {counts.map(([label, value]) => (
        <div key={label}>
          <Text size="small" className="text-ui-fg-subtle">{t(label)}</Text>
          <Heading level="h2">{value === undefined ? "…" : format.number(value)}</Heading>
        </div>
      ))}
      <Link to="/journeys/settings" className="text-ui-fg-interactive txt-compact-small-plus">{t("counters.settings")}</Link>
    </Container>
  )
}
