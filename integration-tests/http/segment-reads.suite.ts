import { Modules } from "@medusajs/framework/utils"
import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import { enterSegmentWorkflow, readSegmentsWorkflow } from "../../src/workflows"
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
  async function publishJourney() {
    const segment = await post("/admin/journeys/segments", { name: "Autumn", rule: COHORT })
    const definition = {
      schema_version: 1,
      trigger: { type: "segment", segment_id: segment.data.segment.id },
      // Only the trigger key keeps a customer from entering twice.
      settings: { reentry: "multiple", timezone: "UTC" },
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

  it("cancels a running read when a newer version is published or the journey stops", async () => {
    await customers(300)
    const journey = await publishJourney()
    const start = at(new Date(), 24 * 60 * MINUTE)
    const [first] = (await read(start, { batch_size: 50, max_batches: 2 })).reads

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
}
