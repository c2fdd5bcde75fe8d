/**
 * The engine's workflows as the other workflow folders see them: its workflows and their input
 * types, and the reaction step the dispatch workflows end with (a provider's report of an open or
 * a click is the customer's reaction). The rest of this folder is its own.
 */
export * from "./workflows"
export { reactToEventStep } from "./steps"
