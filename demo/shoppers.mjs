// The demo's shopper simulator: every few seconds one shopper does one thing, through the same
// doors a real storefront and a real mail client use, so the journeys see ordinary traffic.
//
// - signs up (POST /auth/customer/emailpass/register, POST /store/customers: `customer.created`)
//   and answers the email-offers question (POST /store/journeys/preferences);
// - fills a cart and leaves it (POST /store/carts as the signed-in customer);
// - checks out — often the cart they left earlier — (shipping method, payment session with
//   Medusa's system provider, POST /store/carts/:id/complete: `order.placed`);
// - opens, and sometimes clicks, an email the demo mailbox received: reported to the store as
//   Resend reports it, a signed `email.opened` / `email.clicked` webhook (see mailbox.mjs).
//
// The demo's customers sign in with the password the seed gave them (customers.json). One line
// per action; a store that is down or restarting is waited for; stop() ends it.
import fs from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"

const demo = path.dirname(fileURLToPath(import.meta.url))
const seeded = JSON.parse(fs.readFileSync(path.join(demo, "customers.json"), "utf8"))

const FIRST = ["Lin", "Noor", "Mateo", "Ines", "Kofi", "Yuki", "Amara", "Lucas", "Sofia", "Omar", "Freya", "Ravi", "Elena", "Tariq", "Chloe"]
const LAST = ["Wei", "Haddad", "Rossi", "Moreau", "Mensah", "Tanaka", "Okafor", "Schmidt", "Garcia", "Nasser", "Larsen", "Iyer"]
const CITIES = [
  { country_code: "fr", city: "Lyon" },
  { country_code: "de", city: "Berlin" },
  { country_code: "gb", city: "Leeds" },
  { country_code: "it", city: "Naples" },
  { country_code: "es", city: "Valencia" },
  { country_code: "us", city: "Seattle" },
]

class HttpError extends Error {
  constructor(status, message) {
    super(message)
    this.status = status
  }
}

/** fetch's own failure (connection refused, reset…): the store is down or restarting, not the action's fault. */
const unreachable = (error) => error instanceof TypeError && error.message === "fetch failed"

/**
 * Starts the simulator against the store at `base` (its publishable key `publishableKey`), reading
 * emails from `mailbox` (mailbox.mjs). `everyMs` is the average pause between two actions.
 */
