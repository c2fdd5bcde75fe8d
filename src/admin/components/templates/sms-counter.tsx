import { Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { useFormat } from "../../lib/format"
import { countSms } from "./sms-segments"

/** "42 characters · 1 segment (GSM-7, 160 per segment) · 118 left", and why a text takes more segments than expected. */
export const SmsCounter = ({ text, testId }: { text: string; testId: string }) => {
  const { t } = useTranslation("journeys")
  const format = useFormat()
  const count = countSms(text)
  return (
    <div className="flex flex-col gap-y-0.5" data-testid={testId} data-segments={count.segments} data-encoding={count.encoding}>
      <Text size="xsmall" className="text-ui-fg-subtle">
        {t("templates.sms.count", {
          characters: t("templates.sms.characters", { count: count.characters, formatted: format.number(count.characters) }),
          segments: t("templates.sms.segments", { count: count.segments, formatted: format.number(count.segments) }),
          encoding: count.encoding,
          perSegment: format.number(count.perSegment),
          remaining: format.number(count.remaining),
        })}
      </Text>
      {count.encoding === "UCS-2" && <Text size="xsmall" className="text-ui-fg-subtle">{t("templates.sms.ucs2")}</Text>}
    </div>
  )
}
