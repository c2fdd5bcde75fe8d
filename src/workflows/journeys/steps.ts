import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { validateDefinition, type JourneyDefinition } from "../../engine"
import { resolveJourneyModule as journeyService } from "../../modules/journey"
import { journeyConflict, notFound } from "../errors"
import { storeChecks } from "../definition-checks"
import { assertValidTemplate } from "../message-templates"
import type { DocumentTemplate } from "./document"

type JourneyStatus = "draft" | "live" | "paused" | "stopped"
type Definition = Record<string, unknown>

export const retrieveJourneyStep = createStep(
  "journeys-retrieve-journey",
  async (id: string, { container }) => {
    const [journey] = await journeyService(container).listJourneys({ id })
    if (!journey) throw notFound("Journey", id)
    return new StepResponse(journey)
  }
)

export const createJourneyStep = createStep(
  "journeys-create-journey",
  async (input: { name: string; description?: string | null }, { container }) => {
    const journey = await journeyService(container).createJourneys(input)
    return new StepResponse(journey, journey.id)
  },
  async (id, { container }) => {
    if (id) await journeyService(container).deleteJourneys(id)
  }
)

export const updateJourneyStep = createStep(
  "journeys-update-journey",
  async (
    input: { id: string; name?: string; description?: string | null; status?: JourneyStatus },
    { container }
  ) => {
    const service = journeyService(container)
    const [before] = await service.listJourneys({ id: input.id })
    if (!before) throw notFound("Journey", input.id)
    const journey = await service.updateJourneys(input)
    return new StepResponse(journey, {
      id: before.id,
      name: before.name,
      description: before.description,
      status: before.status,
    })
  },
  async (before, { container }) => {
    if (before) await journeyService(container).updateJourneys(before)
  }
)

export const deleteJourneyStep = createStep(
  "journeys-delete-journey",
  async (id: string, { container }) => {
    await journeyService(container).softDeleteJourneys([id])
    return new StepResponse(id, id)
  },
  async (id, { container }) => {
    if (id) await journeyService(container).restoreJourneys([id])
  }
)

/** Refuses to remove or stop a journey out from under customers who are inside it. */
export const assertNoEnrollmentsInProgressStep = createStep(
  "journeys-assert-no-enrollments-in-progress",
  async (journeyId: string, { container }) => {
    const [, inProgress] = await journeyService(container).listAndCountEnrollments(
      { journey_id: journeyId, status: ["active", "waiting"] },
      { take: 1, select: ["id"] }
    )
    if (inProgress > 0) {
      throw journeyConflict(
        `This journey has ${inProgress} customer(s) in progress; stop it first (mode "stop" exits them)`
      )
    }
    return new StepResponse(undefined)
  }
)

type DraftUndo = { id: string; created: true } | { id: string; definition: Definition }

/** Saves the journey's draft version, creating it (numbered after the latest) when there is none. */
export const saveDraftStep = createStep(
  "journeys-save-draft",
  async (input: { journey_id: string; definition: Definition }, { container }) => {
    const service = journeyService(container)
    const versions = await service.listJourneyVersions(
      { journey_id: input.journey_id },
      { select: ["id", "number", "status", "definition"], order: { number: "DESC" } }
    )
    const draft = versions.find((version) => version.status === "draft")
    if (draft) {
      await service.replaceJson("journey_version", draft.id, { definition: input.definition })
      const [saved] = await service.listJourneyVersions({ id: draft.id })
      return new StepResponse(saved, { id: draft.id, definition: draft.definition as Definition } as DraftUndo)
    }
    const created = await service.createJourneyVersions({
      journey_id: input.journey_id,
      number: (versions[0]?.number ?? 0) + 1,
      status: "draft",
      definition: input.definition,
    })
    return new StepResponse(created, { id: created.id, created: true } as DraftUndo)
  },
  async (undo, { container }) => {
    if (!undo) return
    const service = journeyService(container)
    if ("created" in undo) await service.deleteJourneyVersions(undo.id)
    else await service.replaceJson("journey_version", undo.id, { definition: undo.definition })
  }
)

