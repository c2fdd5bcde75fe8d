import { z } from "@medusajs/framework/zod"
import { parseDuration } from "../../../engine"
import { customerEventFields } from "../../utils/validators"

const definition = z.record(z.string(), z.unknown())
const name = z.string().trim().min(1).max(200)
const description = z.string().max(2000).nullable()
const mode = z.enum(["drain", "stop"])

export const JOURNEY_STATUSES = ["draft", "live", "paused", "stopped"] as const

export const ListJourneysQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
  status: z.union([z.enum(JOURNEY_STATUSES), z.array(z.enum(JOURNEY_STATUSES))]).optional(),
  q: z.string().trim().min(1).optional(),
})
export type ListJourneysQuery = z.infer<typeof ListJourneysQuery>

export const CreateJourneyBody = z.strictObject({
  name,
  description: description.optional(),
  definition: definition.optional(),
})
export type CreateJourneyBody = z.infer<typeof CreateJourneyBody>

export const UpdateJourneyBody = z
  .strictObject({ name: name.optional(), description: description.optional() })
  .refine((body) => body.name !== undefined || body.description !== undefined, {
    message: "Give a name or a description to change",
  })
export type UpdateJourneyBody = z.infer<typeof UpdateJourneyBody>

export const SaveDraftBody = z.strictObject({ definition })
export type SaveDraftBody = z.infer<typeof SaveDraftBody>

export const ValidateJourneyBody = z.strictObject({ definition: definition.optional() })
export type ValidateJourneyBody = z.infer<typeof ValidateJourneyBody>

export const PublishJourneyBody = z.strictObject({ mode: mode.optional() })
export type PublishJourneyBody = z.infer<typeof PublishJourneyBody>

export const StopJourneyBody = z.strictObject({ mode })
export type StopJourneyBody = z.infer<typeof StopJourneyBody>

export const EmptyBody = z.strictObject({})

export const ExportJourneyQuery = z.strictObject({ version_id: z.string().min(1).optional() })
export type ExportJourneyQuery = z.infer<typeof ExportJourneyQuery>

export const TestJourneyBody = z.strictObject({
  customer_ids: z.array(z.string().min(1)).min(1).max(100),
  version_id: z.string().min(1).optional(),
})
export type TestJourneyBody = z.infer<typeof TestJourneyBody>

export const AdvanceTestBody = z.strictObject({
  duration: z.string().refine((value) => parseDuration(value) !== null, {
    message: "duration must be a positive ISO 8601 duration, like PT1H or P1D",
  }),
})
export type AdvanceTestBody = z.infer<typeof AdvanceTestBody>

export const AdminCustomerEventBody = z
  .strictObject({ ...customerEventFields, customer_id: z.string().min(1).optional(), email: z.email().optional() })
  .refine((body) => body.customer_id || body.email, { message: "Give the customer_id or the email of the customer" })
export type AdminCustomerEventBody = z.infer<typeof AdminCustomerEventBody>

export const ENROLLMENT_STATUSES = ["active", "waiting", "completed", "exited", "failed"] as const

const enrollmentStatus = z.enum(ENROLLMENT_STATUSES)

export const ListEnrollmentsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
  status: z.union([enrollmentStatus.transform((one) => [one]), z.array(enrollmentStatus).min(1)]).optional(),
  node: z.string().trim().min(1).optional(),
  // A part of the address, any case: the merchant types what they remember of it.
  email: z.string().trim().min(1).optional(),
  // Test-mode enrollments stay out of the merchant's view unless asked for.
  is_test: z.stringbool().default(false),
})
export type ListEnrollmentsQuery = z.infer<typeof ListEnrollmentsQuery>

/** The stats' period: the last 7, 30 or 90 days, or all time (who waits where is always now). */
export const STATS_PERIODS = ["7d", "30d", "90d", "all"] as const

export const JourneyStatsQuery = z.strictObject({ since: z.enum(STATS_PERIODS).default("all") })
export type JourneyStatsQuery = z.infer<typeof JourneyStatsQuery>
