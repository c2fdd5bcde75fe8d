import {
  createCartWorkflow,
  createCustomersWorkflow,
  createProductCategoriesWorkflow,
  createProductsWorkflow,
} from "@medusajs/medusa/core-flows"
import { Modules } from "@medusajs/framework/utils"
import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import {
  dispatchOutboxWorkflow,
  executeEffectsWorkflow,
  handleCustomerEventsWorkflow,
  readSegmentsWorkflow,
} from "../../src/workflows"
import { randomUUID } from "node:crypto"
import { adminSession } from "../helpers/admin-session"
import { seedStore, type SeededStore } from "../helpers/store-data"
import { resetTestOutbox, sentNotifications } from "../providers/test-outbox"

const HOUR = 3_600_000
// The test app's journey option webhooks.resend_signing_secret (medusa-config.ts).
const RESEND_SECRET = "whsec_aW50ZWdyYXRpb24tdGVzdHMtcmVzZW5kLXNlY3JldA=="
const CLICKERS = 1_000
const GROUP = "High churn risk"

type Risk = "low" | "medium" | "high"

/**
 * S2 of SCENARIOS.md end to end: an audience of customers interested in the Exercise equipment
 * category (a product.viewed event of it, or one of its products in an open cart), read once at
 * publish and deduplicated by email; split by churn risk: high risk saved to a customer group,
 * low and medium sent an email enriched with their last viewed products and open cart; those who
 * click get an SMS or a push, 50/50.
 *
 * The read, the sends and the clicks run on a test clock the next day at 10:00 UTC (SMS quiet
 * hours end at 08:00): the every-minute jobs, on the real clock, find nothing due. A thousand
 * clickers are seeded set-based (the Customer Module's bulk create, the events' bulk insert) and
 * their clicks fed as the message.clicked events a provider's report becomes, in batches; the
 * named shoppers act through the APIs, Ada's click through the signed Resend webhook.
 */
