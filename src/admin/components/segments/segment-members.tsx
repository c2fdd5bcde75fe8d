/** The customers a saved segment holds now, page by page, and their export as CSV. */
import { ArrowDownTray } from "@medusajs/icons"
import {
  Button,
  Container,
  createDataTableColumnHelper,
  DataTable,
  Heading,
  Hint,
  Text,
  useDataTable,
  type DataTablePaginationState,
} from "@medusajs/ui"
import { useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { useNavigate } from "react-router-dom"
import { errorMessage } from "../../lib/api"
import { segmentExportUrl, useSegmentMembers, type SegmentMember } from "../../lib/api-segments"
import { useFormat } from "../../lib/format"
import { TranslatedPagination } from "../pagination"

const PAGE_SIZE = 20
const column = createDataTableColumnHelper<SegmentMember>()

/** `ruleEdited`: the rule on screen differs from the saved one the list follows. */
export const SegmentMembers = ({ id, ruleEdited }: { id: string; ruleEdited: boolean }) => {
  const { t } = useTranslation("journeys")
  const format = useFormat()
  const navigate = useNavigate()
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize: PAGE_SIZE })
  const { data, isLoading, error } = useSegmentMembers(id, { limit: pagination.pageSize, offset: pagination.pageIndex * pagination.pageSize })

  const columns = useMemo(
    () => [
      column.accessor("email", {
        header: t("segments.members.columns.email"),
        cell: ({ getValue }) => <Text size="small" leading="compact" className="truncate" style={{ maxWidth: 320 }}>{getValue() ?? "—"}</Text>,
      }),
      column.display({
        id: "name",
        header: t("segments.members.columns.name"),
        cell: ({ row }) => [row.original.first_name, row.original.last_name].filter(Boolean).join(" ") || "—",
      }),
      column.accessor("created_at", { header: t("segments.members.columns.since"), cell: ({ getValue }) => format.dateTime(getValue()) }),
    ],
    [t, format]
  )

  const table = useDataTable({
    data: data?.members ?? [],
    columns,
    rowCount: data?.count ?? 0,
    getRowId: (member) => member.id,
    isLoading,
    onRowClick: (_event, member) => navigate(`/customers/${member.id}`),
    pagination: { state: pagination, onPaginationChange: setPagination },
  })

  return (
    <Container className="divide-y p-0" data-testid="segment-members">
      <div className="flex flex-wrap items-center justify-between gap-3 px-6 py-4">
        <div>
          <Heading level="h2">{t("segments.members.title")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">{t("segments.members.subtitle")}</Text>
          {ruleEdited && <Hint data-testid="segment-members-unsaved">{t("segments.members.unsaved")}</Hint>}
        </div>
        <Button size="small" variant="secondary" asChild>
          {/* A plain download: the browser sends the session cookie, the route answers CSV. */}
          <a href={segmentExportUrl(id)} download data-testid="segment-export">
            <ArrowDownTray />
            {t("segments.members.export")}
          </a>
        </Button>
      </div>
      <DataTable instance={table}>
        {error ? (
          <Text className="text-ui-fg-error px-6 py-4">{t("segments.members.loadFailed", { message: errorMessage(error) })}</Text>
        ) : (
          <DataTable.Table
            emptyState={{
              empty: { heading: t("segments.members.empty.heading"), description: t("segments.members.empty.description") },
            }}
          />
        )}
        <TranslatedPagination />
      </DataTable>
    </Container>
  )
}
