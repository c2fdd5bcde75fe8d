import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import { DateTime } from "luxon"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import { dispatchOutboxWorkflow, setConsentWorkflow } from "../../src/workflows"
import { adminSession } from "../helpers/admin-session"
import { resetTestOutbox, sentNotifications } from "../providers/test-outbox"

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** A small deterministic PRNG (mulberry32): the randomized test replays the same way every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export default ({ api, getContainer }: MedusaSuiteOptions) => {
  let session: { headers: Record<string, string> }
  const journeys = () => getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
  const dispatch = async (at: Date) =>
    (await dispatchOutboxWorkflow(getContainer()).run({ input: { now: at.toISOString() } })).result
  // Due two days ahead of the real clock, where the every-minute jobs never reach.
  const start = () => new Date(Math.ceil((Date.now() + 2 * DAY) / HOUR) * HOUR)

  beforeEach(async () => {
    session = await adminSession(api, getContainer())
    resetTestOutbox()
  })

  async function templates() {
    const [email, sms] = await Promise.all([
      journeys().createMessageTemplates({
        handle: `news-${Date.now()}`, name: "News", channel: "email", status: "published", subject: "News", html: "<p>News</p>",
      }),
      journeys().createMessageTemplates({ handle: `sms-${Date.now()}`, name: "SMS", channel: "sms", status: "published", body: "Hi" }),
    ])
    return { email, sms }
  }

  /** Enrollments (ended, so no job touches them) whose customers live in the given zones. */
  async function recipients(zones: string[]) {
    const journey = await journeys().createJourneys({ name: "Consent", status: "live" })
    const version = await journeys().createJourneyVersions({
      journey_id: journey.id, number: 1, status: "published", published_at: new Date(),
      definition: { settings: { timezone: "UTC" } },
    })
    const now = new Date()
    const enrollments = await journeys().createEnrollments(
      zones.map((zone, i) => ({
        journey_id: journey.id, version_id: version.id, email: `r${i}@example.com`, status: "completed" as const,
        context: { customer: { email: `r${i}@example.com`, metadata: { timezone: zone } } },
        trigger_key: `r${i}`, entered_at: now, ended_at: now,
      }))
    )
    return { journey, enrollments }
  }

  it("one-click unsubscribe: the headers' signed link shows a page, POST unsubscribes; marketing stops, transactional goes on", async () => {
    const { email } = await templates()
    const { journey, enrollments: [enrollment] } = await recipients(["Europe/Paris"])
    const at = start()
    const queue = (category: "marketing" | "transactional", when: Date) =>
      journeys().createMessages({
        journey_id: journey.id, enrollment_id: enrollment.id, node_id: "s1", channel: "email", template_id: email.id,
        recipient: "R0@Example.com", category, status: "queued", next_attempt_at: when, queued_at: when,
      })
    await queue("marketing", at)
    await dispatch(at)
    const { headers } = sentNotifications[0].data as { headers: Record<string, string> }
    const link = /^<https:\/\/api\.shop\.test(\/journeys\/unsubscribe\?token=.+)>$/.exec(headers["List-Unsubscribe"])![1]
    expect(sentNotifications[0].content?.html).toContain(link.replace(/&/g, "&amp;"))

    const shown = await api.get(link)
    expect(shown.status).toBe(200)
    expect(shown.headers["content-type"]).toMatch(/text\/html/)
    expect(shown.data).toContain("r0@example.com")
    // Looking is not unsubscribing (mail scanners follow links).
    expect(await journeys().listConsents({ address: "r0@example.com" })).toEqual([])

    const forged = link.replace(/token=[^.]+/, `token=${Buffer.from(JSON.stringify({ c: "email", a: "other@example.com" })).toString("base64url")}`)
    expect((await api.post(forged, "List-Unsubscribe=One-Click").catch((e: any) => e.response)).status).toBe(401)
    expect((await api.get("/journeys/unsubscribe?token=nonsense").catch((e: any) => e.response)).status).toBe(401)

    const done = await api.post(link, "List-Unsubscribe=One-Click", { headers: { "content-type": "application/x-www-form-urlencoded" } })
    expect(done.status).toBe(200)
    expect(done.data).toContain("You are unsubscribed")
    expect(await journeys().listConsents({ address: "r0@example.com" })).toMatchObject([
      { channel: "email", status: "unsubscribed", source: "unsubscribe_link" },
    ])

    const marketing = await queue("marketing", new Date(at.getTime() + HOUR))
    const receipt = await queue("transactional", new Date(at.getTime() + HOUR))
    expect(await dispatch(new Date(at.getTime() + HOUR))).toMatchObject({ sent: 1, skipped: 1 })
    expect(sentNotifications.map((n) => (n.data as { category: string }).category)).toEqual(["marketing", "transactional"])
    expect((await journeys().listMessages({ id: marketing.id }))[0]).toMatchObject({
      status: "skipped", skip_reason: "the recipient unsubscribed from marketing email",
    })
    expect((await journeys().listMessages({ id: receipt.id }))[0].status).toBe("sent")
    const timeline = await api.get(`/admin/journeys/${journey.id}/enrollments/${enrollment.id}`, session)
    expect(timeline.data.enrollment.activities).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: "message_skipped", reason: "the recipient unsubscribed from marketing email" }),
      ])
    )
  })

  it("SMS inside quiet hours waits for 08:00 in the recipient's zone and is sent then; STOP stops even transactional SMS", async () => {
    const { sms } = await templates()
    const { journey, enrollments: [enrollment] } = await recipients(["America/New_York"])
    // 23:00 in New York, two days ahead.
    const night = DateTime.fromJSDate(start(), { zone: "America/New_York" }).set({ hour: 23, minute: 0, second: 0, millisecond: 0 }).toJSDate()
    const morning = DateTime.fromJSDate(night, { zone: "America/New_York" }).plus({ days: 1 }).set({ hour: 8 }).toJSDate()
    const queued = await journeys().createMessages({
      journey_id: journey.id, enrollment_id: enrollment.id, node_id: "s1", channel: "sms", template_id: sms.id,
      recipient: "+12125550100", category: "transactional", status: "queued", next_attempt_at: night, queued_at: night,
    })
    expect(await dispatch(night)).toMatchObject({ sent: 0, deferred: 1 })
    const held = (await journeys().listMessages({ id: queued.id }))[0]
    expect(held).toMatchObject({ status: "queued", attempts: 0 })
    expect(new Date(held.next_attempt_at!)).toEqual(morning)
    expect(await dispatch(new Date(morning.getTime() - 1000))).toMatchObject({ sent: 0 })
    expect(await dispatch(morning)).toMatchObject({ sent: 1 })
    expect(sentNotifications.map((n) => n.to)).toEqual(["+12125550100"])

    await setConsentWorkflow(getContainer()).run({
      input: { entries: [{ channel: "sms", address: "+12125550100", status: "unsubscribed", source: "sms_keyword" }] },
    })
    const later = new Date(morning.getTime() + HOUR)
    const after = await journeys().createMessages({
      journey_id: journey.id, enrollment_id: enrollment.id, node_id: "s1", channel: "sms", template_id: sms.id,
      recipient: "+12125550100", category: "transactional", status: "queued", next_attempt_at: later, queued_at: later,
    })
    expect(await dispatch(later)).toMatchObject({ sent: 0, skipped: 1 })
    expect((await journeys().listMessages({ id: after.id }))[0].skip_reason).toBe("the number opted out of SMS (STOP)")
  })

  it("randomized: 1,000 recipients, consent flipping over two days — nothing to anyone opted out, no SMS inside quiet hours", async () => {
    const rand = random(20261123)
    const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]
    const zones = ["Europe/Paris", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "UTC"]
    const { email, sms } = await templates()
    const people = Array.from({ length: 1000 }, (_, i) => ({
      email: `r${i}@example.com`,
      phone: `+1555${String(i).padStart(7, "0")}`,
      zone: pick(zones),
    }))
    const { journey, enrollments } = await recipients(people.map((person) => person.zone))
    const t0 = start()
    const horizon = 2 * DAY
    const messages = people.flatMap((person, i) => {
      const count = 1 + Math.floor(rand() * 2)
      return Array.from({ length: count }, () => {
        const channel = pick(["email", "sms"] as const)
        const due = new Date(t0.getTime() + Math.floor(rand() * horizon))
        return {
          journey_id: journey.id, enrollment_id: enrollments[i].id, node_id: "s1", channel,
          template_id: channel === "email" ? email.id : sms.id,
          recipient: channel === "email" ? person.email : person.phone,
          category: rand() < 0.8 ? ("marketing" as const) : ("transactional" as const),
          status: "queued" as const, next_attempt_at: due, queued_at: due,
        }
      })
    })
    await journeys().createMessages(messages)
    const zoneOf = new Map(people.flatMap((person) => [[person.email, person.zone], [person.phone, person.zone]]))

    const optedOut = new Set<string>()
    let clock = t0.getTime()
    let seen = 0
    const violations: string[] = []
    while (clock <= t0.getTime() + horizon + DAY) {
      // Some recipients change their mind between two runs of the dispatcher.
      const flips = Array.from({ length: 40 }, () => {
        const person = pick(people)
        const channel = pick(["email", "sms"] as const)
        const address = channel === "email" ? person.email : person.phone
        const status = rand() < 0.5 ? ("unsubscribed" as const) : ("subscribed" as const)
        return { channel, address, status, source: "store" }
      })
      await setConsentWorkflow(getContainer()).run({ input: { entries: flips } })
      for (const flip of flips) {
        if (flip.status === "unsubscribed") optedOut.add(flip.address)
        else optedOut.delete(flip.address)
      }

      const at = new Date(clock)
      await dispatch(at)
      for (const sent of sentNotifications.slice(seen)) {
        const { category } = sent.data as { category: string }
        if (optedOut.has(sent.to) && (category === "marketing" || sent.channel === "sms")) {
          violations.push(`${sent.channel} ${category} to opted-out ${sent.to} at ${at.toISOString()}`)
        }
        const hour = DateTime.fromJSDate(at, { zone: zoneOf.get(sent.to)! }).hour
        if (sent.channel === "sms" && (hour >= 21 || hour < 8)) {
          violations.push(`SMS to ${sent.to} at ${hour}h local (${at.toISOString()})`)
        }
      }
      seen = sentNotifications.length
      clock += (10 + Math.floor(rand() * 50)) * 60_000
    }

    expect(violations).toEqual([])
    // Every message reached an end: sent or skipped with a reason; none lost or stuck in the outbox.
    const outcome = await journeys().listMessages({ journey_id: journey.id }, { select: ["status", "skip_reason"], take: null })
    expect(outcome).toHaveLength(messages.length)
    const statuses = outcome.reduce<Record<string, number>>((count, m) => ({ ...count, [m.status]: (count[m.status] ?? 0) + 1 }), {})
    expect(Object.keys(statuses).sort()).toEqual(["sent", "skipped"])
    expect(outcome.filter((m) => m.status === "skipped").every((m) => !!m.skip_reason)).toBe(true)
    expect(statuses.sent).toBe(sentNotifications.length)
  })
}
