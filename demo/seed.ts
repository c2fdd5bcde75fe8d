import type { ExecArgs, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  addShippingMethodToCartWorkflow,
  completeCartWorkflow,
  createApiKeysWorkflow,
  createCartWorkflow,
  createCustomerAccountWorkflow,
  createLinksWorkflow,
  createLocationFulfillmentSetWorkflow,
  createPaymentCollectionForCartWorkflow,
  createPaymentSessionsWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createServiceZonesWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createTaxRegionsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateProductsWorkflow,
  updateRegionsWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"
import { setConsentWorkflow } from "medusa-plugin-journeys/workflows"
import shoppers from "./customers.json"

/**
 * The demo store (`medusa exec ./seed.ts`, run by `npm run demo` until it has finished once):
 * two regions that take payment and ship, a small catalogue, 40 customers with accounts and
 * consent answers, their past orders (checked out as a storefront does: cart, shipping, payment
 * session, completeCartWorkflow) and a few open carts. Every part is looked for before it is
 * made, so a seed interrupted halfway completes on the next start; the last thing it does is
 * mark the store as seeded (store metadata `journeys_demo_seeded_at`), which run.mjs checks.
 * The journeys themselves are installed from the plugin's gallery by run.mjs through the admin
 * API once the store is up (journeys.mjs), as a merchant would.
 */
export const SEEDED_MARKER = "journeys_demo_seeded_at"

const REGIONS = [
  { name: "Europe", currency_code: "eur", countries: ["fr", "de", "es", "it", "gb"] },
  { name: "United States", currency_code: "usd", countries: ["us"] },
]
const PAYMENT_PROVIDER = "pp_system_default"
const LOCATION = "Demo warehouse"
const PRODUCTS = [
  { title: "Adjustable Dumbbells", handle: "adjustable-dumbbells", eur: 249, usd: 269 },
  { title: "Yoga Mat", handle: "yoga-mat", eur: 35, usd: 39 },
  { title: "Running Shoes", handle: "running-shoes", eur: 120, usd: 129 },
]
/** Past orders (before the journeys went live: they enter none) and carts left open. */
const PAST_ORDERS = 24
const OPEN_CARTS = 4

type Shopper = (typeof shoppers.customers)[number]

export default async function seedDemo({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const [store] = await container.resolve(Modules.STORE).listStores()
  const [salesChannel] = await container.resolve(Modules.SALES_CHANNEL).listSalesChannels({ name: "Default Sales Channel" })

  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: { supported_currencies: [{ currency_code: "eur", is_default: true }, { currency_code: "usd" }] },
    },
  })

  const regions = await ensureRegions(container)
  await ensureTaxRegions(container)
  const shippingProfileId = await ensureShippingProfile(container)
  await ensureShipping(container, salesChannel.id, shippingProfileId, regions)
  const publishableKey = await ensurePublishableKey(container, salesChannel.id)
  const variants = await ensureProducts(container, salesChannel.id, shippingProfileId)
  const customers = await ensureCustomers(container)

  // What each customer answered when asked (at sign-up, in their account): a mix per channel.
  // Those who never answered get nothing marketing under the plugin's default opt_in policy.
  await setConsentWorkflow(container).run({
    input: {
      entries: shoppers.customers.flatMap((shopper) =>
        (["email", "sms"] as const).flatMap((channel) => {
          const answer = (shopper.consent as { email?: boolean | null; sms?: boolean })[channel]
          const address = channel === "email" ? shopper.email : (shopper as { phone?: string }).phone
          if (typeof answer !== "boolean" || !address) return []
          const status = answer ? ("subscribed" as const) : ("unsubscribed" as const)
          return [{ channel, address, status, source: "store", customer_id: customers.get(shopper.email)! }]
        })
      ),
    },
  })

  // Orders and carts as the storefront makes them; counted, so an interrupted seed adds only the rest.
  const { data: orders } = await query.graph({ entity: "order", fields: ["id"] })
  const { data: carts } = await query.graph({ entity: "cart", fields: ["id", "completed_at"] })
  const openCarts = carts.filter((cart) => !cart.completed_at).length
  const checkout = { regions, variants, customers, salesChannelId: salesChannel.id }
  for (let i = orders.length; i < PAST_ORDERS; i++) {
    const cart = await openCart(container, checkout, shoppers.customers[(i * 7) % shoppers.customers.length], i)
    await completeCheckout(container, cart.id)
  }
  for (let i = openCarts; i < OPEN_CARTS; i++) {
    await openCart(container, checkout, shoppers.customers[(i * 11 + 5) % shoppers.customers.length], i + 1)
  }

  await updateStoresWorkflow(container).run({
    input: { selector: { id: store.id }, update: { metadata: { ...store.metadata, [SEEDED_MARKER]: new Date().toISOString() } } },
  })
  logger.info(
    `Demo data seeded: ${regions.size} regions, ${variants.length} products, ${customers.size} customers, ` +
      `${PAST_ORDERS} orders, ${OPEN_CARTS} open carts. Publishable API key: ${publishableKey}`
  )
}

