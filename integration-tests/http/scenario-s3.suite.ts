import { Modules } from "@medusajs/framework/utils"
import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import { randomUUID } from "node:crypto"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import { dispatchOutboxWorkflow, readSegmentsWorkflow, wakeDueEnrollmentsWorkflow } from "../../src/workflows"
import { adminSession } from "../helpers/admin-session"
import { resetTestOutbox, sentNotifications } from "../providers/test-outbox"

// The test app's journey option webhooks.resend_signing_secret (medusa-config.ts).
const RESEND_SECRET = "whsec_aW50ZWdyYXRpb24tdGVzdHMtcmVzZW5kLXNlY3JldA=="
const NEWSLETTER = { field: "customer.metadata.newsletter", op: "eq", value: "summer" }
// 09:00 in New York (summer time) on the start day, and each day after it.
const START = new Date("2030-06-03T13:00:00Z")
const SECOND_READ = new Date("2030-06-04T13:00:00Z")
const END = new Date("2030-06-05T23:00:00Z")
const later = (at: Date, ms: number) => new Date(at.getTime() + ms)
const DAY = 86_400_000

/**
 * S3 of SCENARIOS.md end to end: a two-contact segment, one marketing email to everyone in it, a
 * start and an end date in the journey's zone and a daily read. Checked before going live (the
 * errors on their nodes), then run on a test clock years ahead, so that the every-minute jobs on
 * the real clock find nothing of it due: the segment read, the wake sweep and the outbox run here.
 */
