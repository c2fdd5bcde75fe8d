import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { notFound } from "./errors"

const CUSTOMER_FIELDS = [
  "id", "email", "first_name", "last_name", "phone", "company_name", "has_account", "metadata",
  "created_at", "addresses.*",
]
const TOTALS = ["total", "subtotal", "item_total", "tax_total", "shipping_total", "discount_total"]
const ITEM_FIELDS = [
  "id", "title", "subtitle", "thumbnail", "quantity", "unit_price", "total", "subtotal", "product_id",
  "product_title", "product_handle", "variant_id", "variant_title", "variant_sku",
].map((field) => `items.${field}`)
const CART_FIELDS = [
  "id", "email", "currency_code", "customer_id", "region_id", "metadata", "created_at", "updated_at",
  "completed_at", ...TOTALS, ...ITEM_FIELDS, "shipping_address.*",
]
const ORDER_FIELDS = [
  "id", "display_id", "email", "status", "currency_code", "customer_id", "region_id", "metadata",
  "created_at", ...TOTALS, ...ITEM_FIELDS, "shipping_address.*",
]

export type MessageContextIds = { customer_id?: string; cart_id?: string; order_id?: string }

/**
 * The Liquid context of a message from real store data: `customer` (with addresses), `cart` and
 * `order` (with items and totals). The customer defaults to the cart's or order's. Values are
 * plain JSON (totals as numbers, dates as ISO strings), the shape an enrollment stores.
 * A missing id that was asked for is a 404.
 */
export async function loadMessageContext(container: MedusaContainer, ids: MessageContextIds) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const one = async (entity: string, fields: string[], id: string) => {
    const { data } = await query.graph({ entity, fields, filters: { id } })
    return data[0] as Record<string, unknown> | undefined
  }
  const load = async (entity: string, what: string, fields: string[], id?: string) => {
    if (!id) return undefined
    const found = await one(entity, fields, id)
    if (!found) throw notFound(what, id)
    return found
  }
  const cart = await load("cart", "Cart", CART_FIELDS, ids.cart_id)
  const order = await load("order", "Order", ORDER_FIELDS, ids.order_id)
  const ownerId = (order?.customer_id ?? cart?.customer_id) as string | undefined
  const customer = ids.customer_id
    ? await load("customer", "Customer", CUSTOMER_FIELDS, ids.customer_id)
    : ownerId
      ? await one("customer", CUSTOMER_FIELDS, ownerId)
      : undefined
  return JSON.parse(JSON.stringify({ customer, cart, order })) as Record<string, unknown>
}

/**
 * `cart` and `customer` roots for many carts at once (two queries): what an abandoned-cart
 * entry sees. Carts that no longer exist are absent from the map.
 */
export async function loadCartContexts(container: MedusaContainer, cartIds: string[]) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const contexts = new Map<string, { cart: Record<string, unknown>; customer?: Record<string, unknown> }>()
  if (!cartIds.length) return contexts
  const { data: carts } = await query.graph({ entity: "cart", fields: CART_FIELDS, filters: { id: cartIds } })
  const customerIds = [...new Set(carts.map((cart) => cart.customer_id).filter((id): id is string => !!id))]
  const { data: customers } = customerIds.length
    ? await query.graph({ entity: "customer", fields: CUSTOMER_FIELDS, filters: { id: customerIds } })
    : { data: [] }
  const byId = new Map(customers.map((customer) => [customer.id as string, customer]))
  for (const cart of carts) {
    contexts.set(cart.id, JSON.parse(JSON.stringify({ cart, customer: byId.get(cart.customer_id!) })))
  }
  return contexts
}

/** `customer` roots for many customers at once (one query); unknown ids are absent. */
export async function loadCustomerContexts(container: MedusaContainer, customerIds: string[]) {
  const contexts = new Map<string, { customer: Record<string, unknown> }>()
  if (!customerIds.length) return contexts
  const { data } = await container
    .resolve(ContainerRegistrationKeys.QUERY)
    .graph({ entity: "customer", fields: CUSTOMER_FIELDS, filters: { id: customerIds } })
  for (const customer of data) contexts.set(customer.id, JSON.parse(JSON.stringify({ customer })))
  return contexts
}
