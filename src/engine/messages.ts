/**
 * The validator's words as data. Every problem carries a `Phrase` — a message key and its values,
 * which may be phrases or lists themselves — besides its English `message`, so the admin can say it
 * in the merchant's language. `VALIDATION_MESSAGES_EN` is the only English wording: the engine
 * renders `message` from it, and the admin serves it as its English strings. Templates use i18next's
 * `{{name}}` placeholders; what the merchant typed (ids, ports, event names, the Liquid parser's own
 * error) travels as plain strings and is never translated.
 */
export const VALIDATION_MESSAGES_EN = {
  nodeType: {
    send: "Send",
    wait: "Wait",
    wait_until: "Wait until",
    wait_for_event: "Wait for event",
    condition: "Condition",
    random_split: "Random split",
    frequency_cap: "Frequency cap",
    update_customer: "Update customer",
    webhook: "Webhook",
    exit: "Exit",
  },
  /** Every key of the definition schema, by its name in JSON. */
  field: {
    schema_version: "schema version",
    trigger: "trigger",
    settings: "settings",
    entry_node: "entry node",
    nodes: "nodes",
    edges: "edges",
    id: "id",
    type: "type",
    event: "event",
    where: "rule",
    idle_minutes: "idle minutes",
    segment_id: "segment",
    reentry: "reentry",
    start_at: "start date",
    end_at: "end date",
    timezone: "timezone",
    goal: "goal",
    within: "within",
    channel: "channel",
    template_id: "template",
    category: "category",
    tag: "tag",
    duration: "duration",
    days: "days",
    from: "from",
    to: "to",
    zone: "zone",
    timeout: "timeout",
    events: "events",
    branches: "branches",
    port: "port",
    percent: "percent",
    max: "max",
    metadata: "metadata",
    add_to_group: "customer group",
    add_to_group_named: "group name",
    enrich: "enrichments",
    url: "url",
    body: "body",
  },
  /** An edge's fields, which name nodes. */
  edgeField: { from: "source node (from)", to: "target node (to)" },
  /** What a value of the wrong type should have been, by zod's name for the type. */
  expected: {
    string: "text",
    number: "a number",
    int: "a whole number",
    boolean: "true or false",
    object: "an object",
    record: "an object",
    array: "a list",
  },
  channel: { email: "email", sms: "sms", push: "push" },
  list: { separator: ", ", and: "{{init}} and {{last}}", or: "{{init}} or {{last}}" },
  value: {
    quoted: '"{{value}}"',
    list: "[{{items}}]",
    items: "[{{number}} items]",
    object: "an object",
    invalidDate: "an invalid date",
  },
  subject: {
    journey: "The journey",
    trigger: "The trigger",
    settings: "Settings",
    goal: "The goal",
    node: '{{type}} "{{id}}"',
    nodeAt: "{{type}} (node {{number}})",
    untypedNode: 'Node "{{id}}"',
    untypedNodeAt: "Node {{number}}",
    edge: "Edge {{number}}",
    edgeFrom: 'Edge {{number}} from "{{from}}"',
    edgeFromNode: "Edge {{number}} from {{node}}",
    /** A part of a subject: `Random split "s1", branch "a"`. */
    part: "{{subject}}, {{part}}",
  },
  /** Items of a node's lists, as parts of it. */
  step: {
    branch: 'branch "{{port}}"',
    branchAt: "branch {{number}}",
    eventBranch: 'event branch "{{port}}"',
    eventBranchAt: "event branch {{number}}",
    day: 'day "{{port}}"',
    dayAt: "day {{number}}",
  },
  /** A schema problem, put together from who it is about, the field and a predicate. */
  issue: {
    unknownField: '{{owner}} has an unknown field "{{key}}"',
    missing: "{{owner}} has no {{field}}",
    inRule: "{{owner}}, {{field}}: {{problem}}",
    predicate: "{{subject}} {{predicate}}",
    fieldPredicate: "{{owner}}: {{field}} {{predicate}}",
  },
  predicate: {
    mustBe: "must be {{value}}",
    mustBeOneOf: "must be one of {{values}}",
    invalid: "is not valid",
    unknownType: "is not a known type; use one of {{types}}",
    unknownTypeNamed: '"{{given}}" is not a known type; use one of {{types}}',
    empty: "must not be empty",
    duration: 'is not a positive ISO 8601 duration such as "PT2H" or "P1D"',
    dateTime: 'is not an ISO 8601 date-time with an offset, such as "2026-12-01T09:00:00+01:00"',
    timeOfDay: 'is not a time of day such as "09:00"',
    timeZone: 'is not an IANA time zone such as "Europe/Paris"',
    httpsUrl: "must be an https:// address",
    atLeastOne: "must be at least 1",
    percent: "must be between 0 and 100",
    afterStart: "must be after the start (start_at)",
    differsFromStart: "must differ from the start time (from)",
    noDays: "must list at least one day, or be left out for every day",
    noEvents: "must list at least one event",
    noBranches: "must list at least one branch",
    noNodes: "must list at least one node",
    percentTotal: "have percentages adding up to {{total}}, not 100",
    changesNothing: "changes nothing: set metadata, add_to_group or add_to_group_named",
    reservedPort: '"{{port}}" is reserved; choose another name',
    portTwice: '"{{port}}" is used twice in this node',
  },
  rule: {
    notARule: 'must be a rule: { "all": [...] }, { "any": [...] }, { "not": {...} } or a condition { "field", "op", "value" }',
    unexpectedKey: "unexpected key {{keys}}",
    unexpectedKeys: "unexpected keys {{keys}}",
    needsList: '"{{key}}" needs a list of rules',
    needsRule: '"{{key}}" needs at least one rule',
    fieldNotPath: 'field must be a path such as "cart.total"',
    fieldRoot: 'field "{{field}}" must start with {{roots}} (e.g. "cart.total")',
    fieldEmptyPart: 'field "{{field}}" has an empty part between dots',
    opMissing: "op is missing; use one of {{ops}}",
    opUnknown: "op {{op}} is unknown; use one of {{ops}}",
    /** What the value of a condition must be, by the kind of its op. */
    value: {
      scalar: '"{{op}}" needs a value to compare with: text, a number or true/false',
      list: '"{{op}}" needs a non-empty list of values such as ["FR", "BE"]',
      bound: '"{{op}}" needs a number, or an ISO date such as "2026-01-31"',
      date: '"{{op}}" needs an ISO date or date-time such as "2026-01-31" or "2026-01-31T09:00:00Z"',
      duration: '"{{op}}" needs a positive ISO 8601 duration such as "P2D" (2 days) or "PT12H" (12 hours)',
      exists: '"{{op}}" takes no value, or true/false (false means "is missing")',
    },
  },
  /** Segment rules (engine/segments.ts): their own fields, and the event condition. */
  segment: {
    fieldUnknown: 'field "{{field}}" is not a segment field; use {{fields}}',
    opNotFor: '"{{op}}" does not apply to {{field}}; use {{ops}}',
    value: {
      text: '{{field}} is text: "{{op}}" needs text (a list of texts for in and nin)',
      number: '{{field}} is a number: "{{op}}" needs a number (a list of numbers for in and nin)',
      date: '{{field}} is a date: "{{op}}" needs an ISO date such as "2026-01-31"',
      boolean: '{{field}} is true or false: "{{op}}" needs true or false',
      list: '{{field}} is a list: "{{op}}" needs the value to look for, such as an id',
      metadata: '"{{op}}" on {{field}} needs a number',
    },
    eventName: 'event must be the name of an event, such as "product.viewed"',
    atLeast: "at_least must be a whole number, 1 or more",
    eventDataField: 'field "{{field}}" of an event\'s where must be data.<key>, such as "data.product_id"',
  },
  graph: {
    duplicateId: 'Node id "{{id}}" is used by more than one node',
    unknownEntry: 'The entry node "{{id}}" is not one of the nodes',
    unknownSource: 'Edge {{number}} starts at "{{from}}", which is not a node',
    unknownTarget: '{{edge}} leads to "{{to}}", which is not a node',
    unknownPort: '{{node}} has no port "{{port}}"; its ports are {{ports}}',
    noPorts: '{{node}} has no port "{{port}}"; it has none, nothing can follow it',
    portTwice: '{{node}} has more than one edge leaving by "{{port}}"',
    portOpen: '{{node}} has no edge leaving by "{{port}}"; connect it to the next step, or to an exit',
    unreachable: "{{node}} cannot be reached from the entry node",
    selfLoop: "{{node}} leads back to itself without a wait; add a wait, wait until or wait for event to the loop",
    loop: "Nodes {{nodes}} form a loop without a wait; add a wait, wait until or wait for event to the loop",
  },
  check: {
    tooDeep: "The definition is nested more than {{max}} levels deep",
    endlessWait:
      "{{node}} has no timeout and the journey has no goal: customers who never get the event would wait forever",
    templateMissing: '{{node}} uses template "{{template}}", which does not exist',
    templateDraft: '{{node}} uses template "{{template}}", which is not published',
    templateChannel: '{{node}} uses template "{{template}}", which is for {{actual}}, not {{expected}}',
    webhookLiquid: "{{node}}: body is not valid Liquid: {{problem}}",
    segmentMissing: '{{owner}} names segment "{{segment}}", which does not exist',
  },
}

