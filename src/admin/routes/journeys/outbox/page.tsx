import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ChevronLeft } from "@medusajs/icons"
import {
  Badge,
  Container,
  createDataTableColumnHelper,
  createDataTableFilterHelper,
  DataTable,
  Heading,
  IconButton,
  Tabs,
  Text,
  useDataTable,
  type DataTableFilteringState,
  type DataTablePaginationState,
} from "@medusajs/ui"
import { useMemo, useState, type ReactNode } from "react"
import { useTranslation } from "react-i18next"
import { Link, useSearchParams } from "react-router-dom"
import { errorMessage, useJourneys } from "../../../lib/api"
import {
  CHANNELS,
  EFFECT_STATUSES,
  MESSAGE_STATUSES,
  useOutboxEffects,
  useOutboxMessages,
  type EffectStatus,
  type MessageStatus,
  type OutboxEffect,
  type OutboxMessage,
} from "../../../lib/api-outbox"
import { useFormat } from "../../../lib/format"
import { TranslatedPagination } from "../../../components/pagination"
import { OutboxDrawer } from "../../../components/outbox/outbox-drawer"
import { OutboxStatusBadge } from "../../../components/outbox/outbox-status-badge"
import { allowedActions, useConfirmedOutboxAction } from "../../../components/outbox/use-outbox-actions"
import type { Channel } from "../../../../engine"

const PAGE_SIZE = 20
const messageColumn = createDataTableColumnHelper<OutboxMessage>()
const messageFilter = createDataTableFilterHelper<OutboxMessage>()
const effectColumn = createDataTableColumnHelper<OutboxEffect>()
const effectFilter = createDataTableFilterHelper<OutboxEffect>()

type Change = (edit: (next: URLSearchParams) => void) => void

const oneOf = <T extends string>(values: readonly T[]) => (value: string): value is T => (values as readonly string[]).includes(value)

/** The journey filter's options: the journeys, newest first (the first hundred). */
function useJourneyOptions() {
  const { data } = useJourneys({ limit: 100, offset: 0 })
  return useMemo(() => (data?.journeys ?? []).map((journey) => ({ label: journey.name, value: journey.id })), [data])
}

/**
 * Everything the journeys queued: messages (email, SMS, push) and effects (customer updates,
 * webhooks), with their status, attempts and the provider's error; a row opens its details and
 * content. Failed ones can be retried, queued ones cancelled. The URL holds the tab, the filters
 * and the open row (`?tab=effects&status=failed&journey=…&open=…`) so a view can be shared.
 */
const OutboxPage = () => {
  const { t } = useTranslation("journeys")
  const [params, setParams] = useSearchParams()
  const tab = params.get("tab") === "effects" ? "effects" : "messages"
  const open = params.get("open")
  const change: Change = (edit) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        edit(next)
        return next
      },
      { replace: true }
    )

  return (
    <Container className="divide-y p-0" data-testid="outbox-page">
      <div className="flex items-center gap-x-3 px-6 py-4">
        <IconButton size="small" variant="transparent" asChild>
          <Link to="/journeys" aria-label={t("outbox.backToJourneys")}><ChevronLeft /></Link>
        </IconButton>
        <div>
          <Heading level="h1">{t("outbox.title")}</Heading>
          <Text size="small" className="text-ui-fg-subtle">{t("outbox.subtitle")}</Text>
        </div>
      </div>
      <Tabs
        value={tab}
        onValueChange={(value) =>
          change((query) => {
            for (const key of ["status", "channel", "journey", "open"]) query.delete(key)
            if (value === "effects") query.set("tab", "effects")
            else query.delete("tab")
          })
        }
      >
        <div className="px-6 py-3">
          <Tabs.List>
            <Tabs.Trigger value="messages" data-testid="outbox-tab-messages">{t("outbox.tabs.messages")}</Tabs.Trigger>
            <Tabs.Trigger value="effects" data-testid="outbox-tab-effects">{t("outbox.tabs.effects")}</Tabs.Trigger>
          </Tabs.List>
        </div>
        <Tabs.Content value="messages">{tab === "messages" && <MessagesTable params={params} change={change} />}</Tabs.Content>
        <Tabs.Content value="effects">{tab === "effects" && <EffectsTable params={params} change={change} />}</Tabs.Content>
      </Tabs>
      <OutboxDrawer
        kind={tab === "effects" ? "effect" : "message"}
        id={open}
        onClose={() => change((query) => query.delete("open"))}
      />
    </Container>
  )
}

