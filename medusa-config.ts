// The app the integration tests boot: this repository's own src/ loaded as a Medusa project,
// so tests run the plugin's source without a build. Store developers configure the plugin in
// their own medusa-config (see README); demo/ is a store that installs it like they do.
import path from "node:path"
import { defineConfig, loadEnv } from "@medusajs/framework/utils"
import { redisModules } from "./demo/redis-modules"

loadEnv(process.env.NODE_ENV || "test", process.cwd())

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    // With REDIS_URL: sessions, events, workflows and locks in Redis, shared by a server and its workers.
    redisUrl: process.env.REDIS_URL,
    http: {
      storeCors: "*",
      adminCors: "*",
      authCors: "*",
      jwtSecret: process.env.JWT_SECRET || "test-jwt-secret",
      cookieSecret: process.env.COOKIE_SECRET || "test-cookie-secret",
    },
  },
  // The tests' app serves no admin (`medusa start` would look for a build): the browser tests
  // serve the admin build of integration-tests/browser/admin-build.mjs themselves.
  admin: { disable: true },
  modules: [
    ...(process.env.REDIS_URL ? redisModules(process.env.REDIS_URL) : []),
    {
      resolve: "./src/modules/journey",
      options: {
        secret: "integration-tests-secret-0123456789abcdef",
        storefront_url: "http://localhost:8000",
        // Not the host the tests call: Twilio signs the public URL, which a proxy hides from Medusa.
        public_url: "https://api.shop.test",
        // The tests' shoppers never answered a consent prompt; opt_in is covered by unit tests.
        consent: "opt_out",
        webhooks: {
          resend_signing_secret: "whsec_aW50ZWdyYXRpb24tdGVzdHMtcmVzZW5kLXNlY3JldA==",
          twilio_auth_token: "integration-tests-twilio-auth-token",
        },
        // The process tests shorten the clock-bound options (retries, leases) of their workers.
        ...(process.env.JOURNEYS_TEST_OPTIONS ? JSON.parse(process.env.JOURNEYS_TEST_OPTIONS) : {}),
      },
    },
    {
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          // Medusa's default provider for the admin feed, which listing providers replaces.
          {
            resolve: "@medusajs/medusa/notification-local",
            id: "local",
            options: { name: "Local Notification Provider", channels: ["feed"] },
          },
          // Records what journeys send, for the tests to read. An absolute path: Medusa reads a
          // "./" provider path as relative to src/.
          {
            resolve: path.join(__dirname, "integration-tests/providers/test-outbox"),
            id: "test-outbox",
            options: { channels: ["email", "sms", "push"] },
          },
          // The Resend provider as a store registers it, on a channel of its own (journeys send
          // email through test-outbox), against the fake Resend the tests start on this port
          // (TEST_APP_RESEND_PORT in integration-tests/fakes/resend.ts).
          {
            resolve: path.join(__dirname, "src/providers/resend"),
            id: "resend",
            options: {
              channels: ["resend-test"],
              api_key: "re_test_app",
              from: "Shop <hello@shop.com>",
              base_url: "http://127.0.0.1:47317",
            },
          },
        ],
      },
    },
  ],
})
