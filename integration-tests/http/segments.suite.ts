import {
  batchLinkProductsToCategoryWorkflow,
  createCustomerAddressesWorkflow,
  createCustomerGroupsWorkflow,
  createCustomersWorkflow,
  createOrderWorkflow,
  createProductCategoriesWorkflow,
  createProductsWorkflow,
  linkCustomersToCustomerGroupWorkflow,
} from "@medusajs/medusa/core-flows"
import { Modules } from "@medusajs/framework/utils"
import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import { adminSession } from "../helpers/admin-session"
import { createCart, createOrder, seedStore, type SeededStore } from "../helpers/store-data"

const DAY = 24 * 3_600_000

/**
 * Segments computed by the store's database, through the admin API. One data set, built by the
 * first test (the runner restores the database before each test), serves every field family:
 *
 * - jane: the seeded customer, Paris, nothing else;
 * - alice: Atlanta (default shipping), born 1985, in the VIP group, two orders of the mat (2 × 50),
 *   three product views today;
 * - bob: New York (no default) then Seattle (default billing), born 1975, one view today and two
 *   60 days ago;
 * - carol: Chicago (oldest, no default) then Seattle, born "1990" (a string), a last name a
 *   spreadsheet would run as a formula, one view of the tent today with its data (category, price);
 * - dave: no address, a phone, an open cart of 2 × 25 (the mat, in the Yoga category);
 * - erin: Seattle (default shipping), born 1992, one order of the tent (Outdoor category, 40) and
 *   one cancelled order of the mat.
 */
