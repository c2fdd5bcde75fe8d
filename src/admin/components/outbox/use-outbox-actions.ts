import { toast, usePrompt } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { errorMessage } from "../../lib/api"
import { useOutboxAction, type OutboxAction } from "../../lib/api-outbox"

/** Which action a row allows: retry a failed one, cancel a queued one (the server has the last word: 409). */
export const allowedActions = (status: string): OutboxAction["action"][] =>
  status === "failed" ? ["retry"] : status === "queued" ? ["cancel"] : []

/** Retry or cancel after a confirmation; a toast says what happened, or the server's reason for refusing. */
export function useConfirmedOutboxAction() {
  const { t } = useTranslation("journeys")
  const prompt = usePrompt()
  const mutation = useOutboxAction()
  const run = async (target: OutboxAction) => {
    const effect = target.kind === "effect"
    const retry = target.action === "retry"
    const confirmed = await prompt({
      title: t(retry ? (effect ? "outbox.retry.titleEffect" : "outbox.retry.title") : effect ? "outbox.cancel.titleEffect" : "outbox.cancel.title"),
      description: t(
        retry
          ? effect ? "outbox.retry.descriptionEffect" : "outbox.retry.description"
          : effect ? "outbox.cancel.descriptionEffect" : "outbox.cancel.description"
      ),
      confirmText: t(retry ? "outbox.retry.confirm" : "outbox.cancel.confirm"),
      cancelText: retry ? t("actions.cancel") : t("outbox.cancel.keep"),
      variant: retry ? "confirmation" : "danger",
    })
    if (!confirmed) return
    mutation.mutate(target, {
      onSuccess: () => toast.success(t(retry ? "outbox.retry.done" : "outbox.cancel.done")),
      // 409: its status changed meanwhile (a worker claimed it, another admin acted); the server says which.
      onError: (e) => toast.error(t(retry ? "outbox.retry.refused" : "outbox.cancel.refused"), { description: errorMessage(e) }),
    })
  }
  return { run, isPending: mutation.isPending }
}
