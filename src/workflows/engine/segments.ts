import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { JourneyTrigger } from "../../engine"
import { resolveJourneyModule, type NewEnrollment, type Transition } from "../../modules/journey"
import { decideWith, entryRow, liveVersions } from "./steps"

export type SegmentEntryInput = {
  segment_id: string
  /**
   * Customers who joined the segment. `key` identifies the joining (e.g. a membership id):
   * the same key never enrolls twice; without one, a customer enters once per segment.
   */
  members: { customer_id: string; key?: string }[]
  occurred_at: string
}

/**
 * The segment hook: customers who joined a segment enter every live journey that starts on it,
 * under the journeys' dates, `where` and re-entry rules like any other trigger. Whatever computes
 * segments (a later audience module, a store's own code) calls the workflow with the joiners.
 * Unknown customers are skipped and counted.
 */
export const enterSegmentStep = createStep(
  "journeys-enter-segment",
  async (input: SegmentEntryInput, { container }) => {
    const service = resolveJourneyModule(container)
    const versions = (await liveVersions(service)).filter(
      ({ definition: { trigger } }) => trigger.type === "segment" && trigger.segment_id === input.segment_id
    )
    const { entered, unknown } = await enterSegmentMembers(container, versions, input, new Date(input.occurred_at))
    return new StepResponse({ entered: entered.map((t) => t.id), unknown })
  }
)

/**
 * Enters a segment's members into these versions (of journeys that start on the segment) at
 * `now`, keyed per member: the hook and the segment read share it. Returns the transitions
 * applied and the customers not found.
 */
export async function enterSegmentMembers(
  container: { resolve: <T>(key: string) => T },
  versions: Awaited<ReturnType<typeof liveVersions>>,
  input: Pick<SegmentEntryInput, "segment_id" | "members">,
  now: Date
) {
  if (!versions.length) return { entered: [] as Transition[], unknown: [] as string[] }
  const service = resolveJourneyModule(container)
  const members = [...new Map(input.members.map((member) => [member.customer_id, member])).values()]
  const customers = await service.listCustomerContexts(members.map((m) => m.customer_id))
  const rows: NewEnrollment[] = []
  for (const member of members) {
    const customer = customers.get(member.customer_id)
    if (!customer) continue
    const email = (customer.email as string | null | undefined) ?? null
    const entry = {
      customer_id: member.customer_id,
      email,
      context: { customer, event: { name: "segment.entered", data: { segment_id: input.segment_id } } },
    }
    for (const { version, definition } of versions) {
      const key = entryKey(input.segment_id, member, definition.trigger, email)
      const row = entryRow(version, definition, { ...entry, key }, now)
      if (row) rows.push(row)
    }
  }
  const entered = await service.enroll(rows, decideWith(service, { type: "enter" }, now))
  return { entered, unknown: members.filter((m) => !customers.has(m.customer_id)).map((m) => m.customer_id) }
}

/**
 * The entry's idempotency key. Deduplicated by email, the key is the address (lower case): the
 * first customer record with it enters, a second one — a guest and an account, two accounts — is
 * refused by the journey's unique key, in this batch, a later one or a later read.
 */
function entryKey(segmentId: string, member: { customer_id: string; key?: string }, trigger: JourneyTrigger, email: string | null) {
  if (trigger.type === "segment" && trigger.dedupe_by_email && email) return `segment:${segmentId}:email:${email.toLowerCase()}`
  return `segment:${segmentId}:${member.key ?? member.customer_id}`
}