type RegionsByCountry = Map<string, { id: string; currency_code: string }>

/** Europe and the United States, each taking payment through Medusa's system provider. */
async function ensureRegions(container: MedusaContainer): Promise<RegionsByCountry> {
  const service = container.resolve(Modules.REGION)
  const byCountry: RegionsByCountry = new Map()
  for (const region of REGIONS) {
    let [found] = await service.listRegions({ name: region.name })
    if (!found) {
      ;[found] = (await createRegionsWorkflow(container).run({
        input: { regions: [{ ...region, payment_providers: [PAYMENT_PROVIDER] }] },
      })).result
    } else {
      // A demo seeded before orders existed: its regions took no payment.
      await updateRegionsWorkflow(container).run({
        input: { selector: { id: found.id }, update: { payment_providers: [PAYMENT_PROVIDER] } },
      })
    }
    region.countries.forEach((country) => byCountry.set(country, { id: found.id, currency_code: region.currency_code }))
  }
  return byCountry
}

async function ensureTaxRegions(container: MedusaContainer) {
  const existing = await container.resolve(Modules.TAX).listTaxRegions()
  const missing = REGIONS.flatMap((region) => region.countries).filter(
    (country) => !existing.some((taxRegion) => taxRegion.country_code === country && !taxRegion.parent_id)
  )
  if (missing.length) {
    await createTaxRegionsWorkflow(container).run({
      input: missing.map((country_code) => ({ country_code, provider_id: "tp_system" })),
    })
  }
}

async function ensureShippingProfile(container: MedusaContainer) {
  const [profile] = await container.resolve(Modules.FULFILLMENT).listShippingProfiles({ type: "default" })
  if (profile) return profile.id
  const { result } = await createShippingProfilesWorkflow(container).run({
    input: { data: [{ name: "Default Shipping Profile", type: "default" }] },
  })
  return result[0].id
}

/** A warehouse that ships everywhere the regions sell, with one flat-rate option, as Medusa's starter does. */
async function ensureShipping(
  container: MedusaContainer,
  salesChannelId: string,
  shippingProfileId: string,
  regions: RegionsByCountry
) {
  const fulfillment = container.resolve(Modules.FULFILLMENT)
  const [existing] = await container.resolve(Modules.STOCK_LOCATION).listStockLocations({ name: LOCATION })
  const location =
    existing ??
    (await createStockLocationsWorkflow(container).run({
      input: { locations: [{ name: LOCATION, address: { address_1: "1 Demo Street", city: "Paris", country_code: "fr" } }] },
    })).result[0]
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [linked] } = await query.graph({
    entity: "stock_location",
    fields: ["id", "fulfillment_providers.id", "fulfillment_sets.id", "sales_channels.id"],
    filters: { id: location.id },
  })
  if (!linked.fulfillment_providers?.some((provider) => provider?.id === "manual_manual")) {
    await createLinksWorkflow(container).run({
      input: [{ [Modules.STOCK_LOCATION]: { stock_location_id: location.id }, [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" } }],
    })
  }
  if (!linked.sales_channels?.some((channel) => channel?.id === salesChannelId)) {
    await linkSalesChannelsToStockLocationWorkflow(container).run({ input: { id: location.id, add: [salesChannelId] } })
  }
  let setId = linked.fulfillment_sets?.[0]?.id
  if (!setId) {
    await createLocationFulfillmentSetWorkflow(container).run({
      input: { location_id: location.id, fulfillment_set_data: { name: `${LOCATION} delivery`, type: "shipping" } },
    })
    ;[{ id: setId }] = await fulfillment.listFulfillmentSets({ name: `${LOCATION} delivery` })
  }
  let [zone] = await fulfillment.listServiceZones({ fulfillment_set: { id: setId } })
  if (!zone) {
    ;[zone] = (await createServiceZonesWorkflow(container).run({
      input: {
        data: [
          {
            fulfillment_set_id: setId!,
            name: "Everywhere the demo sells",
            geo_zones: [...regions.keys()].map((country_code) => ({ type: "country" as const, country_code })),
          },
        ],
      },
    })).result
  }
  const [option] = await fulfillment.listShippingOptions({ service_zone: { id: zone.id } })
  if (!option) {
    await createShippingOptionsWorkflow(container).run({
      input: [
        {
          name: "Standard shipping",
          price_type: "flat",
          provider_id: "manual_manual",
          service_zone_id: zone.id,
          shipping_profile_id: shippingProfileId,
          type: { label: "Standard", description: "Ships in 2-3 days.", code: "standard" },
          prices: [
            { currency_code: "eur", amount: 5 },
            { currency_code: "usd", amount: 6 },
          ],
          rules: [
            { attribute: "enabled_in_store", value: "true", operator: "eq" },
            { attribute: "is_return", value: "false", operator: "eq" },
          ],
        },
      ],
    })
  }
}

async function ensurePublishableKey(container: MedusaContainer, salesChannelId: string) {
  const [existing] = await container.resolve(Modules.API_KEY).listApiKeys({ title: "Demo storefront", type: "publishable" })
  if (existing) return existing.token
  const {
    result: [key],
  } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "Demo storefront", type: "publishable", created_by: "" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: key.id, add: [salesChannelId] } })
  return key.token
}