export default ({ api, getContainer }: MedusaSuiteOptions) => {
  let session: { headers: Record<string, string> }
  let store: SeededStore
  const journeys = () => getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
  const post = (url: string, body: unknown = {}) => api.post(url, body, session).catch((e: any) => e.response)
  const later = (at: Date, ms: number) => new Date(at.getTime() + ms)

  /** Resend reporting a click on an email at `at` (its own clock), signed with Svix like Resend does. */
  async function resendClicked(emailId: string, at: Date) {
    const { Webhook } = await import("svix")
    const body = JSON.stringify({ type: "email.clicked", created_at: at.toISOString(), data: { email_id: emailId, click: { link: "https://shop.test/kettlebell" } } })
    const id = `msg_${randomUUID()}`
    const now = new Date()
    const headers = {
      "content-type": "application/json",
      "svix-id": id,
      "svix-timestamp": String(Math.floor(now.getTime() / 1000)),
      "svix-signature": new Webhook(RESEND_SECRET).sign(id, now, body),
    }
    return api.post("/hooks/journeys/resend", body, { headers, transformRequest: (b: string) => b }).catch((e: any) => e.response)
  }

  beforeEach(async () => {
    session = await adminSession(api, getContainer())
    store = await seedStore(getContainer())
    resetTestOutbox()
  })

  /** The Exercise equipment category with two products (the kettlebell's cheaper variant at 35 €), and a tent outside it. */
  async function catalogue() {
    const container = getContainer()
    const { result: [exercise, outdoor] } = await createProductCategoriesWorkflow(container).run({
      input: { product_categories: [{ name: "Exercise equipment", is_active: true }, { name: "Outdoor", is_active: true }] },
    })
    const product = (title: string, category: string, prices: number[]) => ({
      title,
      description: `The ${title.toLowerCase()} our customers love`,
      thumbnail: `https://cdn.shop.test/${title.toLowerCase().replace(/ /g, "-")}.png`,
      status: "published" as const,
      category_ids: [category],
      options: [{ title: "Size", values: prices.map((_, i) => `S${i}`) }],
      variants: prices.map((amount, i) => ({
        title: `S${i}`, options: { Size: `S${i}` }, manage_inventory: false, prices: [{ amount, currency_code: "eur" }],
      })),
      sales_channels: [{ id: store.channel.id }],
    })
    const { result: [kettlebell, rower, tent] } = await createProductsWorkflow(container).run({
      input: {
        products: [
          product("Kettlebell", exercise.id, [40, 35]),
          product("Rowing machine", exercise.id, [500]),
          product("Tent", outdoor.id, [120]),
        ],
      },
    })
    const category = new Map([[kettlebell.id, exercise.id], [rower.id, exercise.id], [tent.id, outdoor.id]])
    /** A product.viewed event's data, as a storefront sends it. */
    const viewed = (product: { id: string }) => ({ product_id: product.id, category_id: category.get(product.id) })
    return { exercise, kettlebell, rower, tent, viewed }
  }

  type Catalogue = Awaited<ReturnType<typeof catalogue>>

  /** The four templates and the S2 journey on the segment, created and published through the admin API. */
  async function s2Journey(segmentId: string) {
    const templates = {
      email: await journeys().createMessageTemplates({
        handle: "s2-email", name: "We miss you", channel: "email", status: "published",
        subject: "{{ customer.first_name }}, still thinking about it?",
        html: [
          "{% for p in viewed_products %}<div class=\"product\"><img src=\"{{ p.thumbnail }}\"><h2>{{ p.title }}</h2>",
          "<p>{{ p.description }}</p><p class=\"price\">{{ p.price }} {{ p.currency_code | upcase }}</p></div>{% endfor %}",
          "{% if open_cart %}<p class=\"cart\">In your cart:{% for item in open_cart.items %} {{ item.product_title }} × {{ item.quantity }}{% endfor %}</p>{% endif %}",
        ].join(""),
      }),
      sms: await journeys().createMessageTemplates({
        handle: "s2-sms", name: "Follow-up SMS", channel: "sms", status: "published",
        body: "Hi {{ customer.first_name }}, {% for p in viewed_products limit: 1 %}the {{ p.title }}{% endfor %} is waiting for you",
      }),
      push: await journeys().createMessageTemplates({
        handle: "s2-push", name: "Follow-up push", channel: "push", status: "published",
        title: "{{ customer.first_name }}, still in stock", body: "{% for p in viewed_products limit: 1 %}{{ p.title }}{% endfor %}",
      }),
    }
    const created = await post("/admin/journeys", {
      name: "S2 re-engagement",
      definition: {
        schema_version: 1,
        trigger: { type: "segment", segment_id: segmentId, dedupe_by_email: true },
        settings: { reentry: "once", timezone: "UTC" },
        entry_node: "risk",
        nodes: [
          {
            id: "risk", type: "condition",
            branches: [
              { port: "high", where: { field: "customer.metadata.churn_risk", op: "eq", value: "high" } },
              { port: "low_medium", where: { field: "customer.metadata.churn_risk", op: "in", value: ["low", "medium"] } },
            ],
          },
          { id: "save", type: "update_customer", add_to_group_named: GROUP },
          { id: "email", type: "send", channel: "email", template_id: templates.email.id, tag: "s2-email", enrich: ["viewed_products", "open_cart"] },
          {
            id: "clicked", type: "wait_for_event", timeout: "P3D",
            events: [{ port: "clicked", event: "message.clicked", where: { field: "event.tag", op: "eq", value: "s2-email" } }],
          },
          { id: "split", type: "random_split", branches: [{ port: "sms", percent: 50 }, { port: "push", percent: 50 }] },
          { id: "sms", type: "send", channel: "sms", template_id: templates.sms.id, enrich: ["viewed_products"] },
          { id: "push", type: "send", channel: "push", template_id: templates.push.id, enrich: ["viewed_products"] },
          { id: "saved", type: "exit" },
          { id: "unknown_risk", type: "exit" },
          { id: "silent", type: "exit" },
          { id: "followed_up", type: "exit" },
        ],
        edges: [
          { from: "risk", port: "high", to: "save" },
          { from: "risk", port: "low_medium", to: "email" },
          { from: "risk", port: "else", to: "unknown_risk" },
          { from: "save", port: "next", to: "saved" },
          { from: "email", port: "next", to: "clicked" },
          { from: "clicked", port: "clicked", to: "split" },
          { from: "clicked", port: "timeout", to: "silent" },
          { from: "split", port: "sms", to: "sms" },
          { from: "split", port: "push", to: "push" },
          { from: "sms", port: "next", to: "followed_up" },
          { from: "push", port: "next", to: "followed_up" },
        ],
      },
    })
    expect(created.status).toBe(201)
    const journeyId = created.data.journey.id as string
    expect((await post(`/admin/journeys/${journeyId}/publish`)).status).toBe(200)
    return { journeyId, templates }
  }

  /**
   * The crowd, set-based: `CLICKERS` low or medium risk customers who viewed the kettlebell or the
   * rower (alternately), with a phone and a push device; 20 high risk ones who viewed the rower;
   * 20 high risk and 20 low risk ones outside the audience (no view; a view of the tent).
   */
  async function crowd({ kettlebell, rower, tent, viewed }: Catalogue) {
    const person = (kind: string, i: number, churn_risk: Risk) => ({
      email: `${kind}-${i}@example.com`, first_name: `${kind[0].toUpperCase()}${kind.slice(1)}${i}`,
      phone: `+1555${String(i).padStart(7, "0")}`, metadata: { churn_risk, kind },
    })
    const created = await getContainer().resolve(Modules.CUSTOMER).createCustomers([
      ...Array.from({ length: CLICKERS }, (_, i) => person("clicker", i, i % 2 ? "medium" : "low")),
      ...Array.from({ length: 20 }, (_, i) => person("risky", i, "high")),
      ...Array.from({ length: 20 }, (_, i) => person("quiet", i, "high")),
      ...Array.from({ length: 20 }, (_, i) => person("camper", i, "low")),
    ])
    const of = (kind: string) => created.filter((c) => c.metadata?.kind === kind)
    const clickers = of("clicker")
    const product = new Map(clickers.map((c, i) => [c.id, i % 2 ? rower : kettlebell]))
    const at = new Date(Date.now() - HOUR)
    await journeys().createJourneyEvents([
      ...clickers.map((c) => ({ name: "product.viewed", customer_id: c.id, occurred_at: at, data: viewed(product.get(c.id)!) })),
      ...of("risky").map((c) => ({ name: "product.viewed", customer_id: c.id, occurred_at: at, data: viewed(rower) })),
      ...of("camper").map((c) => ({ name: "product.viewed", customer_id: c.id, occurred_at: at, data: viewed(tent) })),
    ])
    await journeys().createPushDevices(
      clickers.map((c) => ({ customer_id: c.id, token: `fcm-${c.id}`, platform: "ios" as const, last_seen_at: at }))
    )
    return { clickers, product, risky: of("risky"), quiet: of("quiet"), campers: of("camper") }
  }

  it("S2: an audience of interest, deduplicated by email, saved or emailed by churn risk, clickers followed up 50/50", async () => {
    const container = getContainer()
    const shop = await catalogue()
    const { exercise, kettlebell, rower, tent, viewed } = shop

    // Named shoppers: Sam shopped as a guest, then made an account with the same address.
    const { result: named } = await createCustomersWorkflow(container).run({
      input: {
        customersData: [
          { first_name: "Ada", email: "ada@example.com", phone: "+33600000001", metadata: { churn_risk: "low" } },
          { first_name: "Ben", email: "ben@example.com", metadata: { churn_risk: "medium" } },
          { first_name: "Cleo", email: "cleo@example.com", metadata: { churn_risk: "high" } },
          { first_name: "Sam", email: "sam@example.com", has_account: false, metadata: { churn_risk: "low" } },
          { first_name: "Sam", email: "SAM@example.com", has_account: true, metadata: { churn_risk: "low" } },
          { first_name: "Dan", email: "dan@example.com", metadata: { churn_risk: "low" } },
        ],
      },
    })
    const [ada, ben, cleo, samGuest, samAccount, dan] = named
    await journeys().createPushDevices([{ customer_id: ada.id, token: "fcm-ada", platform: "ios", last_seen_at: new Date() }])

    // Views through the plugin's event API: Ada the kettlebell, the rower, the kettlebell again
    // (newest first, once each), Cleo and both Sams the rower, Dan only the tent.
    const views: [{ id: string }, { id: string }][] = [
      [ada, kettlebell], [ada, rower], [ada, kettlebell], [cleo, rower], [samGuest, rower], [samAccount, rower], [dan, tent],
    ]
    for (const [i, [customer, product]] of views.entries()) {
      const sent = await post("/admin/journeys/events", {
        name: "product.viewed", customer_id: customer.id, id: `view-${i}`, data: viewed(product),
      })
      expect(sent.status).toBe(200)
    }
    // Ben viewed nothing: a rowing machine sits in his open cart.
    await createCartWorkflow(container).run({
      input: {
        region_id: store.region.id, sales_channel_id: store.channel.id, customer_id: ben.id, email: ben.email!,
        currency_code: "eur", items: [{ variant_id: rower.variants[0].id, quantity: 1 }],
      },
    })
    const { clickers, product, risky, quiet, campers } = await crowd(shop)

    // The audience, built through the admin API: views of the category, or one of its products in an open cart.
    const rule = {
      any: [
        { event: "product.viewed", where: { field: "data.category_id", op: "eq", value: exercise.id } },
        { field: "cart.category_ids", op: "contains", value: exercise.id },
      ],
    }
    const members = [ada, ben, cleo, samGuest, samAccount, ...clickers, ...risky]
    const preview = await post("/admin/journeys/segments/preview", { rule })
    expect(preview.data).toMatchObject({ valid: true, count: members.length })
    const segment = await post("/admin/journeys/segments", { name: "Exercise equipment fans", rule })
    expect(segment.status).toBe(201)
    const { journeyId, templates } = await s2Journey(segment.data.segment.id)

    // The read at publish, on the test clock: every member enters once per email address.
    const now = new Date()
    const clock = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 10))
    const read = await readSegmentsWorkflow(container).run({ input: { now: clock.toISOString(), batch_size: 500 } })
    expect(read.result.entered).toBe(members.length - 1)
    const enrolled = await journeys().listEnrollments({ journey_id: journeyId }, { select: ["customer_id", "current_node", "status"], take: 10_000 })
    const enrolledIds = new Set(enrolled.map((e) => e.customer_id))
    expect(enrolledIds.has(samGuest.id) !== enrolledIds.has(samAccount.id)).toBe(true)
    for (const outsider of [dan, ...quiet, ...campers]) expect(enrolledIds.has(outsider.id)).toBe(false)

    // High risk: saved to the group, created on the way, nothing sent.
    expect(await executeEffectsWorkflow(container).run({ input: { now: clock.toISOString() } }).then((r) => r.result)).toMatchObject({
      done: 1 + risky.length, failed: 0,
    })
    const [group] = await container.resolve(Modules.CUSTOMER).listCustomerGroups({ name: GROUP }, { relations: ["customers"] })
    expect(group.customers!.map((c) => c.id).sort()).toEqual([cleo, ...risky].map((c) => c.id).sort())

    // Low and medium: one email each, enriched with their own products.
    const dispatched = await dispatchOutboxWorkflow(container).run({ input: { now: clock.toISOString() } })
    const emailed = [ada, ben, ...clickers].length + 1
    expect(dispatched.result).toMatchObject({ sent: emailed, failed: 0, skipped: 0 })
    const emails = sentNotifications.filter((n) => n.channel === "email")
    const perAddress = new Map<string, number>()
    for (const n of emails) perAddress.set(n.to.toLowerCase(), (perAddress.get(n.to.toLowerCase()) ?? 0) + 1)
    expect(perAddress.size).toBe(emailed)
    expect([...perAddress.values()].every((count) => count === 1)).toBe(true)
    expect(perAddress.has("cleo@example.com")).toBe(false)
    const emailMessages = await journeys().listMessages({ journey_id: journeyId, node_id: "email" }, { select: ["customer_id"], take: 10_000 })
    expect(new Set(emailMessages.map((m) => m.customer_id)).size).toBe(emailMessages.length)

    const html = (address: string) => (emails.find((n) => n.to.toLowerCase() === address)!.content as { html: string }).html
    expect(html("ada@example.com")).toContain(
      '<h2>Kettlebell</h2><p>The kettlebell our customers love</p><p class="price">35 EUR</p></div>' +
        '<div class="product"><img src="https://cdn.shop.test/rowing-machine.png"><h2>Rowing machine</h2>'
    )
    expect(html("ada@example.com")).not.toContain("In your cart")
    expect(html("ben@example.com")).toContain('<p class="cart">In your cart: Rowing machine × 1</p>')
    expect(html("ben@example.com")).not.toContain('class="product"')
    // The template's preview with Ada loads the same enrichments (all of them: a template knows no node).
    const adaPreview = await post(`/admin/message-templates/${templates.email.id}/preview`, { customer_id: ada.id })
    expect(adaPreview.data.preview.html).toBe(html("ada@example.com").split("\n")[0])
    expect(adaPreview.data.context.viewed_products.map((p: { title: string; price: number }) => [p.title, p.price])).toEqual([
      ["Kettlebell", 35], ["Rowing machine", 500],
    ])
    for (const clicker of clickers) {
      const shown = html(clicker.email)
      const own = product.get(clicker.id)!
      expect([clicker.email, shown.includes(`<h2>${own.title}</h2>`), shown.includes(own === rower ? "Kettlebell" : "Rowing")]).toEqual([
        clicker.email, true, false,
      ])
    }

    // A thousand and one clicks an hour later: Ada's reported by Resend's webhook, the crowd's as
    // the message.clicked events such reports become (the recording step's shape), 250 at a time.
    const clickedAt = later(clock, HOUR)
    const sentEmails = new Map(
      (await journeys().listMessages({ journey_id: journeyId, node_id: "email" }, { take: 10_000 })).map((m) => [m.customer_id!, m])
    )
    expect((await resendClicked(sentEmails.get(ada.id)!.provider_message_id!, clickedAt)).data).toEqual({ type: "email.clicked", recorded: true })
    const click = (m: NonNullable<ReturnType<typeof sentEmails.get>>) => ({
      id: `message.clicked:${m.id}`, name: "message.clicked", customer_id: m.customer_id, email: m.recipient,
      data: { message_id: m.id, channel: m.channel, journey_id: m.journey_id, node_id: m.node_id, tag: m.tag },
      context: {}, occurred_at: clickedAt.toISOString(),
    })
    for (let i = 0; i < clickers.length; i += 250) {
      const events = clickers.slice(i, i + 250).map((c) => click(sentEmails.get(c.id)!))
      const { result } = await handleCustomerEventsWorkflow(container).run({ input: { events } })
      expect(result.every((outcome) => outcome.reacted.length === 1)).toBe(true)
    }
    const clicking = [ada, ...clickers]
    const followUps = await dispatchOutboxWorkflow(container).run({ input: { now: clickedAt.toISOString() } })
    expect(followUps.result).toMatchObject({ sent: clicking.length, failed: 0, skipped: 0, deferred: 0 })

    // Each clicker got exactly one follow-up, SMS or push, about 50/50, with their name and product.
    const messages = await journeys().listMessages(
      { journey_id: journeyId, node_id: ["sms", "push"] }, { select: ["customer_id", "node_id"], take: 10_000 }
    )
    expect(messages.map((m) => m.customer_id).sort()).toEqual(clicking.map((c) => c.id).sort())
    const smsShare = messages.filter((m) => m.node_id === "sms").length / messages.length
    expect(Math.abs(smsShare - 0.5)).toBeLessThanOrEqual(0.05)
    const followUp = new Map(sentNotifications.filter((n) => n.channel !== "email").map((n) => [n.to, n]))
    for (const clicker of clickers) {
      const name = clicker.first_name!
      const title = product.get(clicker.id)!.title
      const sms = followUp.get(clicker.phone!)
      const push = followUp.get(clicker.id)
      expect(!!sms !== !!push).toBe(true)
      if (sms) expect(sms.content?.text).toBe(`Hi ${name}, the ${title} is waiting for you`)
      if (push) expect([push.content?.subject, push.content?.text]).toEqual([`${name}, still in stock`, title])
    }
    const adaFollowUp = followUp.get(ada.phone!) ?? followUp.get(ada.id)!
    expect(adaFollowUp.content?.text).toMatch(/Kettlebell/)
    expect(adaFollowUp.template).toBe(adaFollowUp.channel === "sms" ? templates.sms.id : templates.push.id)

    // Ben and Sam did not click: still waiting, nothing more sent to them.
    const waiting = await journeys().listEnrollments({ journey_id: journeyId, status: "waiting" }, { select: ["customer_id"], take: 10 })
    expect(waiting.map((e) => e.customer_id).sort()).toEqual([ben.id, enrolledIds.has(samGuest.id) ? samGuest.id : samAccount.id].sort())
  })
}
