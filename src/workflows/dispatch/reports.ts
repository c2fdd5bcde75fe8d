import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { resolveJourneyModule, type ConsentEntry, type MessageEvent } from "../../modules/journey"
import { normalizeAddress } from "../../modules/journey/tokens"
import type { EventInput } from "../engine"

export type MessageReportInput = Omit<MessageEvent, "at"> & {
  /** ISO time the provider gives for it. */
  at: string
  /** For bounces: false for a transient (soft) bounce, which does not suppress the address. */
  permanent?: boolean
}

/**
 * Records a provider's report on a message; a complaint or a hard bounce suppresses email to the
 * address. The first open or click of a message becomes the customer's `message.opened` /
 * `message.clicked` event (data: message_id, channel, journey_id, node_id, tag), which
 * wait_for_event nodes react to; a replayed report yields no event.
 */
export const recordMessageReportStep = createStep(
  "journeys-record-message-report",
  async (input: MessageReportInput, { container }) => {
    const service = resolveJourneyModule(container)
    const { permanent, ...event } = input
    const recorded = await service.recordMessageEvent({ ...event, at: new Date(input.at) })
    if (!recorded) return new StepResponse({ known: false, reaction: null as EventInput | null })
    const { message, first } = recorded
    const suppress = message.channel === "email" && (input.type === "complained" || (input.type === "bounced" && permanent !== false))
    // A replayed complaint or bounce leaves the suppression as first recorded (reason, time).
    const suppressed = async () =>
      (await service.consentOf("email", [message.recipient])).get(normalizeAddress("email", message.recipient)) === "suppressed"
    if (suppress && !(await suppressed())) {
      await service.setConsent([
        {
          channel: "email",
          address: message.recipient,
          status: "suppressed",
          source: "provider",
          reason: input.type === "complained" ? "complaint" : `hard bounce${input.detail ? `: ${input.detail}` : ""}`,
          customer_id: message.customer_id,
        },
      ])
    }
    const reacts = first && (input.type === "opened" || input.type === "clicked")
    const reaction: EventInput | null = reacts
      ? {
          id: `message.${input.type}:${message.id}`,
          name: `message.${input.type}`,
          customer_id: message.customer_id,
          email: message.channel === "email" ? message.recipient : null,
          data: { message_id: message.id, channel: message.channel, journey_id: message.journey_id, node_id: message.node_id, tag: message.tag },
          context: {},
          occurred_at: input.at,
        }
      : null
    return new StepResponse({ known: true, reaction })
  }
)

/** Records recipients' answers per channel (unsubscribe link, STOP/START, preferences, admin). */
export const setConsentStep = createStep("journeys-set-consent", async (input: { entries: ConsentEntry[] }, { container }) => {
  return new StepResponse(await resolveJourneyModule(container).setConsent(input.entries))
})
