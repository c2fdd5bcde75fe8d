import { CHANNELS, consentVerdict, parseDuration, quietHoursEnd, resolveZone } from "../../engine"
import type { ClaimedMessage, JourneyModuleService } from "../../modules/journey"
import { normalizeAddress } from "../../modules/journey/tokens"
import type { DispatchOutcome } from "./outcomes"

/**
 * What must not go out now, decided at send time for a claimed batch: no consent (skipped),
 * quiet hours in the recipient's zone (deferred to their end, never dropped), a channel-wide
 * frequency cap reached (skipped). Messages absent from the result may be sent.
 */
export async function holdBack(service: JourneyModuleService, claimed: ClaimedMessage[], now: Date) {
  const options = service.getOptions()
  const held = new Map<string, DispatchOutcome>()
  for (const channel of CHANNELS) {
    const messages = claimed.filter((message) => message.channel === channel)
    if (!messages.length) continue
    const recipients = messages.map((message) => message.recipient)
    const consent = await service.consentOf(channel, recipients)
    const cap = options.frequency_caps[channel]
    const capMs = cap ? parseDuration(cap.within)!.toMillis() : 0
    const sent = cap ? await service.countRecentSends(channel, recipients, new Date(now.getTime() - capMs)) : new Map<string, number>()
    const quiet = options.quiet_hours[channel]
    for (const message of messages) {
      const claim = { id: message.id, attempts: message.attempts }
      const verdict = consentVerdict(options.consent, channel, message.category, consent.get(normalizeAddress(channel, message.recipient)))
      if (!verdict.send) {
        held.set(message.id, { ...claim, result: "skipped", reason: verdict.reason })
        continue
      }
      if (quiet) {
        const customer = message.context?.customer as { metadata?: { timezone?: unknown } | null } | undefined
        const zone = resolveZone(
          [typeof customer?.metadata?.timezone === "string" ? customer.metadata.timezone : null, message.journey_timezone],
          options.default_timezone
        )
        const until = quietHoursEnd(now, quiet, zone)
        if (until) {
          held.set(message.id, { ...claim, result: "deferred", reason: `quiet hours for ${channel} (${quiet.from}–${quiet.to} ${zone})`, until })
          continue
        }
      }
      if (cap && message.category === "marketing") {
        const count = sent.get(message.recipient) ?? 0
        if (count >= cap.max) {
          held.set(message.id, {
            ...claim,
            result: "skipped",
            reason: `frequency cap: ${count} marketing ${channel} message(s) already sent within ${cap.within}`,
          })
          continue
        }
        sent.set(message.recipient, count + 1)
      }
    }
  }
  return held
}
