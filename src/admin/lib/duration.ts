/** The days / hours / minutes of an ISO 8601 duration as the definition allows them (`P1DT2H30M`). */
export type DurationParts = { days: number; hours: number; minutes: number }

// Weeks are 7 calendar days, so `P1W` reads as 7 days; months and years have no fixed number of
// days and, like seconds, stay as written (null here).
const ISO_DURATION = /^P(?!$)(?:(\d+)W)?(?:(\d+)D)?(?:T(?!$)(?:(\d+)H)?(?:(\d+)M)?)?$/

export function durationParts(iso: string): DurationParts | null {
  const match = ISO_DURATION.exec(iso)
  if (!match) return null
  const [, weeks, days, hours, minutes] = match
  return { days: Number(weeks ?? 0) * 7 + Number(days ?? 0), hours: Number(hours ?? 0), minutes: Number(minutes ?? 0) }
}

/** The ISO form of days / hours / minutes; `null` when all are zero (a wait must last). */
export function toIsoDuration({ days, hours, minutes }: DurationParts): string | null {
  if (days <= 0 && hours <= 0 && minutes <= 0) return null
  const time = `${hours > 0 ? `${hours}H` : ""}${minutes > 0 ? `${minutes}M` : ""}`
  return `P${days > 0 ? `${days}D` : ""}${time ? `T${time}` : ""}`
}
