import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { resolveJourneyModule } from "../../modules/journey"
import { journeyConflict, notFound } from "../errors"
import { OUTBOX_ACTIONS, type OutboxAction, type OutboxKind } from "./policy"

export type ChangeOutboxInput = { kind: OutboxKind; id: string; action: OutboxAction; /** ISO time of the change. */ now: string }

type Row = { id: string; status: string; enrollment_id: string | null; node_id: string | null; next_attempt_at: Date | null }
const FIELDS = ["id", "status", "enrollment_id", "node_id", "next_attempt_at"]

async function retrieveRow(service: ReturnType<typeof resolveJourneyModule>, kind: OutboxKind, id: string): Promise<Row> {
  const [row] = (kind === "message"
    ? await service.listMessages({ id }, { select: FIELDS })
    : await service.listEffects({ id }, { select: FIELDS })) as unknown as Row[]
  if (!row) throw notFound(kind === "message" ? "Message" : "Effect", id)
  return row
}

/**
 * Retries or cancels one message or effect (see OUTBOX_ACTIONS), with a line on its enrollment's
 * timeline: 404 for an unknown id, 409 when its status does not allow it, also when a worker
 * claimed it between the read and the write. Compensation puts back the status it had.
 */
export const changeOutboxStep = createStep(
  "journeys-change-outbox-row",
  async (input: ChangeOutboxInput, { container }) => {
    const service = resolveJourneyModule(container)
    const row = await retrieveRow(service, input.kind, input.id)
    const rule = OUTBOX_ACTIONS[input.action]
    const allowed: readonly string[] = rule.from
    const conflict = () =>
      journeyConflict(`Only a ${rule.from.join(" or ")} ${input.kind} can be ${rule.past}; this one is ${row.status}`)
    if (!allowed.includes(row.status)) throw conflict()
    const now = new Date(input.now)
    const changed = await service.changeOutbox(input.kind, {
      id: row.id,
      from: [...rule.from],
      status: rule.status,
      next_attempt_at: rule.due ? now : null,
      ...(row.enrollment_id && {
        activity: {
          enrollment_id: row.enrollment_id,
          node_id: row.node_id,
          type: "admin_action",
          reason: rule.reason,
          data: { [`${input.kind}_id`]: row.id, action: input.action },
          occurred_at: now,
        },
      }),
    })
    if (!changed) throw conflict()
    return new StepResponse(changed, { kind: input.kind, id: row.id, to: rule.status, status: row.status, next_attempt_at: row.next_attempt_at })
  },
  async (before, { container }) => {
    if (!before) return
    await resolveJourneyModule(container).changeOutbox(before.kind, {
      id: before.id,
      from: [before.to],
      status: before.status,
      next_attempt_at: before.next_attempt_at,
    })
  }
)
