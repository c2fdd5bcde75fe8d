import { Module } from "@medusajs/framework/utils"
import validateOptionsLoader from "./loaders/validate-options"
import JourneyModuleService from "./service"

export const JOURNEY_MODULE = "journey"

export default Module(JOURNEY_MODULE, {
  service: JourneyModuleService,
  loaders: [validateOptionsLoader],
})

export { JourneyModuleService }

/** The journey module's service from a Medusa container or request scope. */
export const resolveJourneyModule = (container: { resolve: <T>(key: string) => T }) =>
  container.resolve<JourneyModuleService>(JOURNEY_MODULE)
export * from "./options"
export * from "./types"
export { SWEEP_LANES } from "./repositories/enrollments"
export type { Backlog, JobOutcome, JobRun, JobRunStatus, JobSummary } from "./repositories/job-runs"
