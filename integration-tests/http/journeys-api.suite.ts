import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import { adminSession } from "../helpers/admin-session"

const welcome = (templateId: string, waitFor = "P1D") => ({
  schema_version: 1,
  trigger: { type: "customer_created" },
  settings: { reentry: "once", timezone: "Europe/Paris" },
  entry_node: "s1",
  nodes: [
    { id: "s1", type: "send", channel: "email", template_id: templateId },
    { id: "w1", type: "wait", duration: waitFor },
    { id: "x1", type: "exit" },
  ],
  edges: [
    { from: "s1", port: "next", to: "w1" },
    { from: "w1", port: "next", to: "x1" },
  ],
})

export default ({ api, getContainer }: MedusaSuiteOptions) => {
  let session: { headers: Record<string, string> }
  let templateId: string
  const journeys = () => getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
  const call = (method: "get" | "post" | "delete", url: string, body?: unknown) =>
    (method === "post" ? api.post(url, body ?? {}, session) : api[method](url, session)).catch(
      (e: any) => e.response
    )

  beforeEach(async () => {
    session = await adminSession(api, getContainer())
    const template = await journeys().createMessageTemplates({
      handle: "welcome",
      name: "Welcome",
      channel: "email",
      status: "published",
      subject: "Welcome {{ customer.first_name }}",
      html: "<p>Hello</p>",
    })
    templateId = template.id
  })

  async function createJourney(body: Record<string, unknown> = { name: "Welcome series" }) {
    const response = await call("post", "/admin/journeys", body)
    expect(response.status).toBe(201)
    return response.data.journey
  }

  async function enroll(journeyId: string, versionId: string, key: string, status = "waiting") {
    return journeys().createEnrollments({
      journey_id: journeyId,
      version_id: versionId,
      customer_id: `cus_${key}`,
      status: status as "waiting",
      wake_at: new Date(Date.now() + 86_400_000),
      context: {},
      trigger_key: key,
      entry_guard: `cus_${key}`,
      entered_at: new Date(),
    })
  }

  describe("authentication", () => {
    it.each([
      ["get", "/admin/journeys"],
      ["post", "/admin/journeys"],
      ["get", "/admin/journeys/jrny_1"],
      ["post", "/admin/journeys/jrny_1/publish"],
    ])("refuses %s %s without a session", async (method, url) => {
      const response = await (method === "get" ? api.get(url) : api.post(url, {})).catch((e: any) => e.response)
      expect(response.status).toBe(401)
    })
  })

  describe("bad input", () => {
    it.each([
      [{}, /name/],
      [{ name: 42 }, /name/],
      [{ name: "  " }, /name/],
      [{ name: "A", definition: "nope" }, /definition/],
      [{ name: "A", colour: "red" }, /colour/],
    ])("answers 400 naming the field for %j", async (body, field) => {
      const response = await call("post", "/admin/journeys", body)
      expect(response.status).toBe(400)
      expect(response.data.message).toMatch(field)
    })

    it("answers 400 for a bad query and a bad publish mode", async () => {
      expect((await call("get", "/admin/journeys?limit=0")).status).toBe(400)
      expect((await call("get", "/admin/journeys?status=running")).status).toBe(400)
      const journey = await createJourney()
      const response = await call("post", `/admin/journeys/${journey.id}/publish`, { mode: "later" })
      expect(response.status).toBe(400)
      expect(response.data.message).toMatch(/mode/)
    })

    it("answers 404 for unknown journeys and versions", async () => {
      expect((await call("get", "/admin/journeys/jrny_missing")).status).toBe(404)
      expect((await call("post", "/admin/journeys/jrny_missing", { name: "x" })).status).toBe(404)
      expect((await call("post", "/admin/journeys/jrny_missing/draft", { definition: {} })).status).toBe(404)
      expect((await call("delete", "/admin/journeys/jrny_missing")).status).toBe(404)
      const journey = await createJourney()
      const revert = await call("post", `/admin/journeys/${journey.id}/versions/jver_missing/revert`)
      expect(revert.status).toBe(404)
    })
  })

  describe("lifecycle", () => {
    it("creates, lists with counts and filters, renames", async () => {
      const a = await createJourney({ name: "Abandoned cart", description: "1h / 24h / 72h" })
      const b = await createJourney({ name: "Welcome", definition: welcome(templateId) })
      expect(a).toMatchObject({ status: "draft", draft_version: null, published_version: null })
      expect(b.draft_version).toMatchObject({ number: 1, status: "draft" })
      expect(b.draft.validation).toEqual({ valid: true, errors: [] })

      const list = await call("get", "/admin/journeys?limit=1")
      expect(list.status).toBe(200)
      expect(list.data).toMatchObject({ count: 2, limit: 1, offset: 0 })
      expect(list.data.journeys).toHaveLength(1)
      expect(list.data.journeys[0].counts).toEqual({ entered: 0, in_progress: 0, completed: 0, exited: 0, converted: 0 })

      const renamed = await call("post", `/admin/journeys/${a.id}`, { name: "Cart recovery" })
      expect(renamed.data.journey.name).toBe("Cart recovery")
      expect(renamed.data.journey.description).toBe("1h / 24h / 72h")
    })

    it("saves an invalid draft but refuses to publish it, with the validator's errors", async () => {
      const journey = await createJourney()
      const broken = welcome("jtpl_unknown", "soon")
      const saved = await call("post", `/admin/journeys/${journey.id}/draft`, { definition: broken })
      expect(saved.status).toBe(200)
      expect(saved.data.journey.draft.validation.valid).toBe(false)

      const validation = await call("post", `/admin/journeys/${journey.id}/validate`)
      expect(validation.data.valid).toBe(false)
      expect(validation.data.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ node_id: "w1", path: "nodes[1].duration" }),
          expect.objectContaining({ node_id: "s1", path: "nodes[0].template_id" }),
        ])
      )

      const publish = await call("post", `/admin/journeys/${journey.id}/publish`)
      expect(publish.status).toBe(409)
      expect(publish.data.errors).toEqual(validation.data.errors)
      expect((await call("get", `/admin/journeys/${journey.id}`)).data.journey.status).toBe("draft")

      // Unsaved editor state can be validated too.
      const unsaved = await call("post", `/admin/journeys/${journey.id}/validate`, { definition: welcome(templateId) })
      expect(unsaved.data).toEqual({ valid: true, errors: [] })

      // A webhook body's Liquid is checked here, not when the first customer reaches the node.
      const hooked = welcome(templateId)
      hooked.nodes[1] = { id: "h1", type: "webhook", url: "https://example.com/hook", body: '{"id": {{ customer.id }' } as never
      hooked.edges = [
        { from: "s1", port: "next", to: "h1" },
        { from: "h1", port: "next", to: "x1" },
      ]
      const badBody = await call("post", `/admin/journeys/${journey.id}/validate`, { definition: hooked })
      expect(badBody.data.errors).toEqual([
        expect.objectContaining({ node_id: "h1", path: "nodes[1].body", message: expect.stringMatching(/^Webhook "h1": body is not valid Liquid/) }),
      ])
    })

    it("stores exactly the saved draft: keys removed from a definition are gone", async () => {
      const withGoal = { ...welcome(templateId), settings: { reentry: "once", timezone: "UTC", goal: { event: "order.placed" } } }
      const journey = await createJourney({ name: "Goal", definition: withGoal })
      const withoutGoal = { ...welcome(templateId), settings: { reentry: "once", timezone: "UTC" } }
      const saved = await call("post", `/admin/journeys/${journey.id}/draft`, { definition: withoutGoal })
      expect(saved.data.journey.draft.definition).toEqual(withoutGoal)
      const [stored] = await journeys().listJourneyVersions({ journey_id: journey.id })
      expect(stored.definition).toEqual(withoutGoal)
    })

    it("refuses to publish with an unpublished template", async () => {
      const draftTemplate = await journeys().createMessageTemplates({
        handle: "draft-one",
        name: "Draft",
        channel: "email",
        subject: "s",
        html: "h",
      })
      const journey = await createJourney({ name: "J", definition: welcome(draftTemplate.id) })
      const publish = await call("post", `/admin/journeys/${journey.id}/publish`)
      expect(publish.status).toBe(409)
      expect(publish.data.errors[0]).toMatchObject({ node_id: "s1", path: "nodes[0].template_id" })
      expect(publish.data.errors[0].message).toMatch(/not published/)
    })

    it("publishes, drafts a new version, drains or stops the old one, keeps history, reverts", async () => {
      const journey = await createJourney({ name: "Welcome", definition: welcome(templateId) })
      const first = await call("post", `/admin/journeys/${journey.id}/publish`)
      expect(first.status).toBe(200)
      expect(first.data.journey).toMatchObject({
        status: "live",
        draft_version: null,
        published_version: { number: 1, status: "published" },
      })
      const v1 = first.data.journey.published_version.id
      expect((await call("post", `/admin/journeys/${journey.id}/publish`)).status).toBe(409)

      const inside = await enroll(journey.id, v1, "a")
      await call("post", `/admin/journeys/${journey.id}/draft`, { definition: welcome(templateId, "P2D") })
      const second = await call("post", `/admin/journeys/${journey.id}/publish`, { mode: "drain" })
      expect(second.data.journey.published_version.number).toBe(2)
      expect((await journeys().listEnrollments({ id: inside.id }))[0].status).toBe("waiting")

      await call("post", `/admin/journeys/${journey.id}/draft`, { definition: welcome(templateId, "P3D") })
      const v2 = second.data.journey.published_version.id
      const onV2 = await enroll(journey.id, v2, "b")
      const third = await call("post", `/admin/journeys/${journey.id}/publish`, { mode: "stop" })
      expect(third.data.journey.published_version.number).toBe(3)
      const [stopped] = await journeys().listEnrollments({ id: onV2.id })
      expect(stopped).toMatchObject({ status: "exited", exit_reason: "stopped", entry_guard: `cus_b`, awaiting: null })
      const [why] = await journeys().listActivities({ enrollment_id: onV2.id })
      expect(why).toMatchObject({ type: "exited", reason: "exited: the version was stopped by an admin" })

      const history = await call("get", `/admin/journeys/${journey.id}/versions`)
      expect(history.data.versions.map((v: any) => [v.number, v.status])).toEqual([
        [3, "published"],
        [2, "stopped"],
        [1, "draining"],
      ])
      // A published definition never changes.
      expect(history.data.versions[2].definition).toEqual(welcome(templateId))

      const reverted = await call("post", `/admin/journeys/${journey.id}/versions/${v1}/revert`)
      expect(reverted.data.journey.draft).toMatchObject({ number: 4, definition: welcome(templateId) })
      expect(reverted.data.journey.published_version.number).toBe(3)
    })

    it("pauses and resumes only from the right states", async () => {
      const journey = await createJourney({ name: "Welcome", definition: welcome(templateId) })
      expect((await call("post", `/admin/journeys/${journey.id}/pause`)).status).toBe(409)
      await call("post", `/admin/journeys/${journey.id}/publish`)
      expect((await call("post", `/admin/journeys/${journey.id}/resume`)).status).toBe(409)
      const paused = await call("post", `/admin/journeys/${journey.id}/pause`)
      expect(paused.data.journey.status).toBe("paused")
      expect((await call("post", `/admin/journeys/${journey.id}/pause`)).status).toBe(409)
      const resumed = await call("post", `/admin/journeys/${journey.id}/resume`)
      expect(resumed.data.journey.status).toBe("live")
    })

    it("stops with drain or stop, and deletes only when nobody is inside", async () => {
      const journey = await createJourney({ name: "Welcome", definition: welcome(templateId) })
      expect((await call("post", `/admin/journeys/${journey.id}/stop`, { mode: "stop" })).status).toBe(409)
      const live = await call("post", `/admin/journeys/${journey.id}/publish`)
      const inside = await enroll(journey.id, live.data.journey.published_version.id, "c")

      expect((await call("delete", `/admin/journeys/${journey.id}`)).status).toBe(409)
      const drained = await call("post", `/admin/journeys/${journey.id}/stop`, { mode: "drain" })
      expect(drained.data.journey).toMatchObject({ status: "stopped", published_version: null })
      expect((await journeys().listEnrollments({ id: inside.id }))[0].status).toBe("waiting")
      expect((await call("delete", `/admin/journeys/${journey.id}`)).status).toBe(409)

      await journeys().updateEnrollments({ id: inside.id, status: "completed", ended_at: new Date() })
      const deleted = await call("delete", `/admin/journeys/${journey.id}`)
      expect(deleted.data).toEqual({ id: journey.id, object: "journey", deleted: true })
      expect((await call("get", `/admin/journeys/${journey.id}`)).status).toBe(404)
    })

    it("counts enrollments per journey, leaving test ones out", async () => {
      const journey = await createJourney({ name: "Welcome", definition: welcome(templateId) })
      const live = await call("post", `/admin/journeys/${journey.id}/publish`)
      const version = live.data.journey.published_version.id
      await enroll(journey.id, version, "d")
      const done = await enroll(journey.id, version, "e")
      await journeys().updateEnrollments({ id: done.id, status: "exited", ended_at: new Date(), converted_at: new Date() })
      await journeys().createEnrollments({
        journey_id: journey.id, version_id: version, customer_id: "cus_test", is_test: true,
        context: {}, trigger_key: "test", entered_at: new Date(),
      })
      const list = await call("get", "/admin/journeys?status=live")
      expect(list.data.journeys[0].counts).toEqual({ entered: 2, in_progress: 1, completed: 0, exited: 1, converted: 1 })
      expect((await call("get", "/admin/journeys?status=paused")).data.count).toBe(0)
    })
  })
}
