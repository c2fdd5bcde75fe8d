import { model } from "@medusajs/framework/utils"
import { CHANNELS } from "../../../engine/delivery"

/**
 * A recipient's answer for one channel. `address` is the normalised email, E.164 phone number,
 * or customer id (push). `suppressed` comes from the provider (hard bounce, complaint) and is
 * honoured even for transactional messages.
 */
const Consent = model
  .define({ name: "Consent", tableName: "journey_consent" }, {
    id: model.id({ prefix: "jcon" }).primaryKey(),
    channel: model.enum([...CHANNELS]),
    address: model.text(),
    customer_id: model.text().nullable(),
    status: model.enum(["subscribed", "unsubscribed", "suppressed"]),
    // Where the answer came from: unsubscribe link, STOP reply, provider webhook, admin, store.
    source: model.text().nullable(),
    reason: model.text().nullable(),
  })
  .indexes([
    {
      name: "IDX_journey_consent_address",
      on: ["channel", "address"],
      unique: true,
      where: "deleted_at IS NULL",
    },
    { on: ["customer_id"], where: "deleted_at IS NULL AND customer_id IS NOT NULL" },
  ])

export default Consent
