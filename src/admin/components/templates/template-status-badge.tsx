import { StatusBadge } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { TemplateStatus } from "../../lib/api-templates"

/** Journeys send only published templates: a draft is work in progress. */
export const TemplateStatusBadge = ({ status }: { status: TemplateStatus }) => {
  const { t } = useTranslation("journeys")
  return <StatusBadge color={status === "published" ? "green" : "grey"}>{t(`templates.status.${status}`)}</StatusBadge>
}
