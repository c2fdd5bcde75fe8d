import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { FirebaseNotificationService } from "./service"

export { FirebaseNotificationService, firebaseOptionsSchema, type FirebaseOptions } from "./service"
export { PUSH_INVALID_TOKENS_EVENT, type PushInvalidTokensData } from "./events"

export default ModuleProvider(Modules.NOTIFICATION, { services: [FirebaseNotificationService] })
