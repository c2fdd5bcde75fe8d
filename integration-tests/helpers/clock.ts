/**
 * Runs shopper actions at a test-clock time: the app's `Date` (subscribers and routes stamp
 * events with it) reads `at` and advances from there; timers stay real. The app runs in the
 * spec's process, so only `Date` needs faking.
 */
export async function atClock<T>(at: Date, run: () => Promise<T>) {
  jest.useFakeTimers({
    now: at,
    advanceTimers: true,
    doNotFake: ["hrtime", "nextTick", "performance", "queueMicrotask", "setImmediate", "clearImmediate",
      "setInterval", "clearInterval", "setTimeout", "clearTimeout"],
  })
  try {
    return await run()
  } finally {
    jest.useRealTimers()
  }
}
