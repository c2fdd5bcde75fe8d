import fc from "fast-check"
import i18next from "i18next"

import resources from "../../admin/i18n"
import problemsArea from "../../admin/i18n/problems"
import { problemText, type ProblemLike } from "../../admin/lib/problem-text"
import type { JourneyDefinitionInput } from "../definition"
import {
  inEnglish,
  phrase,
  phraseKeys,
  renderPhrase,
  VALIDATION_MESSAGES_EN,
  type MessageCatalog,
  type Phrase,
} from "../messages"
import { checkRule } from "../rules"
import { validateDefinition, type DefinitionError, type TemplateSummary } from "../validate"
import { ANY_VALUE, everyNodeJourney, minimalJourney } from "./fixtures"

type Fields = Record<string, unknown>
type Change = (journey: Fields, node: (id: string) => Fields, edges: Fields[]) => void

const FRENCH: MessageCatalog = problemsArea.fr.problems

// The admin's strings in i18next, set up as the dashboard does: React escapes, i18next does not.
const i18n = i18next.createInstance()
void i18n.init({ resources, lng: "en", fallbackLng: "en", ns: ["journeys"], initImmediate: false, interpolation: { escapeValue: false } })
const words = (language: string) => ({
  t: i18n.getFixedT(language, "journeys"),
  exists: (key: string) => i18n.exists(key, { ns: "journeys", lng: language }),
})

function journeyWith(change: Change, base: JourneyDefinitionInput = everyNodeJourney()): Fields {
  const journey = structuredClone(base) as Fields
  const node = (id: string) => (journey.nodes as Fields[]).find((candidate) => candidate.id === id) as Fields
  change(journey, node, journey.edges as Fields[])
  return journey
}

const inTrigger = (where: unknown): Change => (journey) => ((journey.trigger as Fields).where = where)
const branches = (node: (id: string) => Fields, id: string) => node(id).branches as Fields[]
const events = (node: (id: string) => Fields) => node("r1").events as Fields[]
const notAnObject = 3 as unknown as Fields

const templates = new Map<string, TemplateSummary>([
  ["reminder-1", { channel: "email", status: "published" }],
  ["reminder-vip", { channel: "email", status: "draft" }],
  ["reminder-sms", { channel: "email", status: "published" }],
  ["thanks", { channel: "push", status: "published" }],
])

