import { Badge, Heading, Text, toast } from "@medusajs/ui"
import { useTranslation } from "react-i18next"

const TOTALS = ["total", "subtotal", "item_total", "tax_total", "shipping_total", "discount_total"]

/**
 * What a message's context holds (workflows/message-context.ts and the dispatcher's links), root
 * by root. A click copies the Liquid output tag.
 */
const ROOTS: { root: string; fields: string[] }[] = [
  {
    root: "customer",
    fields: ["first_name", "last_name", "email", "phone", "company_name", "has_account", "id", "created_at", "metadata", "addresses"],
  },
  {
    root: "cart",
    fields: ["id", "email", "currency_code", ...TOTALS, "items", "shipping_address", "created_at", "updated_at", "completed_at", "metadata"],
  },
  { root: "order", fields: ["display_id", "id", "email", "status", "currency_code", ...TOTALS, "items", "shipping_address", "created_at", "metadata"] },
  { root: "event", fields: ["name", "data"] },
  // Send steps' enrichments (definition ENRICHMENTS): present when the step loads them.
  { root: "open_cart", fields: ["id", "currency_code", "total", "subtotal", "item_total", "items", "updated_at"] },
]
const ITEM_FIELDS = ["title", "subtitle", "quantity", "unit_price", "total", "thumbnail", "product_title", "product_handle", "variant_title", "variant_sku"]
const PRODUCT_FIELDS = ["title", "description", "thumbnail", "price", "currency_code", "handle", "id"]
const LINKS = ["unsubscribe_url", "cart_recovery_url"]

export const LiquidVariables = () => {
  const { t } = useTranslation("journeys")
  const copy = (tag: string) =>
    navigator.clipboard.writeText(tag).then(
      () => toast.success(t("templates.variables.copied", { tag })),
      () => toast.error(t("templates.variables.copyFailed", { tag }))
    )
  const chip = (path: string) => (
    <button key={path} type="button" onClick={() => void copy(`{{ ${path} }}`)} data-testid={`variable-${path}`}>
      <Badge size="2xsmall" className="cursor-pointer font-mono">{path}</Badge>
    </button>
  )
  return (
    <section className="flex flex-col gap-y-4" data-testid="liquid-variables">
      <div>
        <Heading level="h3">{t("templates.variables.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">{t("templates.variables.description")}</Text>
      </div>
      {ROOTS.map(({ root, fields }) => (
        <div key={root} className="flex flex-col gap-y-1.5">
          <Text size="small" weight="plus" className="font-mono">{root}</Text>
          <Text size="xsmall" className="text-ui-fg-subtle">{t(`templates.variables.roots.${root}`)}</Text>
          <div className="flex flex-wrap gap-1">{fields.map((field) => chip(`${root}.${field}`))}</div>
        </div>
      ))}
      <div className="flex flex-col gap-y-1.5">
        <Text size="small" weight="plus">{t("templates.variables.items")}</Text>
        <code className="txt-compact-xsmall bg-ui-bg-subtle rounded px-2 py-1 font-mono">
          {"{% for item in cart.items %}{{ item.quantity }} × {{ item.title }}{% endfor %}"}
        </code>
        <div className="flex flex-wrap gap-1">{ITEM_FIELDS.map((field) => chip(`item.${field}`))}</div>
      </div>
      <div className="flex flex-col gap-y-1.5">
        <Text size="small" weight="plus" className="font-mono">viewed_products</Text>
        <Text size="xsmall" className="text-ui-fg-subtle">{t("templates.variables.viewedProducts")}</Text>
        <code className="txt-compact-xsmall bg-ui-bg-subtle rounded px-2 py-1 font-mono">
          {"{% for product in viewed_products %}{{ product.title }} {{ product.price }}{% endfor %}"}
        </code>
        <div className="flex flex-wrap gap-1">{PRODUCT_FIELDS.map((field) => chip(`product.${field}`))}</div>
      </div>
      <div className="flex flex-col gap-y-1.5">
        <Text size="small" weight="plus">{t("templates.variables.links")}</Text>
        {LINKS.map((link) => (
          <div key={link} className="flex flex-col gap-y-0.5">
            <div>{chip(link)}</div>
            <Text size="xsmall" className="text-ui-fg-subtle">{t(`templates.variables.link.${link}`)}</Text>
          </div>
        ))}
      </div>
      <div className="flex flex-col gap-y-1.5">
        <Text size="xsmall" className="text-ui-fg-subtle">{t("templates.variables.fallback")}</Text>
        <code className="txt-compact-xsmall bg-ui-bg-subtle rounded px-2 py-1 font-mono">
          {'{{ customer.first_name | default: "…" }}'}
        </code>
      </div>
    </section>
  )
}