/** When a row was queued, and under it its next attempt or when it went out or was done. */
function When({ status, queued, next, done, doneKey }: { status: string; queued: string; next: string | null; done: string | null; doneKey: string }) {
  const { t } = useTranslation("journeys")
  const format = useFormat()
  const after = status === "queued" && next ? t("outbox.nextAt", { time: format.dateTime(next) }) : done ? t(doneKey, { time: format.dateTime(done) }) : null
  return (
    <div className="flex flex-col py-2">
      <Text size="small" leading="compact">{format.dateTime(queued)}</Text>
      {after && <Text size="xsmall" leading="compact" className="text-ui-fg-subtle">{after}</Text>}
    </div>
  )
}

/** The journey and, under it, what it sent or did there (a template, or the step). */
function JourneyCell({ journey, detail }: { journey: string; detail: ReactNode }) {
  return (
    <div className="flex flex-col py-2" style={{ maxWidth: 200 }}>
      <Text size="small" leading="compact" className="truncate" title={journey}>{journey}</Text>
      <Text size="xsmall" leading="compact" className="text-ui-fg-subtle truncate">{detail}</Text>
    </div>
  )
}

/** The status, and under it the provider's error or why it was not sent. */
function StatusCell({ status, error, note }: { status: MessageStatus | EffectStatus; error: string | null; note?: string | null }) {
  const why = error ?? note
  return (
    <div className="flex flex-col items-start gap-y-0.5 py-2" style={{ maxWidth: 220 }}>
      <OutboxStatusBadge status={status} />
      {why && (
        <Text size="xsmall" leading="compact" className={`${error ? "text-ui-fg-error" : "text-ui-fg-subtle"} truncate`} style={{ maxWidth: "100%" }} title={why} data-testid="outbox-row-error">
          {why}
        </Text>
      )}
    </div>
  )
}

function useFiltering(params: URLSearchParams, change: Change, statuses: readonly string[], extra: string[]) {
  const status = params.getAll("status").flatMap((value) => value.split(",")).filter(oneOf(statuses))
  const filtering: DataTableFilteringState = {
    ...(status.length ? { status } : {}),
    ...Object.fromEntries(extra.flatMap((key) => (params.get(key) ? [[key === "journey" ? "journey_id" : key, params.get(key)!]] : []))),
  }
  const onFilteringChange = (next: DataTableFilteringState) =>
    change((query) => {
      query.delete("status")
      for (const value of (next.status as string[] | undefined) ?? []) query.append("status", value)
      for (const key of extra) {
        const value = next[key === "journey" ? "journey_id" : key]
        if (typeof value === "string" && value) query.set(key, value)
        else query.delete(key)
      }
    })
  return { status, filtering, onFilteringChange }
}

function rowActions(kind: "message" | "effect", status: string, id: string, run: ReturnType<typeof useConfirmedOutboxAction>["run"], t: (key: string) => string) {
  const actions = allowedActions(status).map((action) => ({
    label: action === "retry" ? t("outbox.actions.retry") : t(kind === "message" ? "outbox.actions.cancel" : "outbox.actions.cancelEffect"),
    onClick: () => void run({ kind, id, action }),
  }))
  return actions.length ? [actions] : []
}

