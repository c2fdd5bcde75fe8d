/**
 * `medusa exec bench/scenarios/scaling/sweep-worker.ts <now ISO> <batch size>`: one worker process
 * of the scaling bench's sweep (bench/scenarios/scaling.ts starts k of them on one database). It
 * says when it has booted, starts once the file BENCH_SCALING_GO exists, runs the scheduled job's
 * wakeDueEnrollmentsWorkflow until nothing is due at `now` — waiting, when its own run finds
 * nothing, for rows another worker holds — then prints what it did and the CPU it used meanwhile,
 * and exits once BENCH_SCALING_GO.stop exists (its PostgreSQL backend lives until the bench has
 * read the server's CPU).
 * It does not dispatch the outbox: the bench times the sweep alone.
 */
import fs from "node:fs"
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { wakeDueEnrollmentsWorkflow } from "../../../src/workflows"

export const READY = "BENCH_SWEEP_WORKER_READY"
export const DONE = "BENCH_SWEEP_WORKER"

export default async function sweepWorker({ container, args: [now, batch] }: ExecArgs) {
  const db = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const go = process.env.BENCH_SCALING_GO
  if (!go || !now || !batch) throw new Error("usage: BENCH_SCALING_GO=<file> medusa exec sweep-worker.ts <now ISO> <batch size>")
  const batch_size = Number(batch)
  const stillDue = async () => {
    const { rows } = await db.raw(
      `select exists (select 1 from journey_enrollment
                       where deleted_at is null and status = 'waiting' and wake_at <= ?) as due`,
      [now]
    )
    return rows[0].due as boolean
  }

  process.stdout.write(`${READY}\n`)
  while (!fs.existsSync(go)) await new Promise((resolve) => setTimeout(resolve, 20))
  const started_at = Date.now()
  const cpu = process.cpuUsage()
  let woken = 0
  let runs = 0
  for (;;) {
    const { result } = await wakeDueEnrollmentsWorkflow(container).run({ input: { now, batch_size } })
    runs++
    woken += result
    if (result) continue
    if (!(await stillDue())) break
    // Another worker holds the last due rows (SKIP LOCKED passed over them): look again once it commits.
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  const finished_at = Date.now()
  const { user, system } = process.cpuUsage(cpu)
  process.stdout.write(
    `${DONE} ${JSON.stringify({ pid: process.pid, woken, runs, started_at, finished_at, cpu_seconds: (user + system) / 1e6 })}\n`
  )
  while (!fs.existsSync(`${go}.stop`)) await new Promise((resolve) => setTimeout(resolve, 20))
}