export function startShoppers({ base, publishableKey, mailbox, everyMs = 5_000, log = console.log, random = Math.random }) {
  const controller = new AbortController()
  let timer
  let stopped = false
  let storeDown = false
  let signups = 0
  const pick = (list) => list[Math.floor(random() * list.length)]
  const say = (message) => log(`\x1b[35m[shoppers]\x1b[0m ${message}`)

  /** The shoppers: the seeded customers, then those who sign up. Their token and the cart they left. */
  const shoppers = seeded.customers.map((customer) => ({ ...customer, token: null, cart: null }))

  async function call(method, url, { token, body, form } = {}) {
    const response = await fetch(`${base}${url}`, {
      method,
      signal: controller.signal,
      headers: {
        "x-publishable-api-key": publishableKey,
        ...(token && { authorization: `Bearer ${token}` }),
        ...(body !== undefined && { "content-type": "application/json" }),
        ...(form !== undefined && { "content-type": "application/x-www-form-urlencoded" }),
      },
      body: form ?? (body === undefined ? undefined : JSON.stringify(body)),
    })
    if (storeDown) say("the store is back")
    storeDown = false
    const text = await response.text()
    let json = {}
    try {
      json = text ? JSON.parse(text) : {}
    } catch {
      json = { message: text.slice(0, 200) }
    }
    if (!response.ok) throw new HttpError(response.status, `${method} ${url.split("?")[0]}: ${response.status} ${json.message ?? ""}`.trim())
    return json
  }

  let catalogue
  /** Regions by country and the products' variants with their prices, as a storefront lists them. */
  async function loadCatalogue() {
    if (catalogue) return catalogue
    const { regions } = await call("GET", "/store/regions?fields=id,currency_code,countries.iso_2&limit=50")
    const byCountry = new Map(regions.flatMap((region) => region.countries.map((country) => [country.iso_2, region])))
    const { products } = await call("GET", "/store/products?fields=id,title,variants.id&limit=50")
    catalogue = { byCountry, products: products.filter((product) => product.variants?.length) }
    if (!catalogue.products.length) throw new Error("the store has no products to sell")
    return catalogue
  }

  async function signIn(shopper) {
    if (shopper.token) return shopper.token
    const { token } = await call("POST", "/auth/customer/emailpass", { body: { email: shopper.email, password: seeded.password } })
    shopper.token = token
    return token
  }

  /** Calls as the signed-in shopper; signs in again once if the token expired. */
  async function as(shopper, method, url, body) {
    try {
      return await call(method, url, { token: await signIn(shopper), body })
    } catch (error) {
      if (!(error instanceof HttpError) || error.status !== 401) throw error
      shopper.token = null
      return call(method, url, { token: await signIn(shopper), body })
    }
  }

  const money = (amount, currency) => `${Math.round(amount * 100) / 100} ${currency.toUpperCase()}`
  const items = (cart) => {
    const count = cart.items.reduce((sum, item) => sum + item.quantity, 0)
    return `${count} item${count === 1 ? "" : "s"}`
  }

  async function fillCart(shopper) {
    const { byCountry, products } = await loadCatalogue()
    const region = byCountry.get(shopper.address.country_code) ?? [...byCountry.values()][0]
    const chosen = [...products].sort(() => random() - 0.5).slice(0, 1 + Math.floor(random() * 2))
    const { cart } = await as(shopper, "POST", "/store/carts", {
      region_id: region.id,
      items: chosen.map((product) => ({ variant_id: product.variants[0].id, quantity: 1 + Math.floor(random() * 2) })),
    })
    return cart
  }

  const actions = {
    async signUp() {
      signups += 1
      const first = pick(FIRST)
      const last = pick(LAST)
      const email = `${first}.${last}.${Date.now().toString(36)}${signups}@example.com`.toLowerCase()
      const { token: registration } = await call("POST", "/auth/customer/emailpass/register", {
        body: { email, password: seeded.password },
      })
      await call("POST", "/store/customers", { token: registration, body: { email, first_name: first, last_name: last } })
      const shopper = {
        first_name: first,
        last_name: last,
        email,
        address: { address_1: `${Math.floor(random() * 90) + 1} New Street`, postal_code: "10000", ...pick(CITIES) },
        token: null,
        cart: null,
      }
      shoppers.push(shopper)
      const offers = random() < 0.75
      await as(shopper, "POST", "/store/journeys/preferences", { email: offers })
      say(`${email} signed up (email offers: ${offers ? "yes" : "no"})`)
    },

    async abandonCart() {
      const shopper = pick(shoppers.filter((s) => !s.cart))
      const cart = await fillCart(shopper)
      shopper.cart = cart.id
      say(`${shopper.email} abandoned a cart (${items(cart)}, ${money(cart.total, cart.currency_code)})`)
    },

    async placeOrder() {
      // Half the time someone who left a cart comes back to it: the abandoned-cart journey's goal.
      const returning = shoppers.filter((s) => s.cart)
      const shopper = returning.length && random() < 0.5 ? pick(returning) : pick(shoppers)
      const cartId = shopper.cart ?? (await fillCart(shopper)).id
      const cameBack = !!shopper.cart
      shopper.cart = null
      const { first_name, last_name, address } = shopper
      await as(shopper, "POST", `/store/carts/${cartId}`, { shipping_address: { first_name, last_name, ...address } })
      const { shipping_options } = await as(shopper, "GET", `/store/shipping-options?cart_id=${cartId}`)
      if (!shipping_options.length) {
        throw new Error("no shipping option for the cart (demo data from an older seed? npm run demo -- --reset)")
      }
      await as(shopper, "POST", `/store/carts/${cartId}/shipping-methods`, { option_id: shipping_options[0].id })
      const { payment_collection } = await as(shopper, "POST", "/store/payment-collections", { cart_id: cartId })
      await as(shopper, "POST", `/store/payment-collections/${payment_collection.id}/payment-sessions`, {
        provider_id: "pp_system_default",
      })
      const completed = await as(shopper, "POST", `/store/carts/${cartId}/complete`, {})
      if (completed.type !== "order") throw new Error(`checkout refused: ${completed.error?.message ?? "no order"}`)
      const { order } = completed
      const what = `order #${order.display_id} (${items(order)}, ${money(order.total, order.currency_code)})`
      say(`${shopper.email} ${cameBack ? "came back to the cart they left and placed" : "placed"} ${what}`)
    },

    /** Opens a delivered email the shopper has not opened; clicks in one of three; rarely unsubscribes. */
    async readEmail() {
      const email = pick(mailbox.unopened().filter((e) => (e.events ?? []).some((event) => event.type === "delivered")))
      if (!email) return actions.placeOrder()
      const to = email.to.join(", ")
      if (!(await mailbox.report(email, "opened"))) return say(`${to} opened "${email.subject}" (the store did not know it)`)
      const unsubscribe = /^<(https?:[^>]+)>$/.exec(email.headers?.["List-Unsubscribe"] ?? "")?.[1]
      if (unsubscribe && random() < 0.05) {
        // RFC 8058 one-click, as a mail client's "Unsubscribe" button does it.
        const response = await fetch(unsubscribe, {
          method: "POST",
          signal: controller.signal,
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: "List-Unsubscribe=One-Click",
        })
        await response.body?.cancel()
        return say(`${to} opened "${email.subject}" and unsubscribed (${response.status})`)
      }
      if (random() < 0.35) {
        await mailbox.report(email, "clicked")
        return say(`${to} opened "${email.subject}" and clicked a link`)
      }
      say(`${to} opened "${email.subject}"`)
    },
  }

  // The first moves cover each journey at once; then a random mix.
  const opening = ["signUp", "abandonCart", "placeOrder", "signUp", "abandonCart"]
  function next() {
    if (opening.length) return opening.shift()
    const roll = random()
    if (roll < 0.12) return "signUp"
    if (roll < 0.42) return "abandonCart"
    if (roll < 0.7) return "placeOrder"
    return "readEmail"
  }

  async function tick() {
    const name = next()
    try {
      await actions[name]()
    } catch (error) {
      if (stopped) return
      if (unreachable(error)) {
        if (!storeDown) say(`the store does not answer (${error.cause?.code ?? error.message}); trying again`)
        storeDown = true
        catalogue = undefined
      } else {
        say(`${name} failed: ${error.message}`)
      }
    } finally {
      if (!stopped) timer = setTimeout(tick, everyMs * (0.5 + random()))
    }
  }
  timer = setTimeout(tick, 500)

  return {
    stop() {
      stopped = true
      clearTimeout(timer)
      controller.abort()
    },
  }
}
