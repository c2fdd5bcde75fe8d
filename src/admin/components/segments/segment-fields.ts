/** What a segment's rule builder offers: the customer data the segment engine reads, and event conditions. */
import { SEGMENT_FIELDS, SEGMENT_METADATA_PREFIX, SEGMENT_OPS, segmentFieldKind } from "../../../engine"
import type { FieldGroup, RuleCatalogue } from "../editor/panels/rule-model"

/** The key of a field's name under `segments.fields`: its path, dots as underscores (`orders_count`). */
export const fieldLabel = (path: string) => path.replace(/\.$/, "").replace(/\./g, "_")

/** The engine's fields grouped by the object they read (`customer`, `address`, `orders`, `cart`), in its order. */
function groups(): FieldGroup<string>[] {
  const byRoot = new Map<string, FieldGroup<string>>()
  const add = (root: string, field: FieldGroup<string>["fields"][number]) => {
    if (!byRoot.has(root)) byRoot.set(root, { root, fields: [] })
    byRoot.get(root)!.fields.push(field)
  }
  for (const { path, kind } of SEGMENT_FIELDS) {
    add(path.split(".")[0], { path, label: fieldLabel(path), kind, ...(path === "customer.groups" && { picker: "customer_group" as const }) })
  }
  // Any key of the customer's metadata, typed after the prefix.
  add(SEGMENT_METADATA_PREFIX.split(".")[0], { path: SEGMENT_METADATA_PREFIX, label: fieldLabel(SEGMENT_METADATA_PREFIX), prefix: true })
  return [...byRoot.values()]
}

export const SEGMENT_RULES: RuleCatalogue = {
  groups: groups(),
  keys: { fields: "segments.fields", roots: "segments.roots" },
  placeholder: "customer.email",
  opsFor: (path) => {
    const kind = segmentFieldKind(path)
    return kind && SEGMENT_OPS[kind]
  },
  events: true,
}
