import path from "path"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { JOURNEY_MODULE, type JourneyModuleService } from ".."

jest.setTimeout(60_000)

const definition = (entry = "x1") => ({
  schema_version: 1,
  trigger: { type: "customer_created" },
  settings: { reentry: "once" },
  entry_node: entry,
  nodes: [{ id: entry, type: "exit" }],
  edges: [],
})

moduleIntegrationTestRunner<JourneyModuleService>({
  moduleName: JOURNEY_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "..", "migrations"),
  moduleOptions: { default_timezone: "Europe/Paris" },
  testSuite: ({ service, MikroOrmWrapper }) => {
    const sql = (query: string, bindings: unknown[] = []) =>
      MikroOrmWrapper.forkManager().getConnection().execute(query, bindings)

    async function journeyWithVersion(status: "draft" | "published" = "published") {
      const journey = await service.createJourneys({ name: "Welcome" })
      const version = await service.createJourneyVersions({
        journey_id: journey.id,
        number: 1,
        status,
        definition: definition(),
        published_at: status === "published" ? new Date() : null,
      })
      return { journey, version }
    }

    const enrollment = (journeyId: string, versionId: string, extra: Record<string, unknown> = {}) => ({
      journey_id: journeyId,
      version_id: versionId,
      customer_id: "cus_1",
      context: { trigger: "customer.created" },
      trigger_key: "cus_1",
      entered_at: new Date(),
      ...extra,
    })

    it("exposes the validated options, defaults filled", () => {
      expect(service.getOptions()).toMatchObject({
        default_timezone: "Europe/Paris",
        consent: "opt_in",
        batch_size: 500,
      })
    })

    describe("versions", () => {
      it("keeps one published and one draft per journey", async () => {
        const { journey } = await journeyWithVersion("published")
        await expect(
          service.createJourneyVersions({
            journey_id: journey.id,
            number: 2,
            status: "published",
            definition: definition(),
            published_at: new Date(),
          })
        ).rejects.toThrow()

        await service.createJourneyVersions({
          journey_id: journey.id,
          number: 2,
          status: "draft",
          definition: definition(),
        })
        await expect(
          service.createJourneyVersions({
            journey_id: journey.id,
            number: 3,
            status: "draft",
            definition: definition(),
          })
        ).rejects.toThrow()

        const versions = await service.listJourneyVersions({ journey_id: journey.id })
        expect(versions.map((v) => [v.number, v.status]).sort()).toEqual([
          [1, "published"],
          [2, "draft"],
        ])
      })

      it("refuses a second version with the same number", async () => {
        const { journey } = await journeyWithVersion("draft")
        await expect(
          service.createJourneyVersions({
            journey_id: journey.id,
            number: 1,
            status: "archived",
            definition: definition(),
          })
        ).rejects.toThrow()
      })

      it("freezes the definition of a published version", async () => {
        const { version } = await journeyWithVersion("published")
        await expect(
          service.updateJourneyVersions({ id: version.id, definition: definition("other") })
        ).rejects.toThrow(/definition cannot change/)
        await expect(
          sql(`update journey_version set definition = '{}'::jsonb where id = ?`, [version.id])
        ).rejects.toThrow(/definition cannot change/)
        await expect(service.updateJourneyVersions({ id: version.id, status: "draft" })).rejects.toThrow(
          /cannot become a draft again/
        )

        // Draining keeps the definition, so it is allowed.
        const drained = await service.updateJourneyVersions({ id: version.id, status: "draining" })
        expect(drained.status).toBe("draining")
        const [stored] = await service.listJourneyVersions({ id: version.id })
        expect(stored.definition).toEqual(definition())
      })

      it("lets a draft be edited until it is published", async () => {
        const { version } = await journeyWithVersion("draft")
        await service.updateJourneyVersions({ id: version.id, definition: definition("y1") })
        const published = await service.updateJourneyVersions({
          id: version.id,
          status: "published",
          published_at: new Date(),
        })
        expect(published.definition).toEqual(definition("y1"))
      })

      it("requires a publication date once published", async () => {
        const { journey } = await journeyWithVersion("draft")
        await expect(
          service.createJourneyVersions({
            journey_id: journey.id,
            number: 2,
            status: "published",
            definition: definition(),
          })
        ).rejects.toThrow()
      })
    })

    describe("enrollments", () => {
      it("enrolls nobody twice for the same trigger key", async () => {
        const { journey, version } = await journeyWithVersion()
        await service.createEnrollments(enrollment(journey.id, version.id))
        await expect(service.createEnrollments(enrollment(journey.id, version.id))).rejects.toThrow()

        // The same key in another journey is another entry.
        const other = await journeyWithVersion()
        await service.createEnrollments(enrollment(other.journey.id, other.version.id))
        expect(await service.listEnrollments({ trigger_key: "cus_1" })).toHaveLength(2)
      })

      it("enforces re-entry through the entry guard", async () => {
        const { journey, version } = await journeyWithVersion()
        await service.createEnrollments(
          enrollment(journey.id, version.id, { trigger_key: "order_1", entry_guard: "cus_1" })
        )
        await expect(
          service.createEnrollments(
            enrollment(journey.id, version.id, { trigger_key: "order_2", entry_guard: "cus_1" })
          )
        ).rejects.toThrow()
        // Journeys that allow several entries leave the guard empty.
        await service.createEnrollments([
          enrollment(journey.id, version.id, { trigger_key: "order_3" }),
          enrollment(journey.id, version.id, { trigger_key: "order_4" }),
        ])
        expect(await service.listEnrollments({ journey_id: journey.id })).toHaveLength(3)
      })

      it("requires an end date exactly when the enrollment has ended", async () => {
        const { journey, version } = await journeyWithVersion()
        const created = await service.createEnrollments(enrollment(journey.id, version.id))
        await expect(service.updateEnrollments({ id: created.id, status: "exited" })).rejects.toThrow()
        const ended = await service.updateEnrollments({
          id: created.id,
          status: "exited",
          ended_at: new Date(),
          exit_reason: "goal",
        })
        expect(ended.status).toBe("exited")
      })

      it("requires a recipient", async () => {
        const { journey, version } = await journeyWithVersion()
        await expect(
          service.createEnrollments(enrollment(journey.id, version.id, { customer_id: null }))
        ).rejects.toThrow()
      })
    })

    describe("activity", () => {
      it("is append-only, yet follows its enrollment when that is deleted", async () => {
        const { journey, version } = await journeyWithVersion()
        const created = await service.createEnrollments(enrollment(journey.id, version.id))
        const activity = await service.createActivities({
          enrollment_id: created.id,
          journey_id: journey.id,
          node_id: "x1",
          type: "exited",
          reason: "reached exit node x1",
          occurred_at: new Date(),
        })
        await expect(
          service.updateActivities({ id: activity.id, reason: "rewritten history" })
        ).rejects.toThrow(/append-only/)

        await service.softDeleteEnrollments([created.id])
        expect(await service.listActivities({ id: activity.id })).toHaveLength(0)
        expect(await service.listActivities({ id: activity.id }, { withDeleted: true })).toHaveLength(1)
      })
    })

    describe("outbox and consent", () => {
      it("refuses a queued message with no due date", async () => {
        const base = {
          channel: "email" as const,
          template_id: "jtpl_1",
          recipient: "ada@example.com",
          queued_at: new Date(),
        }
        await expect(service.createMessages({ ...base, next_attempt_at: null })).rejects.toThrow()
        const message = await service.createMessages({ ...base, next_attempt_at: new Date() })
        expect(message).toMatchObject({ status: "queued", attempts: 0, category: "marketing" })
      })

      it("keeps one consent per channel and address", async () => {
        const consent = { channel: "sms" as const, address: "+33612345678", status: "unsubscribed" as const }
        await service.createConsents(consent)
        await expect(service.createConsents(consent)).rejects.toThrow()
        await service.createConsents({ ...consent, channel: "email", address: "ada@example.com" })
      })

      it("keeps template handles unique", async () => {
        const template = { handle: "welcome-1", name: "Welcome", channel: "email" as const }
        await service.createMessageTemplates(template)
        await expect(service.createMessageTemplates(template)).rejects.toThrow()
      })
    })

    describe("push devices", () => {
      it("registers a token once, moves it to the customer who registers it last, and removes only one's own", async () => {
        const first = await service.registerPushDevice({ customer_id: "cus_a", token: "tok-1", platform: "ios" }, new Date(1000))
        const again = await service.registerPushDevice({ customer_id: "cus_a", token: "tok-1", platform: "ios" }, new Date(2000))
        expect(again).toMatchObject({ id: first.id, customer_id: "cus_a" })
        expect(new Date(again.last_seen_at)).toEqual(new Date(2000))

        const moved = await service.registerPushDevice({ customer_id: "cus_b", token: "tok-1", platform: "android" }, new Date(3000))
        expect(moved).toMatchObject({ id: first.id, customer_id: "cus_b", platform: "android" })
        expect(await service.listPushDevices({ token: "tok-1" })).toHaveLength(1)
        await expect(service.createPushDevices({ customer_id: "cus_c", token: "tok-1", platform: "web", last_seen_at: new Date() }))
          .rejects.toThrow()

        expect(await service.removePushDevices(["tok-1"], "cus_a")).toEqual([])
        expect(await service.removePushDevices(["tok-1", "tok-unknown"], "cus_b")).toEqual(["tok-1"])
        await service.registerPushDevice({ customer_id: "cus_a", token: "tok-2", platform: "web" }, new Date())
        expect(await service.removePushDevices(["tok-2"], null)).toEqual(["tok-2"])
        expect(await service.listPushDevices({})).toEqual([])
      })
    })

    describe("indexes the engine relies on", () => {
      it("has the partial indexes that keep claims cheap", async () => {
        const rows = await sql(
          `select indexname, indexdef from pg_indexes where tablename like 'journey%'`
        )
        const def = (name: string) => rows.find((r: any) => r.indexname === name)?.indexdef
        expect(def("IDX_journey_enrollment_wake_at")).toMatch(/\(wake_at\) WHERE .*status = 'waiting'/)
        expect(def("IDX_journey_message_dispatch")).toMatch(/\(status, next_attempt_at\) WHERE .*status = ANY/)
        expect(def("IDX_journey_enrollment_trigger_key")).toMatch(/UNIQUE .*\(journey_id, trigger_key\)/)
        // Guests' enrollments only: every enrollment with a customer would add an entry on each update.
        expect(def("IDX_journey_enrollment_email")).toMatch(/\(email\) WHERE .*customer_id IS NULL/)
        expect(def("IDX_journey_version_one_published")).toMatch(/UNIQUE .*status = 'published'/)
        expect(def("IDX_journey_version_one_draft")).toMatch(/UNIQUE .*status = 'draft'/)
      })

      it("writes no index or foreign key check that no query needs on the hot tables", async () => {
        const indexes = (await sql(`select indexname from pg_indexes where tablename like 'journey%'`)).map(
          (r: any) => r.indexname
        )
        expect(indexes.filter((name: string) => /^IDX_journey_(enrollment|activity|message|event|effect)_deleted_at$/.test(name))).toEqual([])
        expect(indexes).not.toContain("IDX_journey_enrollment_journey_id")
        expect(indexes).not.toContain("IDX_journey_activity_enrollment_id")
        const foreignKeys = await sql(
          `select conrelid::regclass::text as tbl from pg_constraint
            where contype = 'f' and confrelid = 'journey_enrollment'::regclass`
        )
        expect(foreignKeys).toEqual([])
      })
    })
  },
})
