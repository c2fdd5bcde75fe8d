import { Modules } from "@medusajs/framework/utils"
import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import { enrollOnTriggerWorkflow, enterSegmentWorkflow, readSegmentsWorkflow, wakeDueEnrollmentsWorkflow } from "../../src/workflows"
import { leaseEnd } from "../../src/workflows/retry-policy"
import { adminSession } from "../helpers/admin-session"

const MINUTE = 60_000
const COHORT = { field: "customer.metadata.cohort", op: "eq", value: "autumn" }

/**
 * Publishing a segment-trigger journey enrolls the segment's members through the segment read.
 * The reads run here on a test clock a day ahead: once a test has claimed a read, the every-minute
 * job on the real clock finds its lease (on the engine clock) still held and leaves it alone; each
 * test claims its reads right after publishing them.
 */
export default ({ api, getContainer }: MedusaSuiteOptions) => {
  let session: { headers: Record<string, string> }
  const journeys = () => getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
  const post = (url: string, body: unknown = {}) => api.post(url, body, session).catch((e: any) => e.response)
  const get = (url: string) => api.get(url, session).catch((e: any) => e.response)
  const at = (base: Date, ms: number) => new Date(base.getTime() + ms)
  const read = async (now: Date, options: { batch_size: number; max_batches?: number }) =>
    (await readSegmentsWorkflow(getContainer()).run({ input: { now: now.toISOString(), ...options } })).result

  beforeEach(async () => {
    session = await adminSession(api, getContainer())
  })

  /** `members` customers in the autumn cohort and a few outside it; returns the members' ids. */
  async function customers(members: number) {
    const people = (cohort: string, count: number) =>
      Array.from({ length: count }, (_, i) => ({ email: `${cohort}-${i}@example.com`, metadata: { cohort } }))
    const created = await getContainer()
      .resolve(Modules.CUSTOMER)
      .createCustomers([...people("autumn", members), ...people("spring", 5)])
    return created.filter((c) => c.metadata?.cohort === "autumn").map((c) => c.id)
  }

  /** A journey on a new segment of the cohort, published through the admin API. */
  async function publishJourney(schedule: { trigger?: object; settings?: object } = {}) {
    const segment = await post("/admin/journeys/segments", { name: "Autumn", rule: COHORT })
    const definition = {
      schema_version: 1,
      trigger: { type: "segment", segment_id: segment.data.segment.id, ...schedule.trigger },
      // Only the trigger key keeps a customer from entering twice.
      settings: { reentry: "multiple", timezone: "UTC", ...schedule.settings },
      entry_node: "x1",
      nodes: [{ id: "x1", type: "exit" }],
      edges: [],
    }
    const journey = await post("/admin/journeys", { name: "Autumn welcome", definition })
    expect((await post(`/admin/journeys/${journey.data.journey.id}/publish`)).status).toBe(200)
    return { id: journey.data.journey.id as string, segment_id: segment.data.segment.id as string, definition }
  }

  const progress = async (journeyId: string) => {
    const response = await get(`/admin/journeys/${journeyId}/segment-reads`)
    expect(response.status).toBe(200)
    return response.data.segment_reads
  }

  const enrolled = async (journeyId: string) =>
    (await journeys().listEnrollments({ journey_id: journeyId }, { select: ["customer_id"], take: 10_000 })).map((e) => e.customer_id!)

  it("enrolls exactly the segment's members in batches, resuming a crashed worker's read from its cursor", async () => {
    const members = await customers(1_200)
    const journey = await publishJourney()
    const [queued] = await progress(journey.id)
    expect(queued).toMatchObject({ status: "queued", segment_id: journey.segment_id, total: null, entered: 0, rate_per_second: null })

    // One bounded run: two batches, then the read waits for the next run.
    const start = at(new Date(), 24 * 60 * MINUTE)
    expect(await read(start, { batch_size: 100, max_batches: 2 })).toEqual({ reads: [queued.id], entered: 200 })
    const [running] = await progress(journey.id)
    expect(running).toMatchObject({ status: "running", total: 1_200, entered: 200, skipped: 0, finished_at: null })

    // A worker claims it, enters the next batch and dies before recording it: its lease holds the read.
    const service = journeys()
    const claimed = (await service.claimSegmentRead(start, leaseEnd(start)))!
    expect(claimed.id).toBe(queued.id)
    const lost = await service.listSegmentMembersAfter(COHORT as any, claimed.cursor, 100, claimed.started_at)
    await enterSegmentWorkflow(getContainer()).run({
      input: { segment_id: journey.segment_id, members: lost.map(({ id }) => ({ customer_id: id })), occurred_at: start.toISOString() },
    })
    expect(await read(at(start, MINUTE), { batch_size: 100 })).toEqual({ reads: [], entered: 0 })

    // Once the lease is over, the next run resumes from the cursor: the lost batch enters nobody twice.
    const resumed = at(start, 11 * MINUTE)
    expect(await read(resumed, { batch_size: 100, max_batches: 3 })).toEqual({ reads: [queued.id], entered: 200 })
    expect((await progress(journey.id))[0]).toMatchObject({ status: "running", entered: 400, skipped: 100 })
    expect(await read(resumed, { batch_size: 100 })).toEqual({ reads: [queued.id], entered: 700 })

    const [done] = await progress(journey.id)
    expect(done).toMatchObject({ status: "done", total: 1_200, entered: 1_100, skipped: 100, error: null, eta_seconds: 0 })
    // 1,100 entered between the start and the end of the read, 11 minutes later on its clock.
    expect(done.rate_per_second).toBeCloseTo(1_100 / 660, 2)
    const inside = await enrolled(journey.id)
    expect(inside).toHaveLength(1_200)
    expect(new Set(inside)).toEqual(new Set(members))
    expect(await read(at(resumed, MINUTE), { batch_size: 100 })).toEqual({ reads: [], entered: 0 })
  })

  it("holds a read while its journey is paused, cancels it when a newer version is published or the journey stops", async () => {
    await customers(300)
    const journey = await publishJourney()
    const start = at(new Date(), 24 * 60 * MINUTE)
    const [first] = (await read(start, { batch_size: 50, max_batches: 2 })).reads

    // Paused, the read waits where it stopped; resumed, the next run may take it again.
    expect((await post(`/admin/journeys/${journey.id}/pause`)).status).toBe(200)
    expect(await read(at(start, MINUTE / 2), { batch_size: 50 })).toEqual({ reads: [], entered: 0 })
    expect((await progress(journey.id))[0]).toMatchObject({ id: first, status: "running", entered: 100 })
    expect((await post(`/admin/journeys/${journey.id}/resume`)).status).toBe(200)

    // A new version: the first read is cancelled, the second skips who entered through the first.
    expect((await post(`/admin/journeys/${journey.id}/draft`, { definition: journey.definition })).status).toBe(200)
    expect((await post(`/admin/journeys/${journey.id}/publish`)).status).toBe(200)
    const next = at(start, MINUTE)
    const run = await read(next, { batch_size: 50, max_batches: 1 })
    const [second, cancelled] = await progress(journey.id)
    expect(run.reads).toEqual([first, second.id])
    expect(cancelled).toMatchObject({ id: first, status: "cancelled", entered: 100, finished_at: next.toISOString(), eta_seconds: null })
    expect(second).toMatchObject({ status: "running", total: 300, entered: 0, skipped: 50 })

    // Stopping the journey cancels the second one at the next run; nobody else enters.
    expect((await post(`/admin/journeys/${journey.id}/stop`, { mode: "drain" })).status).toBe(200)
    expect(await read(at(next, MINUTE), { batch_size: 50 })).toEqual({ reads: [second.id], entered: 0 })
    expect((await progress(journey.id)).map((r: { status: string }) => r.status)).toEqual(["cancelled", "cancelled"])
    expect(await enrolled(journey.id)).toHaveLength(100)
  })

  it("reads at the start date, then again at each repeat time in the journey's zone, entering joiners, until the end date", async () => {
    const members = await customers(2)
    // Paris switches to summer time on 2030-03-31: 09:00 is 08:00 UTC before, 07:00 UTC after.
    const start = new Date("2030-03-30T08:00:00Z")
    const journey = await publishJourney({
      trigger: { repeat: { at: "09:00" } },
      settings: { timezone: "Europe/Paris", start_at: start.toISOString(), end_at: "2030-04-02T00:00:00Z" },
    })
    const [scheduled] = await progress(journey.id)
    expect(scheduled).toMatchObject({ status: "scheduled", due_at: start.toISOString(), total: null })

    // Nothing is claimed before its time, on any worker.
    expect(await read(at(start, -MINUTE), { batch_size: 100 })).toEqual({ reads: [], entered: 0 })
    expect(await read(start, { batch_size: 100 })).toEqual({ reads: [scheduled.id], entered: 2 })
    const [next, done] = await progress(journey.id)
    expect(done).toMatchObject({ id: scheduled.id, status: "done", entered: 2, skipped: 0 })
    expect(next).toMatchObject({ status: "scheduled", due_at: "2030-03-31T07:00:00.000Z", total: null, entered: 0 })

    // A spring customer joins the segment; the next read enters only them.
    const spring = (await getContainer().resolve(Modules.CUSTOMER).listCustomers({ email: "spring-0@example.com" }))[0]
    await getContainer().resolve(Modules.CUSTOMER).updateCustomers(spring.id, { metadata: { cohort: "autumn" } })
    expect(await read(new Date("2030-03-31T06:59:00Z"), { batch_size: 100 })).toEqual({ reads: [], entered: 0 })
    expect(await read(new Date("2030-03-31T07:00:00Z"), { batch_size: 100 })).toEqual({ reads: [next.id], entered: 1 })
    const [third] = await progress(journey.id)
    expect(third).toMatchObject({ status: "scheduled", due_at: "2030-04-01T07:00:00.000Z" })

    // The last read before the end date schedules none after it.
    expect(await read(new Date("2030-04-01T07:00:00Z"), { batch_size: 100 })).toEqual({ reads: [third.id], entered: 0 })
    const reads = await progress(journey.id)
    expect(reads.map((r: { status: string; entered: number; skipped: number }) => [r.status, r.entered, r.skipped])).toEqual([
      ["done", 0, 3],
      ["done", 1, 2],
      ["done", 2, 0],
    ])
    expect((await enrolled(journey.id)).sort()).toEqual([...members, spring.id].sort())
  })

  it("reads `customer in segment` when a rule runs: a trigger's where at entry, a condition after a wait", async () => {
    const [member] = await customers(1)
    const segment = (await post("/admin/journeys/segments", { name: "Autumn", rule: COHORT })).data.segment
    const inAutumn = { field: "customer.segments", op: "contains", value: segment.id }
    const definition = {
      schema_version: 1,
      trigger: { type: "event", event: "wishlist.added", where: inAutumn },
      settings: { reentry: "once", timezone: "UTC" },
      entry_node: "w1",
      nodes: [
        { id: "w1", type: "wait", duration: "PT1H" },
        { id: "c1", type: "condition", branches: [{ port: "still", where: inAutumn }] },
        { id: "kept", type: "exit" },
        { id: "left", type: "exit" },
      ],
      edges: [
        { from: "w1", port: "next", to: "c1" },
        { from: "c1", port: "still", to: "kept" },
        { from: "c1", port: "else", to: "left" },
      ],
    }
    const journey = (await post("/admin/journeys", { name: "Autumn wishlist", definition })).data.journey
    expect((await post(`/admin/journeys/${journey.id}/publish`)).status).toBe(200)

    const spring = (await getContainer().resolve(Modules.CUSTOMER).listCustomers({ email: "spring-0@example.com" }))[0]
    const start = at(new Date(), 24 * 60 * MINUTE)
    for (const customer_id of [member, spring.id]) {
      await enrollOnTriggerWorkflow(getContainer()).run({
        input: { trigger: { type: "event", event: "wishlist.added" }, key: `wish-${customer_id}`, customer_id, email: null, context: {}, occurred_at: start.toISOString() },
      })
    }
    expect(await enrolled(journey.id)).toEqual([member])

    // The member leaves the segment during the wait: the condition reads it as it is then.
    await getContainer().resolve(Modules.CUSTOMER).updateCustomers(member, { metadata: { cohort: "spring" } })
    await wakeDueEnrollmentsWorkflow(getContainer()).run({ input: { now: at(start, 60 * MINUTE).toISOString() } })
    const [left] = await journeys().listEnrollments({ journey_id: journey.id })
    expect(left).toMatchObject({ status: "completed", current_node: "left" })
  })
}
