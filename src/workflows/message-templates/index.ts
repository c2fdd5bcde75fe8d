/**
 * The message templates' workflows as the other workflow folders and the routes see them: the
 * workflows and their input types, and the checks journeys make of templates (a template's
 * content when a journey document brings it, the store's templates when a definition is validated).
 */
export * from "./workflows"
export { assertValidTemplate, templateSummaries } from "./checks"
