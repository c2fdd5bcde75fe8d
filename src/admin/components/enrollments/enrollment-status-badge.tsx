import { StatusBadge } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { EnrollmentStatus } from "../../lib/api-enrollments"

const COLORS: Record<EnrollmentStatus, "blue" | "purple" | "green" | "grey" | "red"> = {
  active: "blue",
  waiting: "purple",
  completed: "green",
  exited: "grey",
  failed: "red",
}

export const EnrollmentStatusBadge = ({ status }: { status: EnrollmentStatus }) => {
  const { t } = useTranslation("journeys")
  return <StatusBadge color={COLORS[status]}>{t(`enrollments.status.${status}`)}</StatusBadge>
}
