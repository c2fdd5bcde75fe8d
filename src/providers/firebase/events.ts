/**
 * Emitted by a push provider when the push service rejects device tokens as dead (the app was
 * uninstalled, the token expired or was never valid): whoever stores the tokens should delete
 * them. Medusa's notification result carries only an id, and a send that reached some devices
 * succeeds, so an event is the one channel that reports dead tokens in every case.
 */
export const PUSH_INVALID_TOKENS_EVENT = "push.invalid_tokens"

export type PushInvalidTokensData = {
  /** The provider's identifier, e.g. "firebase". */
  provider: string
  /** The notification's `to`. */
  to: string
  /** Each rejected token with the push service's reason, e.g. "messaging/registration-token-not-registered". */
  tokens: { token: string; code: string }[]
}
