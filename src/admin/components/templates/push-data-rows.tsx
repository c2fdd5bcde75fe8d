import { Plus, Trash } from "@medusajs/icons"
import { Button, IconButton, Input, Text } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { dataRowProblems, type DataRow } from "./template-form"

/** Push data: key / value pairs delivered to the app with the notification, each value Liquid. */
export const PushDataRows = ({ rows, onChange }: { rows: DataRow[]; onChange: (rows: DataRow[]) => void }) => {
  const { t } = useTranslation("journeys")
  const problems = dataRowProblems(rows)
  const set = (index: number, patch: Partial<DataRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)))
  return (
    <div className="flex flex-col gap-y-2" data-testid="push-data">
      {rows.map((row, index) => (
        <div key={index} className="flex flex-col gap-y-1">
          <div className="flex items-center gap-x-2">
            <Input
              size="small"
              className="font-mono"
              placeholder={t("templates.push.key")}
              aria-label={t("templates.push.key")}
              value={row.key}
              onChange={(event) => set(index, { key: event.target.value })}
              data-testid={`push-data-key-${index}`}
            />
            <Input
              size="small"
              className="font-mono"
              placeholder={t("templates.push.value")}
              aria-label={t("templates.push.value")}
              value={row.value}
              onChange={(event) => set(index, { value: event.target.value })}
              data-testid={`push-data-value-${index}`}
            />
            <IconButton
              size="small"
              variant="transparent"
              aria-label={t("templates.push.remove")}
              onClick={() => onChange(rows.filter((_, i) => i !== index))}
              data-testid={`push-data-remove-${index}`}
            >
              <Trash />
            </IconButton>
          </div>
          {problems.has(index) && (
            <Text size="xsmall" className="text-ui-fg-error" data-testid={`push-data-problem-${index}`}>
              {problems.get(index) === "missingKey" ? t("templates.push.missingKey") : t("templates.push.duplicateKey")}
            </Text>
          )}
        </div>
      ))}
      <div>
        <Button size="small" variant="secondary" type="button" onClick={() => onChange([...rows, { key: "", value: "" }])} data-testid="push-data-add">
          <Plus />
          {t("templates.push.add")}
        </Button>
      </div>
    </div>
  )
}
