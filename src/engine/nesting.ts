/**
 * How deep JSON may nest: real definitions stay far shallower, while deeper input (or a cyclic
 * object) exhausts the stack of whatever walks it recursively — the validator, and Medusa's
 * workflow input resolution, which answered 500 to a rule nested 5,000 levels.
 */
export const MAX_NESTING_DEPTH = 64

/** The path of the first object or array nested `max` levels below `value`, if any; never recursive. */
export function findTooDeep(value: unknown, max = MAX_NESTING_DEPTH): PropertyKey[] | undefined {
  const pending: { value: unknown; path: PropertyKey[] }[] = [{ value, path: [] }]
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    if (typeof item.value !== "object" || item.value === null) continue
    if (item.path.length >= max) return item.path
    const isArray = Array.isArray(item.value)
    for (const key of Object.keys(item.value)) {
      const child = (item.value as Record<string, unknown>)[key]
      pending.push({ value: child, path: [...item.path, isArray ? Number(key) : key] })
    }
  }
  return undefined
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/** A path as a merchant reads it in an error: `nodes[2].branches[0].where`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((joined, key) => {
    if (typeof key === "number") return `${joined}[${key}]`
    const name = String(key)
    if (!IDENTIFIER.test(name)) return `${joined}[${JSON.stringify(name)}]`
    return joined ? `${joined}.${name}` : name
  }, "")
}
