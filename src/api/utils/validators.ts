import { z } from "@medusajs/framework/zod"

/** Event names as Medusa writes them: dot-separated words (`product.viewed`). */
export const eventName = z
  .string()
  .max(100)
  .regex(/^[a-z0-9_]+(\.[a-z0-9_]+)*$/, { message: "name must be lowercase words joined by dots, like product.viewed" })

/** The fields of a customer event, whoever sends it (the admin API's body and the store API's). */
export const customerEventFields = {
  name: eventName,
  data: z.record(z.string(), z.unknown()).optional(),
  /** The caller's id for the event: sending it again changes nothing. */
  id: z.string().min(1).max(200).optional(),
}
