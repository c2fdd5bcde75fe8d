/**
 * Spreads the server's answer to a template save over the fields it names, so each message shows
 * next to its field. The routes answer one message: the workflow's `Invalid message template:
 * subject is required for email templates; html undefined filter: nope, line:1, col:4`, Medusa's
 * body validation `Invalid request: Value for field 'name' too small…` (or a custom message that
 * starts with the field: `handle must be a lowercase slug…`), or the 409 for a handle taken.
 */

export type FieldProblems = { byField: Record<string, string[]>; other: string[] }

const PREFIX = /^Invalid (?:request|message template):\s*/
const QUOTED_FIELD = /field '([\w.]+)'/
const HANDLE_TAKEN = /^A message template with handle ".*" already exists$/

/** `fields` are the form's field names; a push data problem (`data.url …`) goes to `data`. */
export function fieldProblems(message: string, fields: readonly string[]): FieldProblems {
  const result: FieldProblems = { byField: {}, other: [] }
  const add = (field: string, text: string) => (result.byField[field] ??= []).push(text)
  for (const part of message.replace(PREFIX, "").split("; ")) {
    const leading = /^([\w]+)(?:\.([\w-]+))? (.+)$/s.exec(part)
    const quoted = QUOTED_FIELD.exec(part)?.[1].split(".")[0]
    if (leading && fields.includes(leading[1])) {
      const [, field, key, text] = leading
      add(field, key ? `${key}: ${text}` : text)
    } else if (quoted && fields.includes(quoted)) {
      add(quoted, part)
    } else if (HANDLE_TAKEN.test(part) && fields.includes("handle")) {
      add("handle", part)
    } else {
      result.other.push(part)
    }
  }
  return result
}
