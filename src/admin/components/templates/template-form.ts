/**
 * The template editor's form: what is typed, and what it becomes for the API, the engine's
 * checker and the preview. Only the fields of the template's channel leave the form (the others
 * must stay empty, see the engine's `TEMPLATE_FIELDS`).
 */
import { TEMPLATE_FIELDS, type MessageTemplateContent } from "../../../engine"
import type { MessageTemplate, MessageTemplateChanges, TemplateChannel, TemplateStatus } from "../../lib/api-templates"

export type DataRow = { key: string; value: string }

export type TemplateForm = {
  name: string
  handle: string
  status: TemplateStatus
  subject: string
  html: string
  text: string
  title: string
  body: string
  /** Push data as rows, in the order typed; a row may be half filled while typing. */
  data: DataRow[]
}

export function formOf(template: MessageTemplate): TemplateForm {
  return {
    name: template.name,
    handle: template.handle,
    status: template.status,
    subject: template.subject ?? "",
    html: template.html ?? "",
    text: template.text ?? "",
    title: template.title ?? "",
    body: template.body ?? "",
    data: Object.entries(template.data ?? {}).map(([key, value]) => ({ key, value })),
  }
}

/** The Liquid content of the channel, as the engine checks and renders it; an empty optional field is absent. */
export function contentOf(form: TemplateForm, channel: TemplateChannel): MessageTemplateContent {
  const { required, optional } = TEMPLATE_FIELDS[channel]
  const content: MessageTemplateContent = { channel }
  for (const field of [...required, ...optional]) {
    if (field === "data") {
      // A row without a key cannot be sent; `dataRowProblems` says so next to it.
      const rows = form.data.filter((row) => row.key.trim() !== "")
      if (rows.length) content.data = Object.fromEntries(rows.map((row) => [row.key.trim(), row.value]))
    } else if (required.includes(field) || form[field] !== "") {
      content[field] = form[field]
    }
  }
  return content
}

/** The body of POST /admin/message-templates/:id: names, status and the channel's content; a cleared optional field is null. */
export function changesOf(form: TemplateForm, channel: TemplateChannel): MessageTemplateChanges {
  const { channel: _channel, ...content } = contentOf(form, channel)
  const cleared = Object.fromEntries(TEMPLATE_FIELDS[channel].optional.map((field) => [field, null]))
  return { name: form.name.trim(), handle: form.handle, status: form.status, ...cleared, ...(content as MessageTemplateChanges) }
}

/** Push data rows the API would refuse or silently merge: a value without a key, a key used twice. */
export function dataRowProblems(rows: DataRow[]): Map<number, "missingKey" | "duplicateKey"> {
  const problems = new Map<number, "missingKey" | "duplicateKey">()
  const seen = new Set<string>()
  rows.forEach((row, index) => {
    const key = row.key.trim()
    if (!key && row.value !== "") problems.set(index, "missingKey")
    else if (key && seen.has(key)) problems.set(index, "duplicateKey")
    seen.add(key)
  })
  return problems
}

// The server's rule (api/admin/message-templates/validators.ts), checked as the handle is typed.
const HANDLE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const HANDLE_LENGTH = 100

/** What the server would refuse in a handle, said before it is sent. */
export function handleProblem(handle: string): "required" | "invalid" | null {
  if (handle === "") return "required"
  return HANDLE.test(handle) && handle.length <= HANDLE_LENGTH ? null : "invalid"
}

/** A handle from a name: lowercase letters and digits joined by single dashes ("Panier abandonné 1" → "panier-abandonne-1"). */
export function handleFrom(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, HANDLE_LENGTH)
    .replace(/-+$/, "")
}
