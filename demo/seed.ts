import { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createCustomersWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"

/** A small catalogue and a few customers for trying journeys out (`medusa exec ./seed.ts`). */
export default async function seedDemo({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const salesChannels = container.resolve(Modules.SALES_CHANNEL)
  const stores = container.resolve(Modules.STORE)

  const [store] = await stores.listStores()
  const [salesChannel] = await salesChannels.listSalesChannels({ name: "Default Sales Channel" })

  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: {
        supported_currencies: [
          { currency_code: "eur", is_default: true },
          { currency_code: "usd" },
        ],
      },
    },
  })

  await createRegionsWorkflow(container).run({
    input: {
      regions: [
        { name: "Europe", currency_code: "eur", countries: ["fr", "de", "es", "it", "gb"] },
        { name: "United States", currency_code: "usd", countries: ["us"] },
      ],
    },
  })

  const {
    result: [publishableKey],
  } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "Demo storefront", type: "publishable", created_by: "" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({
    input: { id: publishableKey.id, add: [salesChannel.id] },
  })

  const product = (title: string, handle: string, eur: number, usd: number) => ({
    title,
    handle,
    status: "published" as const,
    options: [{ title: "Size", values: ["One size"] }],
    variants: [
      {
        title: "One size",
        sku: handle.toUpperCase(),
        options: { Size: "One size" },
        manage_inventory: false,
        prices: [
          { amount: eur, currency_code: "eur" },
          { amount: usd, currency_code: "usd" },
        ],
      },
    ],
    sales_channels: [{ id: salesChannel.id }],
  })
  await createProductsWorkflow(container).run({
    input: {
      products: [
        product("Adjustable Dumbbells", "adjustable-dumbbells", 249, 269),
        product("Yoga Mat", "yoga-mat", 35, 39),
        product("Running Shoes", "running-shoes", 120, 129),
      ],
    },
  })

  await createCustomersWorkflow(container).run({
    input: {
      customersData: [
        {
          email: "ada@example.com",
          first_name: "Ada",
          last_name: "Lovelace",
          metadata: { birth_year: 1985, churn_risk: "low", locale: "en", timezone: "Europe/London" },
        },
        {
          email: "marie@example.com",
          first_name: "Marie",
          last_name: "Curie",
          metadata: { birth_year: 1978, churn_risk: "high", locale: "fr", timezone: "Europe/Paris" },
        },
        {
          email: "grace@example.com",
          first_name: "Grace",
          last_name: "Hopper",
          metadata: { birth_year: 1990, churn_risk: "medium", locale: "en", timezone: "America/New_York" },
        },
      ],
    },
  })

  logger.info(`Demo data seeded. Publishable API key: ${publishableKey.token}`)
}
