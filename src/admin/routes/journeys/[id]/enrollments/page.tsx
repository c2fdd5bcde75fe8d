import { ChevronLeft } from "@medusajs/icons"
import {
  Badge,
  Container,
  createDataTableColumnHelper,
  createDataTableFilterHelper,
  DataTable,
  Heading,
  IconButton,
  Label,
  Switch,
  Text,
  useDataTable,
  type DataTableFilteringState,
  type DataTablePaginationState,
} from "@medusajs/ui"
import { useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { Link, useParams, useSearchParams } from "react-router-dom"
import { errorMessage, useJourney } from "../../../../lib/api"
import {
  ENROLLMENT_STATUSES,
  useJourneyEnrollments,
  type EnrollmentRow,
  type EnrollmentStatus,
} from "../../../../lib/api-enrollments"
import { nodesByVersion, useJourneyVersions } from "../../../../lib/api-versions"
import { readDraft } from "../../../../lib/editor/draft"
import { useFormat } from "../../../../lib/format"
import { TranslatedPagination } from "../../../../components/pagination"
import { EnrollmentDrawer } from "../../../../components/enrollments/enrollment-drawer"
import { EnrollmentStatusBadge } from "../../../../components/enrollments/enrollment-status-badge"
import { exitReasonText, nextText, stepName } from "../../../../components/enrollments/describe"
import { stepTitle } from "../../../../components/editor/canvas/summaries"

const PAGE_SIZE = 20
const column = createDataTableColumnHelper<EnrollmentRow>()
const filter = createDataTableFilterHelper<EnrollmentRow>()

const isStatus = (value: string): value is EnrollmentStatus => (ENROLLMENT_STATUSES as readonly string[]).includes(value)

/**
 * Who is in the journey and where, newest first; a row opens the customer's timeline. The URL holds
 * the filters and the open enrollment (`?status=waiting&node=w1&enrollment=…`) so the editor can
 * link here and a view can be shared.
 */
const EnrollmentsPage = () => {
  const { id } = useParams() as { id: string }
  const { t } = useTranslation("journeys")
  const format = useFormat()
  const [params, setParams] = useSearchParams()
  const [search, setSearch] = useState("")
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize: PAGE_SIZE })

  const status = params.getAll("status").flatMap((value) => value.split(",")).filter(isStatus)
  const node = params.get("node") || undefined
  const isTest = params.get("is_test") === "true"
  const enrollmentId = params.get("enrollment")
  const change = (edit: (next: URLSearchParams) => void) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        edit(next)
        return next
      },
      { replace: true }
    )

  const { data: journey } = useJourney(id)
  const { data: versions } = useJourneyVersions(id, { enabled: true })
  const { data, isLoading, error } = useJourneyEnrollments(id, {
    limit: pagination.pageSize,
    offset: pagination.pageIndex * pagination.pageSize,
    status,
    node,
    email: search.trim() || undefined,
    is_test: isTest,
  })

  // Rows may run on older versions than the live one: each is read with its own definition.
  const nodesOfVersions = useMemo(() => nodesByVersion(versions), [versions])
  // The steps to filter by: the live version's, else the newest; plus a node the URL names.
  const stepOptions = useMemo(() => {
    const shown = versions?.find((version) => version.status === "published") ?? versions?.[0]
    const nodes = shown ? readDraft(shown.definition).nodes : []
    const options = nodes.map((draftNode) => ({ value: draftNode.id, label: `${stepTitle(draftNode, t)} · ${draftNode.id}` }))
    return node && !options.some((option) => option.value === node) ? [...options, { value: node, label: node }] : options
  }, [versions, node, t])

  const columns = useMemo(
    () => [
      column.accessor("email", {
        header: t("enrollments.columns.customer"),
        cell: ({ row }) => (
          <div className="flex flex-col py-2" style={{ maxWidth: 280 }} title={row.original.email ?? undefined}>
            <Text size="small" weight="plus" leading="compact" className="truncate">
              {row.original.email ?? t("enrollments.noEmail")}
            </Text>
            {!row.original.email && row.original.customer_id && (
              <Text size="xsmall" leading="compact" className="text-ui-fg-subtle truncate">{row.original.customer_id}</Text>
            )}
          </div>
        ),
      }),
      column.accessor("status", {
        header: t("enrollments.columns.status"),
        cell: ({ row }) => (
          <div className="flex flex-col items-start gap-y-0.5 py-2">
            <EnrollmentStatusBadge status={row.original.status} />
            {row.original.exit_reason && (
              <Text size="xsmall" leading="compact" className="text-ui-fg-subtle">{exitReasonText(row.original.exit_reason, t)}</Text>
            )}
          </div>
        ),
      }),
      column.accessor("current_node", {
        header: t("enrollments.columns.step"),
        cell: ({ row }) => {
          const at = row.original.current_node
          if (!at) return <Text size="small" className="text-ui-fg-muted">—</Text>
          const name = stepName(at, nodesOfVersions.get(row.original.version.id), t)
          return (
            <div className="flex flex-col py-2">
              {name && <Text size="small" leading="compact">{name}</Text>}
              <Text size="xsmall" leading="compact" className="text-ui-fg-subtle font-mono">{at}</Text>
            </div>
          )
        },
      }),
      column.accessor("entered_at", { header: t("enrollments.columns.entered"), cell: ({ getValue }) => format.dateTime(getValue()) }),
      column.display({
        id: "next",
        header: t("enrollments.columns.next"),
        cell: ({ row }) => nextText(row.original, t, format.dateTime) ?? <Text size="small" className="text-ui-fg-muted">—</Text>,
      }),
      column.accessor("version.number", {
        header: t("enrollments.columns.version"),
        cell: ({ getValue }) => <Badge size="2xsmall">v{getValue()}</Badge>,
      }),
      column.accessor("is_test", {
        header: t("enrollments.columns.test"),
        cell: ({ getValue }) => (getValue() ? <Badge size="2xsmall" color="orange">{t("enrollments.test")}</Badge> : null),
      }),
    ],
    [t, format, nodesOfVersions]
  )

  const filters = useMemo(
    () => [
      filter.accessor("status", {
        type: "multiselect",
        label: t("enrollments.columns.status"),
        options: ENROLLMENT_STATUSES.map((value) => ({ label: t(`enrollments.status.${value}`), value })),
      }),
      filter.accessor("current_node", { type: "select", label: t("enrollments.columns.step"), options: stepOptions }),
    ],
    [t, stepOptions]
  )

  const filtering: DataTableFilteringState = {
    ...(status.length ? { status } : {}),
    ...(node ? { current_node: node } : {}),
  }
  const onFilteringChange = (next: DataTableFilteringState) =>
    change((query) => {
      query.delete("status")
      for (const value of (next.status as string[] | undefined) ?? []) query.append("status", value)
      if (typeof next.current_node === "string" && next.current_node) query.set("node", next.current_node)
      else query.delete("node")
    })

  const table = useDataTable({
    data: data?.enrollments ?? [],
    columns,
    filters,
    rowCount: data?.count ?? 0,
    getRowId: (row) => row.id,
    isLoading,
    onRowClick: (_event, row) => change((query) => query.set("enrollment", row.id)),
    search: { state: search, onSearchChange: setSearch },
    filtering: { state: filtering, onFilteringChange },
    pagination: { state: pagination, onPaginationChange: setPagination },
  })

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="divide-y p-0">
        <DataTable instance={table}>
          <DataTable.Toolbar
            className="flex flex-col items-start justify-between gap-2 px-6 py-4 md:flex-row md:items-center"
            translations={{ clearAll: t("enrollments.clearFilters") }}
          >
            <div className="flex items-center gap-x-3">
              <IconButton size="small" variant="transparent" asChild>
                <Link to={`/journeys/${id}`} aria-label={t("enrollments.back")} data-testid="enrollments-back"><ChevronLeft /></Link>
              </IconButton>
              <div>
                <Heading level="h1">{t("enrollments.title")}</Heading>
                <Text size="small" className="text-ui-fg-subtle">
                  {journey ? t("enrollments.subtitle", { name: journey.name }) : t("enrollments.subtitleLoading")}
                </Text>
              </div>
            </div>
            <div className="flex items-center gap-x-3">
              <div className="flex items-center gap-x-2">
                <Switch
                  id="enrollments-test"
                  checked={isTest}
                  onCheckedChange={(checked) => {
                    setPagination((current) => ({ ...current, pageIndex: 0 }))
                    change((query) => (checked ? query.set("is_test", "true") : query.delete("is_test")))
                  }}
                  data-testid="enrollments-test-filter"
                />
                <Label htmlFor="enrollments-test" size="small" className="whitespace-nowrap">{t("enrollments.testOnly")}</Label>
              </div>
              <DataTable.FilterMenu tooltip={t("enrollments.filter")} />
              <DataTable.Search placeholder={t("enrollments.search")} />
            </div>
          </DataTable.Toolbar>
          {error ? (
            <Text className="text-ui-fg-error px-6 py-4">{t("enrollments.loadFailed", { message: errorMessage(error) })}</Text>
          ) : (
            <DataTable.Table
              emptyState={{
                empty: isTest
                  ? { heading: t("enrollments.emptyTest.heading"), description: t("enrollments.emptyTest.description") }
                  : { heading: t("enrollments.empty.heading"), description: t("enrollments.empty.description") },
                filtered: { heading: t("enrollments.noMatch.heading"), description: t("enrollments.noMatch.description") },
              }}
            />
          )}
          <TranslatedPagination />
        </DataTable>
      </Container>
      <EnrollmentDrawer
        journeyId={id}
        enrollmentId={enrollmentId}
        nodesOf={(versionId) => nodesOfVersions.get(versionId)}
        onClose={() => change((query) => query.delete("enrollment"))}
      />
    </div>
  )
}

export default EnrollmentsPage
