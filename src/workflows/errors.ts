import { MedusaError } from "@medusajs/framework/utils"
import type { DefinitionError, RuleProblem } from "../engine"

/**
 * A request that conflicts with a journey's state (publish an invalid draft, pause a journey
 * that is not live…). Routes answer 409 with `message` and, for validation, the errors. The
 * details are an own property so they survive the workflow engine's error serialisation.
 */
export function journeyConflict(message: string, errors?: DefinitionError[]) {
  return Object.assign(new MedusaError(MedusaError.Types.CONFLICT, message), {
    journey_errors: errors ?? [],
  })
}

export function notFound(what: string, id: string) {
  return new MedusaError(MedusaError.Types.NOT_FOUND, `${what} with id "${id}" was not found`)
}

/** Input refused with its located problems (a segment rule's): routes answer 400 listing them. */
export function invalidInput(message: string, errors: RuleProblem[]) {
  return Object.assign(new MedusaError(MedusaError.Types.INVALID_DATA, message), { journey_errors: errors })
}
