import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { JOURNEY_MODULE } from "../../src/modules/journey"
import { adminSession } from "../helpers/admin-session"

jest.setTimeout(120_000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer, dbConnection }) => {
    it("migrated the journey tables with their guards", async () => {
      const tables = await dbConnection.raw(
        `select table_name from information_schema.tables
          where table_schema = 'public' and table_name like 'journey%' order by table_name`
      )
      expect(tables.rows.map((r: { table_name: string }) => r.table_name)).toEqual([
        "journey",
        "journey_activity",
        "journey_consent",
        "journey_enrollment",
        "journey_message",
        "journey_message_template",
        "journey_version",
      ])
      const triggers = await dbConnection.raw(
        `select tgname from pg_trigger where tgname in ('journey_version_guard', 'journey_activity_append_only')`
      )
      expect(triggers.rows).toHaveLength(2)
    })

    it("registers the journey module with its validated options", () => {
      const journeys = getContainer().resolve(JOURNEY_MODULE)
      expect(journeys.getOptions()).toMatchObject({
        storefront_url: "http://localhost:8000",
        consent: "opt_in",
        default_timezone: "UTC",
      })
    })

    it("refuses the admin route without a session", async () => {
      const response = await api.get("/admin/journeys/status").catch((e: any) => e.response)
      expect(response.status).toBe(401)
    })

    it("answers the admin route with a session", async () => {
      const session = await adminSession(api, getContainer())
      const journeys = getContainer().resolve(JOURNEY_MODULE)
      const journey = await journeys.createJourneys({ name: "Welcome" })
      const version = await journeys.createJourneyVersions({
        journey_id: journey.id,
        number: 1,
        status: "published",
        published_at: new Date(),
        definition: { schema_version: 1 },
      })
      await journeys.createEnrollments({
        journey_id: journey.id,
        version_id: version.id,
        email: "ada@example.com",
        status: "waiting",
        wake_at: new Date(),
        context: {},
        trigger_key: "k1",
        entered_at: new Date(),
      })

      const response = await api.get("/admin/journeys/status", session)
      expect(response.status).toBe(200)
      expect(response.data).toEqual({
        options: {
          storefront_url: "http://localhost:8000",
          default_timezone: "UTC",
          consent: "opt_in",
          batch_size: 500,
          max_attempts: 5,
          secret: "set",
        },
        counts: {
          journeys: 1,
          enrollments: { active: 0, waiting: 1 },
          messages: { queued: 0, failed: 0 },
        },
      })
    })
  },
})
