import { usePrompt } from "@medusajs/ui"
import { useEffect } from "react"
import { useTranslation } from "react-i18next"
import { useBlocker } from "react-router-dom"

/**
 * Leaving a page with unsaved changes: the dashboard's own navigation asks first (`description`
 * says what would be lost), the browser's (reload, closing the tab) warns.
 */
export function useLeaveGuard(unsaved: boolean, description: string) {
  const { t } = useTranslation("journeys")
  const prompt = usePrompt()
  const blocker = useBlocker(({ currentLocation, nextLocation }) => unsaved && currentLocation.pathname !== nextLocation.pathname)
  useEffect(() => {
    if (blocker.state !== "blocked") return
    void prompt({
      title: t("leave.title"),
      description,
      confirmText: t("leave.confirm"),
      cancelText: t("leave.stay"),
    }).then((leave) => (leave ? blocker.proceed() : blocker.reset()))
  }, [blocker, prompt, t, description])
  useEffect(() => {
    if (!unsaved) return
    const warn = (event: BeforeUnloadEvent) => event.preventDefault()
    window.addEventListener("beforeunload", warn)
    return () => window.removeEventListener("beforeunload", warn)
  }, [unsaved])
}
