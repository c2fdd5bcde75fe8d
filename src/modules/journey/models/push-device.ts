import { model } from "@medusajs/framework/utils"

/**
 * A device a signed-in customer registered for push (an FCM registration token). A token belongs
 * to one customer at a time: registering it again from another account moves it. Tokens FCM
 * reports as invalid are deleted when a send learns of it.
 */
const PushDevice = model
  .define({ name: "PushDevice", tableName: "journey_push_device" }, {
    id: model.id({ prefix: "jpdv" }).primaryKey(),
    customer_id: model.text(),
    token: model.text(),
    platform: model.enum(["ios", "android", "web"]),
    last_seen_at: model.dateTime(),
  })
  .indexes([
    { name: "IDX_journey_push_device_token", on: ["token"], unique: true, where: "deleted_at IS NULL" },
    { on: ["customer_id"], where: "deleted_at IS NULL" },
  ])

export default PushDevice
