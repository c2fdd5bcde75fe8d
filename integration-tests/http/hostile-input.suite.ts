import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import { email, event, journey } from "../../src/engine"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import { adminSession } from "../helpers/admin-session"
import { seedStore, storeShopper } from "../helpers/store-data"

/**
 * Deep values travel as JSON text, spliced into the body where it holds the `Deep` marker: the
 * test process's own JSON.stringify overflows on them, as the server's workflows did.
 */
class Deep {
  constructor(readonly json: string) {}
  toJSON() {
    return `__deep_${deepValues.push(this.json) - 1}__`
  }
}
const deepValues: string[] = []
const serialize = (body: unknown) => JSON.stringify(body).replace(/"__deep_(\d+)__"/g, (_, i) => deepValues[Number(i)])

/** `{ not: { not: … { field } } }` nested `levels` deep: about 35 KB at 5,000, under the 100 KB body limit. */
const deepRule = (levels: number) =>
  new Deep(`${'{"not":'.repeat(levels)}{"field":"customer.email","op":"exists"}${"}".repeat(levels)}`)

/** `[[[…]]]` nested `levels` deep. */
const deepArray = (levels: number) => new Deep(`${"[".repeat(levels + 1)}${"]".repeat(levels + 1)}`)

/** A path of `levels` repetitions, as the error names it. */
const repeated = (part: string, levels: number) => part.repeat(levels)

