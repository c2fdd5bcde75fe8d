import { useMemo } from "react"
import { useSegments } from "../../../lib/api-segments"
import { useMessageTemplates } from "../../../lib/api-templates"
import { useCustomerGroups } from "../panels/customer-groups"
import type { StoreNames } from "./summaries"

/**
 * What the merchant named the templates, customer groups and segments steps refer to, so a step shows
 * "Cart reminder" rather than an id. One query each, shared by every step (react-query dedupes
 * them); the 100 newest cover real stores, and an id not among them is shown as it is.
 */
export function useStoreNames(): StoreNames {
  const templates = useMessageTemplates({ limit: 100, offset: 0 })
  // The same query as the trigger panel's segment picker.
  const segments = useSegments({ limit: 100, offset: 0 })
  const groups = useCustomerGroups()
  return useMemo(() => {
    const templateNames = new Map((templates.data?.message_templates ?? []).map((template) => [template.id, template.name]))
    const groupNames = new Map((groups.data ?? []).map((group) => [group.id, group.name ?? undefined]))
    const segmentNames = new Map((segments.data?.segments ?? []).map((segment) => [segment.id, segment.name]))
    return { template: (id) => templateNames.get(id), group: (id) => groupNames.get(id), segment: (id) => segmentNames.get(id) }
  }, [templates.data, groups.data, segments.data])
}
