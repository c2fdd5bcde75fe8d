import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { escapeHtml } from "../../src/engine"
import { createMessageTemplateStep, type MessageTemplateFields } from "../../src/workflows/message-templates/steps"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import { adminSession } from "../helpers/admin-session"
import { createCart, createOrder, seedStore } from "../helpers/store-data"

const email = {
  handle: "abandoned-cart",
  name: "Abandoned cart",
  channel: "email",
  subject: "{{ customer.first_name }}, your cart is waiting",
  html: "<p>Hi {{ customer.first_name }}</p>",
}
const sms = { handle: "order-shipped-sms", name: "Order shipped", channel: "sms", body: "Order {{ order.display_id }} shipped" }
const push = {
  handle: "win-back-push",
  name: "Win back",
  channel: "push",
  status: "published",
  title: "We miss you",
  body: "Come back, {{ customer.first_name }}",
  data: { url: "/store?c={{ customer.id }}" },
}

// The create step alone, without the check before it: what a concurrent request would hit.
const createWithoutCheck = createWorkflow("test-message-templates-create-unchecked", (input: MessageTemplateFields) => {
  return new WorkflowResponse(createMessageTemplateStep(input))
})

export default ({ api, getContainer }: MedusaSuiteOptions) => {
  let session: { headers: Record<string, string> }
  const call = (method: "get" | "post" | "delete", url: string, body?: unknown) =>
    (method === "post" ? api.post(url, body ?? {}, session) : api[method](url, session)).catch(
      (e: any) => e.response
    )

  beforeEach(async () => {
    session = await adminSession(api, getContainer())
  })

  async function create(body: Record<string, unknown>) {
    const response = await call("post", "/admin/message-templates", body)
    expect(response.status).toBe(201)
    return response.data.message_template
  }

  it("refuses every route without a session", async () => {
    for (const [method, url] of [
      ["get", "/admin/message-templates"],
      ["post", "/admin/message-templates"],
      ["get", "/admin/message-templates/jtpl_1"],
      ["post", "/admin/message-templates/jtpl_1"],
      ["delete", "/admin/message-templates/jtpl_1"],
      ["post", "/admin/message-templates/jtpl_1/preview"],
    ] as const) {
      const response = await (method === "post" ? api.post(url, {}) : api[method](url)).catch((e: any) => e.response)
      expect({ method, url, status: response.status }).toEqual({ method, url, status: 401 })
    }
  })

  describe("bad input", () => {
    it("answers 400 naming the field for malformed, incomplete or invalid Liquid bodies", async () => {
      for (const [body, field] of [
        [{}, /handle/],
        [{ ...email, handle: "Abandoned Cart" }, /handle/],
        [{ ...email, handle: "double--dash" }, /handle/],
        [{ ...email, name: "  " }, /name/],
        [{ ...email, channel: "fax" }, /channel/],
        [{ ...email, status: "live" }, /status/],
        [{ ...email, colour: "red" }, /colour/],
        [{ ...push, data: { badge: 3 } }, /data/],
        // Completeness for the channel and Liquid syntax, checked by the workflow.
        [{ ...email, subject: undefined }, /subject is required for email templates/],
        [{ ...sms, html: "<p>" }, /html is not used by sms templates/],
        [{ ...push, title: "" }, /title is required for push templates/],
        [{ ...email, html: "<p>{{ customer.first_name </p>" }, /html .*not closed, line:1/],
        [{ ...email, text: "{% if %}" }, /text /],
        [{ ...sms, body: "{{ x | no_such_filter }}" }, /body undefined filter: no_such_filter/],
        [{ ...push, data: { url: "{% endif %}" } }, /data\.url /],
        [{ ...sms, body: "{% include 'header' %}" }, /body the "include" tag is not available/],
      ] as [Record<string, unknown>, RegExp][]) {
        const response = await call("post", "/admin/message-templates", body)
        expect({ body, status: response.status, message: response.data.message }).toEqual({
          body,
          status: 400,
          message: expect.stringMatching(field),
        })
      }
      expect((await call("get", "/admin/message-templates")).data.count).toBe(0)
    })

    it("answers 400 for bad queries, updates and preview bodies", async () => {
      for (const [query, field] of [["limit=0", /limit/], ["channel=fax", /channel/], ["status=live", /status/], ["sort=name", /sort/]]) {
        const response = await call("get", `/admin/message-templates?${query}`)
        expect(response.status).toBe(400)
        expect(response.data.message).toMatch(field)
      }
      const template = await create(email)
      const url = `/admin/message-templates/${template.id}`
      for (const [body, field] of [
        [{}, /at least one field/],
        [{ channel: "sms" }, /channel/],
        [{ subject: null }, /subject is required for email templates/],
        [{ html: "{% for %}" }, /html /],
        [{ body: "hello" }, /body is not used by email templates/],
        [{ handle: "UPPER" }, /handle/],
      ] as const) {
        const response = await call("post", url, body)
        expect(response.status).toBe(400)
        expect(response.data.message).toMatch(field)
      }
      const preview = await call("post", `${url}/preview`, { customer_id: 42 })
      expect(preview.status).toBe(400)
      expect(preview.data.message).toMatch(/customer_id/)
      expect((await call("get", url)).data.message_template).toMatchObject({ subject: email.subject, html: email.html })
    })

    it("answers 404 for unknown templates, customers, carts and orders", async () => {
      expect((await call("get", "/admin/message-templates/jtpl_missing")).status).toBe(404)
      expect((await call("post", "/admin/message-templates/jtpl_missing", { name: "x" })).status).toBe(404)
      expect((await call("delete", "/admin/message-templates/jtpl_missing")).status).toBe(404)
      expect((await call("post", "/admin/message-templates/jtpl_missing/preview")).status).toBe(404)
      const template = await create(email)
      for (const [key, id, what] of [
        ["customer_id", "cus_missing", "Customer"],
        ["cart_id", "cart_missing", "Cart"],
        ["order_id", "order_missing", "Order"],
      ]) {
        const response = await call("post", `/admin/message-templates/${template.id}/preview`, { [key]: id })
        expect(response.status).toBe(404)
        expect(response.data.message).toBe(`${what} with id "${id}" was not found`)
      }
    })
  })

  describe("lifecycle", () => {
    it("replaces push data on update: a removed key is gone", async () => {
      const created = await create({ ...push, data: { url: "/a", campaign: "spring" } })
      const updated = await call("post", `/admin/message-templates/${created.id}`, { data: { url: "/b" } })
      expect(updated.data.message_template.data).toEqual({ url: "/b" })
      const again = await call("get", `/admin/message-templates/${created.id}`)
      expect(again.data.message_template.data).toEqual({ url: "/b" })
    })

    it("creates each channel, lists with filters and pages, reads, updates", async () => {
      const created = await create(email)
      expect(created).toMatchObject({ ...email, id: expect.stringMatching(/^jtpl_/), status: "draft", text: null })
      await create(sms)
      expect(await create(push)).toMatchObject({ status: "published", data: push.data })

      const all = await call("get", "/admin/message-templates?limit=2")
      expect(all.status).toBe(200)
      expect(all.data).toMatchObject({ count: 3, limit: 2, offset: 0 })
      expect(all.data.message_templates).toHaveLength(2)
      const handles = async (query: string) =>
        (await call("get", `/admin/message-templates?${query}`)).data.message_templates.map((t: any) => t.handle).sort()
      expect(await handles("channel=sms")).toEqual(["order-shipped-sms"])
      expect(await handles("channel[]=sms&channel[]=push")).toEqual(["order-shipped-sms", "win-back-push"])
      expect(await handles("status=published")).toEqual(["win-back-push"])
      expect(await handles("q=SHIPPED")).toEqual(["order-shipped-sms"]) // by name
      expect(await handles("q=win-back")).toEqual(["win-back-push"]) // by handle
      expect(await handles("q=%25")).toEqual([]) // a LIKE wildcard is taken literally
      expect((await call("get", "/admin/message-templates?offset=2")).data.message_templates).toHaveLength(1)

      expect((await call("get", `/admin/message-templates/${created.id}`)).data.message_template).toMatchObject(email)
      const updated = await call("post", `/admin/message-templates/${created.id}`, {
        handle: "cart-reminder",
        status: "published",
        text: "Hi {{ customer.first_name }}",
      })
      expect(updated.status).toBe(200)
      expect(updated.data.message_template).toMatchObject({
        ...email,
        handle: "cart-reminder",
        status: "published",
        text: "Hi {{ customer.first_name }}",
      })
      // Optional fields can be cleared.
      const cleared = await call("post", `/admin/message-templates/${created.id}`, { text: null })
      expect(cleared.data.message_template.text).toBeNull()
    })

    it("accepts a large email (inlined CSS) beyond the default body limit", async () => {
      const html = `<style>${".a{color:red}".repeat(20_000)}</style><p>{{ customer.first_name }}</p>`
      expect(html.length).toBeGreaterThan(200_000)
      expect((await create({ ...email, html })).html).toBe(html)
    })

    it("answers 409 for a taken handle, on create and update, and frees it on delete", async () => {
      const first = await create(email)
      const second = await create(sms)
      const duplicate = await call("post", "/admin/message-templates", { ...sms, handle: email.handle })
      expect(duplicate.status).toBe(409)
      expect(duplicate.data.message).toBe(`A message template with handle "${email.handle}" already exists`)
      const renamed = await call("post", `/admin/message-templates/${second.id}`, { handle: email.handle })
      expect(renamed.status).toBe(409)
      // Keeping one's own handle is no conflict.
      expect((await call("post", `/admin/message-templates/${first.id}`, { handle: email.handle, name: "Renamed" })).status).toBe(200)

      const deleted = await call("delete", `/admin/message-templates/${first.id}`)
      expect(deleted.data).toEqual({ id: first.id, object: "message_template", deleted: true })
      expect((await call("get", `/admin/message-templates/${first.id}`)).status).toBe(404)
      expect((await call("get", "/admin/message-templates")).data.count).toBe(1)
      await create(email)
    })

    it("keeps the unique index as the guarantee when two requests race past the check", async () => {
      await create(email)
      await expect(
        createWithoutCheck(getContainer()).run({ input: { ...email, channel: "email" } })
      ).rejects.toMatchObject({ type: "conflict", message: `A message template with handle "${email.handle}" already exists` })
      const [one, other] = await Promise.all([
        call("post", "/admin/message-templates", sms),
        call("post", "/admin/message-templates", sms),
      ])
      expect([one.status, other.status].sort()).toEqual([201, 409])
    })

    it("refuses to delete a template a draft, live or draining journey sends, naming the journeys", async () => {
      const first = await create({ ...email, status: "published" })
      const second = await create({ ...email, handle: "cart-reminder", status: "published" })
      const sending = (templateId: string) => ({
        schema_version: 1,
        trigger: { type: "customer_created" },
        settings: { reentry: "once", timezone: "Europe/Paris" },
        entry_node: "s1",
        nodes: [
          { id: "s1", type: "send", channel: "email", template_id: templateId },
          { id: "x1", type: "exit" },
        ],
        edges: [{ from: "s1", port: "next", to: "x1" }],
      })
      const remove = async (id: string) => {
        const response = await call("delete", `/admin/message-templates/${id}`)
        return [response.status, response.data.message]
      }
      const journey = (await call("post", "/admin/journeys", { name: "Welcome series", definition: sending(first.id) }))
        .data.journey
      expect(await remove(first.id)).toEqual([409, expect.stringMatching(/"Welcome series" \(version 1, draft\)/)])

      const published = await call("post", `/admin/journeys/${journey.id}/publish`)
      expect(published.status).toBe(200)
      expect(await remove(first.id)).toEqual([409, expect.stringMatching(/"Welcome series" \(version 1, published\)/)])
      // Someone inside version 1 keeps it draining (an empty drained version is archived by the engine).
      await getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE).createEnrollments({
        journey_id: journey.id,
        version_id: published.data.journey.published_version.id,
        customer_id: "cus_inside",
        status: "waiting",
        wake_at: new Date(Date.now() + 86_400_000),
        context: {},
        trigger_key: "inside",
        entered_at: new Date(),
      })

      // Version 2 sends the second template; version 1 drains: its customers may still get the first.
      await call("post", `/admin/journeys/${journey.id}/draft`, { definition: sending(second.id) })
      expect((await call("post", `/admin/journeys/${journey.id}/publish`, { mode: "drain" })).status).toBe(200)
      expect(await remove(first.id)).toEqual([409, expect.stringMatching(/"Welcome series" \(version 1, draining\)/)])
      expect(await remove(second.id)).toEqual([409, expect.stringMatching(/\(version 2, published\)/)])

      // A stopped version has nobody inside: nothing will send its template any more.
      expect((await call("post", `/admin/journeys/${journey.id}/stop`, { mode: "stop" })).status).toBe(200)
      expect(await remove(second.id)).toEqual([200, undefined])
      expect(await remove(first.id)).toEqual([409, expect.stringMatching(/draining/)])
    })
  })

  describe("preview", () => {
    async function store() {
      const container = getContainer()
      const seeded = await seedStore(container, { first_name: "<script>alert(1)</script>" })
      const cart = await createCart(container, seeded)
      const order = await createOrder(container, seeded)
      const { customer } = seeded
      return { customer, cart, order }
    }

    it("renders with a real customer, cart and order, escaping customer data in html only", async () => {
      const { customer, cart, order } = await store()
      const [{ name: storeName }] = await getContainer().resolve(Modules.STORE).listStores()
      const template = await create({
        ...email,
        subject: "{{ customer.first_name }} {{ customer.last_name }}",
        html:
          "<h1>Hi {{ customer.first_name }} {{ customer.last_name }}</h1>" +
          "{% for item in cart.items %}<li>{{ item.product_title }} × {{ item.quantity }} = {{ item.total }}</li>{% endfor %}" +
          "<p>Total {{ cart.total }} {{ cart.currency_code | upcase }}, to {{ cart.shipping_address.city }}</p>" +
          "<p>Order #{{ order.display_id }}: {{ order.items.size }} line, {{ order.total }}</p>" +
          "<p>{{ customer.addresses.first.city }} {{ event.name }}</p><p>{{ store.name }}</p>",
        text: "Hi {{ customer.first_name }}, {{ cart.items.first.product_title }}",
      })
      const response = await call("post", `/admin/message-templates/${template.id}/preview`, {
        customer_id: customer.id,
        cart_id: cart.id,
        order_id: order.id,
        data: { event: { name: "cart.updated" }, customer: { first_name: "ignored" } },
      })
      expect(response.status).toBe(200)
      const { preview, context } = response.data
      expect(preview).toEqual({
        channel: "email",
        subject: "<script>alert(1)</script> O'Hara",
        html:
          "<h1>Hi &lt;script&gt;alert(1)&lt;/script&gt; O&#39;Hara</h1>" +
          "<li>Yoga mat × 2 = 50</li>" +
          "<p>Total 50 EUR, to Paris</p>" +
          `<p>Order #${order.display_id}: 1 line, 50</p>` +
          "<p>Paris cart.updated</p>" +
          `<p>${escapeHtml(storeName)}</p>`,
        text: "Hi <script>alert(1)</script>, Yoga mat",
      })
      expect(context.customer).toMatchObject({ id: customer.id, email: "jane@example.com" })
      expect(context.order.display_id).toEqual(expect.any(Number))
    })

    it("takes the customer from the cart or the order, and renders SMS and push unescaped", async () => {
      const { cart, order } = await store()
      const smsTemplate = await create({ ...sms, body: "{{ customer.first_name }}: order {{ order.display_id }}" })
      const fromOrder = await call("post", `/admin/message-templates/${smsTemplate.id}/preview`, { order_id: order.id })
      expect(fromOrder.data.preview).toEqual({
        channel: "sms",
        body: `<script>alert(1)</script>: order ${order.display_id}`,
      })
      const pushTemplate = await create(push)
      const fromCart = await call("post", `/admin/message-templates/${pushTemplate.id}/preview`, { cart_id: cart.id })
      expect(fromCart.data.preview).toEqual({
        channel: "push",
        title: "We miss you",
        body: "Come back, <script>alert(1)</script>",
        data: { url: `/store?c=${cart.customer_id}` },
      })
      // Sample data alone works too, for a store with no customer yet.
      const sample = await call("post", `/admin/message-templates/${smsTemplate.id}/preview`, {
        data: { customer: { first_name: "Ann" }, order: { display_id: 7 } },
      })
      expect(sample.data.preview.body).toBe("Ann: order 7")
    })
  })
}
