import { StatusBadge } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { JourneyVersionStatus } from "../../lib/api-versions"

const COLORS: Record<JourneyVersionStatus, "grey" | "green" | "orange" | "red"> = {
  draft: "grey",
  published: "green",
  draining: "orange",
  stopped: "red",
  archived: "grey",
}

export const VersionStatusBadge = ({ status }: { status: JourneyVersionStatus }) => {
  const { t } = useTranslation("journeys")
  return <StatusBadge color={COLORS[status]}>{t(`versions.status.${status}`)}</StatusBadge>
}
