import fc from "fast-check"
import { isDeepStrictEqual } from "node:util"

import { cartAbandoned, email, journey, segment, sms } from "../builder"
import { validateDefinition, ValidationResult } from "../validate"
import { ANY_VALUE, everyNodeJourney, minimalJourney } from "./fixtures"

/**
 * What every answer must satisfy, whatever the input: the broken promises, none when well-formed.
 * Plain checks rather than one `expect` per error keep tens of thousands of runs fast.
 */
function brokenPromises(result: ValidationResult): string[] {
  const broken: string[] = []
  if (typeof result.valid !== "boolean") broken.push("valid is not a boolean")
  if (!Array.isArray(result.errors)) return [...broken, "errors is not a list"]
  for (const error of result.errors) {
    if (typeof error.path !== "string") broken.push(`path ${String(error.path)} is not a string`)
    if (typeof error.message !== "string" || error.message === "") broken.push(`message of ${error.path} is empty`)
    if (error.node_id !== null && typeof error.node_id !== "string") broken.push(`node_id of ${error.path} is not a string`)
  }
  if (result.valid !== (result.errors.length === 0)) broken.push("valid disagrees with errors")
  if ((result.definition !== undefined) !== result.valid) broken.push("definition given when invalid, or missing when valid")
  if (result.definition) {
    // A valid definition is a fixed point: validating it again changes nothing.
    const again = validateDefinition(result.definition)
    if (!again.valid || !isDeepStrictEqual(again.definition, result.definition)) {
      broken.push("the returned definition does not re-validate as itself")
    }
  }
  return broken
}

function expectWellFormed(result: ValidationResult): void {
  const broken = brokenPromises(result)
  if (broken.length > 0) expect(broken).toEqual([])
}

describe("validateDefinition on random input", () => {
  it("answers well-formed on any JavaScript value", () => {
    const anything = fc.anything(ANY_VALUE)
    fc.assert(fc.property(anything, (input) => expectWellFormed(validateDefinition(input))), { numRuns: 6_000 })
  })

  it("answers well-formed on any JSON value", () => {
    fc.assert(fc.property(fc.jsonValue(), (input) => expectWellFormed(validateDefinition(input))), { numRuns: 4_000 })
  })
})

// ---------------------------------------------------------------------------------------------
// Mutations of valid definitions

type Json = unknown
type Step = string | number

const bases: Json[] = [
  everyNodeJourney(),
  minimalJourney(),
  journey("Reactions")
    .trigger(segment("seg_1"))
    .settings({ reentry: "once", timezone: "America/New_York", goal: { event: "order.placed" } })
    .send(email("first"))
    .waitForEvent({
      events: [
        { port: "opened", event: "message.opened" },
        { port: "clicked", event: "message.clicked", then: (path) => path.send(sms("thanks")) },
      ],
    })
    .build().definition,
  journey("Loop")
    .trigger(cartAbandoned({ idleMinutes: 30 }))
    .wait("PT1H", { id: "pause" })
    .frequencyCap({ max: 3, within: "P1D", capped: (path) => path.goTo("pause") })
    .randomSplit({ branches: [{ port: "a", percent: 25, then: (path) => path.exit() }, { port: "b", percent: 75 }] })
    .goTo("pause")
    .build().definition,
]

/** Values a store owner (or a bug) would plausibly put anywhere: ids, ports, types, durations, times. */
const plausible = fc.constantFrom(
  "n1", "n2", "w1", "x1", "c1", "r1", "s1", "m2", "pause", "next", "else", "timeout", "ok", "capped", "a", "b",
  "send", "wait", "wait_until", "wait_for_event", "condition", "random_split", "frequency_cap",
  "update_customer", "webhook", "exit", "event", "segment", "cart_abandoned", "customer_created",
  "P1D", "PT0S", "P-1D", "P1.5D", "PT2H", "09:00", "24:00", "mon", "funday", "email", "push", "fax",
  "Europe/Paris", "Mars/Olympus", "2026-12-01T09:00:00Z", "https://example.com", "http://example.com",
  "", 0, -1, 1, 1.5, 50, 100, 101, 1e308, null, true, [], {},
  { field: "cart.total", op: "gt", value: 1 }, { all: [] }, { not: { field: "x", op: "eq" } },
)
const value = fc.oneof(plausible, fc.jsonValue({ maxDepth: 2 }), fc.string({ maxLength: 8 }))

