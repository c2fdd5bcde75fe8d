import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { TestOutboxNotificationService } from "./service"

export {
  failNextSends,
  readOutboxFile,
  rejectPushTokens,
  resetTestOutbox,
  sentNotifications,
  type OutboxFileLine,
} from "./service"

export default ModuleProvider(Modules.NOTIFICATION, { services: [TestOutboxNotificationService] })