/** Broken definitions, between them producing every phrase the validator has. */
const BROKEN: [string, unknown][] = [
  ["not an object", null],
  ["empty", {}],
  ["no duration", journeyWith((_, node) => delete node("w1").duration)],
  ["max as text", journeyWith((_, node) => (node("f1").max = "1"))],
  ["fractional max", journeyWith((_, node) => (node("f1").max = 0.5))],
  ["unknown field", journeyWith((_, node) => (node("n1").templat = "x"))],
  ["unknown node type", journeyWith((_, node) => (node("x1").type = "stop"))],
  ["node type not text", journeyWith((_, node) => (node("x1").type = 3))],
  ["unknown trigger", journeyWith((journey) => (journey.trigger = { type: "cron" }))],
  ["unknown channel", journeyWith((_, node) => (node("n1").channel = "fax"))],
  ["node without id", journeyWith((_, node) => delete node("x1").id)],
  ["node not an object", { ...minimalJourney(), nodes: [minimalJourney().nodes[0], 3] }],
  ["node without type", { ...minimalJourney(), nodes: [minimalJourney().nodes[0], {}] }],
  ["edge without target", journeyWith((_, __, edges) => delete edges[0].to)],
  ["edge source not text", journeyWith((_, __, edges) => (edges[1].from = 42))],
  [
    "unknown fields below",
    journeyWith((journey, node) => {
      ;(journey.settings as Fields).time_zone = "UTC"
      ;((journey.settings as Fields).goal as Fields).until = "P1D"
      branches(node, "s1")[0].weight = 1
    }),
  ],
  ["rule not a rule", journeyWith(inTrigger("cart.total > 0"))],
  [
    "too deep",
    journeyWith((journey) => {
      let rule: Fields = { field: "cart.total", op: "gt", value: 1 }
      for (let depth = 0; depth < 70; depth++) rule = { not: rule }
      ;(journey.trigger as Fields).where = rule
    }),
  ],
  ["duplicate id", journeyWith((journey) => (journey.nodes as Fields[]).push({ id: "w1", type: "exit" }))],
  ["unknown entry", journeyWith((journey) => (journey.entry_node = "start"))],
  ["edge to nowhere", journeyWith((_, __, edges) => (edges[14].to = "x2"))],
  ["edge from nowhere", journeyWith((_, __, edges) => edges.push({ from: "ghost", port: "next", to: "x1" }))],
  ["unknown port", journeyWith((_, __, edges) => edges.push({ from: "c1", port: "lt200", to: "x1" }))],
  ["edge leaving an exit", journeyWith((_, __, edges) => edges.push({ from: "x1", port: "next", to: "n1" }))],
  ["open port", journeyWith((_, __, edges) => edges.splice(3, 1))],
  ["port used twice", journeyWith((_, __, edges) => edges.push({ from: "c1", port: "else", to: "x1" }))],
  [
    "unreachable node",
    journeyWith((journey) => {
      ;(journey.nodes as Fields[]).push({ id: "s9", type: "send", channel: "email", template_id: "t" })
      ;(journey.edges as Fields[]).push({ from: "s9", port: "next", to: "x1" })
    }),
  ],
  ["loop", journeyWith((_, __, edges) => (edges.find((edge) => edge.from === "u1")!.to = "s1"))],
  [
    "self loop",
    journeyWith((_, __, edges) => (edges.find((edge) => edge.from === "f1" && edge.port === "capped")!.to = "f1")),
  ],
  ["percentages", journeyWith((_, node) => (branches(node, "s1")[1].percent = 40))],
  ["percent out of range", journeyWith((_, node) => (branches(node, "s1")[0].percent = 150))],
  ["branch port twice", journeyWith((_, node) => branches(node, "s1").push({ port: "a", percent: 0 }))],
  [
    "branch named else",
    journeyWith((_, node) => branches(node, "c1").push({ port: "else", where: { field: "cart.total", op: "lt", value: 1 } })),
  ],
  ["event named timeout", journeyWith((_, node) => events(node).push({ port: "timeout", event: "order.placed" }))],
  [
    "endless wait",
    journeyWith((journey, node, edges) => {
      delete (journey.settings as Fields).goal
      delete node("r1").timeout
      edges.splice(10, 1)
    }),
  ],
  ["bad duration", journeyWith((_, node) => (node("w1").duration = "1 day"))],
  ["bad time", journeyWith((_, node) => (node("w2").from = "9:00"))],
  ["empty window", journeyWith((_, node) => (node("w2").from = "17:00"))],
  ["no days", journeyWith((_, node) => (node("w2").days = []))],
  ["unknown day", journeyWith((_, node) => (node("w2").days = ["mon", "funday"]))],
  ["day as an object", journeyWith((_, node) => (node("w2").days = [{ port: "mon" }]))],
  ["http url", journeyWith((_, node) => (node("h1").url = "http://example.com/hook"))],
  ["bad Liquid", journeyWith((_, node) => (node("h1").body = '{"id": {% if customer %}1}'))],
  [
    "update that changes nothing",
    journeyWith((_, node) => {
      delete node("u1").metadata
      delete node("u1").add_to_group
    }),
  ],
  ["metadata not an object", journeyWith((_, node) => (node("u1").metadata = "vip"))],
  [
    "fields of the wrong type",
    journeyWith((journey, node, edges) => {
      Object.assign(node("n1"), { template_id: 1, category: 1, tag: 1, enrich: 1 })
      Object.assign(node("w2"), { zone: 1 })
      Object.assign(node("u1"), { add_to_group: 1, add_to_group_named: 1 })
      Object.assign(node("h1"), { body: 1 })
      Object.assign(node("r1"), { timeout: 1 })
      events(node)[0].event = 1
      edges[0].port = 1
      ;((journey.settings as Fields).goal as Fields).within = 1
    }),
  ],
  ["goal not an object", journeyWith((journey) => ((journey.settings as Fields).goal = "order.placed"))],
  ["rule field root", journeyWith(inTrigger({ field: "basket.total", op: "gt", value: 1 }))],
  ["rule empty part", journeyWith(inTrigger({ field: "cart..total", op: "exists" }))],
  ["rule without field", journeyWith(inTrigger({ op: "eq" }))],
  ["rule without op", journeyWith(inTrigger({ field: "cart.total" }))],
  ["rule op as an object", journeyWith(inTrigger({ field: "cart.total", op: {} }))],
  ["rule op as a list", journeyWith(inTrigger({ any: [{ field: "cart.total", op: [1, "gt"] }, { field: "cart.total", op: [1, 2, 3, 4, 5, 6] }] }))],
  ["rule op as a bad date", journeyWith(inTrigger({ field: "cart.total", op: new Date(NaN) }))],
  ["rule list not a list", journeyWith(inTrigger({ all: 3 }))],
  ["rule list empty", journeyWith((journey) => (((journey.settings as Fields).goal as Fields).where = { any: [] }))],
  ["rule item not a rule", journeyWith(inTrigger({ all: [42] }))],
  ["rule extra key", journeyWith(inTrigger({ field: "cart.total", op: "gt", value: 1, extra: 1 }))],
  ["rule extra keys", journeyWith(inTrigger({ not: { field: "cart.total", op: "exists" }, a: 1, b: 2 }))],
  [
    "rule values",
    journeyWith(
      inTrigger({
        all: [
          { field: "cart.total", op: "eq" },
          { field: "cart.total", op: "in", value: [] },
          { field: "cart.total", op: "gte", value: "soon" },
          { field: "cart.created_at", op: "before", value: 3 },
          { field: "cart.created_at", op: "within_last", value: "3 days" },
          { field: "cart.email", op: "exists", value: 3 },
        ],
      })
    ),
  ],
  [
    "rule in a branch",
    journeyWith((_, node) => (branches(node, "c1")[0].where = { all: [{ field: "cart.total", op: "greater", value: 200 }] })),
  ],
  ["rule in an event", journeyWith((_, node) => (events(node)[0].where = { field: "event.x", op: "within_last", value: "3 days" }))],
  ["branch without rule", journeyWith((_, node) => delete branches(node, "c1")[0].where)],
  ["branch not an object", journeyWith((_, node) => (branches(node, "c1")[0] = notAnObject))],
  ["event not an object", journeyWith((_, node) => (events(node)[0] = notAnObject))],
  ["idle minutes as text", journeyWith((journey) => ((journey.trigger as Fields).idle_minutes = "60"))],
  ["idle minutes zero", journeyWith((journey) => ((journey.trigger as Fields).idle_minutes = 0))],
  ["empty segment", journeyWith((journey) => (journey.trigger = { type: "segment", segment_id: "" }))],
  ["start after end", journeyWith((journey) => ((journey.settings as Fields).start_at = "2027-02-01T00:00:00+01:00"))],
  ["date without offset", journeyWith((journey) => ((journey.settings as Fields).start_at = "2026-12-01T09:00"))],
  ["unknown zone", journeyWith((journey) => ((journey.settings as Fields).timezone = "Europe/Atlantis"))],
  ["unknown re-entry", journeyWith((journey) => ((journey.settings as Fields).reentry = "twice"))],
  ["schema version", journeyWith((journey) => (journey.schema_version = 2))],
  ["no nodes", { ...minimalJourney(), nodes: [] }],
  ["nodes not a list", { ...minimalJourney(), nodes: "s1" }],
  ["no branches", journeyWith((_, node) => (node("c1").branches = []))],
  ["no events", journeyWith((_, node) => (node("r1").events = []))],
  ["channel mismatch with an unknown channel", journeyWith((_, node) => (node("m3").channel = "fax"))],
  [
    "segment missing",
    journeyWith((_, node) => (node("c1").branches = [{ port: "gt200", where: { field: "customer.segments", op: "contains", value: "jseg_gone" } }])),
  ],
]

