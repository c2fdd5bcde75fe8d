import { Alert, Button, FocusModal, Heading, Prompt, Select, Table, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useTranslation } from "react-i18next"
import { errorMessage } from "../../lib/api"
import { useJourneyVersions, useRevertVersion, type JourneyVersion } from "../../lib/api-versions"
import { useFormat } from "../../lib/format"
import { VersionDiffView } from "./version-diff-view"
import { VersionStatusBadge } from "./version-status-badge"

type Props = {
  journeyId: string
  open: boolean
  onOpenChange: (open: boolean) => void
  /** The draft as the revert left it: the chosen version's definition, to open in the editor. */
  onReverted: (definition: unknown) => void
}

/**
 * Every version of the journey, two of them compared side by side, and a revert that copies a
 * version into the draft (replacing it) to be published again.
 */
export const VersionHistory = ({ journeyId, open, onOpenChange, onReverted }: Props) => {
  const { t } = useTranslation("journeys")
  const format = useFormat()
  const { data: versions, error, isLoading } = useJourneyVersions(journeyId, { enabled: open })
  const revert = useRevertVersion(journeyId)
  const [compared, setCompared] = useState<{ from: string; to: string } | null>(null)
  const [reverting, setReverting] = useState<JourneyVersion | null>(null)

  // Compare the live version with the draft when both exist, else the two newest.
  useEffect(() => {
    if (!open || !versions || versions.length < 2) return setCompared(null)
    const draft = versions.find((version) => version.status === "draft")
    const live = versions.find((version) => version.status === "published")
    setCompared(draft && live ? { from: live.id, to: draft.id } : { from: versions[1].id, to: versions[0].id })
  }, [open, versions])

  const byId = (id: string | undefined) => versions?.find((version) => version.id === id)
  const from = byId(compared?.from)
  const to = byId(compared?.to)

  const confirmRevert = (version: JourneyVersion) =>
    revert.mutate(version.id, {
      onSuccess: (journey) => {
        setReverting(null)
        toast.success(t("versions.history.reverted", { number: version.number }))
        onReverted(journey.draft?.definition ?? version.definition)
        onOpenChange(false)
      },
      onError: (e) => {
        setReverting(null)
        toast.error(t("versions.history.revertFailed"), { description: errorMessage(e) })
      },
    })

  return (
    <FocusModal open={open} onOpenChange={onOpenChange}>
      <FocusModal.Content data-testid="version-history">
        <FocusModal.Header>
          <FocusModal.Title>{t("versions.history.title")}</FocusModal.Title>
        </FocusModal.Header>
        <FocusModal.Body className="overflow-y-auto p-6">
          <div className="mx-auto flex max-w-6xl flex-col gap-y-8">
            <FocusModal.Description className="text-ui-fg-subtle txt-small">{t("versions.history.description")}</FocusModal.Description>
            {error && <Alert variant="error">{t("versions.history.loadFailed", { message: errorMessage(error) })}</Alert>}
            {isLoading && <Text size="small">{t("versions.history.loading")}</Text>}
            {versions && (
              <Table data-testid="version-list">
                <Table.Header>
                  <Table.Row>
                    <Table.HeaderCell>{t("versions.history.version")}</Table.HeaderCell>
                    <Table.HeaderCell>{t("versions.history.status")}</Table.HeaderCell>
                    <Table.HeaderCell>{t("versions.history.published")}</Table.HeaderCell>
                    <Table.HeaderCell>{t("versions.history.ended")}</Table.HeaderCell>
                    <Table.HeaderCell />
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {versions.map((version) => (
                    <Table.Row key={version.id} data-testid={`version-row-${version.number}`} data-status={version.status}>
                      <Table.Cell>{t("versions.number", { number: version.number })}</Table.Cell>
                      <Table.Cell data-testid={`version-status-${version.number}`}>
                        <VersionStatusBadge status={version.status} />
                      </Table.Cell>
                      <Table.Cell>{format.dateTime(version.published_at)}</Table.Cell>
                      <Table.Cell>{format.dateTime(version.ended_at)}</Table.Cell>
                      <Table.Cell className="text-right">
                        {version.status !== "draft" && (
                          <Button
                            size="small"
                            variant="secondary"
                            onClick={() => setReverting(version)}
                            data-testid={`version-revert-${version.number}`}
                          >
                            {t("versions.history.revert")}
                          </Button>
                        )}
                      </Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            )}
            {versions && versions.length < 2 && (
              <Text size="small" className="text-ui-fg-subtle" data-testid="compare-unavailable">{t("versions.history.onlyOne")}</Text>
            )}
            {versions && compared && (
              <section className="flex flex-col gap-y-4">
                <div className="flex flex-wrap items-center gap-3">
                  <Heading level="h3">{t("versions.history.compare")}</Heading>
                  <VersionSelect
                    versions={versions}
                    value={compared.from}
                    onChange={(id) => setCompared({ ...compared, from: id })}
                    testId="compare-from"
                  />
                  <Text size="small">{t("versions.history.with")}</Text>
                  <VersionSelect
                    versions={versions}
                    value={compared.to}
                    onChange={(id) => setCompared({ ...compared, to: id })}
                    testId="compare-to"
                  />
                </div>
                {from && to && from.id !== to.id ? (
                  <VersionDiffView from={from} to={to} />
                ) : (
                  <Text size="small" className="text-ui-fg-subtle">{t("versions.history.pickTwo")}</Text>
                )}
              </section>
            )}
          </div>
        </FocusModal.Body>
        <Prompt open={reverting !== null} onOpenChange={(next) => !next && setReverting(null)}>
          <Prompt.Content data-testid="revert-dialog">
            <Prompt.Header>
              <Prompt.Title>{t("versions.history.revertTitle", { number: reverting?.number })}</Prompt.Title>
              <Prompt.Description>{t("versions.history.revertDescription", { number: reverting?.number })}</Prompt.Description>
            </Prompt.Header>
            <Prompt.Footer>
              <Prompt.Cancel data-testid="revert-cancel">{t("actions.cancel")}</Prompt.Cancel>
              <Button
                size="small"
                variant="danger"
                isLoading={revert.isPending}
                onClick={() => reverting && confirmRevert(reverting)}
                data-testid="revert-confirm"
              >
                {t("versions.history.revertConfirm")}
              </Button>
            </Prompt.Footer>
          </Prompt.Content>
        </Prompt>
      </FocusModal.Content>
    </FocusModal>
  )
}

const VersionSelect = ({
  versions,
  value,
  onChange,
  testId,
}: {
  versions: JourneyVersion[]
  value: string
  onChange: (id: string) => void
  testId: string
}) => {
  const { t } = useTranslation("journeys")
  return (
    <Select size="small" value={value} onValueChange={onChange}>
      <Select.Trigger className="w-[220px]" data-testid={testId}>
        <Select.Value />
      </Select.Trigger>
      <Select.Content>
        {versions.map((version) => (
          <Select.Item key={version.id} value={version.id} data-testid={`${testId}-option-${version.number}`}>
            {t("versions.history.option", { number: version.number, status: t(`versions.status.${version.status}`) })}
          </Select.Item>
        ))}
      </Select.Content>
    </Select>
  )
}
