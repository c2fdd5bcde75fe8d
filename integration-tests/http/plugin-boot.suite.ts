import type { MedusaSuiteOptions } from "@medusajs/test-utils"
import { JOURNEY_MODULE, JourneyModuleService } from "../../src/modules/journey"
import { adminSession } from "../helpers/admin-session"
import { JOURNEY_GUARDS_SQL, JOURNEY_TABLES, JOURNEY_TABLES_SQL } from "../helpers/schema"

export default ({ api, getContainer, dbConnection }: MedusaSuiteOptions) => {
  it("migrated the journey tables with their guards", async () => {
    const tables = await dbConnection.raw(JOURNEY_TABLES_SQL)
    expect(tables.rows.map((r: { table_name: string }) => r.table_name)).toEqual(JOURNEY_TABLES)
    const guards = await dbConnection.raw(JOURNEY_GUARDS_SQL)
    expect(guards.rows).toHaveLength(2)
  })

  it("registers the journey module with its validated options", () => {
    const journeys = getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
    expect(journeys.getOptions()).toMatchObject({
      storefront_url: "http://localhost:8000",
      consent: "opt_out",
      default_timezone: "UTC",
    })
  })

  it("refuses the admin route without a session", async () => {
    const response = await api.get("/admin/journeys/status").catch((e: any) => e.response)
    expect(response.status).toBe(401)
  })

  it("answers the admin route with a session", async () => {
    const session = await adminSession(api, getContainer())
    const journeys = getContainer().resolve<JourneyModuleService>(JOURNEY_MODULE)
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
      wake_at: new Date(Date.now() + 3_600_000),
      context: {},
      trigger_key: "k1",
      entered_at: new Date(),
    })

    const response = await api.get("/admin/journeys/status", session)
    expect(response.status).toBe(200)
    expect(response.data).toEqual({
      options: {
        storefront_url: "http://localhost:8000",
        public_url: "https://api.shop.test",
        default_timezone: "UTC",
        consent: "opt_out",
        batch_size: 500,
        max_attempts: 5,
        retry_delay_seconds: 60,
        claim_lease_seconds: 600,
        quiet_hours: { email: null, sms: { from: "21:00", to: "08:00" }, push: null },
        frequency_caps: {},
        secret: "set",
        webhooks: { resend_signing_secret: "set", twilio_auth_token: "set" },
      },
      counts: {
        journeys: 1,
        enrollments: { active: 0, waiting: 1 },
        messages: { queued: 0, failed: 0 },
      },
      // The app's every-minute jobs may have run meanwhile: job-runs.suite.ts checks the runs.
      jobs: expect.any(Object),
      workers: expect.any(Array),
      // The enrollment waits an hour ahead: nothing is due.
      backlog: {
        enrollments: { due: 0, oldest_due_at: null, sweep_lag_seconds: 0 },
        messages: { due: 0, oldest_due_at: null, sending: 0, failed_last_24h: 0 },
        effects: { due: 0 },
        segment_reads: { running: 0 },
      },
    })
  })
}
