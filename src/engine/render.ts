/**
 * Message templates: Liquid (liquidjs) rendered over a context of `customer`, `cart`, `order`,
 * `event`… Email has subject, html and text; SMS a body; push a title, a body and data. Webhook
 * bodies are Liquid too, with JSON values as outputs (`renderJsonTemplate`).
 *
 * - Every output in `html` is HTML-escaped, so customer data cannot inject markup; `| raw` opts
 *   out for merchant-controlled values. Subject, text, SMS and push are plain text: no escaping.
 * - Missing variables render empty; unknown filters are syntax errors (a typo is caught on save).
 * - Only the context's own properties are visible (no `constructor`, no prototype).
 * - No file system: include, render and layout are refused when the template is parsed.
 * - Parse, time and memory limits: a hostile or broken template fails instead of hanging the
 *   server (rendering is synchronous and would block the event loop).
 */
import { Liquid, Tag, type TagToken, type TopLevelToken } from "liquidjs"
import type { Channel } from "./delivery"

export type TemplateChannel = Channel

export type MessageTemplateContent = {
  channel: TemplateChannel
  subject?: string | null
  html?: string | null
  text?: string | null
  title?: string | null
  body?: string | null
  /** Push only: key/value pairs delivered to the app, each value a Liquid template. */
  data?: Record<string, unknown> | null
}

export type RenderedMessage =
  | { channel: "email"; subject: string; html: string; text: string | null }
  | { channel: "sms"; body: string }
  | { channel: "push"; title: string; body: string; data: Record<string, string> }

export type TemplateProblem = { path: string; message: string }

type ContentField = Exclude<keyof MessageTemplateContent, "channel">

/** The fields each channel uses; the others must stay empty. */
export const TEMPLATE_FIELDS: Record<TemplateChannel, { required: ContentField[]; optional: ContentField[] }> = {
  email: { required: ["subject", "html"], optional: ["text"] },
  sms: { required: ["body"], optional: [] },
  push: { required: ["title", "body"], optional: ["data"] },
}

const CONTENT_FIELDS: ContentField[] = ["subject", "html", "text", "title", "body", "data"]

/**
 * Characters of one field's source: the 2 MB the template routes take, so a field they accept is
 * never refused by the parser (real emails stay far below: a large one is ~100 KB).
 */
export const PARSE_LIMIT = 2 * 1024 * 1024
/** Milliseconds for a whole message, all fields together. */
export const RENDER_LIMIT_MS = 500
/** liquidjs allocation units (characters, array items, range sizes) per field. */
export const MEMORY_LIMIT = 10_000_000

/** Thrown by `renderTemplate`; `path` is the field that failed ("html", "data.url"). */
export class TemplateRenderError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string
  ) {
    super(`${path}: ${reason}`)
    this.name = "TemplateRenderError"
  }
}

class RefusedTag extends Tag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid)
    throw new Error(`the "${token.name}" tag is not available in message templates (no file access)`)
  }

  render(): void {}
}

function createEngine(outputEscape?: "escape" | ((value: unknown) => string)) {
  const engine = new Liquid({
    ...(outputEscape ? { outputEscape } : {}),
    ownPropertyOnly: true,
    strictFilters: true,
    // An empty in-memory file system: nothing on disk is reachable, even by a future tag.
    templates: {},
    // UTC everywhere, whatever the server's zone; the date filter takes a zone argument.
    timezoneOffset: 0,
    parseLimit: PARSE_LIMIT,
    memoryLimit: MEMORY_LIMIT,
  })
  for (const tag of ["include", "render", "layout"]) engine.registerTag(tag, RefusedTag)
  return engine
}

const htmlEngine = createEngine("escape")
const textEngine = createEngine()
// `undefined` has no JSON form: a missing variable becomes null rather than a hole in the document.
const jsonEngine = createEngine((value) => JSON.stringify(value ?? null))
const engineFor = (path: string) => (path === "html" ? htmlEngine : textEngine)

