import resources from "../../../../i18n"
import type { Translate } from "../summaries"

type Tree = { [key: string]: string | Tree }

/**
 * The admin's `t` over the plugin's own strings, as i18next resolves them: plural forms by the
 * language's rules, `{{name}}` placeholders. Throws on a missing key, so a test fails on it.
 */
export function translator(language: "en" | "fr"): Translate {
  const root = resources[language].journeys as Tree
  const rules = new Intl.PluralRules(language)
  const lookup = (key: string) =>
    key.split(".").reduce<string | Tree | undefined>((node, part) => (typeof node === "object" ? node[part] : undefined), root)
  return (key, options = {}) => {
    const count = options.count
    const text = (typeof count === "number" ? lookup(`${key}_${rules.select(count)}`) : undefined) ?? lookup(key)
    if (typeof text !== "string") throw new Error(`no ${language} string for ${key}`)
    return text.replace(/{{\s*(\w+)\s*}}/g, (_, name: string) => String(options[name]))
  }
}
