/**
 * Journeys end to end: triggers, abandoned carts, SCENARIOS S1 to S4, subscriber replays,
 * segments and their reads, the jobs' runs.
 *
 * One Medusa app for these suites: booting and migrating a store costs more than most suites'
 * own tests, and the runner restores the database before every test, so suites stay apart.
 */
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import abandonedCarts from "./abandoned-carts.suite"
import engineTriggers from "./engine-triggers.suite"
import jobRuns from "./job-runs.suite"
import scenariosS4 from "./scenarios-s4.suite"
import scenarioS1 from "./scenario-s1.suite"
import scenarioS3 from "./scenario-s3.suite"
import scenarioS2 from "./scenario-s2.suite"
import segmentReads from "./segment-reads.suite"
import segments from "./segments.suite"
import subscriberReplays from "./subscriber-replays.suite"

jest.setTimeout(300_000)

medusaIntegrationTestRunner({
  testSuite: (options) => {
    describe("abandoned-carts", () => abandonedCarts(options))
    describe("engine-triggers", () => engineTriggers(options))
    describe("scenarios-s4", () => scenariosS4(options))
    describe("scenario-s1", () => scenarioS1(options))
    describe("scenario-s3", () => scenarioS3(options))
    describe("subscriber-replays", () => subscriberReplays(options))
    describe("segments", () => segments(options))
    describe("segment-reads", () => segmentReads(options))
    describe("scenario-s2", () => scenarioS2(options))
    describe("job-runs", () => jobRuns(options))
  },
})
