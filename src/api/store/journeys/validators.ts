import { z } from "@medusajs/framework/zod"
import { CHANNELS, type Channel } from "../../../engine"
import { customerEventFields, eventName } from "../../utils/validators"

/** An FCM registration token (about 160 characters today; Firebase promises no fixed length). */
const deviceToken = z.string().min(1).max(4096)

export const StorePushDeviceBody = z.strictObject({ token: deviceToken, platform: z.enum(["ios", "android", "web"]) })
export type StorePushDeviceBody = z.infer<typeof StorePushDeviceBody>

export const StorePushOpenBody = z.strictObject({ token: z.string().min(1).max(4096) })
export type StorePushOpenBody = z.infer<typeof StorePushOpenBody>

export const StorePreferencesBody = z
  .strictObject(Object.fromEntries(CHANNELS.map((channel) => [channel, z.boolean().optional()])) as Record<Channel, z.ZodOptional<z.ZodBoolean>>)
  .refine((body) => Object.keys(body).length > 0, { message: `Give at least one of ${CHANNELS.join(", ")}` })
export type StorePreferencesBody = z.infer<typeof StorePreferencesBody>

/** Names a shopper may not send: Medusa's own events and the plugin's reactions (a faked order.placed would fake a conversion). */
const RESERVED = /^(order|cart|customer|payment|fulfillment|return|claim|exchange|message|auth|user|invite)\./

export const StoreCustomerEventBody = z.strictObject({
  ...customerEventFields,
  name: eventName.refine((name) => !RESERVED.test(name), { message: "this event name is reserved for the store itself" }),
})
export type StoreCustomerEventBody = z.infer<typeof StoreCustomerEventBody>
