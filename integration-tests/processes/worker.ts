/**
 * `medusa exec integration-tests/processes/worker.ts <batch size> <clock ISO>…`: one worker
 * process of the engine. For each test clock in turn it runs the real wake and dispatch
 * workflows until nothing is due at that clock and no send is in flight — waiting, when its
 * own runs find nothing, for rows other workers hold — then prints what it did and exits.
 *
 * No worker moves its clock on while another still sends at the earlier one: a worker a day
 * ahead would rightly take the other's sends for lost (their lease over) and send them again.
 * Rows a killed worker left `sending` are thus picked up by workers restarted at a later clock.
 *
 * With JOURNEYS_WORKER_GO set it says when it has booted and starts only once that file
 * exists, so that workers booted one after the other start working together.
 *
 * The clocks are far from the real one, so whether the every-minute jobs run in this process
 * changes nothing (`medusa exec` boots in server mode, which loads no jobs: the summary says
 * which mode it ran in).
 */
import fs from "node:fs"
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { dispatchOutboxWorkflow, wakeDueEnrollmentsWorkflow } from "../../src/workflows"

/** How long the worker may see due rows without anyone making progress before it gives up. */
const STALL_MS = 90_000

export default async function worker({ container, args: [batch, ...clocks] }: ExecArgs) {
  const db = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const batch_size = Number(batch)
  const totals = { woken: 0, sent: 0, retried: 0, failed: 0, requeued: 0 }

  /** Due at `now` by the database, whoever holds it (waiting enrollments, queued messages), or a send in flight. */
  const somethingDue = async (now: string) => {
    const { rows } = await db.raw(
      `select exists (select 1 from journey_enrollment
                       where deleted_at is null and status = 'waiting' and wake_at <= ?)
           or exists (select 1 from journey_message
                       where deleted_at is null and (status = 'sending' or status = 'queued' and next_attempt_at <= ?)) as due`,
      [now, now]
    )
    return rows[0].due as boolean
  }

  const go = process.env.JOURNEYS_WORKER_GO
  if (go) {
    process.stdout.write("JOURNEYS_WORKER_READY\n")
    while (!fs.existsSync(go)) await new Promise((resolve) => setTimeout(resolve, 20))
  }
  for (const now of clocks) {
    let idleSince = Date.now()
    for (;;) {
      const { result: woken } = await wakeDueEnrollmentsWorkflow(container).run({ input: { now, batch_size } })
      const { result: dispatched } = await dispatchOutboxWorkflow(container).run({ input: { now, batch_size } })
      totals.woken += woken
      for (const key of ["sent", "retried", "failed", "requeued"] as const) totals[key] += dispatched[key]
      if (woken || dispatched.sent || dispatched.retried || dispatched.failed || dispatched.requeued) {
        idleSince = Date.now()
        continue
      }
      if (!(await somethingDue(now))) break
      // Another worker holds what is due (SKIP LOCKED passed over it) or is sending: look again once it is done.
      if (Date.now() - idleSince > STALL_MS) throw new Error(`rows stay due at ${now} and nobody advances them`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  const { workerMode } = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE).projectConfig
  process.stdout.write(`JOURNEYS_WORKER ${JSON.stringify({ pid: process.pid, workerMode, ...totals })}\n`)
}
