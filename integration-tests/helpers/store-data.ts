import {
  createCartWorkflow,
  createCustomersWorkflow,
  createOrderWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
} from "@medusajs/medusa/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"

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
