/**
 * `medusa exec bench/scenarios/scaling/producer.ts <batch size>` with REDIS_URL: the scaling
 * bench's event producer. `medusa exec` boots in server mode, so Medusa's Redis event bus only
 * queues what it emits; the worker processes (`medusa start`, worker mode) handle it.
 *
 * Booted once for all the rounds: round n starts when the file `BENCH_SCALING_GO.n` exists, and
 * holds the customer ids to announce as `customer.created` — `{ id }`, as Medusa's
 * createCustomersWorkflow emits it — in emits of <batch size> events. After each round it prints
 * when its first and last emit returned. A round file holding `null` ends the process.
 */
import fs from "node:fs"
import type { ExecArgs, IEventBusModuleService } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

export const READY = "BENCH_PRODUCER_READY"
export const EMITTED = "BENCH_PRODUCER_EMITTED"

export default async function producer({ container, args: [batch] }: ExecArgs) {
  const go = process.env.BENCH_SCALING_GO
  if (!go || !process.env.REDIS_URL || !batch) {
    throw new Error("usage: REDIS_URL=… BENCH_SCALING_GO=<file> medusa exec producer.ts <batch size>")
  }
  const size = Number(batch)
  const eventBus = container.resolve<IEventBusModuleService>(Modules.EVENT_BUS)
  process.stdout.write(`${READY}\n`)
  for (let round = 1; ; round++) {
    const file = `${go}.${round}`
    while (!fs.existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 20))
    const ids = JSON.parse(fs.readFileSync(file, "utf8")) as string[] | null
    if (!ids) return
    const first_emit_at = Date.now()
    for (let i = 0; i < ids.length; i += size) {
      await eventBus.emit(ids.slice(i, i + size).map((id) => ({ name: "customer.created", data: { id } })))
    }
    process.stdout.write(`${EMITTED} ${JSON.stringify({ round, events: ids.length, first_emit_at, last_emit_at: Date.now() })}\n`)
  }
}