/** Each broken definition's errors, with and without the store's templates and segments. */
const errors: [string, DefinitionError][] = BROKEN.flatMap(([name, input]) =>
  [validateDefinition(input), validateDefinition(input, { templates, segments: new Set() })].flatMap((result) =>
    result.errors.map((error): [string, DefinitionError] => [name, error])
  )
)

function catalogKeys(catalog: MessageCatalog, prefix = ""): string[] {
  return Object.entries(catalog).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : catalogKeys(value, `${prefix}${key}.`)
  )
}

const placeholders = (template: string) => [...template.matchAll(/{{\s*(\w+)\s*}}/g)].map((match) => match[1]).sort()

/** English that must never be left in a French message; the merchant's values hold none of it. */
const ENGLISH = [
  / has no /, / must /, / is not /, / cannot /, / which /, / leads /, / and /, / or /, /\bThe /, /\bWait\b/,
  /\bEdge\b/, /\bNodes?\b/, /\bnode\b/, /\bbranch\b/, /\bSettings\b/, /\ba number\b/, /\ban object\b/, /\bitems\b/,
]

const FRENCH_KEYS = new Set(catalogKeys(FRENCH))

/** The French of `text`: every key translated, no placeholder left, and no English word. */
function expectFrench(text: Phrase, english: string): void {
  const french = renderPhrase(text, FRENCH)
  expect([...phraseKeys(text)].filter((key) => !FRENCH_KEYS.has(key))).toEqual([])
  expect({ english, french, left: french.includes("{{"), english_words: ENGLISH.filter((word) => word.test(french)) }).toEqual({
    english,
    french,
    left: false,
    english_words: [],
  })
}

