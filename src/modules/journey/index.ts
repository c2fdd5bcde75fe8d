import { Module } from "@medusajs/framework/utils"
import validateOptionsLoader from "./loaders/validate-options"
import JourneyModuleService from "./service"

export const JOURNEY_MODULE = "journey"

export default Module(JOURNEY_MODULE, {
  service: JourneyModuleService,
  loaders: [validateOptionsLoader],
})

export { JourneyModuleService }
export * from "./options"
