import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ChevronLeft } from "@medusajs/icons"
import {
  Button,
  Container,
  createDataTableColumnHelper,
  DataTable,
  Heading,
  IconButton,
  Text,
  toast,
  useDataTable,
  usePrompt,
  type DataTablePaginationState,
} from "@medusajs/ui"
import { useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { Link, useNavigate } from "react-router-dom"
import { errorMessage } from "../../../lib/api"
import { useDeleteSegment, useSegments, type Segment } from "../../../lib/api-segments"
import { useFormat } from "../../../lib/format"
import { TranslatedPagination } from "../../../components/pagination"
import { describeRule } from "../../../components/enrollments/describe"

const PAGE_SIZE = 20
const column = createDataTableColumnHelper<Segment>()

/** A text cell cut to its column, whole on hover. */
const Clipped = ({ text, width, strong = false }: { text: string; width: number; strong?: boolean }) => (
  <Text size="small" leading="compact" weight={strong ? "plus" : "regular"} className="truncate" style={{ maxWidth: width }} title={text}>
    {text}
  </Text>
)

const SegmentsPage = () => {
  const { t } = useTranslation("journeys")
  const format = useFormat()
  const navigate = useNavigate()
  const prompt = usePrompt()
  const [search, setSearch] = useState("")
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize: PAGE_SIZE })

  const { data, isLoading, error } = useSegments({
    limit: pagination.pageSize,
    offset: pagination.pageIndex * pagination.pageSize,
    q: search.trim() || undefined,
  })
  const deleteSegment = useDeleteSegment()

  const open = (segment: { id: string }) => navigate(`/journeys/segments/${segment.id}`)

  async function onDelete(segment: Segment) {
    const confirmed = await prompt({
      title: t("segments.delete.title", { name: segment.name }),
      description: t("segments.delete.description"),
      confirmText: t("actions.delete"),
      cancelText: t("actions.cancel"),
    })
    if (!confirmed) return
    deleteSegment.mutate(segment.id, {
      onSuccess: () => toast.success(t("segments.delete.done", { name: segment.name })),
      // 409: a live journey starts on it; the server's message names it.
      onError: (e) => toast.error(t("segments.delete.refused"), { description: errorMessage(e) }),
    })
  }

  const columns = useMemo(
    () => [
      column.accessor("name", { header: t("segments.columns.name"), cell: ({ getValue }) => <Clipped text={getValue()} width={220} strong /> }),
      column.accessor("description", {
        header: t("segments.columns.description"),
        cell: ({ getValue }) => <Clipped text={getValue() ?? ""} width={240} />,
      }),
      column.accessor("rule", {
        header: t("segments.columns.rule"),
        cell: ({ getValue }) => <Clipped text={describeRule(getValue(), t, { events: true })} width={320} />,
      }),
      column.accessor("updated_at", { header: t("segments.columns.updated"), cell: ({ getValue }) => format.dateTime(getValue()) }),
      column.action({
        actions: ({ row }) => [
          [{ label: t("actions.edit"), onClick: () => open(row.original) }],
          [{ label: t("actions.delete"), onClick: () => void onDelete(row.original) }],
        ],
      }),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, format]
  )

  const table = useDataTable({
    data: data?.segments ?? [],
    columns,
    rowCount: data?.count ?? 0,
    getRowId: (segment) => segment.id,
    isLoading,
    onRowClick: (_event, segment) => open(segment),
    search: { state: search, onSearchChange: setSearch },
    pagination: { state: pagination, onPaginationChange: setPagination },
  })

  return (
    <Container className="divide-y p-0" data-testid="segments-page">
      <DataTable instance={table}>
        <DataTable.Toolbar className="flex flex-col items-start justify-between gap-2 px-6 py-4 md:flex-row md:items-center">
          <div className="flex items-center gap-x-3">
            <IconButton size="small" variant="transparent" asChild>
              <Link to="/journeys" aria-label={t("segments.backToJourneys")}><ChevronLeft /></Link>
            </IconButton>
            <div>
              <Heading level="h1">{t("segments.title")}</Heading>
              <Text size="small" className="text-ui-fg-subtle">{t("segments.subtitle")}</Text>
            </div>
          </div>
          <div className="flex items-center gap-x-2">
            <DataTable.Search placeholder={t("segments.search")} />
            <Button size="small" asChild data-testid="create-segment">
              <Link to="/journeys/segments/new">{t("actions.create")}</Link>
            </Button>
          </div>
        </DataTable.Toolbar>
        {error ? (
          <Text className="text-ui-fg-error px-6 py-4">{t("segments.loadFailed", { message: errorMessage(error) })}</Text>
        ) : (
          <DataTable.Table
            emptyState={{
              empty: { heading: t("segments.empty.heading"), description: t("segments.empty.description") },
              filtered: { heading: t("segments.noMatch.heading"), description: t("segments.noMatch.description") },
            }}
          />
        )}
        <TranslatedPagination />
      </DataTable>
    </Container>
  )
}

export const config = defineRouteConfig({ label: "segments.menu", translationNs: "journeys" })

export default SegmentsPage
