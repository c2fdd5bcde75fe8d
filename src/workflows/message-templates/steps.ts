import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { MessageTemplateContent } from "../../engine"
import { resolveJourneyModule as templateService, type JourneyModuleService } from "../../modules/journey"
import { journeyConflict, notFound } from "../errors"
import { assertValidTemplate } from "./checks"

export type MessageTemplateFields = MessageTemplateContent & {
  handle: string
  name: string
  status?: "draft" | "published"
}
export type MessageTemplateChanges = { id: string } & Partial<Omit<MessageTemplateFields, "channel">>

const duplicateHandle = (handle: string) =>
  journeyConflict(`A message template with handle "${handle}" already exists`)

async function handleTaken(service: JourneyModuleService, handle: string, exceptId?: string) {
  const [found] = await service.listMessageTemplates(
    { handle, ...(exceptId ? { id: { $ne: exceptId } } : {}) },
    { select: ["id"], take: 1 }
  )
  return !!found
}

/**
 * Runs a write and turns a violation of the unique handle index (a concurrent request took the
 * handle after our check) into the same 409 as the check itself.
 */
async function writeOrConflict<T>(
  service: JourneyModuleService,
  { handle, id }: { handle?: string; id?: string },
  write: () => Promise<T>
) {
  try {
    return await write()
  } catch (error) {
    if (handle !== undefined && (await handleTaken(service, handle, id))) throw duplicateHandle(handle)
    throw error
  }
}

export const retrieveMessageTemplateStep = createStep(
  "message-templates-retrieve",
  async (id: string, { container }) => {
    const [template] = await templateService(container).listMessageTemplates({ id })
    if (!template) throw notFound("Message template", id)
    return new StepResponse(template)
  }
)

export const validateMessageTemplateStep = createStep(
  "message-templates-validate",
  async (template: MessageTemplateContent) => {
    assertValidTemplate(template)
    return new StepResponse(undefined)
  }
)

/** Checks before writing, for a clear 409; the unique index stays the guarantee. */
export const assertHandleAvailableStep = createStep(
  "message-templates-assert-handle-available",
  async (input: { handle?: string; id?: string }, { container }) => {
    if (input.handle !== undefined && (await handleTaken(templateService(container), input.handle, input.id))) {
      throw duplicateHandle(input.handle)
    }
    return new StepResponse(undefined)
  }
)

export const createMessageTemplateStep = createStep(
  "message-templates-create",
  async (input: MessageTemplateFields, { container }) => {
    const service = templateService(container)
    const template = await writeOrConflict(service, input, () => service.createMessageTemplates(input))
    return new StepResponse(template, template.id)
  },
  async (id, { container }) => {
    if (id) await templateService(container).deleteMessageTemplates(id)
  }
)

export const updateMessageTemplateStep = createStep(
  "message-templates-update",
  async (input: MessageTemplateChanges, { container }) => {
    const service = templateService(container)
    const [before] = await service.listMessageTemplates({ id: input.id })
    if (!before) throw notFound("Message template", input.id)
    const { data, ...fields } = input
    await writeOrConflict(service, input, () => service.updateMessageTemplates(fields))
    if (data !== undefined) await service.replaceJson("journey_message_template", input.id, { data })
    const [template] = await service.listMessageTemplates({ id: input.id })
    // Only the fields this update changed, so undoing it cannot overwrite anything else.
    const undo = Object.fromEntries(Object.keys(input).map((key) => [key, before[key as keyof typeof before]]))
    return new StepResponse(template, undo as MessageTemplateChanges)
  },
  async (undo, { container }) => {
    if (!undo) return
    const service = templateService(container)
    const { data, ...fields } = undo
    await service.updateMessageTemplates(fields)
    if (data !== undefined) await service.replaceJson("journey_message_template", undo.id, { data })
  }
)

export const deleteMessageTemplateStep = createStep(
  "message-templates-delete",
  async (id: string, { container }) => {
    await templateService(container).softDeleteMessageTemplates([id])
    return new StepResponse(id, id)
  },
  async (id, { container }) => {
    if (id) await templateService(container).restoreMessageTemplates([id])
  }
)

/** Versions that may still send: being edited, live, or finishing for the customers inside. */
const SENDING_VERSION_STATUSES = ["draft", "published", "draining"] as ("draft" | "published" | "draining")[]

/** Refuses to delete a template a send node still uses (409 naming the journeys). */
export const assertMessageTemplateUnusedStep = createStep(
  "message-templates-assert-unused",
  async (id: string, { container }) => {
    const versions = await templateService(container).listJourneyVersions(
      { status: SENDING_VERSION_STATUSES },
      { select: ["id", "number", "status", "definition", "journey.id", "journey.name"], relations: ["journey"] }
    )
    const users = versions.filter((version) => {
      const nodes = (version.definition as { nodes?: unknown }).nodes
      return Array.isArray(nodes) && nodes.some((node) => node?.type === "send" && node.template_id === id)
    })
    if (users.length) {
      const names = users.map((version) => `"${version.journey.name}" (version ${version.number}, ${version.status})`)
      throw journeyConflict(`This template is used by ${names.join(", ")}; remove it from those journeys first`)
    }
    return new StepResponse(undefined)
  }
)
