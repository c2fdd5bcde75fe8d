import { AREAS } from "./areas"

// The `journeys` namespace; the dashboard deep-merges it into its resources.
export default {
  en: { journeys: Object.assign({}, ...AREAS.map((area) => area.en)) },
  fr: { journeys: Object.assign({}, ...AREAS.map((area) => area.fr)) },
}
