import { RadioGroup } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import type { RetireMode } from "../../lib/api-versions"

/**
 * Drain or stop, each explained for what is being done: publishing a new version (the customers
 * inside the current one) or stopping the journey (everyone inside it).
 */
export const RetireModeChoice = ({
  value,
  onChange,
  when,
}: {
  value: RetireMode
  onChange: (mode: RetireMode) => void
  when: "publish" | "stop"
}) => {
  const { t } = useTranslation("journeys")
  const descriptions =
    when === "publish"
      ? { drain: t("versions.mode.drainOnPublish"), stop: t("versions.mode.stopOnPublish") }
      : { drain: t("versions.mode.drainOnStop"), stop: t("versions.mode.stopOnStop") }
  return (
    <RadioGroup value={value} onValueChange={(mode) => onChange(mode as RetireMode)} data-testid={`${when}-mode`}>
      <RadioGroup.ChoiceBox
        value="drain"
        label={t("versions.mode.drain")}
        description={descriptions.drain}
        data-testid={`${when}-mode-drain`}
      />
      <RadioGroup.ChoiceBox
        value="stop"
        label={t("versions.mode.stop")}
        description={descriptions.stop}
        data-testid={`${when}-mode-stop`}
      />
    </RadioGroup>
  )
}
