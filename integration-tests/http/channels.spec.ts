/**
 * Delivery: the dispatcher, push, Resend and Twilio webhooks, consent, effects.
 *
 * One Medusa app for these suites: booting and migrating a store costs more than most suites'
 * own tests, and the runner restores the database before every test, so suites stay apart.
 */
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import dispatch from "./dispatch.suite"
import push from "./push.suite"
import resendWebhooks from "./resend-webhooks.suite"
import twilioWebhooks from "./twilio-webhooks.suite"
import consent from "./consent.suite"
import effects from "./effects.suite"
import customerJourneys from "./customer-journeys.suite"

jest.setTimeout(300_000)

medusaIntegrationTestRunner({
  testSuite: (options) => {
    describe("dispatch", () => dispatch(options))
    describe("push", () => push(options))
    describe("resend-webhooks", () => resendWebhooks(options))
    describe("twilio-webhooks", () => twilioWebhooks(options))
    describe("consent", () => consent(options))
    describe("effects", () => effects(options))
    describe("customer-journeys", () => customerJourneys(options))
  },
})