export default ({ api, getContainer }: MedusaSuiteOptions) => {
  let session: { headers: Record<string, string> }
  const journeys = () => getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
  // Serialized here: axios merges plain-object bodies recursively, and overflows on deep ones.
  const post = (url: string, body: unknown, headers = session.headers) =>
    api
      .post(url, serialize(body), { headers: { ...headers, "content-type": "application/json" }, maxBodyLength: Infinity })
      .catch((e: any) => e.response)
  const get = (url: string) => api.get(url, { ...session, maxContentLength: Infinity }).catch((e: any) => e.response)

  beforeEach(async () => {
    session = await adminSession(api, getContainer())
  })

  function definitionWith(patch: { where?: unknown; settings?: Record<string, unknown> }) {
    const { definition } = journey("Deep").trigger(event("order.placed")).send(email("jtpl_x")).build()
    return {
      ...definition,
      trigger: { ...definition.trigger, ...(patch.where ? { where: patch.where } : {}) },
      settings: { ...definition.settings, ...patch.settings },
    }
  }

  const ruleTooDeep = `definition.trigger.where${repeated(".not", 62)} is nested more than 64 levels deep`
  const arrayTooDeep = `definition.settings.bad${repeated("[0]", 62)} is nested more than 64 levels deep`

  it("answers 400 naming the path to a definition nested 5,000 levels deep, on every route that takes one, and stays healthy", async () => {
    const created = await post("/admin/journeys", { name: "Shallow" })
    const id = created.data.journey.id
    const deep = definitionWith({ where: deepRule(5000) })
    const wide = definitionWith({ settings: { bad: deepArray(20_000) } })
    for (const [definition, message] of [[deep, ruleTooDeep], [wide, arrayTooDeep]] as const) {
      for (const [url, body] of [
        ["/admin/journeys", { name: "Deep", definition }],
        [`/admin/journeys/${id}/draft`, { definition }],
        [`/admin/journeys/${id}/validate`, { definition }],
      ] as const) {
        const response = await post(url, body)
        expect([url, response.status, response.data.message]).toEqual([url, 400, `Invalid request: ${message}`])
      }
    }
    // Nothing was written, and the server answers as before.
    const list = await get("/admin/journeys")
    expect(list.status).toBe(200)
    expect(list.data.journeys.map((j: { name: string }) => j.name)).toEqual(["Shallow"])
    expect((await get(`/admin/journeys/${id}`)).data.journey.draft).toBeNull()
  })

  it("accepts a definition nested up to the limit and leaves the rest to the validator", async () => {
    // 61 `not` levels put the innermost rule at depth 63 of the definition: the deepest allowed.
    const created = await post("/admin/journeys", { name: "At the limit", definition: definitionWith({ where: deepRule(61) }) })
    expect(created.status).toBe(201)
    expect(created.data.journey.draft.validation.errors).not.toContainEqual(expect.objectContaining({ message: expect.stringMatching(/nested/) }))
    const over = await post("/admin/journeys", { name: "Over", definition: definitionWith({ where: deepRule(62) }) })
    expect(over.status).toBe(400)
    expect(over.data.message).toBe(`Invalid request: ${ruleTooDeep}`)
  })

  it("answers 400 with the path for deep import documents, event data and preview data", async () => {
    const document = {
      format: "medusa-plugin-journeys/journey",
      version: 1,
      journey: { name: "Deep" },
      definition: definitionWith({ where: deepRule(5000) }),
      templates: [],
    }
    const imported = await post("/admin/journeys/import", document)
    expect(imported.status).toBe(400)
    expect(imported.data.message).toBe(`Invalid request: ${ruleTooDeep}`)
    const template = { handle: "deep", name: "Deep", channel: "push", title: "t", body: "b", data: { nested: deepArray(5000) } }
    const deepTemplate = await post("/admin/journeys/import", { ...document, definition: definitionWith({}), templates: [template] })
    expect(deepTemplate.status).toBe(400)
    expect(deepTemplate.data.message).toBe(`Invalid request: templates[0].data.nested${repeated("[0]", 61)} is nested more than 64 levels deep`)

    const data = { list: deepArray(20_000) }
    const eventTooDeep = `Invalid request: data.list${repeated("[0]", 63)} is nested more than 64 levels deep`
    const adminEvent = await post("/admin/journeys/events", { name: "product.viewed", email: "jane@example.com", data })
    expect([adminEvent.status, adminEvent.data.message]).toEqual([400, eventTooDeep])

    const { channel } = await seedStore(getContainer())
    const { shopper } = await storeShopper(api, getContainer(), channel.id)
    const storeEvent = await post("/store/journeys/events", { name: "product.viewed", data }, shopper)
    expect([storeEvent.status, storeEvent.data.message]).toEqual([400, eventTooDeep])

    const [sms] = await journeys().createMessageTemplates([{ handle: "hi", name: "Hi", channel: "sms", body: "Hi" }])
    const preview = await post(`/admin/message-templates/${sms.id}/preview`, { data })
    expect([preview.status, preview.data.message]).toEqual([400, eventTooDeep])

    expect(await journeys().listJourneys()).toEqual([])
    expect((await get("/admin/journeys/status")).status).toBe(200)
  })

  it("exports and imports a journey whose email template is 1 MB into an empty store, unchanged", async () => {
    // Real email HTML: inlined styles and markup far over the default 100 KB body limit.
    const row = `<tr><td style="padding:8px;font-family:Helvetica,Arial,sans-serif;color:#333">{{ customer.first_name }}, item ${"x".repeat(60)}</td></tr>\n`
    const html = `<table>${row.repeat(Math.ceil(1024 * 1024 / row.length))}</table>`
    expect(html.length).toBeGreaterThan(1024 * 1024)
    const created = await post("/admin/message-templates", { handle: "big-mail", name: "Big", channel: "email", status: "published", subject: "Hi", html })
    expect(created.status).toBe(201)
    const { definition } = journey("Big mail").trigger(event("order.placed")).send(email(created.data.message_template.id)).build()
    const journeyId = (await post("/admin/journeys", { name: "Big mail", definition })).data.journey.id

    const exported = await get(`/admin/journeys/${journeyId}/export`)
    expect(exported.status).toBe(200)
    await journeys().deleteJourneys(journeyId)
    await journeys().deleteMessageTemplates(created.data.message_template.id)

    const imported = await post("/admin/journeys/import", exported.data)
    expect(imported.status).toBe(201)
    const [stored] = await journeys().listMessageTemplates({ handle: "big-mail" })
    expect(stored.html).toBe(html)
    expect((await get(`/admin/journeys/${imported.data.journey.id}/export`)).data).toEqual(exported.data)
  })

  it("refuses to export a document larger than import accepts, saying why", async () => {
    // Thirteen templates of nearly 2 MB, the most the template routes take each: over 25 MB.
    const html = "<p>" + "a".repeat(2 * 1024 * 1024 - 1024) + "</p>"
    const templates = await journeys().createMessageTemplates(
      Array.from({ length: 13 }, (_, i) => ({ handle: `huge-${i}`, name: `Huge ${i}`, channel: "email" as const, status: "published" as const, subject: "Hi", html }))
    )
    let builder = journey("Huge").trigger(event("order.placed"))
    for (const template of templates) builder = builder.send(email(template.id))
    const journeyId = (await post("/admin/journeys", { name: "Huge", definition: builder.build().definition })).data.journey.id
    const exported = await get(`/admin/journeys/${journeyId}/export`)
    expect(exported.status).toBe(400)
    expect(exported.data.message).toMatch(/^This journey's document would be 26\.\d MB, over the 25\.0 MB that import accepts/)
  })
}
