import { DataTable } from "@medusajs/ui"
import { useTranslation } from "react-i18next"

/** The DataTable's pagination in the admin user's language. */
export const TranslatedPagination = () => {
  const { t } = useTranslation("journeys")
  return (
    <DataTable.Pagination
      translations={{
        of: t("pagination.of"),
        results: t("pagination.results"),
        pages: t("pagination.pages"),
        prev: t("pagination.prev"),
        next: t("pagination.next"),
      }}
    />
  )
}