describe("the validator's messages as phrases", () => {
  it("gives every error a phrase whose English, from the catalog, is its message", () => {
    expect(errors.length).toBeGreaterThan(BROKEN.length)
    for (const [name, error] of errors) {
      expect([name, error.text !== undefined]).toEqual([name, true])
      expect([name, inEnglish(error.text!)]).toEqual([name, error.message])
    }
  })

  it("uses only keys of the catalog, and between these definitions every key it has", () => {
    const known = catalogKeys(VALIDATION_MESSAGES_EN)
    const used = new Set(errors.flatMap(([, error]) => [...phraseKeys(error.text!)]))
    expect([...used].filter((key) => !known.includes(key))).toEqual([])
    // No field of the schema is a boolean, and its unions all have a discriminator. Segment rules'
    // keys are a definition's concern only through segments.unit.spec.ts.
    expect(known.filter((key) => !used.has(key) && !key.startsWith("segment."))).toEqual(["expected.boolean", "predicate.invalid"])
  })

  it("says every error in French, wholly", () => {
    for (const [, error] of errors) expectFrench(error.text!, error.message)
  })

  it("keeps the French readable: one sample of each kind", () => {
    const french = (name: string) =>
      validateDefinition(BROKEN.find(([candidate]) => candidate === name)![1]).errors.map((error) => renderPhrase(error.text!, FRENCH))
    expect(french("no duration")).toEqual(["L'étape « w1 » (Attendre) : il manque la durée"])
    expect(french("unknown field")).toEqual(["L'étape « n1 » (Envoyer un message) : champ inconnu « templat »"])
    expect(french("loop")).toEqual([
      "Les étapes « s1 » et « u1 » forment une boucle sans attente ; ajoutez à la boucle une étape Attendre, Attendre un créneau ou Attendre un événement",
    ])
    expect(french("percent out of range")).toEqual([
      "L'étape « s1 » (Répartition aléatoire), dans la branche « a » : la part doit être comprise entre 0 et 100",
      "L'étape « s1 » (Répartition aléatoire) : la liste des branches a des parts qui totalisent 200 %, et non 100 %",
    ])
    expect(french("rule in a branch")).toEqual([
      "L'étape « c1 » (Condition), dans la branche « gt200 », la règle : l'opérateur « greater » est inconnu ; " +
        "utilisez l'un de ceux-ci : eq, neq, in, nin, gt, gte, lt, lte, contains, exists, before, after, within_last",
    ])
    expect(french("rule extra key")).toEqual(["Le déclencheur : la règle contient la clé inattendue « extra »"])
    expect(french("rule field root")).toEqual([
      "Le déclencheur, la règle : le champ « basket.total » doit commencer par customer, cart, order, event ou enrollment (par exemple « cart.total »)",
    ])
    expect(french("edge to nowhere")).toEqual([
      "L'étape « h1 » (Webhook), lien sortant 15 : il mène à « x2 », qui n'est pas une étape",
    ])
    expect(french("unknown channel")).toEqual([
      'L\'étape « n1 » (Envoyer un message) : le canal doit être l\'une des valeurs « email », « sms », « push »',
    ])
  })

  it("carries the phrase in JSON, but not among the fields compared for equality", () => {
    const [, error] = errors.find(([name]) => name === "loop")!
    expect(Object.keys(error)).toEqual(["node_id", "path", "message"])
    expect(JSON.parse(JSON.stringify({ errors: [error] })).errors[0]).toEqual({
      node_id: error.node_id,
      path: error.path,
      message: error.message,
      text: error.text,
    })
  })

  it("phrases rule problems too", () => {
    const problems = checkRule({ all: [{ field: "basket.total", op: "gt" }, { any: [] }, 3] }, "where")
    expect(problems.map((problem) => problem.path)).toEqual(["where.all[0].field", "where.all[0].value", "where.all[1].any", "where.all[2]"])
    for (const problem of problems) {
      expect(inEnglish(problem.text)).toBe(problem.message)
      expectFrench(problem.text, problem.message)
    }
  })

  it("holds on random broken definitions, whatever the merchant typed", () => {
    const base = fc.constantFrom<unknown>(everyNodeJourney(), minimalJourney())
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom("", "else", "timeout", "P-1D", "24:00", "{{ id }}", { all: [] }, { field: "x", op: "{{op}}" })
    )
    const broken = fc.tuple(base, fc.nat(), value).map(([journey, target, replacement]) => {
      const copy = structuredClone(journey) as Fields
      const nodes = copy.nodes as Fields[]
      const node = nodes[target % nodes.length]
      const keys = Object.keys(node)
      node[keys[target % keys.length]] = replacement
      return copy
    })
    fc.assert(
      fc.property(fc.oneof(broken, fc.anything(ANY_VALUE)), (input) => {
        for (const error of validateDefinition(input, { templates }).errors) {
          expect(inEnglish(error.text!)).toBe(error.message)
          expect(problemText(error, words("en"))).toBe(error.message)
          expect([...phraseKeys(error.text!)].filter((key) => !FRENCH_KEYS.has(key))).toEqual([])
        }
      }),
      { numRuns: 500 }
    )
  })
})

