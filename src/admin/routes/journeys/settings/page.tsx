import { Container, Heading, Table, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { CHANNELS, type Channel } from "../../../../engine"
import { errorMessage, usePluginStatus, type PluginStatus } from "../../../lib/api"
import { useFormat } from "../../../lib/format"
import { StatusCounters } from "../../../components/status-counters"
import { OperationsStatus } from "../../../components/operations-status"
import { durationParts } from "../../../lib/duration"

/**
 * The plugin's effective options as a merchant reads them (secrets only as set / not set), and
 * what an operator watches: the scheduled jobs' runs, the workers and the backlog.
 */
const JourneySettingsPage = () => {
  const { t } = useTranslation("journeys")
  const format = useFormat()
  const { data, error } = usePluginStatus()

  const rows = (options: PluginStatus["options"]): [string, string][] => {
    const perChannel = (describe: (channel: Channel) => string) =>
      CHANNELS.map((channel) => `${t(`channels.${channel}`)}: ${describe(channel)}`).join(" · ")
    const set = (value: "set" | "not set") => t(value === "set" ? "settings.set" : "settings.notSet")
    return [
      ["storefront_url", options.storefront_url ?? t("settings.none")],
      ["public_url", options.public_url ?? t("settings.none")],
      ["default_timezone", options.default_timezone],
      ["consent", t(`settings.consent.${options.consent}`)],
      ["batch_size", format.number(options.batch_size)],
      ["max_attempts", format.number(options.max_attempts)],
      [
        "quiet_hours",
        perChannel((channel) => {
          const hours = options.quiet_hours[channel]
          return hours ? `${hours.from}–${hours.to}` : t("settings.off")
        }),
      ],
      [
        "frequency_caps",
        perChannel((channel) => {
          const cap = options.frequency_caps[channel]
          return cap ? t("settings.cap", { max: cap.max, period: describeDuration(cap.within) }) : t("settings.off")
        }),
      ],
      ["secret", set(options.secret)],
      ["webhooks.resend_signing_secret", set(options.webhooks.resend_signing_secret)],
      ["webhooks.twilio_auth_token", set(options.webhooks.twilio_auth_token)],
    ]
  }

  const describeDuration = (iso: string) => {
    const parts = durationParts(iso)
    if (!parts) return iso
    return (["days", "hours", "minutes"] as const)
      .filter((unit) => parts[unit] > 0)
      .map((unit) => t(`duration.${unit}`, { count: parts[unit] }))
      .join(" ")
  }

  return (
    <div className="flex flex-col gap-y-3">
      <StatusCounters />
      <Container className="divide-y p-0">
        <div className="px-6 py-4">
          <Heading level="h1">{t("settings.title")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">{t("settings.subtitle")}</Text>
        </div>
        {error && <Text className="text-ui-fg-error px-6 py-4">{t("status.loadFailed", { message: errorMessage(error) })}</Text>}
        {data && (
          <Table data-testid="journeys-options">
            <Table.Body>
              {rows(data.options).map(([name, value]) => (
                <Table.Row key={name}>
                  <Table.Cell className="font-mono">{name}</Table.Cell>
                  <Table.Cell>{value}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        )}
      </Container>
      {data && <OperationsStatus status={data} />}
    </div>
  )
}

export default JourneySettingsPage