const MessagesTable = ({ params, change }: { params: URLSearchParams; change: Change }) => {
  const { t } = useTranslation("journeys")
  const journeyOptions = useJourneyOptions()
  const { run } = useConfirmedOutboxAction()
  const [search, setSearch] = useState("")
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize: PAGE_SIZE })
  const { status, filtering, onFilteringChange } = useFiltering(params, change, MESSAGE_STATUSES, ["channel", "journey"])
  const channel = params.get("channel")
  const { data, isLoading, error } = useOutboxMessages({
    limit: pagination.pageSize,
    offset: pagination.pageIndex * pagination.pageSize,
    status: status as MessageStatus[],
    channel: channel && oneOf(CHANNELS)(channel) ? (channel as Channel) : undefined,
    journey_id: params.get("journey") || undefined,
    recipient: search.trim() || undefined,
  })

  const columns = useMemo(
    () => [
      messageColumn.accessor("recipient", {
        header: t("outbox.columns.recipient"),
        cell: ({ row }) => (
          <div className="flex items-center gap-x-2 py-2" style={{ maxWidth: 260 }} title={row.original.recipient}>
            <Text size="small" weight="plus" leading="compact" className="truncate">{row.original.recipient}</Text>
            {row.original.is_test && <Badge size="2xsmall" color="orange">{t("outbox.test")}</Badge>}
          </div>
        ),
      }),
      messageColumn.accessor("channel", {
        header: t("outbox.columns.channel"),
        cell: ({ getValue }) => <Badge size="2xsmall">{t(`channels.${getValue()}`)}</Badge>,
      }),
      messageColumn.accessor("journey_id", {
        header: t("outbox.columns.journey"),
        cell: ({ row }) => (
          <JourneyCell
            journey={row.original.journey?.name ?? row.original.journey_id ?? t("outbox.noJourney")}
            detail={row.original.template?.name ?? t("outbox.deletedTemplate")}
          />
        ),
      }),
      messageColumn.accessor("status", {
        header: t("outbox.columns.status"),
        cell: ({ row }) => <StatusCell status={row.original.status} error={row.original.error} note={row.original.skip_reason} />,
      }),
      messageColumn.accessor("attempts", { header: t("outbox.columns.attempts") }),
      messageColumn.accessor("queued_at", {
        header: t("outbox.columns.when"),
        cell: ({ row }) => <When status={row.original.status} queued={row.original.queued_at} next={row.original.next_attempt_at} done={row.original.sent_at} doneKey="outbox.sentAt" />,
      }),
      messageColumn.action({ actions: ({ row }) => rowActions("message", row.original.status, row.original.id, run, t) }),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t]
  )

  const filters = useMemo(
    () => [
      messageFilter.accessor("status", {
        type: "multiselect",
        label: t("outbox.columns.status"),
        options: MESSAGE_STATUSES.map((value) => ({ label: t(`outbox.status.${value}`), value })),
      }),
      messageFilter.accessor("channel", {
        type: "select",
        label: t("outbox.columns.channel"),
        options: CHANNELS.map((value) => ({ label: t(`channels.${value}`), value })),
      }),
      messageFilter.accessor("journey_id", { type: "select", label: t("outbox.columns.journey"), options: journeyOptions }),
    ],
    [t, journeyOptions]
  )

  const table = useDataTable({
    data: data?.messages ?? [],
    columns,
    filters,
    rowCount: data?.count ?? 0,
    getRowId: (row) => row.id,
    isLoading,
    onRowClick: (_event, row) => change((query) => query.set("open", row.id)),
    search: { state: search, onSearchChange: setSearch },
    filtering: { state: filtering, onFilteringChange },
    pagination: { state: pagination, onPaginationChange: setPagination },
  })

  return (
    <DataTable instance={table}>
      <DataTable.Toolbar className="flex items-center justify-end gap-2 px-6 py-4" translations={{ clearAll: t("outbox.clearFilters") }}>
        <div className="flex items-center gap-x-2">
          <DataTable.FilterMenu tooltip={t("outbox.filter")} />
          <DataTable.Search placeholder={t("outbox.search")} />
        </div>
      </DataTable.Toolbar>
      {error ? (
        <Text className="text-ui-fg-error px-6 py-4">{t("outbox.loadFailed", { message: errorMessage(error) })}</Text>
      ) : (
        <DataTable.Table
          emptyState={{
            empty: { heading: t("outbox.empty.heading"), description: t("outbox.empty.description") },
            filtered: { heading: t("outbox.noMatch.heading"), description: t("outbox.noMatch.description") },
          }}
        />
      )}
      <TranslatedPagination />
    </DataTable>
  )
}

