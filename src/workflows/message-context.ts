import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, QueryContext } from "@medusajs/framework/utils"
import type { Enrichment } from "../engine"
import { resolveJourneyModule } from "../modules/journey"
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
export type StoreVariables = { store: { name: string | null; currency_code: string | null } }

/**
 * `store.name` and `store.currency_code` (its default currency, which prices enrichments): the
 * store's (Medusa keeps one per installation; the first if there are several).
 */
export async function loadStoreVariables(container: Pick<MedusaContainer, "resolve">): Promise<StoreVariables> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "store",
    fields: ["name", "supported_currencies.currency_code", "supported_currencies.is_default"],
    pagination: { take: 1 },
  })
  const currencies = (data[0]?.supported_currencies ?? []) as ({ currency_code: string; is_default: boolean } | null)[]
  return {
    store: {
      name: (data[0]?.name as string | undefined) ?? null,
      currency_code: currencies.find((currency) => currency?.is_default)?.currency_code ?? null,
    },
  }
}

/** What a send node's `enrich` adds to a message's template (see ENRICHMENTS), by root. */
export type Enrichments = { open_cart?: Record<string, unknown> | null; viewed_products?: ViewedProduct[] }
export type ViewedProduct = {
  id: string
  title: string
  description: string | null
  thumbnail: string | null
  handle: string
  /** The lowest price of its variants in the store's default currency; null when it has none there. */
  price: number | null
  currency_code: string | null
}

/** At most this many last viewed products per customer. */
const VIEWED_PRODUCTS_LIMIT = 10

const OPEN_CART_FIELDS = [
  "id", "customer_id", "currency_code", "updated_at", "total", "subtotal", "item_total",
  ...["id", "title", "product_title", "product_id", "product_handle", "variant_title", "thumbnail", "unit_price", "quantity", "total"].map(
    (field) => `items.${field}`
  ),
]

/**
 * The enrichments of a batch of messages, by customer id, set-based: one read per enrichment for
 * all the customers that need it (two for viewed products: the events, then the products). Each
 * asked enrichment is present for every customer asking for it: `open_cart` null and
 * `viewed_products` empty when there is nothing to show.
 */
export async function loadEnrichments(
  container: Pick<MedusaContainer, "resolve">,
  store: StoreVariables,
  messages: { customer_id: string | null; enrich: Enrichment[] | null }[]
): Promise<Map<string, Enrichments>> {
  const customersFor = (enrichment: Enrichment) => [
    ...new Set(messages.flatMap((m) => (m.customer_id && m.enrich?.includes(enrichment) ? [m.customer_id] : []))),
  ]
  const [carts, viewed] = await Promise.all([
    loadOpenCarts(container, customersFor("open_cart")),
    loadViewedProducts(container, store, customersFor("viewed_products")),
  ])
  const byCustomer = new Map<string, Enrichments>()
  const add = (customerId: string, enrichments: Enrichments) =>
    byCustomer.set(customerId, { ...byCustomer.get(customerId), ...enrichments })
  for (const id of customersFor("open_cart")) add(id, { open_cart: carts.get(id) ?? null })
  for (const id of customersFor("viewed_products")) add(id, { viewed_products: viewed.get(id) ?? [] })
  return byCustomer
}

/** The most recently updated open cart (neither completed nor deleted) with items of each customer. */
async function loadOpenCarts(container: Pick<MedusaContainer, "resolve">, customerIds: string[]) {
  const carts = new Map<string, Record<string, unknown>>()
  if (!customerIds.length) return carts
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "cart",
    fields: OPEN_CART_FIELDS,
    filters: { customer_id: customerIds, completed_at: null },
    pagination: { order: { updated_at: "DESC" } },
  })
  for (const cart of data) {
    if (!carts.has(cart.customer_id!) && cart.items?.length) carts.set(cart.customer_id!, JSON.parse(JSON.stringify(cart)))
  }
  return carts
}

/**
 * Each customer's last viewed products (their `product.viewed` events' data.product_id), newest
 * first, priced in the store's default currency through Medusa's calculated price; products that
 * no longer exist are left out.
 */
async function loadViewedProducts(container: Pick<MedusaContainer, "resolve">, store: StoreVariables, customerIds: string[]) {
  const viewed = new Map<string, ViewedProduct[]>()
  if (!customerIds.length) return viewed
  const productIds = await resolveJourneyModule(container).listViewedProductIds(customerIds, VIEWED_PRODUCTS_LIMIT)
  const ids = [...new Set([...productIds.values()].flat())]
  if (!ids.length) return viewed
  const currency = store.store.currency_code
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "product",
    fields: ["id", "title", "description", "thumbnail", "handle", ...(currency ? ["variants.calculated_price.calculated_amount"] : [])],
    filters: { id: ids },
    ...(currency && { context: { variants: { calculated_price: QueryContext({ currency_code: currency }) } } }),
  })
  const products = new Map<string, ViewedProduct>()
  for (const product of data) {
    const prices = ((product.variants ?? []) as { calculated_price?: { calculated_amount?: unknown } | null }[])
      .map((variant) => variant?.calculated_price?.calculated_amount)
      .filter((amount) => amount !== null && amount !== undefined)
      .map(Number)
    products.set(product.id, {
      id: product.id,
      title: product.title,
      description: product.description ?? null,
      thumbnail: product.thumbnail ?? null,
      handle: product.handle,
      price: prices.length ? Math.min(...prices) : null,
      currency_code: prices.length ? currency : null,
    })
  }
  for (const [customerId, viewedIds] of productIds) {
    viewed.set(customerId, viewedIds.flatMap((id) => (products.has(id) ? [products.get(id)!] : [])))
  }
  return viewed
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
