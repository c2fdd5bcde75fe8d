import { useMemo } from "react"
import { useTranslation } from "react-i18next"
import { isNodeType, TRIGGER_TYPES } from "../../../engine"
import { durationParts } from "../../lib/duration"
import type { DraftNode } from "../../lib/editor/draft"
import { useFormat } from "../../lib/format"

/** Values of these fields are ISO durations, shown as "2 days". */
const DURATION_FIELDS = new Set(["duration", "timeout", "within"])
/** Values of these fields come from a fixed list, each with its words. */
const ENUM_FIELDS = new Set(["category", "reentry", "zone"])
const LONGEST_VALUE = 80

/**
 * Words for the steps and values of a definition, for the publish dialog and the version diff:
 * `node(node, id)` gives "Send email (send_3)", `field` a field's name, `value(field, value)` its
 * value as a merchant reads it (durations in days and hours, lists joined, long JSON cut short).
 */
export function useDescribe() {
  const { t } = useTranslation("journeys")
  const format = useFormat()
  return useMemo(() => {
    const typeName = (node: DraftNode | undefined) => {
      if (!node) return t("canvas.steps.unknown")
      if (!isNodeType(node.type)) return node.type
      if (node.type === "send" && "channel" in node && node.channel) return t(`canvas.steps.send_${node.channel}`)
      return t(`canvas.steps.${node.type}`)
    }
    const duration = (iso: string) => {
      const parts = durationParts(iso)
      if (!parts) return iso
      const words = [
        parts.days ? t("duration.days", { count: parts.days }) : "",
        parts.hours ? t("duration.hours", { count: parts.hours }) : "",
        parts.minutes ? t("duration.minutes", { count: parts.minutes }) : "",
      ]
      return words.filter(Boolean).join(" ") || iso
    }
    const cut = (text: string) => (text.length > LONGEST_VALUE ? `${text.slice(0, LONGEST_VALUE - 1)}…` : text)
    return {
      node: (node: DraftNode | undefined, id: string) => t("versions.nodeLabel", { type: typeName(node), id }),
      field: (field: string) => t(`versions.fields.${field}`, { defaultValue: field }),
      value: (field: string, value: unknown): string => {
        if (value === undefined || value === null || value === "") return "—"
        if (typeof value === "number") return format.number(value)
        if (typeof value === "boolean") return value ? t("versions.values.yes") : t("versions.values.no")
        if (typeof value === "string") {
          if (DURATION_FIELDS.has(field)) return duration(value)
          if (field === "channel") return t(`channels.${value}`, { defaultValue: value })
          // `type` is a node's or the trigger's: their names do not overlap.
          if (field === "type" && (TRIGGER_TYPES as string[]).includes(value)) return t(`trigger.types.${value}`)
          if (field === "type" && isNodeType(value)) return t(`canvas.steps.${value}`)
          if (ENUM_FIELDS.has(field)) return t(`versions.values.${field}.${value}`, { defaultValue: value })
          return cut(value)
        }
        if (field === "days" && Array.isArray(value)) {
          return value.map((day) => t(`versions.values.days.${String(day)}`, { defaultValue: String(day) })).join(", ")
        }
        if (Array.isArray(value) && value.every((item) => typeof item === "string")) return cut(value.join(", "))
        return cut(JSON.stringify(value))
      },
    }
  }, [t, format])
}

export type Describe = ReturnType<typeof useDescribe>
