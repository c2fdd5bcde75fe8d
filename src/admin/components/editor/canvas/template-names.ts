import { useMemo } from "react"
import { useMessageTemplates } from "../../../lib/api-templates"

/**
 * The store's template names by id, for send steps to show "Cart reminder" rather than an id. One
 * query shared by every step (react-query dedupes it); the 100 newest templates cover real stores,
 * and an id not among them is shown as it is.
 */
export function useTemplateNames(): (id: string) => string | undefined {
  const { data } = useMessageTemplates({ limit: 100, offset: 0 })
  return useMemo(() => {
    const names = new Map((data?.message_templates ?? []).map((template) => [template.id, template.name]))
    return (id: string) => names.get(id)
  }, [data])
}
