import type { Enrichment, RenderedMessage } from "../../../../engine"
import type { ClaimedMessage } from "../../../../modules/journey"
import { renderMessage } from "../../../../workflows/dispatch/steps"
import { loadEnrichments, loadStoreVariables } from "../../../../workflows/message-context"
import { notFound } from "../../../../workflows/errors"
import { journeyService } from "../helpers"
import type { ListOutboxEffectsQuery, ListOutboxMessagesQuery } from "./validators"

type Scope = { resolve: <T>(key: string) => T }

const MESSAGE_FIELDS = [
  "id", "journey_id", "enrollment_id", "node_id", "customer_id", "channel", "template_id", "recipient", "category", "tag",
  "status", "attempts", "error", "skip_reason", "is_test", "queued_at", "next_attempt_at", "sent_at", "delivered_at",
  "opened_at", "clicked_at", "updated_at",
]
const EFFECT_FIELDS = [
  "id", "journey_id", "enrollment_id", "node_id", "customer_id", "type", "status", "attempts", "error", "response_status",
  "is_test", "queued_at", "next_attempt_at", "completed_at", "updated_at",
]
const NEWEST_FIRST = { queued_at: "DESC", id: "DESC" } as const

/** A part of a text, any case, taken literally (no LIKE wildcards). */
const contains = (q: string) => ({ $ilike: `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` })

/** Journey and template names by id, for the rows' labels (a deleted one is null). */
async function names(scope: Scope, journeyIds: (string | null)[], templateIds: string[] = []) {
  const service = journeyService(scope)
  const ids = (values: (string | null)[]) => [...new Set(values.filter((id): id is string => !!id))]
  const [journeys, templates] = await Promise.all([
    ids(journeyIds).length ? service.listJourneys({ id: ids(journeyIds) }, { select: ["id", "name"] }) : [],
    ids(templateIds).length ? service.listMessageTemplates({ id: ids(templateIds) }, { select: ["id", "name"] }) : [],
  ])
  const byId = (rows: { id: string; name: string }[]) => new Map(rows.map((row) => [row.id, { id: row.id, name: row.name }]))
  return { journeys: byId(journeys), templates: byId(templates) }
}

/** One page of the outbox's messages, newest first, each with its journey's and template's names. */
export async function listOutboxMessages(scope: Scope, { limit, offset, status, channel, journey_id, recipient }: ListOutboxMessagesQuery) {
  const filters = {
    ...(status && { status }),
    ...(channel && { channel }),
    ...(journey_id && { journey_id }),
    ...(recipient && { recipient: contains(recipient) }),
  }
  const [rows, count] = await journeyService(scope).listAndCountMessages(filters, {
    select: MESSAGE_FIELDS,
    order: NEWEST_FIRST,
    take: limit,
    skip: offset,
  })
  const { journeys, templates } = await names(scope, rows.map((row) => row.journey_id), rows.map((row) => row.template_id))
  const messages = rows.map((row) => ({
    ...row,
    journey: (row.journey_id && journeys.get(row.journey_id)) || null,
    template: templates.get(row.template_id) ?? null,
  }))
  return { messages, count, limit, offset }
}

/** One page of the outbox's effects (customer updates, webhooks), newest first. */
export async function listOutboxEffects(scope: Scope, { limit, offset, status, type, journey_id }: ListOutboxEffectsQuery) {
  const filters = { ...(status && { status }), ...(type && { type }), ...(journey_id && { journey_id }) }
  const [rows, count] = await journeyService(scope).listAndCountEffects(filters, {
    select: EFFECT_FIELDS,
    order: NEWEST_FIRST,
    take: limit,
    skip: offset,
  })
  const { journeys } = await names(scope, rows.map((row) => row.journey_id))
  const effects = rows.map((row) => ({ ...row, journey: (row.journey_id && journeys.get(row.journey_id)) || null }))
  return { effects, count, limit, offset }
}

/** What the send node that queued a message loads for its template (its version's definition). */
async function enrichmentsOf(scope: Scope, versionId: string | undefined, nodeId: string | null): Promise<Enrichment[] | null> {
  if (!versionId || !nodeId) return null
  const [version] = await journeyService(scope).listJourneyVersions({ id: versionId }, { select: ["id", "definition"] })
  const nodes = (version?.definition as { nodes?: { id: string; enrich?: Enrichment[] }[] } | undefined)?.nodes ?? []
  return nodes.find((node) => node.id === nodeId)?.enrich ?? null
}

/**
 * The content of a message as the send renders it now (the template as it is now, over the
 * enrollment's context, the data captured when queued and its node's enrichments), or why it
 * cannot be rendered.
 */
async function preview(
  scope: Scope,
  message: Record<string, unknown> & { enrollment_id: string | null; node_id: string | null; customer_id: string | null },
  template: unknown
) {
  const service = journeyService(scope)
  const [enrollment] = message.enrollment_id
    ? await service.listEnrollments({ id: message.enrollment_id }, { select: ["id", "context", "version_id"] })
    : []
  const claimed = {
    ...message,
    context: (enrollment?.context as Record<string, unknown> | undefined) ?? null,
    journey_timezone: null,
    enrich: await enrichmentsOf(scope, enrollment?.version_id, message.node_id),
    template,
  } as unknown as ClaimedMessage
  const store = await loadStoreVariables(scope)
  const made = renderMessage(service.getOptions(), store, claimed, await loadEnrichments(scope, store, [claimed]))
  return "error" in made ? { rendered: null, render_error: made.error } : { rendered: made.rendered, render_error: null }
}

/**
 * One message with its content: what its last attempt handed to the provider (`rendered_as`
 * "sent" when the provider accepted it — a later bounce keeps it sent — "attempted" when it
 * refused it), or, before any attempt reached the provider, a "preview" rendered from the
 * template as it is now.
 */
export async function retrieveOutboxMessage(scope: Scope, id: string) {
  const service = journeyService(scope)
  const [message] = await service.listMessages({ id }, { select: [...MESSAGE_FIELDS, "data", "provider_message_id", "content"] })
  if (!message) throw notFound("Message", id)
  const [[template], { journeys }] = await Promise.all([
    service.listMessageTemplates({ id: message.template_id }),
    names(scope, [message.journey_id]),
  ])
  const { data: _data, content, ...view } = message
  const shown = content
    ? { rendered: content as RenderedMessage, render_error: null, rendered_as: message.sent_at ? "sent" : "attempted" }
    : { ...(await preview(scope, message, template ?? null)), rendered_as: "preview" }
  return {
    ...view,
    journey: (message.journey_id && journeys.get(message.journey_id)) || null,
    template: template ? { id: template.id, name: template.name } : null,
    ...shown,
  }
}

/** One effect with what it does (its payload). */
export async function retrieveOutboxEffect(scope: Scope, id: string) {
  const [effect] = await journeyService(scope).listEffects({ id }, { select: [...EFFECT_FIELDS, "payload"] })
  if (!effect) throw notFound("Effect", id)
  const { journeys } = await names(scope, [effect.journey_id])
  return { ...effect, journey: (effect.journey_id && journeys.get(effect.journey_id)) || null }
}
