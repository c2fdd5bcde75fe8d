import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ChevronLeft } from "@medusajs/icons"
import {
  Badge,
  Button,
  Container,
  createDataTableColumnHelper,
  createDataTableFilterHelper,
  DataTable,
  Heading,
  IconButton,
  Text,
  toast,
  useDataTable,
  usePrompt,
  type DataTableFilteringState,
  type DataTablePaginationState,
} from "@medusajs/ui"
import { useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { Link, useNavigate } from "react-router-dom"
import { errorMessage } from "../../../lib/api"
import { TranslatedPagination } from "../../../components/pagination"
import {
  TEMPLATE_CHANNELS,
  TEMPLATE_STATUSES,
  useDeleteMessageTemplate,
  useMessageTemplates,
  type MessageTemplate,
  type TemplateChannel,
  type TemplateStatus,
} from "../../../lib/api-templates"
import { useFormat } from "../../../lib/format"
import { CreateTemplateDrawer } from "../../../components/templates/create-template-drawer"
import { TemplateStatusBadge } from "../../../components/templates/template-status-badge"

const PAGE_SIZE = 20
const column = createDataTableColumnHelper<MessageTemplate>()
const filter = createDataTableFilterHelper<MessageTemplate>()

const MessageTemplatesPage = () => {
  const { t } = useTranslation("journeys")
  const format = useFormat()
  const navigate = useNavigate()
  const prompt = usePrompt()
  const [search, setSearch] = useState("")
  const [filtering, setFiltering] = useState<DataTableFilteringState>({})
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize: PAGE_SIZE })
  const [creating, setCreating] = useState(false)

  const { data, isLoading, error } = useMessageTemplates({
    limit: pagination.pageSize,
    offset: pagination.pageIndex * pagination.pageSize,
    q: search.trim() || undefined,
    channel: (filtering.channel as TemplateChannel[] | undefined) ?? [],
    status: (filtering.status as TemplateStatus[] | undefined) ?? [],
  })
  const deleteTemplate = useDeleteMessageTemplate()

  const open = (template: { id: string }) => navigate(`/journeys/templates/${template.id}`)

  async function onDelete(template: MessageTemplate) {
    const confirmed = await prompt({
      title: t("templates.delete.title", { name: template.name }),
      description: t("templates.delete.description"),
      confirmText: t("actions.delete"),
      cancelText: t("actions.cancel"),
    })
    if (!confirmed) return
    deleteTemplate.mutate(template.id, {
      onSuccess: () => toast.success(t("templates.delete.done", { name: template.name })),
      // 409: journeys still send it; the server's message names them.
      onError: (e) => toast.error(t("templates.delete.refused"), { description: errorMessage(e) }),
    })
  }

  const columns = useMemo(
    () => [
      column.accessor("name", {
        header: t("templates.columns.name"),
        cell: ({ getValue }) => <Text size="small" weight="plus" leading="compact">{getValue()}</Text>,
      }),
      column.accessor("handle", {
        header: t("templates.columns.handle"),
        cell: ({ getValue }) => <Text size="small" className="font-mono" leading="compact">{getValue()}</Text>,
      }),
      column.accessor("channel", {
        header: t("templates.columns.channel"),
        cell: ({ getValue }) => <Badge size="2xsmall">{t(`channels.${getValue()}`)}</Badge>,
      }),
      column.accessor("status", {
        header: t("templates.columns.status"),
        cell: ({ getValue }) => <TemplateStatusBadge status={getValue()} />,
      }),
      column.accessor("updated_at", { header: t("templates.columns.updated"), cell: ({ getValue }) => format.dateTime(getValue()) }),
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

  const filters = useMemo(
    () => [
      filter.accessor("channel", {
        type: "multiselect",
        label: t("templates.columns.channel"),
        options: TEMPLATE_CHANNELS.map((value) => ({ label: t(`channels.${value}`), value })),
      }),
      filter.accessor("status", {
        type: "multiselect",
        label: t("templates.columns.status"),
        options: TEMPLATE_STATUSES.map((value) => ({ label: t(`templates.status.${value}`), value })),
      }),
    ],
    [t]
  )

  const table = useDataTable({
    data: data?.message_templates ?? [],
    columns,
    filters,
    rowCount: data?.count ?? 0,
    getRowId: (template) => template.id,
    isLoading,
    onRowClick: (_event, template) => open(template),
    search: { state: search, onSearchChange: setSearch },
    filtering: { state: filtering, onFilteringChange: setFiltering },
    pagination: { state: pagination, onPaginationChange: setPagination },
  })

  return (
    <Container className="divide-y p-0" data-testid="templates-page">
      <DataTable instance={table}>
        <DataTable.Toolbar
          className="flex flex-col items-start justify-between gap-2 px-6 py-4 md:flex-row md:items-center"
          translations={{ clearAll: t("list.clearFilters") }}
        >
          <div className="flex items-center gap-x-3">
            <IconButton size="small" variant="transparent" asChild>
              <Link to="/journeys" aria-label={t("templates.backToJourneys")}><ChevronLeft /></Link>
            </IconButton>
            <div>
              <Heading level="h1">{t("templates.title")}</Heading>
              <Text size="small" className="text-ui-fg-subtle">{t("templates.subtitle")}</Text>
            </div>
          </div>
          <div className="flex items-center gap-x-2">
            <DataTable.FilterMenu tooltip={t("list.filter")} />
            <DataTable.Search placeholder={t("templates.search")} />
            <Button size="small" onClick={() => setCreating(true)} data-testid="create-template">{t("actions.create")}</Button>
          </div>
        </DataTable.Toolbar>
        {error ? (
          <Text className="text-ui-fg-error px-6 py-4">{t("templates.loadFailed", { message: errorMessage(error) })}</Text>
        ) : (
          <DataTable.Table
            emptyState={{
              empty: { heading: t("templates.empty.heading"), description: t("templates.empty.description") },
              filtered: { heading: t("templates.noMatch.heading"), description: t("templates.noMatch.description") },
            }}
          />
        )}
        <TranslatedPagination />
      </DataTable>
      <CreateTemplateDrawer open={creating} onOpenChange={setCreating} onCreated={open} />
    </Container>
  )
}

export const config = defineRouteConfig({ label: "templates.menu", translationNs: "journeys" })

export default MessageTemplatesPage
