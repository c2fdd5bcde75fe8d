import { z } from "@medusajs/framework/zod"

const name = z.string().trim().min(1).max(200)
const description = z.string().max(2000).nullable()
// Any JSON here: the segment rule's problems are found by the workflow (or the preview) with
// their paths, which a 400 from this validator would not give.
const rule = z.json()
const page = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
}

export const ListSegmentsQuery = z.strictObject({ ...page, q: z.string().trim().min(1).optional() })
export type ListSegmentsQuery = z.infer<typeof ListSegmentsQuery>

export const CreateSegmentBody = z.strictObject({ name, description: description.optional(), rule })
export type CreateSegmentBody = z.infer<typeof CreateSegmentBody>

export const UpdateSegmentBody = z
  .strictObject({ name: name.optional(), description: description.optional(), rule: rule.optional() })
  .refine((body) => Object.keys(body).length > 0, { message: "Give a name, a description or a rule to change" })
export type UpdateSegmentBody = z.infer<typeof UpdateSegmentBody>

export const PreviewSegmentBody = z.strictObject({ rule })
export type PreviewSegmentBody = z.infer<typeof PreviewSegmentBody>

export const ListSegmentMembersQuery = z.strictObject(page)
export type ListSegmentMembersQuery = z.infer<typeof ListSegmentMembersQuery>

export const ExportSegmentQuery = z.strictObject({})
