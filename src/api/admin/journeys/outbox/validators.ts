import { z } from "@medusajs/framework/zod"
import { CHANNELS } from "../../../../engine/delivery"

export const MESSAGE_STATUSES = ["queued", "sending", "sent", "delivered", "failed", "skipped", "cancelled"] as const
export const EFFECT_STATUSES = ["queued", "running", "done", "failed", "cancelled"] as const
export const EFFECT_TYPES = ["update_customer", "webhook"] as const

/** One status or several (`status=failed&status=queued`). */
const oneOrMany = <T extends readonly [string, ...string[]]>(values: T) => {
  const one = z.enum(values)
  return z.union([one.transform((value) => [value]), z.array(one).min(1)]).optional()
}

const page = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
  journey_id: z.string().trim().min(1).optional(),
}

export const ListOutboxMessagesQuery = z.strictObject({
  ...page,
  status: oneOrMany(MESSAGE_STATUSES),
  channel: z.enum(CHANNELS).optional(),
  // A part of the address (or customer id for push), any case, taken literally.
  recipient: z.string().trim().min(1).max(200).optional(),
})
export type ListOutboxMessagesQuery = z.infer<typeof ListOutboxMessagesQuery>

export const ListOutboxEffectsQuery = z.strictObject({
  ...page,
  status: oneOrMany(EFFECT_STATUSES),
  type: z.enum(EFFECT_TYPES).optional(),
})
export type ListOutboxEffectsQuery = z.infer<typeof ListOutboxEffectsQuery>
