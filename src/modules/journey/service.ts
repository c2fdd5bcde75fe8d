import { MedusaService } from "@medusajs/framework/utils"
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
}

export default JourneyModuleService
