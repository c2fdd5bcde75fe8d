import { z } from "@medusajs/framework/zod"
import { CHANNELS } from "../../../engine"

export const TEMPLATE_STATUSES = ["draft", "published"] as const

const handle = z
  .string()
  .max(100)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "handle must be a lowercase slug: letters, digits and single dashes")
const name = z.string().trim().min(1).max(200)
const status = z.enum(TEMPLATE_STATUSES)
// Which fields a channel requires, and their Liquid syntax, are checked by the workflow (engine
// `checkTemplate`), so that every writer (API, import, gallery) gets the same answer.
const liquid = z.string().nullish()
const content = {
  subject: liquid,
  html: liquid,
  text: liquid,
  title: liquid,
  body: liquid,
  // Push data reaches the app as strings (FCM requires them); each value is a Liquid template.
  data: z.record(z.string(), z.string()).nullish(),
}
const id = z.string().trim().min(1)
const oneOrMany = <T extends readonly [string, ...string[]]>(values: T) =>
  z.union([z.enum(values), z.array(z.enum(values))]).optional()

export const ListMessageTemplatesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
  channel: oneOrMany(CHANNELS),
  status: oneOrMany(TEMPLATE_STATUSES),
  q: z.string().trim().min(1).optional(),
})
export type ListMessageTemplatesQuery = z.infer<typeof ListMessageTemplatesQuery>

export const CreateMessageTemplateBody = z.strictObject({
  handle,
  name,
  channel: z.enum(CHANNELS),
  status: status.default("draft"),
  ...content,
})
export type CreateMessageTemplateBody = z.infer<typeof CreateMessageTemplateBody>

export const UpdateMessageTemplateBody = z
  .strictObject({ handle: handle.optional(), name: name.optional(), status: status.optional(), ...content })
  .refine((body) => Object.keys(body).length > 0, { message: "Give at least one field to change" })
export type UpdateMessageTemplateBody = z.infer<typeof UpdateMessageTemplateBody>

export const PreviewMessageTemplateBody = z.strictObject({
  customer_id: id.optional(),
  cart_id: id.optional(),
  order_id: id.optional(),
  // Extra variables (an `event`, sample data…); a loaded customer, cart or order takes precedence.
  data: z.record(z.string(), z.unknown()).optional(),
})
export type PreviewMessageTemplateBody = z.infer<typeof PreviewMessageTemplateBody>
