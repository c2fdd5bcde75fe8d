import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { TestOutboxNotificationService } from "./service"

export { failNextSends, rejectPushTokens, resetTestOutbox, sentNotifications } from "./service"

export default ModuleProvider(Modules.NOTIFICATION, { services: [TestOutboxNotificationService] })
