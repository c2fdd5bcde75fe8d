/** Finding a store record (a customer, an order) by typing: the template preview and test mode pick customers with it. */
import { XMark } from "@medusajs/icons"
import { IconButton, Input, Text } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useTranslation } from "react-i18next"
import { errorMessage } from "../lib/api"
import { useCustomerSearch, type CustomerOption } from "../lib/api-templates"

export type StoreRecord = { id: string; label: string }

/** "Ada Lovelace · ada@example.com", or the id of a customer with neither. */
export const customerRecord = (customer: CustomerOption): StoreRecord => ({
  id: customer.id,
  label: [[customer.first_name, customer.last_name].filter(Boolean).join(" "), customer.email].filter(Boolean).join(" · ") || customer.id,
})

/** What the merchant types, and the customers it finds once the typing settles. */
export function useCustomerRecords() {
  const [typed, setTyped] = useState("")
  const searched = useDebounced(typed, 300)
  const found = useCustomerSearch(searched)
  return { typed, onType: setTyped, searched, found, options: found.data?.map(customerRecord) }
}

export type SearchState = {
  typed: string
  onType: (typed: string) => void
  /** What the options were searched for (`typed`, once the typing settled). */
  searched: string
  found: { isFetching: boolean; error: Error | null }
  options: StoreRecord[] | undefined
}

/** A search box that lists what matches under it; picking one empties the box. */
export const RecordSearchBox = ({
  id,
  testId,
  placeholder,
  onPick,
  typed,
  onType,
  searched,
  found,
  options,
}: SearchState & { id: string; testId: string; placeholder: string; onPick: (record: StoreRecord) => void }) => {
  const { t } = useTranslation("journeys")
  return (
    <>
      <Input
        id={id}
        size="small"
        type="search"
        placeholder={placeholder}
        value={typed}
        onChange={(event) => onType(event.target.value)}
        data-testid={`${testId}-search`}
      />
      {found.error && <Text size="xsmall" className="text-ui-fg-error">{errorMessage(found.error)}</Text>}
      {/* Emptied, the box hides what the last search found (the search itself settles later). */}
      {typed.trim() && searched.trim() && options && (
        <ul className="flex flex-col" data-testid={`${testId}-options`}>
          {options.length === 0 && !found.isFetching && (
            <li><Text size="xsmall" className="text-ui-fg-subtle">{t("templates.preview.noMatch")}</Text></li>
          )}
          {options.map((option) => (
            <li key={option.id}>
              <button
                type="button"
                className="hover:bg-ui-bg-base-hover w-full rounded-md px-2 py-1 text-left"
                onClick={() => {
                  onPick(option)
                  onType("")
                }}
                data-testid={`${testId}-option-${option.id}`}
              >
                <Text as="span" size="small">{option.label}</Text>
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}

/** A record in use, with a button to clear it. */
export const ChosenRecord = ({ label, onClear, testId }: { label: string; onClear: () => void; testId: string }) => {
  const { t } = useTranslation("journeys")
  return (
    <div className="bg-ui-bg-component flex items-center justify-between gap-x-2 rounded-md px-3 py-1.5" data-testid={`${testId}-selected`}>
      <Text size="small" className="truncate">{label}</Text>
      <IconButton size="small" variant="transparent" aria-label={t("templates.preview.clear")} onClick={onClear} data-testid={`${testId}-clear`}>
        <XMark />
      </IconButton>
    </div>
  )
}

export function useDebounced<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay)
    return () => clearTimeout(timer)
  }, [value, delay])
  return settled
}
