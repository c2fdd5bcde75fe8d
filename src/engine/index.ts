/** The pure journey engine: definition schema and validator, builder, rules and time windows. */
export * from "./definition"
export * from "./validate"
export {
  phraseKeys,
  renderPhrase,
  VALIDATION_MESSAGES_EN,
  type MessageCatalog,
  type MessageKey,
  type Phrase,
  type PhraseParams,
  type PhraseValue,
  type Translate,
} from "./messages"
export * from "./builder"
export * from "./rules"
export * from "./segments"
export * from "./time"
export * from "./render"
export * from "./interpreter"
export * from "./delivery"
export * from "./nesting"