export default ({ api, getContainer }: MedusaSuiteOptions) => {
  let session: { headers: Record<string, string> }
  const journeys = () => getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
  const post = (url: string, body: unknown = {}) => api.post(url, body, session).catch((e: any) => e.response)
  const get = (url: string) => api.get(url, session).catch((e: any) => e.response)
  const read = async (at: Date) => (await readSegmentsWorkflow(getContainer()).run({ input: { now: at.toISOString() } })).result
  const wake = async (at: Date) => (await wakeDueEnrollmentsWorkflow(getContainer()).run({ input: { now: at.toISOString() } })).result
  const dispatch = (at: Date) => dispatchOutboxWorkflow(getContainer()).run({ input: { now: at.toISOString() } })
  const sentTo = () => sentNotifications.map((n) => n.to).sort()

  beforeEach(async () => {
    session = await adminSession(api, getContainer())
    resetTestOutbox()
  })

  /** Resend reporting an event of an email (signed with Svix like Resend does). */
  async function resend(type: string, emailId: string, at: Date) {
    const { Webhook } = await import("svix")
    const body = JSON.stringify({ type, created_at: at.toISOString(), data: { email_id: emailId, created_at: at.toISOString() } })
    const id = `msg_${randomUUID()}`
    const now = new Date()
    const headers = {
      "content-type": "application/json",
      "svix-id": id,
      "svix-timestamp": String(Math.floor(now.getTime() / 1000)),
      "svix-signature": new Webhook(RESEND_SECRET).sign(id, now, body),
    }
    const response = await api.post("/hooks/journeys/resend", body, { headers, transformRequest: (b: string) => b })
    expect(response.data).toEqual({ type, recorded: true })
  }

  it("S3: errors on their nodes before going live; start, daily reads with joiners, the end date, the numbers per node", async () => {
    const customers = getContainer().resolve(Modules.CUSTOMER)
    const [ada, bob, zoe] = await customers.createCustomers([
      { email: "ada@example.com", first_name: "Ada", metadata: { newsletter: "summer" } },
      { email: "bob@example.com", first_name: "Bob", metadata: { newsletter: "summer" } },
      { email: "zoe@example.com", first_name: "Zoe" },
    ])
    const segment = (await post("/admin/journeys/segments", { name: "Summer newsletter", rule: NEWSLETTER })).data.segment
    const template = (content: Record<string, unknown>) =>
      journeys().createMessageTemplates({ channel: "email", subject: "Summer", html: "<p>{{ customer.first_name }}</p>", ...content } as any)
    const news = await template({ handle: "s3-news", name: "Summer news", status: "published" })
    const followUp = await template({ handle: "s3-follow-up", name: "Follow-up", status: "published" })
    const unfinished = await template({ handle: "s3-unfinished", name: "Unfinished", status: "draft" })

    const definition = {
      schema_version: 1,
      trigger: { type: "segment", segment_id: segment.id, repeat: { at: "09:00" } },
      settings: { reentry: "once", timezone: "America/New_York", start_at: START.toISOString(), end_at: END.toISOString() },
      entry_node: "news",
      nodes: [
        { id: "news", type: "send", channel: "email", template_id: news.id, category: "marketing" },
        { id: "later", type: "wait", duration: "P2D" },
        { id: "follow_up", type: "send", channel: "email", template_id: followUp.id, category: "marketing" },
        { id: "done", type: "exit" },
      ],
      edges: [
        { from: "news", port: "next", to: "later" },
        { from: "later", port: "next", to: "follow_up" },
        { from: "follow_up", port: "next", to: "done" },
      ],
    }

    // 1. Before going live: no audience, an email with no template, a template not published.
    const [send, , second] = definition.nodes
    const { template_id: _, ...untemplated } = send
    const broken = {
      ...definition,
      trigger: { ...definition.trigger, segment_id: "jseg_deleted" },
      nodes: [untemplated, definition.nodes[1], { ...second, template_id: unfinished.id }, definition.nodes[3]],
    }
    const journeyId = (await post("/admin/journeys", { name: "S3 summer news", definition: broken })).data.journey.id
    const refused = await post(`/admin/journeys/${journeyId}/publish`)
    expect(refused.status).toBe(409)
    expect(refused.data.errors.map((e: { node_id: string | null; path: string }) => [e.node_id, e.path])).toEqual([
      ["news", "nodes[0].template_id"],
      ["follow_up", "nodes[2].template_id"],
      [null, "trigger.segment_id"],
    ])
    expect(refused.data.errors[2].message).toBe('The trigger names segment "jseg_deleted", which does not exist')
    expect((await post(`/admin/journeys/${journeyId}/draft`, { definition })).status).toBe(200)
    expect((await post(`/admin/journeys/${journeyId}/publish`)).status).toBe(200)

    // 2. Nothing before the start: the read is scheduled for it.
    const [first] = (await get(`/admin/journeys/${journeyId}/segment-reads`)).data.segment_reads
    expect(first).toMatchObject({ status: "scheduled", due_at: START.toISOString() })
    expect(await read(later(START, -60_000))).toEqual({ reads: [], entered: 0 })
    expect(await read(START)).toEqual({ reads: [first.id], entered: 2 })
    await dispatch(START)
    expect(sentTo()).toEqual([ada.email, bob.email])

    // 3. Zoe joins the segment after the start: the next daily read, 09:00 the next day, enters her alone.
    await customers.updateCustomers(zoe.id, { metadata: { newsletter: "summer" } })
    const [next] = (await get(`/admin/journeys/${journeyId}/segment-reads`)).data.segment_reads
    expect(next).toMatchObject({ status: "scheduled", due_at: SECOND_READ.toISOString() })
    expect(await read(SECOND_READ)).toEqual({ reads: [next.id], entered: 1 })
    await dispatch(SECOND_READ)
    expect(sentTo()).toEqual([ada.email, bob.email, zoe.email])

    // 4. Live numbers per node: the provider reports deliveries (Zoe's not yet), opens and a click.
    const messages = await journeys().listMessages({ journey_id: journeyId })
    const emailOf = (customerId: string) => messages.find((m) => m.customer_id === customerId)!.provider_message_id!
    for (const customer of [ada, bob]) await resend("email.delivered", emailOf(customer.id), later(SECOND_READ, 60_000))
    await resend("email.opened", emailOf(ada.id), later(SECOND_READ, 120_000))
    await resend("email.opened", emailOf(bob.id), later(SECOND_READ, 120_000))
    await resend("email.clicked", emailOf(ada.id), later(SECOND_READ, 180_000))
    const { nodes } = (await get(`/admin/journeys/${journeyId}/stats`)).data.stats
    expect(nodes.news).toMatchObject({ entered: 3, waiting: 0, messages: expect.objectContaining({ sent: 1, delivered: 2, opened: 2, clicked: 1 }) })
    expect(nodes.later).toMatchObject({ entered: 3, waiting: 3 })

    // 5. Ada and Bob's wait ends before the end date; Zoe's would end after it: she leaves at the end, with no follow-up.
    expect(await wake(later(START, 2 * DAY))).toBe(2)
    expect(await wake(later(END, -1))).toBe(0)
    expect(await wake(END)).toBe(1)
    await dispatch(END)
    const ended = await journeys().listEnrollments({ journey_id: journeyId })
    expect(Object.fromEntries(ended.map((e) => [e.customer_id, [e.status, e.current_node, e.exit_reason]]))).toEqual({
      [ada.id]: ["completed", "done", null],
      [bob.id]: ["completed", "done", null],
      [zoe.id]: ["exited", "later", "ended"],
    })
    expect(sentNotifications.filter((n) => n.template === followUp.id).map((n) => n.to).sort()).toEqual([ada.email, bob.email])
    // The read due on the last day finds no joiner, and none is scheduled past the end.
    const [last] = (await get(`/admin/journeys/${journeyId}/segment-reads`)).data.segment_reads
    expect(await read(new Date(last.due_at))).toEqual({ reads: [last.id], entered: 0 })
    const reads = (await get(`/admin/journeys/${journeyId}/segment-reads`)).data.segment_reads
    expect(reads.map((r: { status: string }) => r.status)).toEqual(["done", "done", "done"])
  })
}
