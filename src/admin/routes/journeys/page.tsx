import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Sparkles } from "@medusajs/icons"
import {
  Badge,
  Button,
  Container,
  createDataTableColumnHelper,
  createDataTableFilterHelper,
  DataTable,
  DropdownMenu,
  Heading,
  Text,
  toast,
  useDataTable,
  usePrompt,
  type DataTableFilteringState,
  type DataTablePaginationState,
} from "@medusajs/ui"
import { useMemo, useRef, useState } from "react"
import { useTranslation } from "react-i18next"
import { useNavigate } from "react-router-dom"
import {
  errorMessage,
  exportJourney,
  useDeleteJourney,
  useDuplicateJourney,
  useImportJourney,
  useJourneys,
  type JourneyStatus,
  type JourneySummary,
} from "../../lib/api"
import { downloadJson, readJourneyFile } from "../../lib/files"
import { useFormat } from "../../lib/format"
import { TranslatedPagination } from "../../components/pagination"
import { CreateJourneyDrawer } from "../../components/create-journey-drawer"
import { GalleryModal } from "../../components/gallery-modal"
import { StatusCounters } from "../../components/status-counters"
import { JourneyStatusBadge } from "../../components/journey-status-badge"

const PAGE_SIZE = 20
const STATUSES: JourneyStatus[] = ["draft", "live", "paused", "stopped"]
const column = createDataTableColumnHelper<JourneySummary>()
const filter = createDataTableFilterHelper<JourneySummary>()

