import { StatusBadge } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { EffectStatus, MessageStatus } from "../../lib/api-outbox"

const COLORS: Record<MessageStatus | EffectStatus, "green" | "red" | "blue" | "orange" | "grey" | "purple"> = {
  queued: "blue",
  sending: "purple",
  running: "purple",
  sent: "green",
  delivered: "green",
  done: "green",
  failed: "red",
  skipped: "orange",
  cancelled: "grey",
}

export const OutboxStatusBadge = ({ status }: { status: MessageStatus | EffectStatus }) => {
  const { t } = useTranslation("journeys")
  return (
    <StatusBadge color={COLORS[status] ?? "grey"} data-testid="outbox-status">
      {t(`outbox.status.${status}`, { defaultValue: status })}
    </StatusBadge>
  )
}
