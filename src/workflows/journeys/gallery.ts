import { cartAbandoned, customerCreated, email, event, journey } from "../../engine"
import { JOURNEY_DOCUMENT_FORMAT, type DocumentTemplate, type JourneyDocument } from "./document"

/**
 * Ready-made journeys a merchant installs as a draft from the admin, with their templates
 * (published, so the journey can go live once reviewed). Written with the builder, so each one
 * is validated when this module loads. Send nodes name templates by handle, as in an export.
 */
const emailTemplate = (handle: string, name: string, subject: string, html: string, text: string): DocumentTemplate => ({
  handle, name, channel: "email", status: "published", subject, html, text,
})

const footer = `<p style="color:#888;font-size:12px">{{ store.name }}</p>`
const cartLines = `<ul>{% for item in cart.items %}<li>{{ item.quantity }} × {{ item.title }}</li>{% endfor %}</ul>`

type Entry = { key: string; description: string; document: JourneyDocument }

function entry(key: string, description: string, built: { name: string; definition: object }, templates: DocumentTemplate[]): Entry {
  return {
    key,
    description,
    document: {
      format: JOURNEY_DOCUMENT_FORMAT,
      version: 1,
      journey: { name: built.name, description },
      definition: built.definition as Record<string, unknown>,
      templates,
    },
  }
}

export const GALLERY: Entry[] = [
  entry(
    "abandoned-cart",
    "Three reminders after a cart goes idle (1 h, 24 h, 72 h), the last with an incentive for carts over 100; a purchase ends it.",
    journey("Abandoned cart")
      .trigger(cartAbandoned({ idleMinutes: 60 }))
      .settings({ reentry: "after_exit", goal: { event: "order.placed", within: "P7D" } })
      .send(email("cart-reminder-1", { tag: "abandoned-cart" }))
      .wait("PT23H")
      .send(email("cart-reminder-2", { tag: "abandoned-cart" }))
      .wait("P2D")
      .condition({
        branches: [
          {
            port: "high_value",
            where: { field: "cart.total", op: "gt", value: 100 },
            then: (path) => path.send(email("cart-reminder-incentive", { tag: "abandoned-cart" })).exit(),
          },
        ],
        else: (path) => path.send(email("cart-reminder-3", { tag: "abandoned-cart" })).exit(),
      })
      .build(),
    [
      emailTemplate("cart-reminder-1", "Cart reminder 1", "You left something behind, {{ customer.first_name | default: 'there' }}",
        `<p>Your cart is waiting:</p>${cartLines}${footer}`, "Your cart is waiting."),
      emailTemplate("cart-reminder-2", "Cart reminder 2", "Still thinking it over?",
        `<p>Your cart is saved for you:</p>${cartLines}${footer}`, "Your cart is saved for you."),
      emailTemplate("cart-reminder-3", "Cart reminder 3", "Last call for your cart",
        `<p>We can only keep your cart a little longer:</p>${cartLines}${footer}`, "Last call for your cart."),
      emailTemplate("cart-reminder-incentive", "Cart reminder with incentive", "10% off to finish your order",
        `<p>Use code <strong>COMEBACK10</strong> for 10% off:</p>${cartLines}${footer}`, "Use code COMEBACK10 for 10% off."),
    ]
  ),
  entry(
    "post-purchase-j15",
    "Fifteen days after each order, ask how it went.",
    journey("Post-purchase J+15")
      .trigger(event("order.placed"))
      .settings({ reentry: "multiple" })
      .wait("P15D")
      .send(email("post-purchase-review", { tag: "post-purchase" }))
      .exit()
      .build(),
    [
      emailTemplate("post-purchase-review", "Post-purchase review", "How is your order #{{ order.display_id }}?",
        `<p>Hi {{ customer.first_name | default: 'there' }}, how is your order #{{ order.display_id }} going?</p>${footer}`,
        "How is your order #{{ order.display_id }} going?"),
    ]
  ),
  entry(
    "welcome-series",
    "Three emails over the first week after an account is created.",
    journey("Welcome series")
      .trigger(customerCreated())
      .settings({ reentry: "once" })
      .send(email("welcome-1", { tag: "welcome" }))
      .wait("P2D")
      .send(email("welcome-2", { tag: "welcome" }))
      .wait("P3D")
      .send(email("welcome-3", { tag: "welcome" }))
      .exit()
      .build(),
    [
      emailTemplate("welcome-1", "Welcome 1", "Welcome, {{ customer.first_name | default: 'friend' }}",
        `<p>Thanks for joining us.</p>${footer}`, "Thanks for joining us."),
      emailTemplate("welcome-2", "Welcome 2", "Our bestsellers", `<p>Here is what others love.</p>${footer}`, "Here is what others love."),
      emailTemplate("welcome-3", "Welcome 3", "A little something for your first order",
        `<p>Use code <strong>WELCOME10</strong> on your first order.</p>${footer}`, "Use code WELCOME10 on your first order."),
    ]
  ),
  entry(
    "win-back-90",
    "When a customer has not ordered for 90 days, two emails a week apart; a new order ends it (and starts the count again).",
    journey("Win-back (90 days)")
      .trigger(event("order.placed"))
      .settings({ reentry: "multiple", goal: { event: "order.placed" } })
      .wait("P90D")
      .send(email("win-back-1", { tag: "win-back" }))
      .wait("P7D")
      .send(email("win-back-2", { tag: "win-back" }))
      .exit()
      .build(),
    [
      emailTemplate("win-back-1", "Win-back 1", "We miss you, {{ customer.first_name | default: 'friend' }}",
        `<p>It has been a while. Here is what is new.</p>${footer}`, "It has been a while."),
      emailTemplate("win-back-2", "Win-back 2", "15% off, just for you",
        `<p>Come back with code <strong>MISSYOU15</strong>.</p>${footer}`, "Come back with code MISSYOU15."),
    ]
  ),
  entry(
    "browse-reengagement",
    "Four hours after a product is viewed without a purchase, a reminder of it.",
    journey("Browse re-engagement")
      .trigger(event("product.viewed"))
      .settings({ reentry: "after_exit", goal: { event: "order.placed", within: "P3D" } })
      .wait("PT4H")
      .send(email("browse-reminder", { tag: "browse" }))
      .exit()
      .build(),
    [
      emailTemplate("browse-reminder", "Browse reminder", "Still interested in {{ event.data.product.title | default: 'it' }}?",
        `<p>{{ event.data.product.title }} is still available.</p>${footer}`, "{{ event.data.product.title }} is still available."),
    ]
  ),
]
