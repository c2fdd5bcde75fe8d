import { StatusBadge } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { JourneyStatus } from "../lib/api"

const COLORS: Record<JourneyStatus, "grey" | "green" | "orange" | "red"> = {
  draft: "grey",
  live: "green",
  paused: "orange",
  stopped: "red",
}

export const JourneyStatusBadge = ({ status }: { status: JourneyStatus }) => {
  const { t } = useTranslation("journeys")
  return <StatusBadge color={COLORS[status]}>{t(`status.${status}`)}</StatusBadge>
}
