import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { journeyConflict } from "../errors"
import { mapTemplateRefs, type JourneyDocument } from "./document"
import {
  assertNoEnrollmentsInProgressStep,
  createJourneyStep,
  deleteJourneyStep,
  ensureTemplatesStep,
  exitEnrollmentsStep,
  publishVersionStep,
  recordSegmentReadStep,
  assertStoppableStep,
  retirePublishedStep,
  retrieveJourneyStep,
  retrieveVersionStep,
  saveDraftStep,
  updateJourneyStep,
  validateDraftStep,
} from "./steps"

type Definition = Record<string, unknown>
export type RetireMode = "drain" | "stop"

export const createJourneyWorkflow = createWorkflow(
  "journeys-create",
  (input: { name: string; description?: string | null; definition?: Definition }) => {
    const journey = createJourneyStep({ name: input.name, description: input.description })
    when(input, (input) => !!input.definition).then(() => {
      saveDraftStep({ journey_id: journey.id, definition: input.definition! })
    })
    return new WorkflowResponse(journey)
  }
)

export const updateJourneyWorkflow = createWorkflow(
  "journeys-update",
  (input: { id: string; name?: string; description?: string | null }) => {
    return new WorkflowResponse(updateJourneyStep(input))
  }
)

export const deleteJourneyWorkflow = createWorkflow("journeys-delete", (input: { id: string }) => {
  retrieveJourneyStep(input.id)
  assertNoEnrollmentsInProgressStep(input.id)
  return new WorkflowResponse(deleteJourneyStep(input.id))
})

export const saveJourneyDraftWorkflow = createWorkflow(
  "journeys-save-draft",
  (input: { journey_id: string; definition: Definition }) => {
    retrieveJourneyStep(input.journey_id)
    return new WorkflowResponse(saveDraftStep(input))
  }
)

/**
 * Publishes the draft as the journey's live version. The version it replaces is drained (the
 * customers inside finish on it) or stopped (they exit with reason "stopped"). A version that
 * starts on a segment gets a segment read: its members enter in batches (readSegmentsWorkflow).
 */
export const publishJourneyWorkflow = createWorkflow(
  "journeys-publish",
  (input: { journey_id: string; mode?: RetireMode }) => {
    const journey = retrieveJourneyStep(input.journey_id)
    const draft = validateDraftStep(input.journey_id)
    const mode = transform({ input }, ({ input }) => input.mode ?? "drain")
    const retired = retirePublishedStep({ journey_id: input.journey_id, mode })
    when({ mode }, ({ mode }) => mode === "stop").then(() => {
      exitEnrollmentsStep({ version_id: retired, reason: "stopped" })
    })
    const status = transform({ journey }, ({ journey }) => (journey.status === "paused" ? "paused" : "live"))
    updateJourneyStep({ id: input.journey_id, status })
    recordSegmentReadStep(
      transform({ input, draft }, ({ input, draft }) => ({
        journey_id: input.journey_id,
        version_id: draft.id,
        definition: draft.definition,
      }))
    )
    return new WorkflowResponse(publishVersionStep(draft.id))
  }
)

/** Copies an earlier version's definition into the draft (creating the draft if needed). */
export const revertJourneyVersionWorkflow = createWorkflow(
  "journeys-revert-version",
  (input: { journey_id: string; version_id: string }) => {
    const version = retrieveVersionStep(input)
    const definition = transform({ version }, ({ version }) => version.definition as Definition)
    return new WorkflowResponse(saveDraftStep({ journey_id: input.journey_id, definition }))
  }
)

/** Pause holds everyone where they are and lets nobody in; resume picks up where it stopped. */
export const setJourneyPausedWorkflow = createWorkflow(
  "journeys-set-paused",
  (input: { id: string; paused: boolean }) => {
    const journey = retrieveJourneyStep(input.id)
    const status = transform({ journey, input }, ({ journey, input }) => {
      const from = input.paused ? "live" : "paused"
      if (journey.status !== from) {
        throw journeyConflict(
          `Only a ${from} journey can be ${input.paused ? "paused" : "resumed"}; this one is ${journey.status}`
        )
      }
      return input.paused ? ("paused" as const) : ("live" as const)
    })
    return new WorkflowResponse(updateJourneyStep({ id: input.id, status }))
  }
)

/** Ends the journey: nobody enters; "drain" lets those inside finish, "stop" exits them. */
export const stopJourneyWorkflow = createWorkflow(
  "journeys-stop",
  (input: { id: string; mode: RetireMode }) => {
    const journey = retrieveJourneyStep(input.id)
    assertStoppableStep(journey)
    const retired = retirePublishedStep({ journey_id: input.id, mode: input.mode })
    when({ input }, ({ input }) => input.mode === "stop").then(() => {
      exitEnrollmentsStep({ version_id: retired, reason: "stopped" })
    })
    return new WorkflowResponse(updateJourneyStep({ id: input.id, status: "stopped" as const }))
  }
)

/** Recreates a journey document (export or gallery) as a new journey with a draft. */
export const importJourneyWorkflow = createWorkflow("journeys-import", (document: JourneyDocument) => {
  const templateIds = ensureTemplatesStep(document.templates)
  const definition = transform({ document, templateIds }, ({ document, templateIds }) =>
    mapTemplateRefs(document.definition, (handle) => templateIds[handle] ?? handle)
  )
  const journey = createJourneyStep({ name: document.journey.name, description: document.journey.description })
  saveDraftStep({ journey_id: journey.id, definition })
  return new WorkflowResponse(journey)
})
