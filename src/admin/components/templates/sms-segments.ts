/**
 * How an SMS text is billed: in segments. A text made only of GSM-7 characters takes 160 per
 * message, or 153 per segment once split (the rest carries the reassembly header); one other
 * character switches the whole text to UCS-2: 70, or 67 per segment. GSM-7 extension characters
 * (€, {, [, ~…) take two units, UCS-2 characters outside the basic plane (emoji) take two, and
 * carriers never split such a pair across two segments.
 */

export type SmsEncoding = "GSM-7" | "UCS-2"

export type SmsCount = {
  encoding: SmsEncoding
  /** Characters as a person counts them (an emoji is one). */
  characters: number
  /** The units the encoding spends: septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number
  segments: number
  /** Units one segment holds at this length: the single-message limit, or the split one. */
  perSegment: number
  /** Units left in the last segment before another one starts. */
  remaining: number
}

const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
const GSM_EXTENSION = "^{}\\[~]|€\f"
const basic = new Set(GSM_BASIC)
const extension = new Set(GSM_EXTENSION)

const LIMITS: Record<SmsEncoding, { single: number; split: number }> = {
  "GSM-7": { single: 160, split: 153 },
  "UCS-2": { single: 70, split: 67 },
}

export function countSms(text: string): SmsCount {
  const characters = [...text]
  const gsm = characters.every((character) => basic.has(character) || extension.has(character))
  const encoding: SmsEncoding = gsm ? "GSM-7" : "UCS-2"
  const costs = characters.map((character) => (gsm ? (extension.has(character) ? 2 : 1) : character.length))
  const units = costs.reduce((sum, cost) => sum + cost, 0)
  const { single, split } = LIMITS[encoding]
  if (units <= single) {
    return { encoding, characters: characters.length, units, segments: units ? 1 : 0, perSegment: single, remaining: single - units }
  }
  let segments = 1
  let filled = 0
  for (const cost of costs) {
    if (filled + cost > split) {
      segments += 1
      filled = 0
    }
    filled += cost
  }
  return { encoding, characters: characters.length, units, segments, perSegment: split, remaining: split - filled }
}
