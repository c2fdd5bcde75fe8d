import { z } from "@medusajs/framework/zod"

export const ENROLLMENT_STATUSES = ["active", "waiting", "completed", "exited", "failed"] as const

const status = z.enum(ENROLLMENT_STATUSES)

export const ListEnrollmentsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
  status: z.union([status.transform((one) => [one]), z.array(status).min(1)]).optional(),
  node: z.string().trim().min(1).optional(),
  // A part of the address, any case: the merchant types what they remember of it.
  email: z.string().trim().min(1).optional(),
  // Test-mode enrollments stay out of the merchant's view unless asked for.
  is_test: z.stringbool().default(false),
})
export type ListEnrollmentsQuery = z.infer<typeof ListEnrollmentsQuery>
