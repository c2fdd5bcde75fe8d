import { Alert, Button, Drawer, Heading, Prompt, Table, Text } from "@medusajs/ui"
import { useEffect, useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { errorMessage, type DefinitionError, type Journey } from "../../lib/api"
import { usePublishJourney, useJourneyStats, validateSavedDraft, type RetireMode } from "../../lib/api-versions"
import { readDraft } from "../../lib/editor/draft"
import { useFormat } from "../../lib/format"
import { useProblemText, type ProblemLike } from "../../lib/problem-text"
import { diffVersions } from "../../lib/version-diff"
import { useDescribe } from "./describe"
import { RetireModeChoice } from "./retire-mode-choice"

type Props = {
  journeyId: string
  open: boolean
  onOpenChange: (open: boolean) => void
  onPublished: (journey: Journey) => void
  hasLiveVersion: boolean
  /** The live version's definition; null before the first publication. */
  liveDefinition: unknown
  /** The draft as it will be published (saved first by the caller). */
  draftDefinition: unknown
}

type Refusal = { message: string; problems: (DefinitionError & ProblemLike)[] }

/**
 * Publishes the draft. The first publication is a plain confirmation; later ones ask what happens
 * to the customers inside the live version (drain or stop) and count those waiting at the steps
 * the draft removes. A refusal shows the server's message and the draft's problems.
 */
export const PublishDialog = (props: Props) => {
  const { journeyId, open, onPublished } = props
  const publish = usePublishJourney(journeyId)
  const [refusal, setRefusal] = useState<Refusal | null>(null)

  useEffect(() => {
    if (open) setRefusal(null)
  }, [open])

  const run = (mode: RetireMode | undefined) =>
    publish.mutate(mode, {
      onSuccess: onPublished,
      onError: async (error) => {
        // 409: the draft is invalid; the answer's own list of problems does not survive the js-sdk.
        const problems =
          (error as { status?: number }).status === 409
            ? await validateSavedDraft(journeyId).then(({ errors }) => errors, () => [])
            : []
        setRefusal({ message: errorMessage(error), problems })
      },
    })

  return props.hasLiveVersion ? (
    <NewVersionDrawer {...props} refusal={refusal} publishing={publish.isPending} onPublish={run} />
  ) : (
    <FirstPublication {...props} refusal={refusal} publishing={publish.isPending} onPublish={() => run(undefined)} />
  )
}

type Publishing = { refusal: Refusal | null; publishing: boolean }

const FirstPublication = ({
  open,
  onOpenChange,
  draftDefinition,
  refusal,
  publishing,
  onPublish,
}: Props & Publishing & { onPublish: () => void }) => {
  const { t } = useTranslation("journeys")
  return (
    <Prompt open={open} onOpenChange={onOpenChange} variant="confirmation">
      <Prompt.Content data-testid="publish-dialog">
        <Prompt.Header>
          <Prompt.Title>{t("versions.publish.firstTitle")}</Prompt.Title>
          <Prompt.Description>{t("versions.publish.firstDescription")}</Prompt.Description>
        </Prompt.Header>
        {refusal && (
          <div className="px-6 pt-4">
            <RefusalAlert refusal={refusal} draftDefinition={draftDefinition} />
          </div>
        )}
        <Prompt.Footer>
          <Prompt.Cancel data-testid="publish-cancel">{t("actions.cancel")}</Prompt.Cancel>
          <Button size="small" onClick={onPublish} isLoading={publishing} data-testid="publish-confirm">
            {t("versions.publish.confirm")}
          </Button>
        </Prompt.Footer>
      </Prompt.Content>
    </Prompt>
  )
}

const NewVersionDrawer = ({
  journeyId,
  open,
  onOpenChange,
  liveDefinition,
  draftDefinition,
  refusal,
  publishing,
  onPublish,
}: Props & Publishing & { onPublish: (mode: RetireMode) => void }) => {
  const { t } = useTranslation("journeys")
  const format = useFormat()
  const describe = useDescribe()
  const [mode, setMode] = useState<RetireMode>("drain")
  const stats = useJourneyStats(journeyId, { enabled: open })

  useEffect(() => {
    if (open) setMode("drain")
  }, [open])

  const removed = useMemo(() => diffVersions(liveDefinition, draftDefinition).nodes.removed, [liveDefinition, draftDefinition])
  // Customers at a step: those being moved on and those waiting there.
  const at = (id: string) => {
    const node = stats.data?.nodes[id]
    return node ? node.active + node.waiting : 0
  }
  const total = removed.reduce((sum, node) => sum + at(node.id), 0)

  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content data-testid="publish-dialog">
        <Drawer.Header>
          <Drawer.Title>{t("versions.publish.title")}</Drawer.Title>
          <Drawer.Description className="text-ui-fg-subtle txt-small">{t("versions.publish.description")}</Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
          <RetireModeChoice when="publish" value={mode} onChange={setMode} />
          {stats.data && (
            <Text size="small" className="text-ui-fg-subtle" data-testid="publish-in-progress">
              {t("versions.publish.inProgress", {
                count: stats.data.totals.in_progress,
                formatted: format.number(stats.data.totals.in_progress),
              })}
            </Text>
          )}
          <section className="flex flex-col gap-y-3" data-testid="publish-removed">
            <Heading level="h3">{t("versions.publish.removedTitle")}</Heading>
            {!removed.length ? (
              <Text size="small" className="text-ui-fg-subtle" data-testid="publish-removed-none">
                {t("versions.publish.removedNone")}
              </Text>
            ) : stats.error ? (
              <Alert variant="warning">{t("versions.publish.statsFailed", { message: errorMessage(stats.error) })}</Alert>
            ) : (
              <>
                <Table data-testid="publish-removed-nodes">
                  <Table.Header>
                    <Table.Row>
                      <Table.HeaderCell>{t("versions.publish.step")}</Table.HeaderCell>
                      <Table.HeaderCell className="text-right">{t("versions.publish.waiting")}</Table.HeaderCell>
                    </Table.Row>
                  </Table.Header>
                  <Table.Body>
                    {removed.map((node) => (
                      <Table.Row key={node.id} data-testid={`publish-removed-node-${node.id}`}>
                        <Table.Cell>{describe.node(node, node.id)}</Table.Cell>
                        <Table.Cell className="text-right" data-testid={`publish-removed-count-${node.id}`}>
                          {stats.data ? format.number(at(node.id)) : "…"}
                        </Table.Cell>
                      </Table.Row>
                    ))}
                    <Table.Row>
                      <Table.Cell className="font-medium">{t("versions.publish.total")}</Table.Cell>
                      <Table.Cell className="text-right font-medium" data-testid="publish-removed-total">
                        {stats.data ? format.number(total) : "…"}
                      </Table.Cell>
                    </Table.Row>
                  </Table.Body>
                </Table>
                {stats.data && (
                  <Text size="small" className="text-ui-fg-subtle">
                    {total === 0
                      ? t("versions.publish.removedEmpty")
                      : mode === "drain"
                        ? t("versions.publish.removedDrain")
                        : t("versions.publish.removedStop")}
                  </Text>
                )}
              </>
            )}
          </section>
          {refusal && <RefusalAlert refusal={refusal} draftDefinition={draftDefinition} />}
        </Drawer.Body>
        <Drawer.Footer>
          <Drawer.Close asChild>
            <Button size="small" variant="secondary" data-testid="publish-cancel">{t("actions.cancel")}</Button>
          </Drawer.Close>
          <Button size="small" onClick={() => onPublish(mode)} isLoading={publishing} data-testid="publish-confirm">
            {mode === "drain" ? t("versions.publish.confirmDrain") : t("versions.publish.confirmStop")}
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}

/** Why publishing was refused, with each of the draft's problems on the step it concerns. */
const RefusalAlert = ({ refusal, draftDefinition }: { refusal: Refusal; draftDefinition: unknown }) => {
  const { t } = useTranslation("journeys")
  const say = useProblemText()
  const describe = useDescribe()
  const nodes = useMemo(() => readDraft(draftDefinition).nodes, [draftDefinition])
  return (
    <Alert variant="error" data-testid="publish-error">
      <div className="flex flex-col gap-y-2">
        <Text size="small" weight="plus">{t("versions.publish.refused", { message: refusal.message })}</Text>
        {refusal.problems.length > 0 && (
          <ul className="flex list-disc flex-col gap-y-1 pl-4">
            {refusal.problems.map((problem, index) => (
              <li key={index}>
                <Text size="small">
                  {problem.node_id
                    ? t("versions.publish.problemAt", {
                        step: describe.node(nodes.find((node) => node.id === problem.node_id), problem.node_id),
                        message: say(problem),
                      })
                    : say(problem)}
                </Text>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Alert>
  )
}
