/** A customer group chosen by name (the segment field `customer.groups`), from Medusa's own groups. */
import { Hint, Select } from "@medusajs/ui"
import { useTranslation } from "react-i18next"
import { errorMessage } from "../../lib/api"
import { useCustomerGroups } from "../editor/panels/customer-groups"

export const CustomerGroupPicker = ({ id, value, onChange }: { id: string; value: string | undefined; onChange: (groupId: string) => void }) => {
  const { t } = useTranslation("journeys")
  const { data: groups = [], error, isLoading } = useCustomerGroups()
  // A group deleted since, or beyond the listed ones, still shows as chosen.
  const unlisted = value && !isLoading && !groups.some((group) => group.id === value) ? value : undefined
  return (
    <div className="flex flex-col gap-y-1">
      <Select size="small" value={value ?? ""} onValueChange={onChange}>
        <Select.Trigger id={id} data-testid="field-customer-group">
          <Select.Value placeholder={t("segments.groupPicker.choose")} />
        </Select.Trigger>
        <Select.Content>
          {groups.map((group) => (
            <Select.Item key={group.id} value={group.id} data-testid={`customer-group-option-${group.id}`}>{group.name ?? group.id}</Select.Item>
          ))}
          {unlisted && <Select.Item value={unlisted}>{t("segments.groupPicker.unknown", { id: unlisted })}</Select.Item>}
        </Select.Content>
      </Select>
      {error && <Hint variant="error">{t("segments.groupPicker.loadFailed", { message: errorMessage(error) })}</Hint>}
      {!isLoading && !error && groups.length === 0 && <Hint>{t("segments.groupPicker.none")}</Hint>}
    </div>
  )
}
