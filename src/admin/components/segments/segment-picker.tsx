/** The segment a journey's segment trigger starts on, chosen by name, with a link to open it. */
import { ArrowUpRightOnBox } from "@medusajs/icons"
import { Button, Hint, Select } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { Link } from "react-router-dom"
import { errorMessage } from "../../lib/api"
import { useSegments } from "../../lib/api-segments"

/** Segments offered, by last edit: a store has a handful, not thousands. */
const LISTED = 100

export const SegmentPicker = ({
  id,
  value,
  onChange,
  size = "base",
}: {
  id: string
  value: string | undefined
  onChange: (segmentId: string) => void
  /** Small inside a rule's condition. */
  size?: "small" | "base"
}) => {
  const { t } = useTranslation("journeys")
  const { data, error, isLoading } = useSegments({ limit: LISTED, offset: 0 })
  const segments = data?.segments ?? []
  // A segment deleted since, or beyond the first page, still shows as chosen.
  const unlisted = value && !isLoading && !segments.some((segment) => segment.id === value) ? value : undefined

  return (
    <div className="flex flex-col gap-y-2">
      <Select size={size} value={value ?? ""} onValueChange={onChange}>
        <Select.Trigger id={id} data-testid="field-segment-id">
          <Select.Value placeholder={t("segments.picker.choose")} />
        </Select.Trigger>
        <Select.Content>
          {segments.map((segment) => (
            <Select.Item key={segment.id} value={segment.id} data-testid={`segment-option-${segment.id}`}>{segment.name}</Select.Item>
          ))}
          {unlisted && <Select.Item value={unlisted}>{t("segments.picker.unknown", { id: unlisted })}</Select.Item>}
        </Select.Content>
      </Select>
      {value && !unlisted && (
        <div>
          <Button size="small" variant="transparent" asChild>
            {/* Another tab: the journey's unsaved edits stay where they are. */}
            <Link to={`/journeys/segments/${value}`} target="_blank" data-testid="open-segment">
              <ArrowUpRightOnBox />
              {t("segments.picker.open")}
            </Link>
          </Button>
        </div>
      )}
      {error && <Hint variant="error">{t("segments.picker.loadFailed", { message: errorMessage(error) })}</Hint>}
      {data && segments.length === 0 && (
        <Hint>
          {t("segments.picker.none")}{" "}
          <Link to="/journeys/segments/new" target="_blank" className="text-ui-fg-interactive">{t("segments.picker.create")}</Link>
        </Hint>
      )}
    </div>
  )
}