/** A message as data: a key of the catalog and the values of its placeholders. */
export type Phrase = { key: string; params?: PhraseParams }
export type PhraseValue = string | number | Phrase
/** Strings and numbers are shown as they are; phrases are said in turn; lists are joined. */
export type PhraseParams = Record<string, PhraseValue | readonly PhraseValue[]>

/** Messages by key, nested as i18next nests them: key `subject.node` is `{ subject: { node } }`. */
export type MessageCatalog = { [key: string]: string | MessageCatalog }
/** Says the message `key` with its placeholders filled, as i18next's `t` does. */
export type Translate = (key: string, values: Record<string, string>) => string

type Leaves<T> = { [K in keyof T & string]: T[K] extends string ? K : `${K}.${Leaves<T[K]>}` }[keyof T & string]
export type MessageKey = Leaves<typeof VALIDATION_MESSAGES_EN>

export function phrase(key: MessageKey, params?: PhraseParams): Phrase {
  return params === undefined ? { key } : { key, params }
}

/** A value the merchant typed, in quotes. */
export const quoted = (value: string): Phrase => phrase("value.quoted", { value })

/** "a, b and c"; a lone item as itself. */
export const andList = (items: readonly PhraseValue[]): PhraseValue => joined("list.and", items)
/** "a, b or c"; a lone item as itself. */
export const orList = (items: readonly PhraseValue[]): PhraseValue => joined("list.or", items)

