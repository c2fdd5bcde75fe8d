import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import { email, event, journey, sms } from "../../src/engine"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import { adminSession } from "../helpers/admin-session"

export default ({ api, getContainer }: MedusaSuiteOptions) => {
  let session: { headers: Record<string, string> }
  const journeys = () => getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
  const call = (method: "get" | "post", url: string, body?: unknown) =>
    (method === "post" ? api.post(url, body ?? {}, session) : api.get(url, session)).catch((e: any) => e.response)

  beforeEach(async () => {
    session = await adminSession(api, getContainer())
  })

  async function templates() {
    return journeys().createMessageTemplates([
      { handle: "thanks", name: "Thanks", channel: "email", status: "published", subject: "Thanks {{ customer.first_name }}", html: "<p>Order {{ order.display_id }}</p>", text: "Order {{ order.display_id }}" },
      { handle: "cross-sell", name: "Cross-sell", channel: "sms", status: "published", body: "You may also like…" },
    ])
  }

  it("round-trips a journey built with the builder through export and import into an empty store", async () => {
    const [thanks, crossSell] = await templates()
    const { name, definition } = journey("Post-purchase")
      .trigger(event("order.placed"))
      .settings({ reentry: "multiple", timezone: "Europe/Paris" })
      .send(email(thanks.id, { category: "transactional" }))
      .wait("P2D")
      .frequencyCap({ tag: "cross-sell", max: 1, within: "P2D", capped: (path) => path.exit() })
      .send(sms(crossSell.id, { tag: "cross-sell" }))
      .build()
    const created = await call("post", "/admin/journeys", { name, description: "J+2 cross-sell", definition })
    await call("post", `/admin/journeys/${created.data.journey.id}/publish`)

    const exported = await call("get", `/admin/journeys/${created.data.journey.id}/export`)
    expect(exported.status).toBe(200)
    expect(exported.headers["content-disposition"]).toMatch(/attachment; filename="journey-jrny_/)
    const document = exported.data
    expect(document.templates.map((t: any) => t.handle)).toEqual(["cross-sell", "thanks"])
    expect(document.definition.nodes[0].template_id).toBe("thanks")

    // An empty store: nothing of the journey or its templates left.
    await journeys().deleteJourneys(created.data.journey.id)
    await journeys().deleteMessageTemplates([thanks.id, crossSell.id])

    const imported = await call("post", "/admin/journeys/import", document)
    expect(imported.status).toBe(201)
    expect(imported.data.journey).toMatchObject({ name: "Post-purchase", description: "J+2 cross-sell", status: "draft" })
    expect(imported.data.journey.draft.validation).toEqual({ valid: true, errors: [] })
    const published = await call("post", `/admin/journeys/${imported.data.journey.id}/publish`)
    expect(published.status).toBe(200)

    const again = await call("get", `/admin/journeys/${imported.data.journey.id}/export`)
    expect(again.data).toEqual(document)
    const storedTemplate = (await journeys().listMessageTemplates({ handle: "thanks" }))[0]
    expect(published.data.journey.published.definition.nodes[0].template_id).toBe(storedTemplate.id)
  })

  it("reuses templates the store already has, and refuses a handle used for another channel", async () => {
    const [thanks] = await templates()
    const definition = journey("J").trigger(event("order.placed")).send(email(thanks.id)).build().definition
    const created = await call("post", "/admin/journeys", { name: "J", definition })
    const document = (await call("get", `/admin/journeys/${created.data.journey.id}/export?version_id=${created.data.journey.draft.id}`)).data

    const copy = await call("post", "/admin/journeys/import", document)
    expect(copy.status).toBe(201)
    expect(copy.data.journey.draft.definition.nodes[0].template_id).toBe(thanks.id)
    expect(await journeys().listMessageTemplates({ handle: "thanks" })).toHaveLength(1)

    const clash = { ...document, templates: [{ ...document.templates[0], channel: "sms", body: "hi" }] }
    const refused = await call("post", "/admin/journeys/import", clash)
    expect(refused.status).toBe(409)
    expect(refused.data.message).toMatch(/"thanks" already exists for email/)
  })

  it("answers 400 with the field path for a malformed document and 404 for unknown journeys", async () => {
    const bad = await call("post", "/admin/journeys/import", {
      format: "medusa-plugin-journeys/journey",
      version: 1,
      journey: { name: "x" },
      definition: {},
      templates: [{ handle: "Not A Slug", name: "t", channel: "email" }],
    })
    expect(bad.status).toBe(400)
    expect(bad.data.message).toMatch(/template handle must be a lowercase slug/)
    expect((await call("post", "/admin/journeys/import", { format: "other" })).status).toBe(400)
    expect((await call("get", "/admin/journeys/jrny_missing/export")).status).toBe(404)
  })

  it("lists the gallery and installs every entry as a valid, publishable draft", async () => {
    const gallery = await call("get", "/admin/journeys/gallery")
    expect(gallery.status).toBe(200)
    expect(gallery.data.journeys.map((j: any) => j.key)).toEqual([
      "abandoned-cart",
      "post-purchase-j15",
      "welcome-series",
      "win-back-90",
      "browse-reengagement",
    ])
    for (const { key, definition, nodes } of gallery.data.journeys) {
      expect(definition.nodes).toHaveLength(nodes)
      const installed = await call("post", `/admin/journeys/gallery/${key}`)
      expect(installed.status).toBe(201)
      expect(installed.data.journey.draft.validation).toEqual({ valid: true, errors: [] })
      const published = await call("post", `/admin/journeys/${installed.data.journey.id}/publish`)
      expect(published.status).toBe(200)
    }
    // A second install reuses the templates.
    const before = (await journeys().listMessageTemplates({})).length
    expect((await call("post", "/admin/journeys/gallery/welcome-series")).status).toBe(201)
    expect((await journeys().listMessageTemplates({})).length).toBe(before)
    expect((await call("post", "/admin/journeys/gallery/nope")).status).toBe(404)
  })
}
