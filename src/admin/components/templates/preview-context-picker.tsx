import { XMark } from "@medusajs/icons"
import { Button, IconButton, Input, Label, Text } from "@medusajs/ui"
import { useEffect, useId, useState } from "react"
import { useTranslation } from "react-i18next"
import { errorMessage } from "../../lib/api"
import { useCustomerSearch, useOrderSearch, type PreviewIds } from "../../lib/api-templates"

type StoreRecord = { id: string; label: string }

/**
 * The store records a preview renders against: a customer and an order found by search, a cart
 * by its id (Medusa's admin has no cart search). The customer defaults to the cart's or order's.
 */
export const PreviewContextPicker = ({ onChange }: { onChange: (ids: PreviewIds) => void }) => {
  const { t } = useTranslation("journeys")
  const [customer, setCustomer] = useState<StoreRecord | null>(null)
  const [order, setOrder] = useState<StoreRecord | null>(null)
  const [cartInput, setCartInput] = useState("")
  const [cartId, setCartId] = useState("")

  useEffect(() => {
    onChange({
      ...(customer ? { customer_id: customer.id } : {}),
      ...(cartId ? { cart_id: cartId } : {}),
      ...(order ? { order_id: order.id } : {}),
    })
  }, [customer, order, cartId, onChange])

  return (
    <div className="flex flex-col gap-y-4" data-testid="preview-context">
      <CustomerPicker chosen={customer} onChoose={setCustomer} />
      <div className="flex flex-col gap-y-2">
        <Label size="small" weight="plus" htmlFor="preview-cart-id">{t("templates.preview.cart")}</Label>
        {cartId ? (
          <ChosenRecord label={cartId} onClear={() => setCartId("")} testId="preview-cart" />
        ) : (
          <form
            className="flex items-center gap-x-2"
            onSubmit={(event) => {
              event.preventDefault()
              setCartId(cartInput.trim())
            }}
          >
            <Input
              id="preview-cart-id"
              size="small"
              className="font-mono"
              placeholder="cart_01…"
              value={cartInput}
              onChange={(event) => setCartInput(event.target.value)}
              data-testid="preview-cart-id"
            />
            <Button size="small" variant="secondary" type="submit" disabled={!cartInput.trim()} data-testid="preview-cart-apply">
              {t("templates.preview.use")}
            </Button>
          </form>
        )}
      </div>
      <OrderPicker chosen={order} onChoose={setOrder} />
    </div>
  )
}

type Picker = { chosen: StoreRecord | null; onChoose: (chosen: StoreRecord | null) => void }

const CustomerPicker = (props: Picker) => {
  const { t } = useTranslation("journeys")
  const [typed, setTyped] = useState("")
  const q = useDebounced(typed, 300)
  const found = useCustomerSearch(q)
  return (
    <RecordSearch
      {...props}
      testId="preview-customer"
      label={t("templates.preview.customer")}
      placeholder={t("templates.preview.customerSearch")}
      typed={typed}
      onType={setTyped}
      searched={q}
      found={found}
      options={found.data?.map((customer) => ({
        id: customer.id,
        label:
          [[customer.first_name, customer.last_name].filter(Boolean).join(" "), customer.email].filter(Boolean).join(" · ") ||
          customer.id,
      }))}
    />
  )
}

const OrderPicker = (props: Picker) => {
  const { t } = useTranslation("journeys")
  const [typed, setTyped] = useState("")
  const q = useDebounced(typed, 300)
  const found = useOrderSearch(q)
  return (
    <RecordSearch
      {...props}
      testId="preview-order"
      label={t("templates.preview.order")}
      placeholder={t("templates.preview.orderSearch")}
      typed={typed}
      onType={setTyped}
      searched={q}
      found={found}
      options={found.data?.map((order) => ({ id: order.id, label: [`#${order.display_id}`, order.email].filter(Boolean).join(" · ") }))}
    />
  )
}

/** A search box that lists what matches under it; the record chosen replaces the box until cleared. */
const RecordSearch = ({
  testId,
  label,
  placeholder,
  chosen,
  onChoose,
  typed,
  onType,
  searched,
  found,
  options,
}: Picker & {
  testId: string
  label: string
  placeholder: string
  typed: string
  onType: (typed: string) => void
  /** What the options were searched for (`typed`, once the typing settled). */
  searched: string
  found: { isFetching: boolean; error: Error | null }
  options: StoreRecord[] | undefined
}) => {
  const { t } = useTranslation("journeys")
  const id = useId()
  return (
    <div className="flex flex-col gap-y-2">
      <Label size="small" weight="plus" htmlFor={id}>{label}</Label>
      {chosen ? (
        <ChosenRecord label={chosen.label} onClear={() => onChoose(null)} testId={testId} />
      ) : (
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
          {searched.trim() && options && (
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
                      onChoose(option)
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
      )}
    </div>
  )
}

/** The record in use, with a button to clear it and choose another. */
const ChosenRecord = ({ label, onClear, testId }: { label: string; onClear: () => void; testId: string }) => {
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

function useDebounced<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay)
    return () => clearTimeout(timer)
  }, [value, delay])
  return settled
}
