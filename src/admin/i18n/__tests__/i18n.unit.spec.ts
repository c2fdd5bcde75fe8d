import fs from "fs"
import path from "path"
import resources from ".."
import { AREAS } from "../areas"

type Tree = { [key: string]: string | Tree }

/** Every key path of a tree of strings, with its string. */
function leaves(tree: Tree, prefix = ""): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`)
  )
}

const placeholders = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((match) => match[1]).sort()
const plural = /_(zero|one|two|few|many|other)$/

describe("the admin's translations", () => {
  const en = new Map(leaves(resources.en.journeys as Tree))
  const fr = new Map(leaves(resources.fr.journeys as Tree))

  it("has every English string in French, with the same placeholders and nothing left empty", () => {
    expect([...fr.keys()].sort()).toEqual([...en.keys()].sort())
    for (const [key, english] of en) {
      const french = fr.get(key)!
      expect([key, french.trim().length > 0]).toEqual([key, true])
      // French may drop {{count}} where its singular needs no number ("le problème").
      const expected = placeholders(english).filter((name) => !(name === "count" && key.endsWith("_one")))
      expect([key, placeholders(french).filter((name) => !(name === "count" && key.endsWith("_one")))]).toEqual([key, expected])
    }
  })

  it("gives each area its own top-level keys, so merging areas loses nothing", () => {
    const keys = AREAS.flatMap((area) => Object.keys(area.en))
    expect(new Set(keys).size).toBe(keys.length)
  })

  it("has a string for every literal key the admin's components ask for", () => {
    const root = path.resolve(__dirname, "..", "..")
    const sources: string[] = []
    const visit = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name)
        if (entry.isDirectory() && entry.name !== "__tests__") visit(file)
        else if (/\.tsx?$/.test(entry.name)) sources.push(fs.readFileSync(file, "utf8"))
      }
    }
    visit(root)
    const asked = new Set(sources.flatMap((source) => [...source.matchAll(/\bt\(\s*"([\w.]+)"/g)].map((match) => match[1])))
    expect(asked.size).toBeGreaterThan(20)
    const known = (key: string) => en.has(key) || [...en.keys()].some((candidate) => candidate.replace(plural, "") === key)
    expect([...asked].filter((key) => !known(key))).toEqual([])
  })
})
