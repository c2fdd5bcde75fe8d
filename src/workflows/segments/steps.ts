import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { checkSegmentRule } from "../../engine"
import { resolveJourneyModule as segmentService, type JourneyModuleService } from "../../modules/journey"
import { invalidInput, journeyConflict, notFound } from "../errors"

export type SegmentFields = { name: string; description?: string | null; rule: unknown }
export type SegmentChanges = { id: string } & Partial<SegmentFields>

async function findSegment(service: JourneyModuleService, id: string) {
  const [segment] = await service.listJourneySegments({ id })
  if (!segment) throw notFound("Segment", id)
  return segment
}

/** Writes a segment's changes; the rule wholesale (Medusa's update would merge it into the stored one). */
async function writeSegment(service: JourneyModuleService, { id, rule, ...fields }: SegmentChanges) {
  if (Object.keys(fields).length) await service.updateJourneySegments({ id, ...fields })
  if (rule !== undefined) await service.replaceJson("journey_segment", id, { rule })
}

export const retrieveSegmentStep = createStep("segments-retrieve", async (id: string, { container }) => {
  return new StepResponse(await findSegment(segmentService(container), id))
})

/** 400 with every problem of the rule, located under `rule` (`rule.all[0].field`); no rule given, nothing to check. */
export const validateSegmentRuleStep = createStep("segments-validate-rule", async ({ rule }: { rule?: unknown }) => {
  const problems = rule === undefined ? [] : checkSegmentRule(rule, "rule")
  if (problems.length) throw invalidInput(`The segment rule is not valid: ${problems[0].message}`, problems)
  return new StepResponse(undefined)
})

export const createSegmentStep = createStep(
  "segments-create",
  async (input: SegmentFields, { container }) => {
    const segment = await segmentService(container).createJourneySegments(input as SegmentFields & { rule: Record<string, unknown> })
    return new StepResponse(segment, segment.id)
  },
  async (id, { container }) => {
    if (id) await segmentService(container).deleteJourneySegments(id)
  }
)

export const updateSegmentStep = createStep(
  "segments-update",
  async (input: SegmentChanges, { container }) => {
    const service = segmentService(container)
    const before = await findSegment(service, input.id)
    await writeSegment(service, input)
    // Only the fields this update changed, so undoing it cannot overwrite anything else.
    const undo = Object.fromEntries(Object.keys(input).map((key) => [key, before[key as keyof typeof before]]))
    return new StepResponse(await findSegment(service, input.id), undo as SegmentChanges)
  },
  async (undo, { container }) => {
    if (undo) await writeSegment(segmentService(container), undo)
  }
)

export const deleteSegmentStep = createStep(
  "segments-delete",
  async (id: string, { container }) => {
    await segmentService(container).softDeleteJourneySegments([id])
    return new StepResponse(id, id)
  },
  async (id, { container }) => {
    if (id) await segmentService(container).restoreJourneySegments([id])
  }
)

/** Refuses to delete a segment that a live (or paused) journey starts on: 409 naming the journeys. */
export const assertSegmentUnusedStep = createStep("segments-assert-unused", async (id: string, { container }) => {
  const versions = await segmentService(container).listJourneyVersions(
    { status: "published" },
    { select: ["id", "definition", "journey.id", "journey.name"], relations: ["journey"] }
  )
  const users = versions.filter((version) => {
    const trigger = (version.definition as { trigger?: { type?: unknown; segment_id?: unknown } }).trigger
    return trigger?.type === "segment" && trigger.segment_id === id
  })
  if (users.length) {
    const names = users.map((version) => `"${version.journey.name}"`)
    throw journeyConflict(`This segment starts the live journey(s) ${names.join(", ")}; change or stop them first`)
  }
  return new StepResponse(undefined)
})
