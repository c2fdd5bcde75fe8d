import { model } from "@medusajs/framework/utils"

/**
 * The last activity of each cart, recorded by the cart subscribers (Medusa does not bump
 * `cart.updated_at` when an item is added). Its id is the cart id. The abandonment job reads
 * only this table, through an index over open carts by last activity: its cost grows with
 * the carts that went idle since its last run, not with every cart in the store.
 */
const CartActivity = model
  .define({ name: "CartActivity", tableName: "journey_cart_activity" }, {
    id: model.id().primaryKey(),
    customer_id: model.text().nullable(),
    email: model.text().nullable(),
    item_count: model.number().default(0),
    last_activity_at: model.dateTime(),
    // What the cart looked like (items, quantities, email, update time): an event that changes
    // none of it — a re-delivery — is not activity and does not restart the idle period.
    fingerprint: model.text(),
    // Set when the cart became an order: it never counts as abandoned again.
    completed_at: model.dateTime().nullable(),
  })
  .indexes([
    {
      name: "IDX_journey_cart_activity_idle",
      on: ["last_activity_at"],
      where: "deleted_at IS NULL AND completed_at IS NULL AND email IS NOT NULL AND item_count > 0",
    },
  ])

export default CartActivity
