import type { DefinitionError } from "../../../../../engine"
import { TRIGGER_ID, type DraftDefinition } from "../../../../lib/editor/draft"
import { joinPath, placeProblems, relativePath, selectionProblems } from "../problems"

const problem = (path: string, node_id: string | null = null): DefinitionError => ({ node_id, path, message: path })

describe("the panels' problem placement", () => {
  it("joins and splits JSON paths at dots and indexes", () => {
    expect(joinPath("nodes[3]", "duration")).toBe("nodes[3].duration")
    expect(joinPath("nodes[3].branches", "[0]")).toBe("nodes[3].branches[0]")
    expect(joinPath("", "all[0]")).toBe("all[0]")
    expect(joinPath("where", "")).toBe("where")
    expect(relativePath("nodes[3].duration", "nodes[3]")).toBe("duration")
    expect(relativePath("nodes[3]", "nodes[3]")).toBe("")
    expect(relativePath("nodes[3].branches[0]", "nodes[3].branches")).toBe("[0]")
    expect(relativePath("nodes[30].duration", "nodes[3]")).toBeUndefined()
    expect(relativePath("edges[0].to", "nodes[3]")).toBeUndefined()
    expect(relativePath("anything", "")).toBe("anything")
  })

  it("gives each problem to the most specific field covering it, the rest to the top", () => {
    const problems = [
      problem("nodes[2].duration"),
      problem("nodes[2].branches[0].where.all[1].op"),
      problem("nodes[2].branches[0].port"),
      problem("nodes[2].branches"),
      problem("nodes[2]"),
      problem("edges[4].port"),
      problem("nodes[2].durations"),
    ]
    const placed = placeProblems(problems, "nodes[2]", ["duration", "branches", "branches[0].where", "branches[0].port"])
    expect(placed.at.duration.map((p) => p.path)).toEqual(["nodes[2].duration"])
    expect(placed.at["branches[0].where"].map((p) => p.path)).toEqual(["nodes[2].branches[0].where.all[1].op"])
    expect(placed.at["branches[0].port"].map((p) => p.path)).toEqual(["nodes[2].branches[0].port"])
    expect(placed.at.branches.map((p) => p.path)).toEqual(["nodes[2].branches"])
    expect(placed.unplaced.map((p) => p.path)).toEqual(["nodes[2]", "edges[4].port", "nodes[2].durations"])
  })

  it("lets a field listed as the empty path take every problem under the base", () => {
    const placed = placeProblems([problem("where.all"), problem("where.all[0].field")], "where", ["", "all[0].field"])
    expect(placed.at[""].map((p) => p.path)).toEqual(["where.all"])
    expect(placed.at["all[0].field"].map((p) => p.path)).toEqual(["where.all[0].field"])
    expect(placed.unplaced).toEqual([])
  })

  it("gives each selection its own problems: a node's, the trigger's, the rest to the settings", () => {
    const definition: DraftDefinition = {
      schema_version: 1,
      nodes: [
        { id: "a", type: "exit" },
        { id: "w", type: "wait" },
      ],
      edges: [],
    }
    const problems = [
      problem("nodes[1].duration", "w"),
      problem("edges[0].port", "w"),
      problem("trigger.idle_minutes"),
      problem("entry_node"),
      problem("settings.timezone"),
      problem("nodes"),
      problem("nodes[0]", "a"),
    ]
    expect(selectionProblems(definition, problems, "w")).toEqual({
      base: "nodes[1]",
      problems: [problems[0], problems[1]],
    })
    expect(selectionProblems(definition, problems, TRIGGER_ID)).toEqual({ base: "trigger", problems: [problems[2], problems[3]] })
    expect(selectionProblems(definition, problems, null)).toEqual({ base: "settings", problems: [problems[4], problems[5]] })
  })
})
