import { MicroBatcher, type Outcome } from "../micro-batcher"

/** A batch function that records each batch and answers when told to. */
function recorder() {
  const batches: string[][] = []
  const gates: (() => void)[] = []
  const run = async (items: string[]): Promise<Outcome<string>[]> => {
    batches.push(items)
    await new Promise<void>((resolve) => gates.push(resolve))
    return items.map((item) => (item.startsWith("bad") ? { error: new Error(`refused ${item}`) } : { ok: item.toUpperCase() }))
  }
  const release = async () => {
    await new Promise((resolve) => setImmediate(resolve))
    gates.splice(0).forEach((open) => open())
    await new Promise((resolve) => setImmediate(resolve))
  }
  return { batches, run, release }
}

describe("MicroBatcher", () => {
  it("runs a call at once when idle, then batches everything queued meanwhile, in order", async () => {
    const { batches, run, release } = recorder()
    const batcher = new MicroBatcher(run, 10)
    const first = batcher.submit("a1")
    const rest = ["b1", "a2", "c1", "a3"].map((item) => batcher.submit(item))
    expect(batches).toEqual([["a1"]])
    await release()
    expect(batches).toEqual([["a1"], ["b1", "a2", "c1", "a3"]])
    await release()
    expect(await first).toBe("A1")
    expect(await Promise.all(rest)).toEqual(["B1", "A2", "C1", "A3"])
  })

  it("caps a batch at maxBatch and keeps the rest for the next one", async () => {
    const { batches, run, release } = recorder()
    const batcher = new MicroBatcher(run, 2)
    const all = ["x1", "x2", "x3", "x4", "x5"].map((item) => batcher.submit(item))
    for (let i = 0; i < 4; i++) await release()
    expect(batches).toEqual([["x1"], ["x2", "x3"], ["x4", "x5"]])
    expect(await Promise.all(all)).toEqual(["X1", "X2", "X3", "X4", "X5"])
  })

  it("answers each call with its own outcome: one refused call does not fail its batch", async () => {
    const { run, release } = recorder()
    const batcher = new MicroBatcher(run, 10)
    const settled = Promise.allSettled(["a1", "bad1", "c1"].map((item) => batcher.submit(item)))
    await release()
    await release()
    const [first, bad, good] = await settled
    expect(first).toEqual({ status: "fulfilled", value: "A1" })
    expect(bad).toMatchObject({ status: "rejected", reason: new Error("refused bad1") })
    expect(good).toEqual({ status: "fulfilled", value: "C1" })
  })

  it("runs a batch that threw again one call at a time, so only the culprit fails", async () => {
    const seen: string[][] = []
    const batcher = new MicroBatcher<string, string>(
      async (items) => {
        seen.push(items)
        if (items.includes("poison")) throw new Error("the transaction failed")
        return items.map((item) => ({ ok: item }))
      },
      10
    )
    const calls = ["p1", "poison", "p2"].map((item) => batcher.submit(item))
    const settled = await Promise.allSettled(calls)
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"])
    expect((settled[1] as PromiseRejectedResult).reason.message).toBe("the transaction failed")
    expect(seen).toEqual([["p1"], ["poison", "p2"], ["poison"], ["p2"]])
  })
})
