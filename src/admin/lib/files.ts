const JOURNEY_DOCUMENT_FORMAT = "medusa-plugin-journeys/journey"

/** Offers `value` as a JSON file download. */
export function downloadJson(filename: string, value: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: "application/json" }))
  const link = Object.assign(document.createElement("a"), { href: url, download: filename })
  link.click()
  URL.revokeObjectURL(url)
}

/**
 * A journey document read from a file the merchant picked, or the i18n key of what is wrong with
 * it: the server would refuse such files too, but with a message about fields, not about the file.
 */
export async function readJourneyFile(file: File): Promise<{ document: Record<string, unknown> } | { problem: string }> {
  let parsed: unknown
  try {
    parsed = JSON.parse(await file.text())
  } catch {
    return { problem: "list.import.notJson" }
  }
  const document = parsed as Record<string, unknown> | null
  if (!document || typeof document !== "object" || document.format !== JOURNEY_DOCUMENT_FORMAT) {
    return { problem: "list.import.notDocument" }
  }
  if (document.version !== 1) return { problem: "list.import.newerVersion" }
  return { document }
}
