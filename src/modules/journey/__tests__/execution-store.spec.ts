import path from "path"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { JOURNEY_MODULE, type ClaimedEnrollment, type JourneyModuleService, type Transition } from ".."
import { DUE_IN_LANE } from "../repositories/enrollments"
import { query } from "../utils/query"

jest.setTimeout(60_000)

const NOW = new Date("2026-11-23T10:00:00Z")
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000)

moduleIntegrationTestRunner<JourneyModuleService>({
  moduleName: JOURNEY_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "..", "migrations"),
  testSuite: ({ service, MikroOrmWrapper }) => {
    async function liveJourney(status: "live" | "paused" = "live") {
      const journey = await service.createJourneys({ name: "J", status })
      const version = await service.createJourneyVersions({
        journey_id: journey.id,
        number: 1,
        status: "published",
        published_at: NOW,
        definition: { marker: journey.id },
      })
      return { journey, version }
    }

    const entry = (journeyId: string, versionId: string, key: string, guard: string | null = null) => ({
      journey_id: journeyId,
      version_id: versionId,
      customer_id: `cus_${key}`,
      email: `${key}@example.com`,
      context: { trigger: key },
      trigger_key: key,
      entry_guard: guard,
      entered_at: NOW,
    })

    /** Sends every claimed enrollment to wait `minutesFromNow`, queueing one email and one customer update. */
    const waitFor = (minutesFromNow: number) => (claimed: ClaimedEnrollment[]): Transition[] =>
      claimed.map((e) => ({
        id: e.id,
        status: "waiting",
        current_node: "w1",
        wake_at: minutes(minutesFromNow),
        awaiting: ["order.placed"],
        context: { ...e.context, seen: true },
        state: { arrived_at: NOW.toISOString() },
        exit_reason: null,
        ended_at: null,
        entry_guard: e.entry_guard,
        activities: [{ type: "waiting", node_id: "w1", reason: `until ${minutes(minutesFromNow).toISOString()}`, occurred_at: NOW }],
        messages: [
          { node_id: "s1", channel: "email", template_id: "jtpl_1", recipient: e.email!, category: "marketing", tag: "t", queued_at: NOW },
        ],
        effects: [{ type: "update_customer", node_id: "u1", payload: { metadata: { seen: true } }, queued_at: NOW }],
      }))

    const complete = (claimed: ClaimedEnrollment[]): Transition[] =>
      claimed.map((e) => ({
        id: e.id,
        status: "completed",
        current_node: "x1",
        wake_at: null,
        awaiting: null,
        context: e.context,
        state: null,
        exit_reason: null,
        ended_at: minutes(30),
        entry_guard: null,
        conversion: { at: minutes(30), order_id: "order_1", value: 249.5 },
        activities: [{ type: "completed", node_id: "x1", reason: "reached exit", occurred_at: minutes(30) }],
        messages: [],
        effects: [],
      }))

    it("enrolls once per trigger key and per held entry guard, writing the first transition", async () => {
      const { journey, version } = await liveJourney()
      const seen: ClaimedEnrollment[][] = []
      const decide = (claimed: ClaimedEnrollment[]) => (seen.push(claimed), waitFor(60)(claimed))

      const first = await service.enroll(
        [entry(journey.id, version.id, "a", "cus_a"), entry(journey.id, version.id, "b")],
        decide
      )
      expect(first).toHaveLength(2)
      expect(seen[0].map((e) => e.definition)).toEqual([{ marker: journey.id }, { marker: journey.id }])

      // Re-delivered trigger, and a new trigger for a customer whose guard is held: nobody enters,
      // and nothing their decision queued is written.
      const again = await service.enroll(
        [entry(journey.id, version.id, "a", "cus_a"), { ...entry(journey.id, version.id, "a2", "cus_a"), customer_id: "cus_a" }],
        decide
      )
      expect(again).toEqual([])

      const enrollments = await service.listEnrollments({ journey_id: journey.id })
      expect(enrollments).toHaveLength(2)
      expect(enrollments[0]).toMatchObject({ status: "waiting", current_node: "w1", awaiting: ["order.placed"] })
      expect(enrollments[0].context).toMatchObject({ seen: true })
      const messages = await service.listMessages({ journey_id: journey.id })
      expect(messages).toHaveLength(2)
      expect(messages[0]).toMatchObject({ status: "queued", channel: "email", template_id: "jtpl_1", attempts: 0 })
      expect(await service.listActivities({ journey_id: journey.id })).toHaveLength(2)
      const effects = await service.listEffects({ journey_id: journey.id }, { order: { customer_id: "ASC" } })
      expect(effects.map((f) => [f.type, f.status, f.customer_id, f.payload, new Date(f.next_attempt_at!)])).toEqual([
        ["update_customer", "queued", "cus_a", { metadata: { seen: true } }, NOW],
        ["update_customer", "queued", "cus_b", { metadata: { seen: true } }, NOW],
      ])
    })

    it("enters in the state of the first transition; releases a guard its first step released", async () => {
      const { journey, version } = await liveJourney()
      // One customer whose first step ends the journey (guard released), one who stays (guard held).
      const [ended, waiting] = await service.enroll(
        [entry(journey.id, version.id, "done", "cus_done"), entry(journey.id, version.id, "stay", "cus_stay")],
        (claimed) => [complete([claimed[0]])[0], waitFor(60)([claimed[1]])[0]]
      )
      const rows = await service.listEnrollments({ id: [ended.id, waiting.id] }, { order: { trigger_key: "ASC" } })
      expect(rows.map((e) => [e.trigger_key, e.status, e.current_node, e.entry_guard, e.converted_at !== null])).toEqual([
        ["done", "completed", "x1", null, true],
        ["stay", "waiting", "w1", "cus_stay", false],
      ])
      // The released guard lets the customer in again; the held one does not.
      const again = await service.enroll(
        [entry(journey.id, version.id, "done-2", "cus_done"), entry(journey.id, version.id, "stay-2", "cus_stay")],
        waitFor(60)
      )
      expect(again.map((t) => t.id)).toHaveLength(1)
      expect((await service.listEnrollments({ id: again[0].id }))[0].trigger_key).toBe("done-2")
    })

    it("decides a customer's entries again when one of them was refused: it must not count in the others", async () => {
      const first = await liveJourney()
      const second = await liveJourney()
      await service.enroll([entry(first.journey.id, first.version.id, "held", "cus_x")], waitFor(60))
      const decisions: string[][] = []
      // A stand-in for a frequency cap: each entry sees what the customer's earlier entries in the batch queued.
      const capped = (claimed: ClaimedEnrollment[]) => {
        decisions.push(claimed.map((e) => e.journey_id))
        let queued = 0
        return claimed.map((e) => {
          const t = waitFor(60)([e])[0]
          if (queued++ > 0) t.messages = []
          return t
        })
      }
      const entered = await service.enroll(
        [
          { ...entry(first.journey.id, first.version.id, "refused", "cus_x"), customer_id: "cus_x" },
          { ...entry(second.journey.id, second.version.id, "accepted"), customer_id: "cus_x" },
        ],
        capped
      )
      expect(entered).toHaveLength(1)
      expect(decisions).toEqual([[first.journey.id, second.journey.id], [second.journey.id]])
      // Decided alone, the accepted entry queued its message.
      expect(await service.listMessages({ journey_id: second.journey.id })).toHaveLength(1)
      expect(await service.listActivities({ journey_id: second.journey.id })).toHaveLength(1)
    })

    it("holds a customer's decisions one at a time: an entry waits, the sweep leaves the customer due", async () => {
      const first = await liveJourney()
      const second = await liveJourney()
      const third = await liveJourney()
      const [due] = await service.enroll([{ ...entry(first.journey.id, first.version.id, "due"), customer_id: "cus_r" }], waitFor(1))
      let open!: () => void
      const gate = new Promise<void>((resolve) => (open = resolve))
      const order: string[] = []
      // An entry of cus_r decides slowly (its lock held), while the sweep and a second entry come.
      const slow = service.enroll([{ ...entry(second.journey.id, second.version.id, "slow"), customer_id: "cus_r" }], async (claimed) => {
        order.push("slow decides")
        await gate
        return waitFor(60)(claimed)
      })
      while (!order.length) await new Promise((resolve) => setTimeout(resolve, 10))
      const waiting = service.enroll([{ ...entry(third.journey.id, third.version.id, "next"), customer_id: "cus_r" }], (claimed) => {
        order.push("next decides")
        return waitFor(60)(claimed)
      })
      expect(await service.transitionDue(minutes(1), 100, complete)).toEqual([])
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(order).toEqual(["slow decides"])
      open()
      await Promise.all([slow, waiting])
      expect(order).toEqual(["slow decides", "next decides"])
      // Free again: the timer the sweep left is taken now.
      expect((await service.transitionDue(minutes(1), 100, complete)).map((t) => t.id)).toEqual([due.id])
    })

    it("makes a customer's events wait for the decision another holds", async () => {
      const held = await liveJourney()
      let open!: () => void
      const gate = new Promise<void>((resolve) => (open = resolve))
      const order: string[] = []
      const slow = service.enroll([{ ...entry(held.journey.id, held.version.id, "slow"), customer_id: "cus_e" }], async (claimed) => {
        order.push("entry decides")
        await gate
        return waitFor(60)(claimed)
      })
      while (!order.length) await new Promise((resolve) => setTimeout(resolve, 10))
      const event = { id: "evt_e", name: "product.viewed", customer_id: "cus_e", email: null, data: {}, occurred_at: minutes(2) }
      const reacting = service.transitionAwaiting([event], async () => {
        order.push("event decides")
        return []
      })
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(order).toEqual(["entry decides"])
      open()
      await Promise.all([slow, reacting])
      expect(order).toEqual(["entry decides", "event decides"])
    })

    it("lets a guest's event reach the guest's enrollments by email, never a customer's with that address", async () => {
      const { journey, version } = await liveJourney()
      const [guest, customer] = await service.enroll(
        [
          { ...entry(journey.id, version.id, "guest"), customer_id: null, email: "shared@example.com" },
          { ...entry(journey.id, version.id, "member"), customer_id: "cus_member", email: "shared@example.com" },
        ],
        waitFor(60)
      )
      const claimedBy = async (event: { id: string; customer_id: string | null; email: string | null }) => {
        const claimed: string[] = []
        await service.transitionAwaiting(
          [{ ...event, name: "order.placed", data: {}, occurred_at: minutes(2) }],
          async (enrollments) => (claimed.push(...enrollments.map((e) => e.id)), [])
        )
        return claimed
      }
      expect(await claimedBy({ id: "evt_guest", customer_id: null, email: "shared@example.com" })).toEqual([guest.id])
      expect(await claimedBy({ id: "evt_member", customer_id: "cus_member", email: null })).toEqual([customer.id])
      expect(await claimedBy({ id: "evt_other", customer_id: null, email: "other@example.com" })).toEqual([])
    })

    it("claims only due enrollments of unpaused journeys, and writes conversions", async () => {
      const live = await liveJourney("live")
      const paused = await liveJourney("paused")
      await service.enroll(
        [entry(live.journey.id, live.version.id, "soon"), entry(paused.journey.id, paused.version.id, "held")],
        waitFor(10)
      )
      await service.enroll([entry(live.journey.id, live.version.id, "later")], waitFor(120))

      expect(await service.transitionDue(minutes(5), 100, complete)).toEqual([])
      const done = await service.transitionDue(minutes(10), 100, complete)
      expect(done.map((t) => t.id)).toHaveLength(1)

      const [finished] = await service.listEnrollments({ id: done[0].id })
      expect(finished).toMatchObject({ status: "completed", conversion_order_id: "order_1", entry_guard: null })
      expect(Number(finished.conversion_value)).toBe(249.5)
      expect(finished.ended_at).toEqual(minutes(30))
      const [held] = await service.listEnrollments({ journey_id: paused.journey.id })
      expect(held.status).toBe("waiting")
    })

    it("lets concurrent sweeps share the due work without taking a row twice", async () => {
      const { journey, version } = await liveJourney()
      await service.enroll(
        Array.from({ length: 60 }, (_, i) => entry(journey.id, version.id, `k${i}`)),
        waitFor(1)
      )
      const slow = async (claimed: ClaimedEnrollment[]) => {
        await new Promise((resolve) => setTimeout(resolve, 200))
        return complete(claimed)
      }
      const sweeps = await Promise.all([1, 2, 3].map(() => service.transitionDue(minutes(1), 25, slow)))
      const ids = sweeps.flat().map((t) => t.id)
      expect(new Set(ids).size).toBe(ids.length)
      expect(ids.length).toBeGreaterThan(25)
      const rest = await service.transitionDue(minutes(1), 100, complete)
      expect(ids.length + rest.length).toBe(60)
    })

    it("splits the due work into lanes by customer: each lane claims its own, together all, a customer in one", async () => {
      const { journey, version } = await liveJourney()
      // 40 customers, each with two enrollments due at once (a second key on the same customer).
      await service.enroll(
        Array.from({ length: 80 }, (_, i) => ({ ...entry(journey.id, version.id, `k${i}`), customer_id: `cus_${i % 40}` })),
        waitFor(1)
      )
      const lanes = await Promise.all([0, 1].map((index) => service.transitionDue(minutes(1), 100, complete, index)))
      const ids = lanes.flat().map((t) => t.id)
      expect(new Set(ids).size).toBe(80)
      expect(lanes.every((lane) => lane.length > 0)).toBe(true)
      const customersOf = async (lane: Transition[]) =>
        new Set((await service.listEnrollments({ id: lane.map((t) => t.id) })).map((e) => e.customer_id))
      const [first, second] = await Promise.all(lanes.map(customersOf))
      expect([...first].filter((customer) => second.has(customer))).toEqual([])
      expect(first.size + second.size).toBe(40)
    })

    it("claims a lane by walking the wake_at index and stopping at the limit, not by reading every due row", async () => {
      const { journey, version } = await liveJourney()
      const manager = MikroOrmWrapper.forkManager()
      // 20,000 waiting, 2,000 of them due: the planner must know a lane holds half of them.
      await manager.execute(
        `insert into journey_enrollment (id, journey_id, version_id, customer_id, status, current_node, wake_at, context,
                trigger_key, entered_at)
         select 'jenr_' || i, ?, ?, 'cus_' || i, 'waiting', 'w1', ?::timestamptz + (case when i % 10 = 0 then -1 else 1 end) * i * interval '1 second',
                '{}', 'k' || i, ?
           from generate_series(1, 20000) as i`,
        [journey.id, version.id, NOW, NOW]
      )
      await manager.execute(`analyze journey_enrollment`)
      // Bound as the sweep binds them (now, lane, limit): the plan is the one the claim gets.
      const plan = (await query<Record<string, string>>(manager, `explain ${DUE_IN_LANE}`, [NOW, 0, 100]))
        .map((row) => row["QUERY PLAN"])
        .join("\n")
      expect(plan).toContain(`Index Scan using "IDX_journey_enrollment_wake_at"`)
      expect(plan).not.toContain("Bitmap")
      expect(plan).not.toContain("Sort")
    })

    it("records cart activity once per change and lists idle carts by keyset, oldest first", async () => {
      const snapshot = (id: string, fingerprint: string, extra: Record<string, unknown> = {}) => ({
        id, customer_id: null, email: `${id}@example.com`, item_count: 1, fingerprint, completed_at: null, ...extra,
      })
      expect(await service.recordCartActivity([snapshot("cart_a", "f1"), snapshot("cart_b", "f1")], minutes(0))).toBe(2)
      // The same fingerprint later is a re-delivery: the idle period does not restart.
      expect(await service.recordCartActivity([snapshot("cart_a", "f1")], minutes(5))).toBe(0)
      expect(await service.recordCartActivity([snapshot("cart_b", "f2")], minutes(5))).toBe(1)
      await service.recordCartActivity([snapshot("cart_c", "f1", { item_count: 0 }), snapshot("cart_d", "f1", { email: null })], minutes(0))

      const first = await service.listIdleCarts({ at: minutes(-1), id: "" }, minutes(10), 1)
      expect(first.map((c) => [c.id, c.last_activity_at])).toEqual([["cart_a", minutes(0)]])
      const next = await service.listIdleCarts({ at: first[0].last_activity_at, id: first[0].id }, minutes(10), 10)
      expect(next.map((c) => c.id)).toEqual(["cart_b"])
      expect(await service.listIdleCarts({ at: minutes(-1), id: "" }, minutes(4), 10)).toHaveLength(1)

      expect(await service.completeCartActivity(["cart_a"], minutes(6))).toBe(1)
      expect(await service.completeCartActivity(["cart_a"], minutes(7))).toBe(0)
      // A later look at a completed cart never reopens it.
      await service.recordCartActivity([snapshot("cart_a", "f3")], minutes(8))
      expect((await service.listIdleCarts({ at: minutes(-1), id: "" }, minutes(10), 10)).map((c) => c.id)).toEqual(["cart_b"])
    })

    it("leases a version's scan cursor to one worker at a time and only moves it forward", async () => {
      expect(await service.leaseTriggerCursor("jver_1", minutes(0), 60_000)).toEqual(minutes(0))
      expect(await service.leaseTriggerCursor("jver_1", minutes(3), 60_000)).toBeNull()
      await service.moveTriggerCursor("jver_1", minutes(10), { release: false, leaseMs: 60_000 })
      expect(await service.leaseTriggerCursor("jver_1", minutes(0), 60_000)).toBeNull()
      await service.moveTriggerCursor("jver_1", minutes(4), { release: true })
      expect(await service.leaseTriggerCursor("jver_1", minutes(0), 60_000)).toEqual(minutes(10))
      // An expired lease (a crashed worker) is taken over.
      await service.moveTriggerCursor("jver_1", minutes(10), { release: false, leaseMs: -1_000 })
      expect(await service.leaseTriggerCursor("jver_1", minutes(0), 60_000)).toEqual(minutes(10))
    })
  },
})
