import { Button, Input, Label } from "@medusajs/ui"
import { useEffect, useId, useState } from "react"
import { useTranslation } from "react-i18next"
import { useOrderSearch, type PreviewIds } from "../../lib/api-templates"
import {
  ChosenRecord,
  RecordSearchBox,
  useCustomerRecords,
  useDebounced,
  type SearchState,
  type StoreRecord,
} from "../record-search"

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
  const search = useCustomerRecords()
  return (
    <RecordSearch
      {...props}
      {...search}
      testId="preview-customer"
      label={t("templates.preview.customer")}
      placeholder={t("templates.preview.customerSearch")}
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

/** A search box; the record chosen replaces it until cleared. */
const RecordSearch = ({
  testId,
  label,
  placeholder,
  chosen,
  onChoose,
  ...search
}: Picker & SearchState & { testId: string; label: string; placeholder: string }) => {
  const id = useId()
  return (
    <div className="flex flex-col gap-y-2">
      <Label size="small" weight="plus" htmlFor={id}>{label}</Label>
      {chosen ? (
        <ChosenRecord label={chosen.label} onClear={() => onChoose(null)} testId={testId} />
      ) : (
        <RecordSearchBox {...search} id={id} testId={testId} placeholder={placeholder} onPick={onChoose} />
      )}
    </div>
  )
}
