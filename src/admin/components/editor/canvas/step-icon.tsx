import {
  BellAlert,
  Bolt,
  Calendar,
  ChatBubble,
  Clock,
  DecisionProcess,
  Directions,
  Envelope,
  OpenRectArrowOut,
  PaperPlane,
  Plug,
  QuestionMarkCircle,
  Snooze,
  Stopwatch,
  User,
} from "@medusajs/icons"
import type { ComponentType } from "react"

import { STEP_CHOICES, type StepGroup } from "./steps"

/** By the keys of `stepLabelKey`, plus the trigger. */
const ICONS: Record<string, ComponentType> = {
  trigger: Bolt,
  send_email: Envelope,
  send_sms: ChatBubble,
  send_push: BellAlert,
  send: PaperPlane,
  wait: Clock,
  wait_until: Calendar,
  wait_for_event: Snooze,
  condition: DecisionProcess,
  random_split: Directions,
  frequency_cap: Stopwatch,
  update_customer: User,
  webhook: Plug,
  exit: OpenRectArrowOut,
  unknown: QuestionMarkCircle,
}

/** Steps are coloured by their palette group, so a journey's shape reads at a glance. */
function toneOf(labelKey: string): StepGroup | "trigger" | "unknown" {
  if (labelKey === "trigger") return "trigger"
  const type = labelKey.startsWith("send") ? "send" : labelKey
  return STEP_CHOICES.find((choice) => choice.type === type)?.group ?? "unknown"
}

export const StepIcon = ({ labelKey }: { labelKey: string }) => {
  const Icon = ICONS[labelKey] ?? QuestionMarkCircle
  return (
    <span className="jc-icon" data-tone={toneOf(labelKey)} aria-hidden>
      <Icon />
    </span>
  )
}
