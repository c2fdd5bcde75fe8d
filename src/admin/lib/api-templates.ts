/** Message templates (`/admin/message-templates`) and the store data their preview renders against. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { CHANNELS, type Channel } from "../../engine"
import { journeyKeys } from "./api"
import { sdk } from "./sdk"

export const TEMPLATE_CHANNELS = CHANNELS
export const TEMPLATE_STATUSES = ["draft", "published"] as const
export type TemplateChannel = Channel
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number]

/** The Liquid fields; each channel uses some and leaves the others null (see the engine's `TEMPLATE_FIELDS`). */
export type TemplateContent = {
  subject: string | null
  html: string | null
  text: string | null
  title: string | null
  body: string | null
  data: Record<string, string> | null
}

export type MessageTemplate = TemplateContent & {
  id: string
  handle: string
  name: string
  channel: TemplateChannel
  status: TemplateStatus
  created_at: string
  updated_at: string
}

export type TemplateListQuery = {
  limit: number
  offset: number
  q?: string
  channel?: TemplateChannel[]
  status?: TemplateStatus[]
}

/** The store records a preview loads: the customer defaults to the cart's or the order's. */
export type PreviewIds = { customer_id?: string; cart_id?: string; order_id?: string }

// Under the journeys' keys: a template's status decides whether a journey's draft is valid, so
// changing one refreshes the journeys too (and the other way round costs nothing).
export const templateKeys = {
  all: [...journeyKeys.all, "templates"] as const,
  list: (query: TemplateListQuery) => [...journeyKeys.all, "templates", "list", query] as const,
  detail: (id: string) => [...journeyKeys.all, "templates", "detail", id] as const,
  context: (id: string, ids: PreviewIds) => [...journeyKeys.all, "templates", "context", id, ids] as const,
  customers: (q: string) => [...journeyKeys.all, "templates", "customers", q] as const,
  orders: (q: string) => [...journeyKeys.all, "templates", "orders", q] as const,
}

export function useMessageTemplates(query: TemplateListQuery) {
  return useQuery({
    queryKey: templateKeys.list(query),
    queryFn: () =>
      sdk.client.fetch<{ message_templates: MessageTemplate[]; count: number }>("/admin/message-templates", {
        query: {
          limit: query.limit,
          offset: query.offset,
          ...(query.q ? { q: query.q } : {}),
          ...(query.channel?.length ? { channel: query.channel } : {}),
          ...(query.status?.length ? { status: query.status } : {}),
        },
      }),
    placeholderData: keepPreviousData,
  })
}

export function useMessageTemplate(id: string) {
  return useQuery({
    queryKey: templateKeys.detail(id),
    queryFn: () =>
      sdk.client
        .fetch<{ message_template: MessageTemplate }>(`/admin/message-templates/${id}`)
        .then(({ message_template }) => message_template),
  })
}

function useTemplateMutation<TInput, TResult>(run: (input: TInput) => Promise<TResult>) {
  const client = useQueryClient()
  return useMutation({ mutationFn: run, onSuccess: () => client.invalidateQueries({ queryKey: journeyKeys.all }) })
}

export type NewMessageTemplate = Partial<TemplateContent> & {
  handle: string
  name: string
  channel: TemplateChannel
}

export const useCreateMessageTemplate = () =>
  useTemplateMutation((body: NewMessageTemplate) =>
    sdk.client
      .fetch<{ message_template: MessageTemplate }>("/admin/message-templates", { method: "POST", body })
      .then(({ message_template }) => message_template)
  )

/** Any field but the channel; `null` clears a content field. */
export type MessageTemplateChanges = Partial<TemplateContent & Pick<MessageTemplate, "handle" | "name" | "status">>

export const useUpdateMessageTemplate = (id: string) =>
  useTemplateMutation((body: MessageTemplateChanges) =>
    sdk.client
      .fetch<{ message_template: MessageTemplate }>(`/admin/message-templates/${id}`, { method: "POST", body })
      .then(({ message_template }) => message_template)
  )

/** 409 while a draft, live or draining journey version sends it; the message names them. */
export const useDeleteMessageTemplate = () =>
  useTemplateMutation((id: string) => sdk.client.fetch(`/admin/message-templates/${id}`, { method: "DELETE" }))

/**
 * The Liquid context of a preview: `customer`, `cart` and `order` loaded as a journey sees them.
 * The route also renders the template as saved; the editor renders what is being typed over this
 * context with the same engine instead, so the preview follows every keystroke.
 */
export function usePreviewContext(templateId: string, ids: PreviewIds) {
  return useQuery({
    queryKey: templateKeys.context(templateId, ids),
    queryFn: () =>
      sdk.client
        .fetch<{ context: Record<string, unknown> }>(`/admin/message-templates/${templateId}/preview`, {
          method: "POST",
          body: ids,
        })
        .then(({ context }) => context),
    enabled: Boolean(ids.customer_id || ids.cart_id || ids.order_id),
    retry: false,
  })
}

export type CustomerOption = { id: string; email: string | null; first_name: string | null; last_name: string | null }
export type OrderOption = { id: string; display_id: number; email: string | null; created_at: string }

/** Medusa's own admin routes, searched by `q` (name or email; display id or email). */
export function useCustomerSearch(q: string) {
  const search = q.trim()
  return useQuery({
    queryKey: templateKeys.customers(search),
    queryFn: () =>
      sdk.client
        .fetch<{ customers: CustomerOption[] }>("/admin/customers", {
          query: { q: search, limit: 6, fields: "id,email,first_name,last_name" },
        })
        .then(({ customers }) => customers),
    enabled: search.length > 0,
    placeholderData: keepPreviousData,
  })
}

export function useOrderSearch(q: string) {
  const search = q.trim()
  return useQuery({
    queryKey: templateKeys.orders(search),
    queryFn: () =>
      sdk.client
        .fetch<{ orders: OrderOption[] }>("/admin/orders", {
          query: { q: search, limit: 6, fields: "id,display_id,email,created_at" },
        })
        .then(({ orders }) => orders),
    enabled: search.length > 0,
    placeholderData: keepPreviousData,
  })
}