/** The Liquid sources of the fields the template's channel uses, by path. */
function sources(template: MessageTemplateContent): [string, string][] {
  const { required, optional } = TEMPLATE_FIELDS[template.channel]
  return [...required, ...optional].flatMap((field): [string, string][] => {
    const value = template[field]
    if (field === "data") {
      return Object.entries(value ?? {}).flatMap(([key, item]): [string, string][] =>
        typeof item === "string" ? [[`data.${key}`, item]] : []
      )
    }
    return typeof value === "string" ? [[field, value]] : []
  })
}

const isBlank = (value: unknown) => value == null || (typeof value === "string" && value.trim() === "")

/**
 * Every problem of a template, each with its field path: required fields of its channel that are
 * empty, fields its channel does not use, push data values that are not text, and Liquid syntax
 * errors (with line and column). Never throws.
 */
export function checkTemplate(template: MessageTemplateContent): TemplateProblem[] {
  const fields = TEMPLATE_FIELDS[template.channel] as (typeof TEMPLATE_FIELDS)[TemplateChannel] | undefined
  if (!fields) return [{ path: "channel", message: "must be email, sms or push" }]
  const problems: TemplateProblem[] = []
  for (const field of CONTENT_FIELDS) {
    const value = template[field]
    if (fields.required.includes(field) && isBlank(value)) {
      problems.push({ path: field, message: `is required for ${template.channel} templates` })
    } else if (!fields.required.includes(field) && !fields.optional.includes(field) && value != null) {
      problems.push({ path: field, message: `is not used by ${template.channel} templates` })
    }
  }
  for (const [key, value] of Object.entries(fields.optional.includes("data") ? template.data ?? {} : {})) {
    if (typeof value !== "string") problems.push({ path: `data.${key}`, message: "must be text" })
  }
  for (const [path, source] of sources(template)) {
    try {
      engineFor(path).parse(source)
    } catch (error) {
      problems.push({ path, message: (error as Error).message })
    }
  }
  return problems
}

/**
 * Renders the fields of the template's channel over `context`. Throws `TemplateRenderError` (with
 * the field's path) on a syntax error or when a limit is reached.
 */
export function renderTemplate(template: MessageTemplateContent, context: Record<string, unknown>): RenderedMessage {
  const deadline = performance.now() + RENDER_LIMIT_MS
  const rendered = new Map<string, string>()
  for (const [path, source] of sources(template)) {
    const engine = engineFor(path)
    try {
      rendered.set(
        path,
        engine.renderSync(engine.parse(source), context, { renderLimit: Math.max(deadline - performance.now(), 0) })
      )
    } catch (error) {
      throw new TemplateRenderError(path, (error as Error).message)
    }
  }
  const field = (path: string) => rendered.get(path) ?? ""
  switch (template.channel) {
    case "email":
      return { channel: "email", subject: field("subject"), html: field("html"), text: rendered.get("text") ?? null }
    case "sms":
      return { channel: "sms", body: field("body") }
    case "push":
      return {
        channel: "push",
        title: field("title"),
        body: field("body"),
        data: Object.fromEntries(
          Object.keys(template.data ?? {}).flatMap((key) =>
            rendered.has(`data.${key}`) ? [[key, field(`data.${key}`)]] : []
          )
        ),
      }
  }
}

/** Why a webhook body is not valid Liquid (with line and column), or null when it parses. */
export function jsonTemplateProblem(source: string): string | null {
  try {
    jsonEngine.parse(source)
    return null
  } catch (error) {
    return (error as Error).message
  }
}

/**
 * Renders a webhook body: a JSON document written in Liquid where every output is a JSON value
 * (strings quoted and escaped, objects and arrays serialized, missing values `null`), so customer
 * data can neither break the document nor add keys to it; `| raw` opts out. Throws
 * `TemplateRenderError` (path `body`) on a syntax error, a limit, or a result that is not JSON.
 */
export function renderJsonTemplate(source: string, context: Record<string, unknown>): string {
  let rendered: string
  try {
    rendered = jsonEngine.renderSync(jsonEngine.parse(source), context, { renderLimit: RENDER_LIMIT_MS })
  } catch (error) {
    throw new TemplateRenderError("body", (error as Error).message)
  }
  try {
    JSON.parse(rendered)
  } catch (error) {
    throw new TemplateRenderError("body", `does not render to JSON (${(error as Error).message})`)
  }
  return rendered
}

/** Text made safe inside HTML content and double-quoted attributes. */
export const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
