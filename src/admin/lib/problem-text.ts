import { useCallback } from "react"
import { useTranslation } from "react-i18next"

import { phraseKeys, renderPhrase, type Phrase } from "../../engine"

/** A validation problem from the browser's validator or from the server; an older server sends no `text`. */
export type ProblemLike = { message: string; text?: Phrase }

/** What `problemText` needs of i18next, in the `journeys` namespace. */
export type ProblemWords = {
  t: (key: string, options: { replace: Record<string, string>; interpolation: { escapeValue: false } }) => string
  exists: (key: string) => boolean
}

/**
 * A problem in the admin's language: its `text` said through i18next (`problems.*` keys, see
 * i18n/problems.ts), or its English `message` when it has no text or one this admin cannot say.
 */
export function problemText(problem: ProblemLike, { t, exists }: ProblemWords): string {
  const { text } = problem
  const key = (name: string) => `problems.${name}`
  if (!text || ![...phraseKeys(text)].every((name) => exists(key(name)))) return problem.message
  // React escapes what it renders: i18next must not escape the values first.
  return renderPhrase(text, (name, values) => t(key(name), { replace: values, interpolation: { escapeValue: false } }))
}

/** `problemText` in the current language. */
export function useProblemText(): (problem: ProblemLike) => string {
  const { t, i18n } = useTranslation("journeys")
  return useCallback(
    (problem: ProblemLike) => problemText(problem, { t, exists: (key) => i18n.exists(key, { ns: "journeys" }) }),
    [t, i18n]
  )
}