describe("renderPhrase", () => {
  const catalog = { a: { b: "<{{x}} {{y}}>" }, list: { separator: " + " } }

  it("says nested phrases, numbers and lists", () => {
    const text: Phrase = { key: "a.b", params: { x: { key: "a.b", params: { x: 1, y: ["p", "q"] } }, y: "z" } }
    expect(renderPhrase(text, catalog)).toBe("<<1 p + q> z>")
    expect(phraseKeys(text)).toEqual(new Set(["a.b", "list.separator"]))
  })

  it("never throws on a phrase it cannot say: the key, the placeholder or the value as it is", () => {
    expect(renderPhrase({ key: "a.c" }, catalog)).toBe("a.c")
    expect(renderPhrase({ key: "a.b", params: { x: null as never } }, catalog)).toBe("<null {{y}}>")
    expect(renderPhrase({ key: "a.b", params: "nonsense" as never }, catalog)).toBe("<{{x}} {{y}}>")
    expect(renderPhrase({ key: "__proto__.b" }, catalog)).toBe("__proto__.b")
  })

  it("asks a translator for each phrase, lists' separator included", () => {
    const asked: string[] = []
    const said = renderPhrase(phrase("graph.loop", { nodes: ["a", "b"] }), (key, values) => {
      asked.push(key)
      return `${key}(${Object.values(values).join("|")})`
    })
    expect(said).toBe("graph.loop(alist.separator()b)")
    expect(asked).toEqual(["list.separator", "graph.loop"])
  })
})

describe("the admin's problem text, through i18next", () => {
  it("serves the engine's catalog as the English strings, and a French string for each", () => {
    expect(problemsArea.en.problems).toBe(VALIDATION_MESSAGES_EN)
    const english = catalogKeys(VALIDATION_MESSAGES_EN)
    expect(catalogKeys(FRENCH)).toEqual(english)
    for (const key of english) {
      const french = key.split(".").reduce<unknown>((entry, part) => (entry as MessageCatalog)[part], FRENCH) as string
      const template = key.split(".").reduce<unknown>((entry, part) => (entry as MessageCatalog)[part], VALIDATION_MESSAGES_EN) as string
      expect([key, placeholders(french)]).toEqual([key, placeholders(template)])
    }
  })

  it("says every error exactly as the validator's English, and as the French catalog", () => {
    for (const [, error] of errors) {
      expect(problemText(error, words("en"))).toBe(error.message)
      expect(problemText(error, words("fr"))).toBe(renderPhrase(error.text!, FRENCH))
    }
  })

  it("reads problems from JSON, and falls back on the English message without a phrase it knows", () => {
    const [, error] = errors.find(([name]) => name === "bad Liquid")!
    const fromServer = JSON.parse(JSON.stringify(error)) as ProblemLike
    expect(problemText(fromServer, words("fr"))).toMatch(/^L'étape « h1 » \(Webhook\) : le corps n'est pas du Liquid valide : tag {% if/)
    expect(problemText({ message: "Old server" }, words("fr"))).toBe("Old server")
    expect(problemText({ message: "Newer server", text: { key: "graph.someday" } }, words("fr"))).toBe("Newer server")
  })
})
