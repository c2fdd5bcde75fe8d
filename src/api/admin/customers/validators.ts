import { z } from "@medusajs/framework/zod"
import { CHANNELS } from "../../../engine"

export const AdminCustomerConsentBody = z.strictObject({
  channel: z.enum(CHANNELS),
  // `suppressed` is the provider's word (hard bounce, complaint), never the admin's.
  status: z.enum(["subscribed", "unsubscribed"]),
  // A suppressed address changes only when the admin says so explicitly: otherwise 409.
  lift_suppression: z.boolean().optional(),
})
export type AdminCustomerConsentBody = z.infer<typeof AdminCustomerConsentBody>
