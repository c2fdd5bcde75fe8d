import { Container, Heading, StatusBadge, Table, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { JobSummary, PluginStatus } from "../lib/api"
import { useFormat } from "../lib/format"

/** "sent 3 · failed 1": the non-zero counts of a run's outcome, nested ones under their part's name. */
function outcomeCounts(outcome: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(outcome).flatMap(([key, value]) => {
    if (value && typeof value === "object") return outcomeCounts(value as Record<string, unknown>, `${prefix}${key}.`)
    return typeof value === "number" && value !== 0 ? [`${prefix}${key} ${value}`] : []
  })
}

/**
 * What an operator of several workers watches (GET /admin/journeys/status): each scheduled job's
 * last run and its last hour, the workers running jobs, and the work due that is not done yet.
 */
export const OperationsStatus = ({ status }: { status: PluginStatus }) => {
  const { t } = useTranslation("journeys")
  const format = useFormat()
  const { backlog } = status

  const result = ({ last_run }: JobSummary) => {
    if (!last_run) return "—"
    if (last_run.error) return <Text size="small" className="text-ui-fg-error">{last_run.error}</Text>
    if (!last_run.finished_at) return <StatusBadge color="orange">{t("operations.jobs.unfinished")}</StatusBadge>
    const counts = outcomeCounts(last_run.outcome ?? {})
    return counts.length ? <span className="font-mono">{counts.join(" · ")}</span> : t("operations.jobs.nothingDone")
  }

  const figures: [string, string][] = [
    ["operations.backlog.enrollmentsDue", format.number(backlog.enrollments.due)],
    ["operations.backlog.sweepLag", t("operations.backlog.seconds", { count: backlog.enrollments.sweep_lag_seconds })],
    ["operations.backlog.messagesDue", format.number(backlog.messages.due)],
    ["operations.backlog.messagesSending", format.number(backlog.messages.sending)],
    ["operations.backlog.messagesFailed", format.number(backlog.messages.failed_last_24h)],
    ["operations.backlog.effectsDue", format.number(backlog.effects.due)],
    ["operations.backlog.segmentReads", format.number(backlog.segment_reads.running)],
  ]

  return (
    <Container className="divide-y p-0" data-testid="journeys-operations">
      <div className="px-6 py-4">
        <Heading level="h2">{t("operations.jobs.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">{t("operations.jobs.subtitle")}</Text>
      </div>
      <Table data-testid="journeys-jobs">
        <Table.Header>
          <Table.Row>
            {(["job", "lastRun", "duration", "worker", "result", "lastHour"] as const).map((column) => (
              <Table.HeaderCell key={column}>{t(`operations.jobs.columns.${column}`)}</Table.HeaderCell>
            ))}
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {Object.entries(status.jobs).map(([name, job]) => (
            <Table.Row key={name} data-testid={`job-${name}`}>
              <Table.Cell title={name}>{t(`operations.jobs.names.${name}`, { defaultValue: name })}</Table.Cell>
              <Table.Cell>{job.last_run ? format.dateTime(job.last_run.started_at) : t("operations.jobs.never")}</Table.Cell>
              <Table.Cell>{job.last_run?.duration_ms == null ? "—" : `${format.number(job.last_run.duration_ms)} ms`}</Table.Cell>
              <Table.Cell className="font-mono">{job.last_run?.worker ?? "—"}</Table.Cell>
              <Table.Cell>{result(job)}</Table.Cell>
              <Table.Cell className={job.failed_last_hour ? "text-ui-fg-error" : undefined}>
                {t("operations.jobs.runs", { runs: format.number(job.runs_last_hour), failed: format.number(job.failed_last_hour) })}
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
      <div className="px-6 py-4" data-testid="journeys-workers">
        <Heading level="h2">{t("operations.workers.title")}</Heading>
        {status.workers.length ? (
          <Text size="small">{t("operations.workers.seen", { workers: status.workers.map(({ worker }) => worker).join(", ") })}</Text>
        ) : (
          <Text size="small" className="text-ui-fg-error">{t("operations.workers.none")}</Text>
        )}
      </div>
      <div className="px-6 py-4">
        <Heading level="h2">{t("operations.backlog.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">{t("operations.backlog.subtitle")}</Text>
        <div className="mt-4 flex flex-wrap" style={{ gap: "1rem 2.5rem" }} data-testid="journeys-backlog">
          {figures.map(([label, value]) => (
            <div key={label}>
              <Text size="small" className="text-ui-fg-subtle">{t(label)}</Text>
              <Heading level="h3">{value}</Heading>
            </div>
          ))}
        </div>
      </div>
    </Container>
  )
}
