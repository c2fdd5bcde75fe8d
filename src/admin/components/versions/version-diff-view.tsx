import { Badge, Heading, Text } from "@medusajs/ui"
import { useMemo, type ReactNode } from "react"
import { useTranslation } from "react-i18next"
import type { JourneyEdge } from "../../../engine"
import type { JourneyVersion } from "../../lib/api-versions"
import { readDraft, type DraftNode } from "../../lib/editor/draft"
import { diffVersions, isEmptyDiff, type FieldChange, type VersionDiff } from "../../lib/version-diff"
import { JourneyShape } from "../journey-shape"
import { useDescribe } from "./describe"
import { VersionStatusBadge } from "./version-status-badge"

type Mark = "added" | "removed" | "changed"
const MARK_COLORS: Record<Mark, "green" | "red" | "orange"> = { added: "green", removed: "red", changed: "orange" }

/** Two versions side by side, each step marked as added, removed or changed, then every change in words. */
export const VersionDiffView = ({ from, to }: { from: JourneyVersion; to: JourneyVersion }) => {
  const { t } = useTranslation("journeys")
  const diff = useMemo(() => diffVersions(from.definition, to.definition), [from, to])
  const before = useMemo(() => readDraft(from.definition), [from])
  const after = useMemo(() => readDraft(to.definition), [to])
  const changed = new Set(diff.nodes.changed.map((change) => change.id))
  const removed = new Set(diff.nodes.removed.map((node) => node.id))
  const added = new Set(diff.nodes.added.map((node) => node.id))

  return (
    <div className="flex flex-col gap-y-6" data-testid="version-diff">
      <div style={{ display: "grid", gridTemplateColumns: "minmax(0, 1fr) minmax(0, 1fr)", gap: 16 }}>
        <VersionColumn
          version={from}
          nodes={before.nodes}
          mark={(id) => (removed.has(id) ? "removed" : changed.has(id) ? "changed" : null)}
          testId="diff-from"
        />
        <VersionColumn
          version={to}
          nodes={after.nodes}
          mark={(id) => (added.has(id) ? "added" : changed.has(id) ? "changed" : null)}
          testId="diff-to"
        />
      </div>
      <section className="flex flex-col gap-y-2">
        <Heading level="h3">{t("versions.diff.changes", { from: from.number, to: to.number })}</Heading>
        {isEmptyDiff(diff) ? (
          <Text size="small" className="text-ui-fg-subtle" data-testid="diff-empty">{t("versions.diff.same")}</Text>
        ) : (
          <ChangeList diff={diff} before={before.nodes} after={after.nodes} />
        )}
      </section>
    </div>
  )
}

const VersionColumn = ({
  version,
  nodes,
  mark,
  testId,
}: {
  version: JourneyVersion
  nodes: DraftNode[]
  mark: (id: string) => Mark | null
  testId: string
}) => {
  const { t } = useTranslation("journeys")
  const describe = useDescribe()
  return (
    <div className="bg-ui-bg-subtle flex flex-col gap-y-3 rounded-lg p-4" data-testid={testId}>
      <div className="flex items-center gap-x-2">
        <Text weight="plus">{t("versions.number", { number: version.number })}</Text>
        <VersionStatusBadge status={version.status} />
      </div>
      <div className="bg-ui-bg-base rounded-md p-2">
        <JourneyShape definition={version.definition} height={160} />
      </div>
      <ul className="flex flex-col gap-y-1">
        {nodes.map((node) => {
          const marked = mark(node.id)
          return (
            <li key={node.id} className="flex items-center justify-between gap-x-2" data-mark={marked ?? "same"}>
              <Text size="small" className={marked ? undefined : "text-ui-fg-subtle"}>{describe.node(node, node.id)}</Text>
              {marked && <Badge size="2xsmall" color={MARK_COLORS[marked]}>{t(`versions.diff.mark.${marked}`)}</Badge>}
            </li>
          )
        })}
      </ul>
    </div>
  )
}

/** "Added: Send email (send_3)", "Changed: Wait (wait_1)" with "Duration: 1 day → 2 days" under it, and so on. */
const ChangeList = ({ diff, before, after }: { diff: VersionDiff; before: DraftNode[]; after: DraftNode[] }) => {
  const { t } = useTranslation("journeys")
  const describe = useDescribe()
  const step = (nodes: DraftNode[], id: string | undefined) =>
    id === undefined ? "—" : describe.node(nodes.find((node) => node.id === id), id)
  const edge = (nodes: DraftNode[], { from, port, to }: JourneyEdge) =>
    port === "next"
      ? t("versions.diff.link", { from: step(nodes, from), to: step(nodes, to) })
      : t("versions.diff.linkByPort", { from: step(nodes, from), to: step(nodes, to), port })
  return (
    <ul className="flex flex-col gap-y-2">
      {diff.entry && (
        <Line testId="diff-entry">
          {t("versions.diff.entry", { from: step(before, diff.entry.before), to: step(after, diff.entry.after) })}
        </Line>
      )}
      {diff.trigger.length > 0 && (
        <Line testId="diff-trigger" fields={diff.trigger}>{t("versions.diff.trigger")}</Line>
      )}
      {diff.settings.length > 0 && (
        <Line testId="diff-settings" fields={diff.settings}>{t("versions.diff.settings")}</Line>
      )}
      {diff.nodes.added.map((node) => (
        <Line key={`added-${node.id}`} testId={`diff-added-${node.id}`}>
          {t("versions.diff.added", { step: describe.node(node, node.id) })}
        </Line>
      ))}
      {diff.nodes.removed.map((node) => (
        <Line key={`removed-${node.id}`} testId={`diff-removed-${node.id}`}>
          {t("versions.diff.removed", { step: describe.node(node, node.id) })}
        </Line>
      ))}
      {diff.nodes.changed.map((change) => (
        <Line key={`changed-${change.id}`} testId={`diff-changed-${change.id}`} fields={change.fields}>
          {t("versions.diff.changed", { step: describe.node(change.after, change.id) })}
        </Line>
      ))}
      {diff.edges.added.map((added, index) => (
        <Line key={`edge-added-${index}`} testId={`diff-edge-added-${index}`}>
          {t("versions.diff.linkAdded", { link: edge(after, added) })}
        </Line>
      ))}
      {diff.edges.removed.map((removed, index) => (
        <Line key={`edge-removed-${index}`} testId={`diff-edge-removed-${index}`}>
          {t("versions.diff.linkRemoved", { link: edge(before, removed) })}
        </Line>
      ))}
    </ul>
  )
}

const Line = ({ testId, fields, children }: { testId: string; fields?: FieldChange[]; children: ReactNode }) => {
  const { t } = useTranslation("journeys")
  const describe = useDescribe()
  return (
    <li data-testid={testId}>
      <Text size="small">{children}</Text>
      {fields && (
        <ul className="flex flex-col gap-y-0.5 pl-4">
          {fields.map((change) => (
            <li key={change.field}>
              <Text size="small" className="text-ui-fg-subtle">
                {t("versions.diff.field", {
                  field: describe.field(change.field),
                  before: describe.value(change.field, change.before),
                  after: describe.value(change.field, change.after),
                })}
              </Text>
            </li>
          ))}
        </ul>
      )}
    </li>
  )
}
