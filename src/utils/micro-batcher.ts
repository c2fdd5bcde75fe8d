/** One call's outcome inside a batch. */
export type Outcome<R> = { ok: R } | { error: unknown }

type Pending<T, R> = { item: T; resolve: (value: R) => void; reject: (error: unknown) => void }

/**
 * Group commit for calls that are cheaper together: an idle lane runs a call at once (no
 * waiting for company), and while a batch is in flight, calls queue and the next batch takes all
 * of them. A batch's fixed cost (a workflow run, a transaction, one statement per table) is shared
 * by more calls the busier the process is, so throughput rises with load instead of collapsing.
 * Calls with the same key share a lane and run in the order they were made; lanes run side by
 * side, so PostgreSQL works on one batch while Node prepares another.
 */
export class MicroBatcher<T, R> {
  private readonly lanes: { queue: Pending<T, R>[]; running: boolean }[]
  private readonly maxBatch: number

  constructor(
    private readonly run: (items: T[]) => Promise<Outcome<R>[]>,
    options: { lanes: number; maxBatch: number }
  ) {
    this.lanes = Array.from({ length: options.lanes }, () => ({ queue: [], running: false }))
    this.maxBatch = options.maxBatch
  }

  submit(key: string, item: T): Promise<R> {
    const lane = this.lanes[hash(key) % this.lanes.length]
    return new Promise<R>((resolve, reject) => {
      lane.queue.push({ item, resolve, reject })
      if (!lane.running) void this.drain(lane)
    })
  }

  private async drain(lane: (typeof this.lanes)[number]) {
    lane.running = true
    while (lane.queue.length) {
      const batch = lane.queue.splice(0, this.maxBatch)
      const outcomes = await this.outcomes(batch.map((pending) => pending.item))
      batch.forEach((pending, index) => {
        const outcome = outcomes[index]
        if ("ok" in outcome) pending.resolve(outcome.ok)
        else pending.reject(outcome.error)
      })
    }
    lane.running = false
  }

  /** A failed batch is run again one call at a time: one bad call must not fail the others. */
  private async outcomes(items: T[]): Promise<Outcome<R>[]> {
    try {
      return await this.run(items)
    } catch (error) {
      if (items.length === 1) return [{ error }]
      const alone: Outcome<R>[] = []
      for (const item of items) alone.push((await this.outcomes([item]))[0])
      return alone
    }
  }
}

function hash(key: string) {
  let h = 0
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0
  return h >>> 0
}
