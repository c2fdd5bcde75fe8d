import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"

const timeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone })
      return true
    } catch {
      return false
    }
  },
  { message: "is not an IANA time zone (e.g. Europe/Paris)" }
)

/** The plugin options, as given in medusa-config (`plugins: [{ resolve, options }]`). */
export const journeyOptionsSchema = z
  .object({
    /** Base URL of the storefront, for cart-recovery links. */
    storefront_url: z.string().url().optional(),
    /** Zone of journeys and recipients that have none of their own. */
    default_timezone: timeZone.default("UTC"),
    /** Marketing consent policy: opt_in sends only to those who said yes. */
    consent: z.enum(["opt_in", "opt_out"]).default("opt_in"),
    /** Key that signs unsubscribe and tracking links; required to send marketing email. */
    secret: z.string().min(32, { message: "must be at least 32 characters" }).optional(),
    /** Enrollments and messages claimed per batch by the jobs. */
    batch_size: z.number().int().min(1).max(10_000).default(500),
    /** Send attempts before a message ends failed. */
    max_attempts: z.number().int().min(1).max(50).default(5),
    /**
     * Base URL at which shoppers and providers reach this Medusa server (e.g.
     * https://api.shop.com): unsubscribe links and Twilio's signature checks use it.
     */
    public_url: z.string().url().optional(),
    /** Verifies provider webhooks: Resend's signing secret (whsec_…), Twilio's auth token. */
    webhooks: z
      .strictObject({
        resend_signing_secret: z.string().min(1).optional(),
        twilio_auth_token: z.string().min(1).optional(),
      })
      .default({}),
  })
  .strict()

export type JourneyOptions = z.infer<typeof journeyOptionsSchema>
export type JourneyOptionsInput = z.input<typeof journeyOptionsSchema>

/** Parses the options or throws an error that names every bad option, so boot fails early. */
export function parseJourneyOptions(options: unknown): JourneyOptions {
  // Medusa adds its own `database` settings to every module's options.
  const { database: _database, ...given } = (options ?? {}) as Record<string, unknown>
  const result = journeyOptionsSchema.safeParse(given)
  if (result.success) {
    return result.data
  }
  const problems = result.error.issues.map((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => `unknown option "${key}"`).join("; ")
    }
    const path = issue.path.join(".") || "(options)"
    return `option "${path}" ${issue.message}`
  })
  throw new MedusaError(
    MedusaError.Types.INVALID_DATA,
    `medusa-plugin-journeys: invalid plugin options: ${problems.join("; ")}`
  )
}
