import { authenticate, validateAndTransformBody, type MiddlewareRoute } from "@medusajs/framework/http"
import { nestingLimited } from "../../limits"
import { StoreCustomerEventBody, StorePreferencesBody, StorePushDeviceBody, StorePushOpenBody } from "./validators"

const customer = authenticate("customer", ["session", "bearer"])

export const storeJourneyRoutesMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/store/journeys/events",
    methods: ["POST"],
    middlewares: [customer, validateAndTransformBody(nestingLimited(StoreCustomerEventBody))],
  },
  {
    matcher: "/store/journeys/push-devices",
    methods: ["POST"],
    middlewares: [customer, validateAndTransformBody(StorePushDeviceBody)],
  },
  { matcher: "/store/journeys/push-devices/:token", methods: ["DELETE"], middlewares: [customer] },
  // No login: the signed token alone authorises it (a notification may be tapped while signed out).
  { matcher: "/store/journeys/push-opens", methods: ["POST"], middlewares: [validateAndTransformBody(StorePushOpenBody)] },
  { matcher: "/store/journeys/preferences", methods: ["GET"], middlewares: [customer] },
  {
    matcher: "/store/journeys/preferences",
    methods: ["POST"],
    middlewares: [customer, validateAndTransformBody(StorePreferencesBody)],
  },
]
