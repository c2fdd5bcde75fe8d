import { z } from "@medusajs/framework/zod"

/** An FCM registration token (about 160 characters today; Firebase promises no fixed length). */
const deviceToken = z.string().min(1).max(4096)

export const StorePushDeviceBody = z.strictObject({ token: deviceToken, platform: z.enum(["ios", "android", "web"]) })
export type StorePushDeviceBody = z.infer<typeof StorePushDeviceBody>

export const StorePushOpenBody = z.strictObject({ token: z.string().min(1).max(4096) })
export type StorePushOpenBody = z.infer<typeof StorePushOpenBody>

export const StorePreferencesBody = z
  .strictObject({ email: z.boolean().optional(), sms: z.boolean().optional(), push: z.boolean().optional() })
  .refine((body) => Object.keys(body).length > 0, { message: "Give at least one of email, sms, push" })
export type StorePreferencesBody = z.infer<typeof StorePreferencesBody>