const EffectsTable = ({ params, change }: { params: URLSearchParams; change: Change }) => {
  const { t } = useTranslation("journeys")
  const journeyOptions = useJourneyOptions()
  const { run } = useConfirmedOutboxAction()
  const [pagination, setPagination] = useState<DataTablePaginationState>({ pageIndex: 0, pageSize: PAGE_SIZE })
  const { status, filtering, onFilteringChange } = useFiltering(params, change, EFFECT_STATUSES, ["journey"])
  const { data, isLoading, error } = useOutboxEffects({
    limit: pagination.pageSize,
    offset: pagination.pageIndex * pagination.pageSize,
    status: status as EffectStatus[],
    journey_id: params.get("journey") || undefined,
  })

  const columns = useMemo(
    () => [
      effectColumn.accessor("type", {
        header: t("outbox.columns.type"),
        cell: ({ row }) => (
          <div className="flex items-center gap-x-2 py-2">
            <Text size="small" weight="plus" leading="compact">{t(`outbox.types.${row.original.type}`)}</Text>
            {row.original.is_test && <Badge size="2xsmall" color="orange">{t("outbox.test")}</Badge>}
          </div>
        ),
      }),
      effectColumn.accessor("journey_id", {
        header: t("outbox.columns.journey"),
        cell: ({ row }) => (
          <JourneyCell journey={row.original.journey?.name ?? row.original.journey_id ?? t("outbox.noJourney")} detail={<span className="font-mono">{row.original.node_id}</span>} />
        ),
      }),
      effectColumn.accessor("status", {
        header: t("outbox.columns.status"),
        cell: ({ row }) => (
          <StatusCell
            status={row.original.status}
            error={row.original.error}
            note={row.original.response_status !== null ? `HTTP ${row.original.response_status}` : null}
          />
        ),
      }),
      effectColumn.accessor("attempts", { header: t("outbox.columns.attempts") }),
      effectColumn.accessor("queued_at", {
        header: t("outbox.columns.when"),
        cell: ({ row }) => <When status={row.original.status} queued={row.original.queued_at} next={row.original.next_attempt_at} done={row.original.completed_at} doneKey="outbox.doneAt" />,
      }),
      effectColumn.action({ actions: ({ row }) => rowActions("effect", row.original.status, row.original.id, run, t) }),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t]
  )

  const filters = useMemo(
    () => [
      effectFilter.accessor("status", {
        type: "multiselect",
        label: t("outbox.columns.status"),
        options: EFFECT_STATUSES.map((value) => ({ label: t(`outbox.status.${value}`), value })),
      }),
      effectFilter.accessor("journey_id", { type: "select", label: t("outbox.columns.journey"), options: journeyOptions }),
    ],
    [t, journeyOptions]
  )

  const table = useDataTable({
    data: data?.effects ?? [],
    columns,
    filters,
    rowCount: data?.count ?? 0,
    getRowId: (row) => row.id,
    isLoading,
    onRowClick: (_event, row) => change((query) => query.set("open", row.id)),
    filtering: { state: filtering, onFilteringChange },
    pagination: { state: pagination, onPaginationChange: setPagination },
  })

  return (
    <DataTable instance={table}>
      <DataTable.Toolbar className="flex items-center justify-end gap-2 px-6 py-4" translations={{ clearAll: t("outbox.clearFilters") }}>
        <DataTable.FilterMenu tooltip={t("outbox.filter")} />
      </DataTable.Toolbar>
      {error ? (
        <Text className="text-ui-fg-error px-6 py-4">{t("outbox.loadFailed", { message: errorMessage(error) })}</Text>
      ) : (
        <DataTable.Table
          emptyState={{
            empty: { heading: t("outbox.emptyEffects.heading"), description: t("outbox.emptyEffects.description") },
            filtered: { heading: t("outbox.noMatch.heading"), description: t("outbox.noMatch.description") },
          }}
        />
      )}
      <TranslatedPagination />
    </DataTable>
  )
}

export const config = defineRouteConfig({ label: "outbox.menu", translationNs: "journeys" })

export default OutboxPage
