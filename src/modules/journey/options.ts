import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { CHANNELS, type Channel } from "../../engine/delivery"

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

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "must be a time of day like 21:00" })
const quietHours = z
  .strictObject({ from: timeOfDay, to: timeOfDay })
  .refine((hours) => hours.from !== hours.to, { message: "from and to must differ" })
  .nullable()
const isoDuration = z.string().regex(/^P(?!$)(\d+D)?(T(?!$)(\d+H)?(\d+M)?)?$/, {
  message: "must be an ISO 8601 duration in days, hours or minutes, like P1D or PT12H",
})
const channelCap = z.strictObject({ max: z.number().int().min(1), within: isoDuration })

/** An object with one field per channel. */
const perChannel = <T extends z.ZodType>(field: (channel: Channel) => T) =>
  z.strictObject(Object.fromEntries(CHANNELS.map((channel) => [channel, field(channel)])) as Record<Channel, T>)
/** Texts at night are what shoppers and carriers object to; other channels have no quiet hours by default. */
const defaultQuietHours = (channel: Channel) => (channel === "sms" ? { from: "21:00", to: "08:00" } : null)

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
    /** Wait after a send's or an effect's first failure, doubling after each next one (at most 6 h). */
    retry_delay_seconds: z.number().int().min(1).max(3600).default(60),
    /**
     * How long a claimed send, effect or segment read may stay under way before another worker
     * presumes its worker gone and takes it again: longer than the slowest batch of sends.
     */
    claim_lease_seconds: z.number().int().min(10).max(86_400).default(600),
    /**
     * Base URL at which shoppers and providers reach this Medusa server (e.g.
     * https://api.shop.com): unsubscribe links and Twilio's signature checks use it.
     */
    public_url: z.string().url().optional(),
    /**
     * Local hours, in the recipient's zone, when a channel stays silent: a message due inside
     * waits until they end. SMS defaults to 21:00–08:00; null turns a channel's off.
     */
    quiet_hours: perChannel((channel) => quietHours.default(defaultQuietHours(channel)))
      .default(() => Object.fromEntries(CHANNELS.map((channel) => [channel, defaultQuietHours(channel)])) as Record<Channel, { from: string; to: string } | null>),
    /** Most marketing messages one recipient gets per channel and period, across all journeys. */
    frequency_caps: perChannel(() => channelCap.optional()).default({}),
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

const LOOPBACK = /^(localhost|.+\.localhost|127(\.\d{1,3}){3}|\[::1\])$/

/** What the options allow but a live store should not run with, as warnings for the boot log. */
export function optionWarnings(options: JourneyOptions): string[] {
  const warnings: string[] = []
  const publicUrl = options.public_url ? new URL(options.public_url) : null
  if (publicUrl?.protocol === "http:" && !LOOPBACK.test(publicUrl.hostname)) {
    warnings.push(
      `medusa-plugin-journeys: public_url "${options.public_url}" is not https: unsubscribe links in ` +
        "List-Unsubscribe headers will be http, which Gmail and Yahoo do not accept for one-click unsubscribe"
    )
  }
  return warnings
}