const JourneysPage = () => {
  const { t } = useTranslation("journeys")
  const format = useFormat()
  const navigate = useNavigate()
  const prompt = usePrompt()
  const [search, setSearch] = useState("")
  const [filtering, setFiltering] = useState<DataTableFilteringState>({})
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize: PAGE_SIZE })
  const [creating, setCreating] = useState(false)
  const [browsingGallery, setBrowsingGallery] = useState(false)
  const fileInput = useRef<HTMLInputElement>(null)

  const status = (filtering.status as JourneyStatus[] | undefined) ?? []
  const { data, isLoading, error } = useJourneys({
    limit: pagination.pageSize,
    offset: pagination.pageIndex * pagination.pageSize,
    q: search.trim() || undefined,
    status,
  })
  const importJourney = useImportJourney()
  const duplicateJourney = useDuplicateJourney()
  const deleteJourney = useDeleteJourney()

  const open = (journey: { id: string }) => navigate(`/journeys/${journey.id}`)

  async function onImport(file: File | undefined) {
    if (!file) return
    const read = await readJourneyFile(file)
    if ("problem" in read) return toast.error(t("list.import.failed"), { description: t(read.problem) })
    importJourney.mutate(read.document, {
      onSuccess: (journey) => {
        toast.success(t("list.import.done", { name: journey.name }))
        open(journey)
      },
      onError: (e) => toast.error(t("list.import.failed"), { description: errorMessage(e) }),
    })
  }

  async function onDelete(journey: JourneySummary) {
    const confirmed = await prompt({
      title: t("list.delete.title", { name: journey.name }),
      description: t("list.delete.description"),
      confirmText: t("actions.delete"),
      cancelText: t("actions.cancel"),
    })
    if (!confirmed) return
    deleteJourney.mutate(journey.id, {
      onSuccess: () => toast.success(t("list.delete.done", { name: journey.name })),
      // 409: customers are still inside; the server's message says how many and what to do.
      onError: (e) => toast.error(t("list.delete.refused"), { description: errorMessage(e) }),
    })
  }

  const columns = useMemo(
    () => [
      column.accessor("name", {
        header: t("list.columns.name"),
        cell: ({ row }) => (
          // A long name is cut (whole on hover) rather than pushing the table wider than the page.
          <div className="flex flex-col py-2" style={{ maxWidth: 320 }} title={row.original.name}>
            <Text size="small" weight="plus" leading="compact" className="truncate">{row.original.name}</Text>
            {row.original.description && (
              <Text size="xsmall" className="text-ui-fg-subtle truncate" leading="compact">{row.original.description}</Text>
            )}
          </div>
        ),
      }),
      column.accessor("status", {
        header: t("list.columns.status"),
        cell: ({ getValue }) => <JourneyStatusBadge status={getValue()} />,
      }),
      column.accessor("published_version", {
        header: t("list.columns.version"),
        cell: ({ getValue }) => {
          const version = getValue()
          return version ? <Badge size="2xsmall">v{version.number}</Badge> : <Text size="small" className="text-ui-fg-muted">—</Text>
        },
      }),
      column.accessor("counts.entered", { header: t("list.columns.entered"), cell: ({ getValue }) => format.number(getValue()) }),
      column.accessor("counts.in_progress", { header: t("list.columns.in_progress"), cell: ({ getValue }) => format.number(getValue()) }),
      column.accessor("counts.converted", { header: t("list.columns.converted"), cell: ({ getValue }) => format.number(getValue()) }),
      column.accessor("updated_at", { header: t("list.columns.updated"), cell: ({ getValue }) => format.dateTime(getValue()) }),
      column.action({
        actions: ({ row }) => [
          [
            { label: t("actions.edit"), onClick: () => open(row.original) },
            {
              label: t("actions.duplicate"),
              onClick: () =>
                duplicateJourney.mutate(
                  { id: row.original.id, name: t("list.copyName", { name: row.original.name }) },
                  {
                    onSuccess: (copy) => toast.success(t("list.duplicated", { name: copy.name })),
                    onError: (e) => toast.error(t("list.duplicateFailed"), { description: errorMessage(e) }),
                  }
                ),
            },
            {
              label: t("actions.export"),
              onClick: () =>
                exportJourney(row.original.id).then(
                  (document) => downloadJson(`journey-${row.original.id}.json`, document),
                  (e) => toast.error(t("list.exportFailed"), { description: errorMessage(e) })
                ),
            },
          ],
          [{ label: t("actions.delete"), onClick: () => onDelete(row.original) }],
        ],
      }),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, format]
  )

  const filters = useMemo(
    () => [
      filter.accessor("status", {
        type: "multiselect",
        label: t("list.columns.status"),
        options: STATUSES.map((value) => ({ label: t(`status.${value}`), value })),
      }),
    ],
    [t]
  )

  const table = useDataTable({
    data: data?.journeys ?? [],
    columns,
    filters,
    rowCount: data?.count ?? 0,
    getRowId: (journey) => journey.id,
    isLoading,
    onRowClick: (_event, journey) => open(journey),
    search: { state: search, onSearchChange: setSearch },
    filtering: { state: filtering, onFilteringChange: setFiltering },
    pagination: { state: pagination, onPaginationChange: setPagination },
  })

  return (
    <div className="flex flex-col gap-y-3">
      <StatusCounters />
      <Container className="divide-y p-0">
        <DataTable instance={table}>
          <DataTable.Toolbar
            className="flex flex-col items-start justify-between gap-2 px-6 py-4 md:flex-row md:items-center"
            translations={{ clearAll: t("list.clearFilters") }}
          >
            <div>
              <Heading level="h1">{t("list.title")}</Heading>
              <Text size="small" className="text-ui-fg-subtle">{t("list.subtitle")}</Text>
            </div>
            <div className="flex items-center gap-x-2">
              <DataTable.FilterMenu tooltip={t("list.filter")} />
              <DataTable.Search placeholder={t("list.search")} />
              <DropdownMenu>
                <DropdownMenu.Trigger asChild>
                  <Button size="small" variant="primary" data-testid="create-journey">{t("actions.create")}</Button>
                </DropdownMenu.Trigger>
                <DropdownMenu.Content align="end">
                  <DropdownMenu.Item data-testid="create-blank" onClick={() => setCreating(true)}>{t("list.create.blank")}</DropdownMenu.Item>
                  <DropdownMenu.Item data-testid="create-from-gallery" onClick={() => setBrowsingGallery(true)}>{t("list.create.gallery")}</DropdownMenu.Item>
                  <DropdownMenu.Item data-testid="create-from-file" onClick={() => fileInput.current?.click()}>{t("list.create.import")}</DropdownMenu.Item>
                </DropdownMenu.Content>
              </DropdownMenu>
              <input
                ref={fileInput}
                type="file"
                accept="application/json,.json"
                hidden
                data-testid="import-journey-file"
                onChange={(event) => {
                  void onImport(event.target.files?.[0])
                  event.target.value = ""
                }}
              />
            </div>
          </DataTable.Toolbar>
          {error ? (
            <Text className="text-ui-fg-error px-6 py-4">{t("list.loadFailed", { message: errorMessage(error) })}</Text>
          ) : (
            <DataTable.Table
              emptyState={{
                empty: { heading: t("list.empty.heading"), description: t("list.empty.description") },
                filtered: { heading: t("list.noMatch.heading"), description: t("list.noMatch.description") },
              }}
            />
          )}
          <TranslatedPagination />
        </DataTable>
      </Container>
      <CreateJourneyDrawer open={creating} onOpenChange={setCreating} onCreated={open} />
      <GalleryModal open={browsingGallery} onOpenChange={setBrowsingGallery} onInstalled={open} />
    </div>
  )
}

export const config = defineRouteConfig({ label: "menu.journeys", translationNs: "journeys", icon: Sparkles })

export default JourneysPage