function joined(key: MessageKey, items: readonly PhraseValue[]): PhraseValue {
  return items.length === 1 ? items[0] : phrase(key, { init: items.slice(0, -1), last: items[items.length - 1] })
}

/**
 * The words of `text`, from a catalog or through a translator (i18next's `t`). Never throws: a key
 * the catalog lacks is said as itself, a malformed value as its string.
 */
export function renderPhrase(text: Phrase, messages: MessageCatalog | Translate): string {
  const translate: Translate =
    typeof messages === "function" ? messages : (key, values) => interpolate(lookup(messages, key) ?? key, values)
  const say = (value: unknown): string => {
    if (Array.isArray(value)) return value.map(say).join(translate("list.separator", {}))
    if (!isPhrase(value)) return String(value)
    const values: Record<string, string> = {}
    for (const [name, param] of Object.entries(paramsOf(value))) values[name] = say(param)
    return translate(value.key, values)
  }
  return say(text)
}

/** The `message` of a problem whose `text` this is. */
export function inEnglish(text: Phrase): string {
  return renderPhrase(text, VALIDATION_MESSAGES_EN)
}

/** Every key `text` needs, its lists' separator included: what a translation must have to say it. */
export function phraseKeys(text: Phrase): Set<string> {
  const keys = new Set<string>()
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      keys.add("list.separator")
      value.forEach(visit)
    } else if (isPhrase(value)) {
      keys.add(value.key)
      Object.values(paramsOf(value)).forEach(visit)
    }
  }
  visit(text)
  return keys
}

/**
 * `fields` with `message`, the English of `text`, and `text` itself. `text` is not enumerable, so
 * the documented `{ node_id, path, message }` shape still deep-equals what callers compare it with;
 * `toJSON` puts it back, so HTTP answers carry it to the admin.
 */
export function withText<T extends object>(fields: T, text: Phrase): T & { message: string; text: Phrase } {
  return Object.defineProperties({ ...fields, message: inEnglish(text) }, {
    text: { value: text },
    toJSON: { value: textToJSON },
  }) as T & { message: string; text: Phrase }
}

function textToJSON(this: { text: Phrase }) {
  return { ...this, text: this.text }
}

/** zod check params: the English message, and the phrase for `issuePhrase` to find on the issue. */
export function issueParams(text: Phrase): { message: string; params: { phrase: Phrase } } {
  return { message: inEnglish(text), params: { phrase: text } }
}

/** The phrase a check attached to its zod issue with `issueParams`. */
export function issuePhrase(issue: { code: string; params?: unknown }): Phrase | undefined {
  const text = issue.code === "custom" ? (issue.params as { phrase?: unknown } | undefined)?.phrase : undefined
  return isPhrase(text) ? text : undefined
}

function isPhrase(value: unknown): value is Phrase {
  return typeof value === "object" && value !== null && typeof (value as Phrase).key === "string"
}

/** A phrase from an HTTP answer is read as leniently as the validator reads definitions. */
function paramsOf(text: Phrase): object {
  return typeof text.params === "object" && text.params !== null ? text.params : {}
}

function lookup(catalog: MessageCatalog, key: string): string | undefined {
  let entry: string | MessageCatalog | undefined = catalog
  for (const part of key.split(".")) {
    entry = typeof entry === "object" && Object.prototype.hasOwnProperty.call(entry, part) ? entry[part] : undefined
  }
  return typeof entry === "string" ? entry : undefined
}

function interpolate(template: string, values: Record<string, string>): string {
  return template.replace(/{{\s*(\w+)\s*}}/g, (placeholder, name: string) =>
    Object.prototype.hasOwnProperty.call(values, name) ? values[name] : placeholder
  )
}