/** Returns the draft ready to publish, or refuses with every validation error. */
export const validateDraftStep = createStep(
  "journeys-validate-draft",
  async (journeyId: string, { container }) => {
    const service = journeyService(container)
    const [draft] = await service.listJourneyVersions({ journey_id: journeyId, status: "draft" })
    if (!draft) throw journeyConflict("This journey has no draft to publish")
    const result = validateDefinition(draft.definition, await storeChecks(service))
    if (!result.valid) {
      throw journeyConflict(
        `The draft has ${result.errors.length} error(s); fix them before publishing`,
        result.errors
      )
    }
    return new StepResponse({ id: draft.id, definition: result.definition! })
  }
)

/**
 * Retires the published version: "drain" lets the customers inside finish on it while nobody
 * new enters; "stop" ends it (its enrollments are exited by `exitEnrollmentsStep`).
 */
export const retirePublishedStep = createStep(
  "journeys-retire-published",
  async (input: { journey_id: string; mode: "drain" | "stop" }, { container }) => {
    const service = journeyService(container)
    const [published] = await service.listJourneyVersions({ journey_id: input.journey_id, status: "published" })
    if (!published) return new StepResponse(null)
    await service.updateJourneyVersions({
      id: published.id,
      status: input.mode === "stop" ? "stopped" : "draining",
      ended_at: input.mode === "stop" ? new Date() : null,
    })
    return new StepResponse(published.id, published.id)
  },
  async (id, { container }) => {
    if (id) await journeyService(container).updateJourneyVersions({ id, status: "published", ended_at: null })
  }
)

const IN_PROGRESS = ["active", "waiting"] as ("active" | "waiting")[]

/** Exits everyone still inside a version (the "stop" panic button), remembering how to undo it. */
type ExitUndo = {
  enrollments: {
    id: string
    status: "active" | "waiting"
    entry_guard: string | null
    wake_at: Date | null
    awaiting: string[] | null
  }[]
  activity_ids: string[]
}

export const exitEnrollmentsStep = createStep(
  "journeys-exit-enrollments",
  async (input: { version_id: string | null; reason: string }, { container }) => {
    const nothing = new StepResponse([] as string[], { enrollments: [] as ExitUndo["enrollments"], activity_ids: [] as string[] })
    if (!input.version_id) return nothing
    const service = journeyService(container)
    const inside = await service.listEnrollments(
      { version_id: input.version_id, status: IN_PROGRESS },
      {
        select: ["id", "journey_id", "status", "current_node", "entry_guard", "wake_at", "awaiting", "version.definition"],
        relations: ["version"],
      }
    )
    if (!inside.length) return nothing
    const reentry = (inside[0].version?.definition as { settings?: { reentry?: string } })?.settings?.reentry
    const now = new Date()
    await service.updateEnrollments(
      inside.map((enrollment) => ({
        id: enrollment.id,
        status: "exited" as const,
        exit_reason: input.reason,
        ended_at: now,
        wake_at: null,
        awaiting: null,
        // "after_exit" lets the customer in again once out; "once" keeps them out for good.
        entry_guard: reentry === "after_exit" ? null : enrollment.entry_guard,
      }))
    )
    // The timeline says why they left.
    const activities = await service.createActivities(
      inside.map((enrollment) => ({
        enrollment_id: enrollment.id,
        journey_id: enrollment.journey_id,
        node_id: enrollment.current_node,
        type: "exited" as const,
        reason: `exited: the version was ${input.reason} by an admin`,
        occurred_at: now,
      }))
    )
    return new StepResponse(
      inside.map((enrollment) => enrollment.id),
      {
        enrollments: inside.map(({ id, status, entry_guard, wake_at, awaiting }) => ({
          id,
          status: status as "active" | "waiting",
          entry_guard,
          wake_at,
          awaiting,
        })),
        activity_ids: activities.map((activity) => activity.id),
      }
    )
  },
  async (before, { container }) => {
    if (!before?.enrollments.length) return
    const service = journeyService(container)
    await service.deleteActivities(before.activity_ids)
    await service.updateEnrollments(
      before.enrollments.map((enrollment) => ({ ...enrollment, exit_reason: null, ended_at: null }))
    )
  }
)