export default ({ api, getContainer }: MedusaSuiteOptions) => {
  let session: { headers: Record<string, string> }
  const journeys = () => getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
  const post = (url: string, body: unknown = {}, headers = session.headers) =>
    api.post(url, body, { headers }).catch((e: any) => e.response)
  const get = (url: string, headers = session.headers) => api.get(url, { headers }).catch((e: any) => e.response)
  const del = (url: string) => api.delete(url, session).catch((e: any) => e.response)

  beforeEach(async () => {
    session = await adminSession(api, getContainer())
  })

  async function buildStore() {
    const container = getContainer()
    const store = await seedStore(container)
    const { result: [outdoor, yoga] } = await createProductCategoriesWorkflow(container).run({
      input: { product_categories: [{ name: "Outdoor", is_active: true }, { name: "Yoga", is_active: true }] },
    })
    await batchLinkProductsToCategoryWorkflow(container).run({ input: { id: yoga.id, add: [store.product.id] } })
    const { result: [tent] } = await createProductsWorkflow(container).run({
      input: {
        products: [
          {
            title: "Tent",
            status: "published",
            category_ids: [outdoor.id],
            options: [{ title: "Size", values: ["2p"] }],
            variants: [{ title: "2p", options: { Size: "2p" }, manage_inventory: false, prices: [{ amount: 40, currency_code: "eur" }] }],
            sales_channels: [{ id: store.channel.id }],
          },
        ],
      },
    })
    const address = (city: string, defaults: { is_default_shipping?: boolean; is_default_billing?: boolean } = {}) => ({
      address_1: "1 Main St", city, country_code: "us", ...defaults,
    })
    const { result: created } = await createCustomersWorkflow(container).run({
      input: {
        customersData: [
          { first_name: "Alice", email: "alice@example.com", metadata: { birth_year: 1985 }, addresses: [address("Atlanta", { is_default_shipping: true })] },
          { first_name: "Bob", email: "bob@example.com", metadata: { birth_year: 1975 }, addresses: [address("New York")] },
          { first_name: "Carol", last_name: '=Doe, "C"', email: "carol@example.com", metadata: { birth_year: "1990" }, addresses: [address("Chicago")] },
          { first_name: "Dave", email: "dave@example.com", phone: "+33600000000" },
          { first_name: "Erin", email: "erin@example.com", metadata: { birth_year: 1992 }, addresses: [address("Seattle", { is_default_shipping: true })] },
        ],
      },
    })
    const [alice, bob, carol, dave, erin] = created
    // Later addresses: a default billing one for Bob, a newer one for Carol (her oldest stays hers).
    await createCustomerAddressesWorkflow(container).run({
      input: {
        addresses: [
          { customer_id: bob.id, ...address("Seattle", { is_default_billing: true }) },
          { customer_id: carol.id, ...address("Seattle") },
        ],
      },
    })
    const { result: [vip] } = await createCustomerGroupsWorkflow(container).run({ input: { customersData: [{ name: "VIP" }] } })
    await linkCustomersToCustomerGroupWorkflow(container).run({ input: { id: vip.id, add: [alice.id] } })

    const as = (customer: { id: string; email: string | null }): SeededStore => ({
      ...store,
      order: { ...store.order, customer_id: customer.id, email: customer.email! },
    })
    await createOrder(container, as(alice))
    await createOrder(container, as(alice))
    const cancelled = await createOrder(container, as(erin))
    await container.resolve(Modules.ORDER).cancel(cancelled.id)
    await createOrderWorkflow(container).run({
      input: {
        ...as(erin).order,
        items: [{ variant_id: tent.variants[0].id, quantity: 1, title: "Tent", unit_price: 40 }],
      },
    })
    await createCart(container, as(dave))

    for (const [customer, count] of [[alice, 3], [bob, 1]] as const) {
      for (let i = 0; i < count; i++) {
        const sent = await post("/admin/journeys/events", { name: "product.viewed", customer_id: customer.id, id: `view-${customer.id}-${i}` })
        expect(sent.status).toBe(200)
      }
    }
    const tentView = { product_id: tent.id, category_id: outdoor.id, price: 40, product: { tags: ["camping"] } }
    expect((await post("/admin/journeys/events", { name: "product.viewed", customer_id: carol.id, id: "view-carol", data: tentView })).status).toBe(200)
    // Older views: the events API stamps events now, so these are recorded as they were then.
    const old = new Date(Date.now() - 60 * DAY)
    await journeys().createJourneyEvents([1, 2].map(() => ({ name: "product.viewed", customer_id: bob.id, occurred_at: old })))

    return { store, outdoor, yoga, tent, vip, jane: store.customer, alice, bob, carol, dave, erin }
  }

  /** The first names of the customers a rule selects (a preview's sample holds them all here). */
  async function who(rule: unknown) {
    const preview = await post("/admin/journeys/segments/preview", { rule })
    expect([preview.status, preview.data.valid, preview.data.errors]).toEqual([200, true, undefined])
    expect(preview.data.sample).toHaveLength(preview.data.count)
    return preview.data.sample.map((member: { first_name: string }) => member.first_name).sort()
  }

  it("selects exactly the customers of each field family, S1's audience and event conditions", async () => {
    const { outdoor, yoga, tent, vip, store } = await buildStore()
    const everyone = ["Alice", "Bob", "Carol", "Dave", "Erin", "Jane"]
    const without = (...names: string[]) => everyone.filter((name) => !names.includes(name))
    const cases: [unknown, string[]][] = [
      // customer.*
      [{ field: "customer.email", op: "eq", value: "ALICE@example.com" }, ["Alice"]],
      [{ field: "customer.email", op: "in", value: ["BOB@example.com", "nobody@example.com"] }, ["Bob"]],
      [{ field: "customer.first_name", op: "contains", value: "AR" }, ["Carol"]],
      [{ field: "customer.phone", op: "exists", value: false }, without("Dave")],
      [{ field: "customer.phone", op: "neq", value: "+33600000000" }, without("Dave")],
      [{ field: "customer.last_name", op: "nin", value: ["O'Hara"] }, without("Jane")],
      [{ field: "customer.has_account", op: "eq", value: true }, []],
      [{ field: "customer.created_at", op: "within_last", value: "P1D" }, everyone],
      [{ field: "customer.created_at", op: "before", value: "2000-01-01" }, []],
      [{ field: "customer.groups", op: "contains", value: vip.id }, ["Alice"]],
      [{ not: { field: "customer.groups", op: "exists" } }, without("Alice")],
      // address.*: default shipping, else default billing, else the oldest
      [{ field: "address.city", op: "eq", value: "Seattle" }, ["Bob", "Erin"]],
      [{ field: "address.city", op: "eq", value: "Chicago" }, ["Carol"]],
      [{ field: "address.city", op: "exists", value: false }, ["Dave"]],
      [{ field: "address.country_code", op: "nin", value: ["us"] }, ["Dave", "Jane"]],
      [{ field: "address.postal_code", op: "eq", value: "75001" }, ["Jane"]],
      // orders.*: cancelled orders do not count
      [{ field: "orders.count", op: "gte", value: 2 }, ["Alice"]],
      [{ field: "orders.count", op: "eq", value: 0 }, ["Bob", "Carol", "Dave", "Jane"]],
      [{ field: "orders.total_spent", op: "eq", value: 100 }, ["Alice"]],
      [{ field: "orders.total_spent", op: "in", value: [40, 90] }, ["Erin"]],
      [{ field: "orders.first_at", op: "exists" }, ["Alice", "Erin"]],
      [{ field: "orders.last_at", op: "within_last", value: "PT1H" }, ["Alice", "Erin"]],
      [{ field: "orders.last_at", op: "lt", value: "2000-01-01" }, []],
      [{ field: "orders.product_ids", op: "contains", value: store.product.id }, ["Alice"]],
      [{ field: "orders.product_ids", op: "contains", value: tent.id }, ["Erin"]],
      [{ field: "orders.category_ids", op: "contains", value: outdoor.id }, ["Erin"]],
      [{ field: "orders.category_ids", op: "contains", value: yoga.id }, ["Alice"]],
      // cart.*
      [{ field: "cart.open", op: "eq", value: true }, ["Dave"]],
      [{ field: "cart.total", op: "gte", value: 50 }, ["Dave"]],
      [{ field: "cart.total", op: "neq", value: 50 }, without("Dave")],
      [{ field: "cart.product_ids", op: "contains", value: store.product.id }, ["Dave"]],
      [{ field: "cart.category_ids", op: "contains", value: yoga.id }, ["Dave"]],
      [{ field: "cart.category_ids", op: "contains", value: outdoor.id }, []],
      [{ not: { field: "cart.product_ids", op: "exists" } }, without("Dave")],
      // customer.metadata.*: numbers and numeric strings compare as numbers
      [{ field: "customer.metadata.birth_year", op: "gt", value: 1980 }, ["Alice", "Carol", "Erin"]],
      [{ field: "customer.metadata.birth_year", op: "exists", value: false }, ["Dave", "Jane"]],
      [{ field: "customer.metadata.birth_year", op: "in", value: ["1990", 1975] }, ["Bob", "Carol"]],
      // S1: default address in one of three cities, born after 1980
      [
        {
          all: [
            { field: "address.city", op: "in", value: ["Atlanta", "San Francisco", "Seattle"] },
            { field: "customer.metadata.birth_year", op: "gt", value: 1980 },
          ],
        },
        ["Alice", "Erin"],
      ],
      // events: a window, a count, and "did not"
      [{ event: "product.viewed", within_last: "P30D", at_least: 2 }, ["Alice"]],
      [{ event: "product.viewed", at_least: 2 }, ["Alice", "Bob"]],
      [{ event: "product.viewed", within_last: "P30D" }, ["Alice", "Bob", "Carol"]],
      [{ not: { event: "product.viewed" } }, ["Dave", "Erin", "Jane"]],
      // an event's where over its data: metadata's semantics (neq holds where the key is missing), nested keys
      [{ event: "product.viewed", where: { field: "data.category_id", op: "eq", value: outdoor.id } }, ["Carol"]],
      [{ event: "product.viewed", where: { field: "data.category_id", op: "neq", value: outdoor.id } }, ["Alice", "Bob"]],
      [{ event: "product.viewed", where: { field: "data.price", op: "gte", value: 40 }, within_last: "P1D" }, ["Carol"]],
      [{ event: "product.viewed", where: { field: "data.price", op: "gt", value: 40 } }, []],
      [{ event: "product.viewed", where: { field: "data.product.tags", op: "exists" } }, ["Carol"]],
      [{ event: "product.viewed", where: { field: "data.product", op: "exists", value: false }, at_least: 3 }, ["Alice", "Bob"]],
      // S2's shape: interest shown by a view of the category or by an open cart holding one of its products
      [
        {
          any: [
            { event: "product.viewed", where: { field: "data.category_id", op: "eq", value: outdoor.id } },
            { field: "cart.category_ids", op: "contains", value: yoga.id },
          ],
        },
        ["Carol", "Dave"],
      ],
      [{ any: [{ field: "cart.open", op: "eq", value: true }, { event: "product.viewed", at_least: 3 }] }, ["Alice", "Bob", "Dave"]],
    ]
    for (const [rule, expected] of cases) expect([rule, await who(rule)]).toEqual([rule, expected])

    // A saved segment: its members page by page by customer id, and its CSV export.
    const everybody = { field: "customer.has_account", op: "eq", value: false }
    const created = await post("/admin/journeys/segments", { name: "All shoppers", rule: everybody })
    expect(created.status).toBe(201)
    const id = created.data.segment.id
    const first = await get(`/admin/journeys/segments/${id}/members?limit=4`)
    const rest = await get(`/admin/journeys/segments/${id}/members?limit=4&offset=4`)
    expect([first.data.count, first.data.members.length, rest.data.members.length, rest.data.offset]).toEqual([6, 4, 2, 4])
    const ids = [...first.data.members, ...rest.data.members].map((member: { id: string }) => member.id)
    expect(ids).toEqual([...ids].sort())
    expect(Object.keys(first.data.members[0]).sort()).toEqual(["created_at", "email", "first_name", "id", "last_name"])

    const preview = await post("/admin/journeys/segments/preview", { rule: everybody })
    expect(preview.data).toMatchObject({ valid: true, count: 6, elapsed_ms: expect.any(Number) })
    expect(preview.data.sample.map((member: { id: string }) => member.id)).toEqual(ids)
    expect(Object.keys(preview.data.sample[0]).sort()).toEqual(["email", "first_name", "id", "last_name"])

    const exported = await get(`/admin/journeys/segments/${id}/members/export`)
    expect(exported.status).toBe(200)
    expect(exported.headers["content-type"]).toMatch(/^text\/csv/)
    expect(exported.headers["content-disposition"]).toBe('attachment; filename="All shoppers.csv"')
    const lines = (exported.data as string).trimEnd().split("\r\n")
    expect(lines[0]).toBe("id,email,first_name,last_name")
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(ids)
    const carol = first.data.members.concat(rest.data.members).find((m: { first_name: string }) => m.first_name === "Carol")
    expect(lines).toContain(`${carol.id},carol@example.com,Carol,"'=Doe, ""C"""`)
  })

  it("creates, lists, reads, changes and deletes segments, refusing bad input", async () => {
    const rule = { all: [{ field: "orders.count", op: "gte", value: 2 }, { field: "address.city", op: "eq", value: "Paris" }] }
    const created = await post("/admin/journeys/segments", { name: "Loyal Parisians", description: "Two orders or more", rule })
    expect(created.status).toBe(201)
    const segment = created.data.segment
    expect(segment).toMatchObject({ id: expect.stringMatching(/^jseg_/), name: "Loyal Parisians", description: "Two orders or more", rule })
    await post("/admin/journeys/segments", { name: "Window shoppers", rule: { event: "product.viewed" } })

    const listed = await get("/admin/journeys/segments?q=pari&limit=10")
    expect(listed.data).toMatchObject({ count: 1, limit: 10, offset: 0 })
    expect(Object.keys(listed.data.segments[0]).sort()).toEqual(["created_at", "description", "id", "name", "rule", "updated_at"])
    expect((await get("/admin/journeys/segments")).data.count).toBe(2)
    expect((await get(`/admin/journeys/segments/${segment.id}`)).data.segment).toMatchObject({ id: segment.id, rule })

    // The rule is replaced wholesale, not merged into the stored one.
    const changed = { field: "cart.open", op: "eq", value: true }
    const updated = await post(`/admin/journeys/segments/${segment.id}`, { name: "Open carts", rule: changed })
    expect(updated.status).toBe(200)
    expect(updated.data.segment).toMatchObject({ name: "Open carts", description: "Two orders or more", rule: changed })

    const invalid = await post("/admin/journeys/segments", { name: "Bad", rule: { all: [{ field: "basket.total", op: "gt", value: 1 }] } })
    expect(invalid.status).toBe(400)
    expect(invalid.data).toMatchObject({ type: "invalid_data", message: expect.any(String) })
    expect(invalid.data.errors.map((error: { path: string }) => error.path)).toEqual(["rule.all[0].field"])
    const badUpdate = await post(`/admin/journeys/segments/${segment.id}`, { rule: { any: [{ event: "x.y", within_last: "soon" }] } })
    expect([badUpdate.status, badUpdate.data.errors?.[0]?.path]).toEqual([400, "rule.any[0].within_last"])
    expect((await get(`/admin/journeys/segments/${segment.id}`)).data.segment.rule).toEqual(changed)
    const preview = await post("/admin/journeys/segments/preview", { rule: { not: { field: "orders.count", op: "contains", value: 1 } } })
    expect(preview.status).toBe(200)
    expect(preview.data).toEqual({ valid: false, errors: [expect.objectContaining({ path: "rule.not.op", message: expect.any(String) })] })

    const missing = await post("/admin/journeys/segments", { rule })
    expect([missing.status, missing.data.message]).toEqual([400, expect.stringContaining("name")])
    expect((await post("/admin/journeys/segments", { name: "X", rule, extra: 1 })).status).toBe(400)
    expect((await get("/admin/journeys/segments?limit=0")).status).toBe(400)
    expect((await get(`/admin/journeys/segments/${segment.id}/members?page=2`)).status).toBe(400)

    expect((await get("/admin/journeys/segments/jseg_missing")).status).toBe(404)
    expect((await post("/admin/journeys/segments/jseg_missing", { name: "X" })).status).toBe(404)
    expect((await get("/admin/journeys/segments/jseg_missing/members")).status).toBe(404)
    expect((await get("/admin/journeys/segments/jseg_missing/members/export")).status).toBe(404)
    expect((await del("/admin/journeys/segments/jseg_missing")).status).toBe(404)
    expect((await get("/admin/journeys/segments", {})).status).toBe(401)
    expect((await post("/admin/journeys/segments/preview", { rule }, {})).status).toBe(401)

    const deleted = await del(`/admin/journeys/segments/${segment.id}`)
    expect([deleted.status, deleted.data]).toEqual([200, { id: segment.id, object: "journey_segment", deleted: true }])
    expect((await get(`/admin/journeys/segments/${segment.id}`)).status).toBe(404)
  })

  it("refuses to delete a segment a live journey starts on (409 naming it)", async () => {
    const { data } = await post("/admin/journeys/segments", { name: "VIP", rule: { field: "orders.count", op: "gte", value: 5 } })
    const definition = {
      schema_version: 1,
      trigger: { type: "segment", segment_id: data.segment.id },
      settings: { reentry: "once", timezone: "UTC" },
      entry_node: "x1",
      nodes: [{ id: "x1", type: "exit" }],
      edges: [],
    }
    const journey = await post("/admin/journeys", { name: "VIP welcome", definition })
    expect((await post(`/admin/journeys/${journey.data.journey.id}/publish`)).status).toBe(200)

    const refused = await del(`/admin/journeys/segments/${data.segment.id}`)
    expect(refused.status).toBe(409)
    expect(refused.data).toMatchObject({ type: "conflict", message: expect.stringContaining('"VIP welcome"') })
    expect((await get(`/admin/journeys/segments/${data.segment.id}`)).status).toBe(200)

    expect((await post(`/admin/journeys/${journey.data.journey.id}/stop`, { mode: "stop" })).status).toBe(200)
    expect((await del(`/admin/journeys/segments/${data.segment.id}`)).status).toBe(200)
  })
}
