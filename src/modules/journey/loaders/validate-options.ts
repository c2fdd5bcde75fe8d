import { LoaderOptions } from "@medusajs/framework/types"
import { parseJourneyOptions } from "../options"

/** Refuses to boot the store with bad plugin options rather than failing at the first send. */
export default async function validateOptionsLoader({ options }: LoaderOptions) {
  parseJourneyOptions(options)
}
