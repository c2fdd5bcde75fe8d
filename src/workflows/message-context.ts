import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { notFound } from "./errors"

const CUSTOMER_FIELDS = [
  "id", "email", "first_name", "last_name", "phone", "company_name", "has_account", "metadata", "created_at",
] as const
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

/** What every message renders over, read when it renders (a renamed store signs the next email with its new name). */
export type StoreVariables = { store: { name: string | null } }

/** `store.name`: the store's (Medusa keeps one per installation; the first if there are several). */
export async function loadStoreVariables(container: Pick<MedusaContainer, "resolve">): Promise<StoreVariables> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "store", fields: ["name"], pagination: { take: 1 } })
  return { store: { name: (data[0]?.name as string | undefined) ?? null } }
}

/**
 * The Liquid context of a message from real store data: `customer` (with addresses), `cart` and
 * `order` (with items and totals). The customer defaults to the cart's or order's. Values are
 * plain JSON (totals as numbers, dates as ISO strings), the shape an enrollment stores.
 * A missing id that was asked for is a 404.
 */
export async function loadMessageContext(container: MedusaContainer, ids: MessageContextIds) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const load = async (entity: string, what: string, fields: string[], id?: string) => {
    if (!id) return undefined
    const { data } = await query.graph({ entity, fields, filters: { id } })
    if (!data[0]) throw notFound(what, id)
    return data[0] as Record<string, unknown>
  }
  const cart = await load("cart", "Cart", CART_FIELDS, ids.cart_id)
  const order = await load("order", "Order", ORDER_FIELDS, ids.order_id)
  const customerId = ids.customer_id ?? ((order?.customer_id ?? cart?.customer_id) as string | undefined)
  const customer = customerId ? (await loadCustomers(container, [customerId])).get(customerId) : undefined
  if (ids.customer_id && !customer) throw notFound("Customer", ids.customer_id)
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
  const byId = await loadCustomers(container, carts.map((cart) => cart.customer_id).filter((id): id is string => !!id))
  for (const cart of carts) {
    contexts.set(cart.id, JSON.parse(JSON.stringify({ cart, customer: byId.get(cart.customer_id!) })))
  }
  return contexts
}

/** `customer` roots for many customers at once (one query); unknown ids are absent. */
export async function loadCustomerContexts(container: MedusaContainer, customerIds: string[]) {
  const contexts = new Map<string, { customer: Record<string, unknown> }>()
  for (const [id, customer] of await loadCustomers(container, customerIds)) {
    contexts.set(id, JSON.parse(JSON.stringify({ customer })))
  }
  return contexts
}

/**
 * Customers with their addresses by id; unknown ids are absent. Through the Customer Module
 * rather than query.graph: the same rows, at half the CPU (query.graph's joiner costs more than
 * the query for a customer and its addresses), and a batch of events waits on this.
 */
async function loadCustomers(container: MedusaContainer, customerIds: string[]) {
  const byId = new Map<string, Record<string, unknown>>()
  const ids = [...new Set(customerIds)]
  if (!ids.length) return byId
  const customers = await container.resolve(Modules.CUSTOMER).listCustomers({ id: ids }, { relations: ["addresses"] })
  for (const customer of customers) {
    const picked: Record<string, unknown> = Object.fromEntries(CUSTOMER_FIELDS.map((field) => [field, customer[field]]))
    picked.addresses = customer.addresses
    byId.set(customer.id, picked)
  }
  return byId
}