/** Deletes, replaces or duplicates a value, or copies it over a sibling (`to` over `from`…). */
type Mutation = { op: "delete" | "replace" | "duplicate" | "copy_over"; target: number; other: number; value: Json }
const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom("delete", "replace", "duplicate", "copy_over"),
  target: fc.nat(),
  other: fc.nat(),
  value,
})

/** Every path to a value inside `root`, the root excepted. */
function pathsOf(root: Json, prefix: Step[] = []): Step[][] {
  if (typeof root !== "object" || root === null) return []
  const entries: [Step, Json][] = Array.isArray(root)
    ? root.map((item, index): [Step, Json] => [index, item])
    : Object.entries(root)
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])])
}

/** A mutated copy of `root`; `target` and `other` pick the value and its sibling, whatever the sizes. */
function mutate(root: Json, { op, target, other, value }: Mutation): Json {
  const copy = structuredClone(root)
  const paths = pathsOf(copy)
  if (paths.length === 0) return copy
  const path = paths[target % paths.length]
  const key = path[path.length - 1]
  const parent = path.slice(0, -1).reduce<Json>((node, step) => (node as Record<Step, Json>)[step], copy)
  if (Array.isArray(parent)) {
    const index = key as number
    if (op === "delete") parent.splice(index, 1)
    else if (op === "replace") parent[index] = value
    else if (op === "duplicate") parent.splice(other % (parent.length + 1), 0, structuredClone(parent[index]))
    else parent[other % parent.length] = structuredClone(parent[index])
  } else {
    const fields = parent as Record<string, Json>
    const name = key as string
    const siblings = Object.keys(fields)
    if (op === "delete") delete fields[name]
    else if (op === "replace") fields[name] = value
    else if (op === "duplicate") fields[`${name}_copy`] = structuredClone(fields[name])
    else fields[siblings[other % siblings.length]] = structuredClone(fields[name])
  }
  return copy
}

describe("validateDefinition on mutated definitions", () => {
  it.each(bases.map((base, index) => [index, base]))("starts from valid definitions (%i)", (_, base) => {
    expect(validateDefinition(base)).toMatchObject({ valid: true, errors: [] })
  })

  it("answers well-formed on thousands of mutations, never changing them; some stay valid, most not", () => {
    const outcomes = { valid: 0, invalid: 0 }
    fc.assert(
      fc.property(fc.constantFrom(...bases), fc.array(mutation, { minLength: 1, maxLength: 4 }), (base, mutations) => {
        const input = mutations.reduce(mutate, base)
        const before = structuredClone(input)
        const result = validateDefinition(input)
        expectWellFormed(result)
        if (!isDeepStrictEqual(input, before)) expect(input).toEqual(before)
        outcomes[result.valid ? "valid" : "invalid"]++
      }),
      { numRuns: 5_000 }
    )
    expect(outcomes.valid).toBeGreaterThan(100)
    expect(outcomes.invalid).toBeGreaterThan(outcomes.valid)
  })

  it("points errors only at nodes that exist", () => {
    fc.assert(
      fc.property(fc.constantFrom(...bases), mutation, (base, change) => {
        const input = mutate(base, change) as { nodes?: unknown }
        const nodes: unknown[] = Array.isArray(input.nodes) ? input.nodes : []
        const ids = new Set(nodes.map((node) => (node as { id?: unknown } | null)?.id))
        for (const error of validateDefinition(input).errors) {
          if (error.node_id !== null) expect(ids.has(error.node_id)).toBe(true)
        }
      }),
      { numRuns: 2_000 }
    )
  })
})
