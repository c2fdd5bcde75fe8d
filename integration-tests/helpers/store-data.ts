import {
  createApiKeysWorkflow,
  createCartWorkflow,
  createCustomersWorkflow,
  createOrderWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
} from "@medusajs/medusa/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { AxiosInstance } from "axios"

/** A region, a sales channel, a product and a customer, made with Medusa's own workflows. */
export async function seedStore(container: MedusaContainer, customerData: Record<string, unknown> = {}) {
  const { result: [region] } = await createRegionsWorkflow(container).run({
    input: { regions: [{ name: "Europe", currency_code: "eur", countries: ["fr"] }] },
  })
  const { result: [channel] } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "Web" }] },
  })
  const { result: [product] } = await createProductsWorkflow(container).run({
    input: {
      products: [
        {
          title: "Yoga mat",
          status: "published",
          options: [{ title: "Colour", values: ["Blue"] }],
          variants: [
            { title: "Blue", options: { Colour: "Blue" }, manage_inventory: false, prices: [{ amount: 25, currency_code: "eur" }] },
          ],
          sales_channels: [{ id: channel.id }],
        },
      ],
    },
  })
  const { result: [customer] } = await createCustomersWorkflow(container).run({
    input: {
      customersData: [
        {
          first_name: "Jane",
          last_name: "O'Hara",
          email: "jane@example.com",
          addresses: [{ address_1: "1 rue de Rivoli", city: "Paris", country_code: "fr", postal_code: "75001" }],
          ...customerData,
        },
      ],
    },
  })
  const order = {
    region_id: region.id,
    sales_channel_id: channel.id,
    customer_id: customer.id,
    email: customer.email!,
    currency_code: "eur",
    items: [{ variant_id: product.variants[0].id, quantity: 2 }],
  }
  return { region, channel, product, customer, order }
}

export type SeededStore = Awaited<ReturnType<typeof seedStore>>

export async function createCart(container: MedusaContainer, store: SeededStore) {
  const { result } = await createCartWorkflow(container).run({
    input: {
      ...store.order,
      shipping_address: { first_name: "Jane", address_1: "1 rue de Rivoli", city: "Paris", country_code: "fr" },
    },
  })
  return result
}

export async function createOrder(container: MedusaContainer, store: SeededStore) {
  const { result } = await createOrderWorkflow(container).run({
    input: { ...store.order, items: [{ ...store.order.items[0], title: "Yoga mat", unit_price: 25 }] },
  })
  return result
}

/**
 * A storefront on the sales channel and a shopper who registered and signed in through the store
 * API: `store` carries the publishable key alone, `shopper` the key and the shopper's token.
 */
export async function storeShopper(
  api: AxiosInstance,
  container: MedusaContainer,
  channelId: string,
  credentials = { email: "shopper@example.com", password: "shopper-secret" }
) {
  const { result: [key] } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "Web", type: "publishable", created_by: "" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: key.id, add: [channelId] } })
  const store = { "x-publishable-api-key": key.token }
  const registration = await api.post("/auth/customer/emailpass/register", credentials)
  const { data } = await api.post("/store/customers", { email: credentials.email }, {
    headers: { ...store, authorization: `Bearer ${registration.data.token}` },
  })
  const login = await api.post("/auth/customer/emailpass", credentials)
  return { store, shopper: { ...store, authorization: `Bearer ${login.data.token}` }, customer: data.customer as { id: string } }
}
