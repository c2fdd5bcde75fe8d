import { randomFillSync } from "node:crypto"
import { monotonicFactory } from "ulid"

// Monotonic ulids: a transition's rows read back in the order they were written, and an id is
// cheap — the random part is drawn once per millisecond, where a plain ulid (generateEntityId)
// makes 16 crypto calls per id (~0.5 ms, half the interpreter's time in a sweep). Those draws come
// from a pool of crypto-random numbers refilled 1,024 at a time, not a crypto call per character.
const randomPool = new Uint32Array(1024)
let randomNext = randomPool.length
const nextUlid = monotonicFactory(() => {
  if (randomNext === randomPool.length) {
    randomFillSync(randomPool)
    randomNext = 0
  }
  return randomPool[randomNext++] / 2 ** 32
})

/** A new row id with the model's prefix (`jenr`, `jmsg` …), as Medusa writes them. */
export const newId = (prefix: string) => `${prefix}_${nextUlid()}`
