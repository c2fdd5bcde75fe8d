/** The pure journey engine: definition schema and validator, builder, rules and time windows. */
export * from "./definition"
export * from "./validate"
export * from "./builder"
export * from "./rules"
export * from "./time"
export * from "./render"
export * from "./interpreter"
export * from "./delivery"
