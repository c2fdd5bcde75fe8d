import type { LoaderOptions } from "@medusajs/framework/types"
import { optionWarnings, parseJourneyOptions } from "../options"

/** Refuses to boot the store with bad plugin options rather than failing at the first send. */
export default async function validateOptionsLoader({ options, logger }: LoaderOptions) {
  const parsed = parseJourneyOptions(options)
  for (const warning of optionWarnings(parsed)) logger?.warn(warning)
}
