import type { Context } from "@medusajs/framework/types"
import { InjectManager, MedusaContext, MedusaService } from "@medusajs/framework/utils"
import type { EntityManager } from "@medusajs/framework/mikro-orm/knex"
import Activity from "./models/activity"
import Consent from "./models/consent"
import Enrollment from "./models/enrollment"
import Journey from "./models/journey"
import JourneyVersion from "./models/journey-version"
import Message from "./models/message"
import MessageTemplate from "./models/message-template"
import { JourneyOptions, parseJourneyOptions } from "./options"

class JourneyModuleService extends MedusaService({
  Journey,
  JourneyVersion,
  Enrollment,
  Activity,
  Message,
  Consent,
  MessageTemplate,
}) {
  protected readonly options_: JourneyOptions

  constructor(container: Record<string, unknown>, options?: unknown) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = parseJourneyOptions(options)
  }

  /** The validated plugin options (subscribers receive none of their own in Medusa 2.21). */
  getOptions(): JourneyOptions {
    return this.options_
  }

  /**
   * Live enrollment counts per journey in one aggregate query (test enrollments excluded):
   * entered, in progress (active or waiting), completed, exited, converted.
   */
  @InjectManager()
  async countEnrollmentsByJourney(
    journeyIds: string[],
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<Record<string, JourneyEnrollmentCounts>> {
    const counts: Record<string, JourneyEnrollmentCounts> = {}
    for (const id of journeyIds) {
      counts[id] = { entered: 0, in_progress: 0, completed: 0, exited: 0, converted: 0 }
    }
    if (!journeyIds.length) {
      return counts
    }
    const rows: Array<Record<string, string | number>> = await sharedContext.manager!.execute(
      `select journey_id,
              count(*) as entered,
              count(*) filter (where status in ('active', 'waiting')) as in_progress,
              count(*) filter (where status = 'completed') as completed,
              count(*) filter (where status = 'exited') as exited,
              count(*) filter (where converted_at is not null) as converted
         from journey_enrollment
        where deleted_at is null and is_test = false and journey_id in (?)
        group by journey_id`,
      [journeyIds]
    )
    for (const row of rows) {
      counts[row.journey_id as string] = {
        entered: Number(row.entered),
        in_progress: Number(row.in_progress),
        completed: Number(row.completed),
        exited: Number(row.exited),
        converted: Number(row.converted),
      }
    }
    return counts
  }
}

export type JourneyEnrollmentCounts = {
  entered: number
  in_progress: number
  completed: number
  exited: number
  converted: number
}

export default JourneyModuleService
