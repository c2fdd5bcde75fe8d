/**
 * The admin and store API: boot, journeys, versions, templates, insight, custom events, test mode.
 *
 * One Medusa app for these suites: booting and migrating a store costs more than most suites'
 * own tests, and the runner restores the database before every test, so suites stay apart.
 */
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import pluginBoot from "./plugin-boot.suite"
import journeysApi from "./journeys-api.suite"
import journeyDocuments from "./journey-documents.suite"
import messageTemplatesApi from "./message-templates-api.suite"
import journeyInsight from "./journey-insight.suite"
import customEvents from "./custom-events.suite"
import testMode from "./test-mode.suite"
import hostileInput from "./hostile-input.suite"
import outboxAdmin from "./outbox-admin.suite"

jest.setTimeout(300_000)

medusaIntegrationTestRunner({
  testSuite: (options) => {
    describe("plugin-boot", () => pluginBoot(options))
    describe("journeys-api", () => journeysApi(options))
    describe("journey-documents", () => journeyDocuments(options))
    describe("message-templates-api", () => messageTemplatesApi(options))
    describe("journey-insight", () => journeyInsight(options))
    describe("custom-events", () => customEvents(options))
    describe("test-mode", () => testMode(options))
    describe("hostile-input", () => hostileInput(options))
    describe("outbox-admin", () => outboxAdmin(options))
  },
})
