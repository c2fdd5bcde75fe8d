import { Alert, Button, Prompt, Tooltip, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useTranslation } from "react-i18next"
import { errorMessage, type JourneySummary } from "../../lib/api"
import { usePauseJourney, useResumeJourney, useStopJourney, type RetireMode } from "../../lib/api-versions"
import { RetireModeChoice } from "./retire-mode-choice"

/**
 * Pause, resume and stop, as the journey's status allows: a live journey pauses, a paused one
 * resumes, both stop (asking drain or stop). Drafts and stopped journeys have nothing to run.
 * Refusals (409: the journey changed status meanwhile) show the server's message.
 */
export const LifecycleActions = ({ journey }: { journey: Pick<JourneySummary, "id" | "status"> }) => {
  const { t } = useTranslation("journeys")
  const pause = usePauseJourney(journey.id)
  const resume = useResumeJourney(journey.id)
  const [stopping, setStopping] = useState(false)

  if (journey.status !== "live" && journey.status !== "paused") return null
  const refused = (title: string) => (error: Error) => toast.error(title, { description: errorMessage(error) })

  return (
    <>
      {journey.status === "live" ? (
        <Tooltip content={t("versions.lifecycle.pauseHint")}>
          <Button
            size="small"
            variant="secondary"
            isLoading={pause.isPending}
            onClick={() =>
              pause.mutate(undefined, {
                onSuccess: () => toast.success(t("versions.lifecycle.paused")),
                onError: refused(t("versions.lifecycle.pauseFailed")),
              })
            }
            data-testid="lifecycle-pause"
          >
            {t("versions.lifecycle.pause")}
          </Button>
        </Tooltip>
      ) : (
        <Tooltip content={t("versions.lifecycle.resumeHint")}>
          <Button
            size="small"
            variant="secondary"
            isLoading={resume.isPending}
            onClick={() =>
              resume.mutate(undefined, {
                onSuccess: () => toast.success(t("versions.lifecycle.resumed")),
                onError: refused(t("versions.lifecycle.resumeFailed")),
              })
            }
            data-testid="lifecycle-resume"
          >
            {t("versions.lifecycle.resume")}
          </Button>
        </Tooltip>
      )}
      <Button size="small" variant="secondary" onClick={() => setStopping(true)} data-testid="lifecycle-stop">
        {t("versions.lifecycle.stop")}
      </Button>
      <StopDialog journeyId={journey.id} open={stopping} onOpenChange={setStopping} />
    </>
  )
}

const StopDialog = ({ journeyId, open, onOpenChange }: { journeyId: string; open: boolean; onOpenChange: (open: boolean) => void }) => {
  const { t } = useTranslation("journeys")
  const stop = useStopJourney(journeyId)
  const [mode, setMode] = useState<RetireMode>("drain")
  const [refusal, setRefusal] = useState<string | null>(null)

  useEffect(() => {
    if (!open) return
    setMode("drain")
    setRefusal(null)
  }, [open])

  const confirm = () =>
    stop.mutate(mode, {
      onSuccess: () => {
        onOpenChange(false)
        toast.success(mode === "drain" ? t("versions.lifecycle.stoppedDrain") : t("versions.lifecycle.stoppedStop"))
      },
      onError: (error) => setRefusal(errorMessage(error)),
    })

  return (
    <Prompt open={open} onOpenChange={onOpenChange}>
      <Prompt.Content data-testid="stop-dialog">
        <Prompt.Header>
          <Prompt.Title>{t("versions.lifecycle.stopTitle")}</Prompt.Title>
          <Prompt.Description>{t("versions.lifecycle.stopDescription")}</Prompt.Description>
        </Prompt.Header>
        <div className="flex flex-col gap-y-4 px-6 pt-4">
          <RetireModeChoice when="stop" value={mode} onChange={setMode} />
          {refusal && (
            <Alert variant="error" data-testid="stop-error">
              {t("versions.lifecycle.stopFailed", { message: refusal })}
            </Alert>
          )}
        </div>
        <Prompt.Footer>
          <Prompt.Cancel data-testid="stop-cancel">{t("actions.cancel")}</Prompt.Cancel>
          <Button size="small" variant="danger" isLoading={stop.isPending} onClick={confirm} data-testid="stop-confirm">
            {t("versions.lifecycle.stopConfirm")}
          </Button>
        </Prompt.Footer>
      </Prompt.Content>
    </Prompt>
  )
}