/**
 * Records the segment read of a segment-trigger version about to be published: the read job
 * enrolls the segment's members once the version is live (a read waits while its version is a
 * draft), so a publication that fails after this step leaves no read behind. It is due now, or at
 * the journey's start date when later (entries before it would be refused).
 */
export const recordSegmentReadStep = createStep(
  "journeys-record-segment-read",
  async (input: { journey_id: string; version_id: string; definition: JourneyDefinition }, { container }) => {
    const { trigger, settings } = input.definition
    if (trigger.type !== "segment") return new StepResponse(null)
    const now = new Date()
    const start = settings.start_at ? new Date(settings.start_at) : now
    const read = await journeyService(container).createJourneySegmentReads({
      journey_id: input.journey_id,
      version_id: input.version_id,
      segment_id: trigger.segment_id,
      due_at: start > now ? start : now,
    })
    return new StepResponse(read.id, read.id)
  },
  async (id, { container }) => {
    if (id) await journeyService(container).deleteJourneySegmentReads(id)
  }
)

/** Makes a draft the published version. Last step of publishing: it cannot be undone. */
export const publishVersionStep = createStep(
  "journeys-publish-version",
  async (versionId: string, { container }) => {
    const version = await journeyService(container).updateJourneyVersions({
      id: versionId,
      status: "published",
      published_at: new Date(),
    })
    return new StepResponse(version)
  }
)

export const retrieveVersionStep = createStep(
  "journeys-retrieve-version",
  async (input: { journey_id: string; version_id: string }, { container }) => {
    const [version] = await journeyService(container).listJourneyVersions({
      id: input.version_id,
      journey_id: input.journey_id,
    })
    if (!version) throw notFound("Version", input.version_id)
    return new StepResponse(version)
  }
)

/** Only a journey with a published version (live or paused) can be stopped. */
export const assertStoppableStep = createStep(
  "journeys-assert-stoppable",
  async (journey: { id: string; status: string }) => {
    if (journey.status !== "live" && journey.status !== "paused") {
      throw journeyConflict(`Only a live or paused journey can be stopped; this one is ${journey.status}`)
    }
    return new StepResponse(undefined)
  }
)

/**
 * Finds or creates the document's templates by handle and returns handle → id. An existing
 * template is reused as it is (the store's copy wins); one with another channel is a conflict.
 */
export const ensureTemplatesStep = createStep(
  "journeys-ensure-templates",
  async (templates: DocumentTemplate[], { container }) => {
    const service = journeyService(container)
    const existing = templates.length
      ? await service.listMessageTemplates({ handle: templates.map((template) => template.handle) })
      : []
    const byHandle = new Map(existing.map((template) => [template.handle, template]))
    for (const template of templates) {
      const found = byHandle.get(template.handle)
      if (found && found.channel !== template.channel) {
        throw journeyConflict(
          `Template "${template.handle}" already exists for ${found.channel}, but the journey sends it by ${template.channel}`
        )
      }
    }
    const missing = templates.filter((template) => !byHandle.has(template.handle))
    for (const template of missing) assertValidTemplate(template, `template "${template.handle}"`)
    const created = missing.length ? await service.createMessageTemplates(missing) : []
    const ids: Record<string, string> = {}
    for (const template of [...existing, ...created]) ids[template.handle] = template.id
    return new StepResponse(ids, created.map((template) => template.id))
  },
  async (createdIds, { container }) => {
    if (createdIds?.length) await journeyService(container).deleteMessageTemplates(createdIds)
  }
)