/** The catalogue's variants (one per product), created or fixed up (a shipping profile, which checkout needs). */
async function ensureProducts(container: MedusaContainer, salesChannelId: string, shippingProfileId: string) {
  const products = container.resolve(Modules.PRODUCT)
  const existing = await products.listProducts({ handle: PRODUCTS.map((p) => p.handle) }, { relations: ["variants"] })
  const missing = PRODUCTS.filter((p) => !existing.some((found) => found.handle === p.handle))
  if (missing.length) {
    await createProductsWorkflow(container).run({
      input: {
        products: missing.map(({ title, handle, eur, usd }) => ({
          title,
          handle,
          status: "published" as const,
          shipping_profile_id: shippingProfileId,
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
          sales_channels: [{ id: salesChannelId }],
        })),
      },
    })
  }
  // A demo seeded before orders existed made its products without a shipping profile.
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "product",
    fields: ["id", "handle", "title", "shipping_profile.id", "variants.id"],
    filters: { handle: PRODUCTS.map((p) => p.handle) },
  })
  for (const product of data.filter((p) => !p.shipping_profile?.id)) {
    await updateProductsWorkflow(container).run({
      input: { selector: { id: product.id }, update: { shipping_profile_id: shippingProfileId } },
    })
  }
  return data.map((product) => ({ id: product.variants[0]!.id, title: product.title }))
}

/**
 * The demo's customers, each with an account (email and the demo password, so the shopper
 * simulator can sign in as them through the store API): registered with Medusa's auth module,
 * then createCustomerAccountWorkflow, which is what POST /store/customers runs.
 */
async function ensureCustomers(container: MedusaContainer) {
  const auth = container.resolve(Modules.AUTH)
  const existing = await container.resolve(Modules.CUSTOMER).listCustomers({ email: shoppers.customers.map((c) => c.email) })
  const ids = new Map(existing.filter((c) => c.has_account).map((c) => [c.email, c.id]))
  for (const shopper of shoppers.customers) {
    if (ids.has(shopper.email)) continue
    const registered = await auth.register("emailpass", { body: { email: shopper.email, password: shoppers.password } })
    const identity =
      registered.authIdentity ??
      // Registered by an interrupted seed: its identity exists, the customer does not.
      (await auth.listAuthIdentities({ provider_identities: { entity_id: shopper.email, provider: "emailpass" } }))[0]
    if (!identity) throw new Error(`could not register ${shopper.email}: ${registered.error}`)
    const { first_name, last_name, email, metadata, address } = shopper
    const phone = (shopper as { phone?: string }).phone
    const { result } = await createCustomerAccountWorkflow(container).run({
      input: {
        authIdentityId: identity.id,
        customerData: {
          first_name,
          last_name,
          email,
          ...(phone && { phone }),
          metadata,
          addresses: [{ ...address, first_name, last_name, is_default_shipping: true, is_default_billing: true }],
        },
      },
    })
    ids.set(email, result.id)
  }
  return ids
}

type Checkout = {
  regions: RegionsByCountry
  variants: { id: string; title: string }[]
  customers: Map<string, string>
  salesChannelId: string
}

/** A cart as the storefront opens one: the signed-in customer's, with their address and one or two products. */
async function openCart(container: MedusaContainer, checkout: Checkout, shopper: Shopper, n: number) {
  const region = checkout.regions.get(shopper.address.country_code)!
  const items = [{ variant_id: checkout.variants[n % checkout.variants.length].id, quantity: 1 + (n % 2) }]
  if (n % 3 === 0) items.push({ variant_id: checkout.variants[(n + 1) % checkout.variants.length].id, quantity: 1 })
  const { result } = await createCartWorkflow(container).run({
    input: {
      region_id: region.id,
      sales_channel_id: checkout.salesChannelId,
      customer_id: checkout.customers.get(shopper.email),
      email: shopper.email,
      currency_code: region.currency_code,
      shipping_address: { first_name: shopper.first_name, last_name: shopper.last_name, ...shopper.address },
      items,
    },
  })
  return result
}

/** Shipping, a payment session with Medusa's system provider, then completeCartWorkflow: the storefront's checkout. */
async function completeCheckout(container: MedusaContainer, cartId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const fulfillment = container.resolve(Modules.FULFILLMENT)
  const [option] = await fulfillment.listShippingOptions({ name: "Standard shipping" })
  await addShippingMethodToCartWorkflow(container).run({ input: { cart_id: cartId, options: [{ id: option.id }] } })
  await createPaymentCollectionForCartWorkflow(container).run({ input: { cart_id: cartId } })
  const { data: [cart] } = await query.graph({
    entity: "cart",
    fields: ["id", "payment_collection.id"],
    filters: { id: cartId },
  })
  await createPaymentSessionsWorkflow(container).run({
    input: { payment_collection_id: cart.payment_collection!.id, provider_id: PAYMENT_PROVIDER },
  })
  await completeCartWorkflow(container).run({ input: { id: cartId } })
}
