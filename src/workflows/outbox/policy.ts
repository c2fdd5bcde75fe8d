/** What an admin may do to a message or an effect of the outbox, from which statuses, and to which. */
export type OutboxKind = "message" | "effect"
export type OutboxAction = "retry" | "cancel"

export const OUTBOX_ACTIONS = {
  /**
   * A failed row is due again now, its attempts kept: the next claim counts a new attempt, so the
   * Notification Module's key (message id + attempt) is new while the message id, the identity
   * the provider deduplicates on, stays.
   */
  retry: { from: ["failed"], status: "queued", due: true, past: "retried", reason: "Retried by an admin" },
  /** Queued rows only (a message deferred by quiet hours is queued too): one under way is left to finish. */
  cancel: { from: ["queued"], status: "cancelled", due: false, past: "cancelled", reason: "Cancelled by an admin" },
} as const
