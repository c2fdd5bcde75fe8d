/** The outbox page's calls: messages and effects by status, one with its content, retry and cancel. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { journeyKeys } from "./api"
import { sdk } from "./sdk"
import type { RenderedMessage } from "../../engine"
import type { Channel } from "../../engine"

export const MESSAGE_STATUSES = ["queued", "sending", "sent", "delivered", "failed", "skipped", "cancelled"] as const
export const EFFECT_STATUSES = ["queued", "running", "done", "failed", "cancelled"] as const
export const CHANNELS = ["email", "sms", "push"] as const
export type MessageStatus = (typeof MESSAGE_STATUSES)[number]
export type EffectStatus = (typeof EFFECT_STATUSES)[number]

type Named = { id: string; name: string } | null

/** A row of GET /admin/journeys/outbox/messages. */
export type OutboxMessage = {
  id: string
  journey_id: string | null
  journey: Named
  enrollment_id: string | null
  node_id: string | null
  customer_id: string | null
  channel: Channel
  template_id: string
  template: Named
  recipient: string
  category: "marketing" | "transactional"
  tag: string | null
  status: MessageStatus
  attempts: number
  error: string | null
  skip_reason: string | null
  is_test: boolean
  queued_at: string
  next_attempt_at: string | null
  sent_at: string | null
  delivered_at: string | null
  opened_at: string | null
  clicked_at: string | null
  updated_at: string
}

export type OutboxMessageDetail = OutboxMessage & {
  provider_message_id: string | null
  /** Null with `render_error` when a preview cannot be rendered. */
  rendered: RenderedMessage | null
  /**
   * What `rendered` is: what the customer received ("sent"), what the last, failed attempt handed to
   * the provider ("attempted"), or, before any attempt, the template as it is now ("preview").
   */
  rendered_as: "sent" | "attempted" | "preview"
  render_error: string | null
}

export type OutboxEffect = {
  id: string
  journey_id: string | null
  journey: Named
  enrollment_id: string | null
  node_id: string | null
  customer_id: string | null
  type: "update_customer" | "webhook"
  status: EffectStatus
  attempts: number
  error: string | null
  response_status: number | null
  is_test: boolean
  queued_at: string
  next_attempt_at: string | null
  completed_at: string | null
  updated_at: string
}

export type OutboxEffectDetail = OutboxEffect & { payload: Record<string, unknown> }

export type OutboxMessageQuery = { limit: number; offset: number; status?: MessageStatus[]; channel?: Channel; journey_id?: string; recipient?: string }
export type OutboxEffectQuery = { limit: number; offset: number; status?: EffectStatus[]; journey_id?: string }

export const outboxKeys = {
  all: [...journeyKeys.all, "outbox"] as const,
  messages: (query: OutboxMessageQuery) => [...journeyKeys.all, "outbox", "messages", query] as const,
  message: (id: string) => [...journeyKeys.all, "outbox", "message", id] as const,
  effects: (query: OutboxEffectQuery) => [...journeyKeys.all, "outbox", "effects", query] as const,
  effect: (id: string) => [...journeyKeys.all, "outbox", "effect", id] as const,
}

/** Sends go out every minute: the lists refresh on their own. */
const LIVE = 10_000

/** The query without its empty filters. */
const compact = (query: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined && value !== "" && !(Array.isArray(value) && !value.length)))

export function useOutboxMessages(query: OutboxMessageQuery) {
  return useQuery({
    queryKey: outboxKeys.messages(query),
    queryFn: () =>
      sdk.client.fetch<{ messages: OutboxMessage[]; count: number }>("/admin/journeys/outbox/messages", { query: compact(query) }),
    placeholderData: keepPreviousData,
    refetchInterval: LIVE,
  })
}

export function useOutboxEffects(query: OutboxEffectQuery) {
  return useQuery({
    queryKey: outboxKeys.effects(query),
    queryFn: () => sdk.client.fetch<{ effects: OutboxEffect[]; count: number }>("/admin/journeys/outbox/effects", { query: compact(query) }),
    placeholderData: keepPreviousData,
    refetchInterval: LIVE,
  })
}

export function useOutboxMessage(id: string | null) {
  return useQuery({
    queryKey: outboxKeys.message(id ?? ""),
    queryFn: () => sdk.client.fetch<{ message: OutboxMessageDetail }>(`/admin/journeys/outbox/messages/${id}`).then(({ message }) => message),
    enabled: id !== null,
    refetchInterval: LIVE,
  })
}

export function useOutboxEffect(id: string | null) {
  return useQuery({
    queryKey: outboxKeys.effect(id ?? ""),
    queryFn: () => sdk.client.fetch<{ effect: OutboxEffectDetail }>(`/admin/journeys/outbox/effects/${id}`).then(({ effect }) => effect),
    enabled: id !== null,
    refetchInterval: LIVE,
  })
}

export type OutboxAction = { kind: "message" | "effect"; id: string; action: "retry" | "cancel" }

/** Retries a failed message or effect, or cancels a queued one; a 409's message says why not. */
export function useOutboxAction() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ kind, id, action }: OutboxAction) =>
      sdk.client.fetch<Record<string, unknown>>(`/admin/journeys/outbox/${kind}s/${id}/${action}`, { method: "POST", body: {} }),
    onSettled: () => client.invalidateQueries({ queryKey: outboxKeys.all }),
  })
}
