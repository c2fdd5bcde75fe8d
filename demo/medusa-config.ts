// A Medusa store that installs the plugin exactly as a store developer does
// (`npm run demo` starts it; the packaging test boots it from the packed tarball).
import path from "path"
import { defineConfig, loadEnv } from "@medusajs/framework/utils"
import { redisModules } from "./redis-modules"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

/** The demo mailbox's URL, which `npm run demo` (run.mjs) sets. */
const demoMailbox = process.env.JOURNEYS_DEMO_MAILBOX_URL

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    // With REDIS_URL: sessions, events, workflows and locks in Redis, shared by a server and its workers.
    redisUrl: process.env.REDIS_URL,
    // `npm run demo -- --production` serves the production build on plain http://localhost, where
    // the session cookie Medusa marks Secure in production is never set, and the admin cannot
    // sign in. A store in production is served over https and keeps Medusa's default.
    ...(process.env.JOURNEYS_DEMO_PLAIN_HTTP === "true" && { cookieOptions: { secure: false } }),
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000",
      authCors: process.env.AUTH_CORS || "http://localhost:8000,http://localhost:9000",
      jwtSecret: process.env.JWT_SECRET || "demo-jwt-secret",
      cookieSecret: process.env.COOKIE_SECRET || "demo-cookie-secret",
    },
  },
  admin: {
    disable: process.env.DISABLE_ADMIN === "true",
    // The demo shares the repository's node_modules, outside this folder: let the admin's dev
    // server serve the dashboard's own assets (fonts) from there.
    vite: () => ({
      server: { fs: { allow: [path.dirname(require.resolve("@medusajs/dashboard/package.json"))] } },
    }),
  },
  modules: [
    ...(process.env.REDIS_URL ? redisModules(process.env.REDIS_URL) : []),
    {
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          // `npm run demo` sends email through the plugin's Resend provider to its local stand-in
          // for Resend (demo/mailbox.mjs): no account, and every email readable. Elsewhere (the
          // packaging test's store) "sending" only logs: no keys needed.
          ...(demoMailbox
            ? [
                {
                  resolve: "medusa-plugin-journeys/providers/resend",
                  id: "resend",
                  options: { channels: ["email"], api_key: "demo-mailbox", from: "Journeys demo <shop@journeys.demo>", base_url: demoMailbox },
                },
              ]
            : []),
          {
            resolve: "@medusajs/medusa/notification-local",
            id: "local",
            options: { channels: demoMailbox ? ["sms", "push"] : ["email", "sms", "push"] },
          },
        ],
      },
    },
  ],
  plugins: [
    {
      resolve: "medusa-plugin-journeys",
      options: {
        storefront_url: process.env.STOREFRONT_URL || "http://localhost:8000",
        secret: process.env.JOURNEYS_SECRET || "demo-only-secret-change-me-0123456789",
        // Where shoppers reach this server: the unsubscribe links of marketing email point here.
        public_url: process.env.JOURNEYS_PUBLIC_URL || `http://localhost:${process.env.PORT || 9000}`,
        // The demo mailbox signs its Resend webhooks (delivered, opened, clicked) with this.
        ...(process.env.JOURNEYS_DEMO_RESEND_SECRET && {
          webhooks: { resend_signing_secret: process.env.JOURNEYS_DEMO_RESEND_SECRET },
        }),
        // Lets the packaging test prove that a bad option stops the store at boot.
        ...(process.env.JOURNEYS_OPTIONS ? JSON.parse(process.env.JOURNEYS_OPTIONS) : {}),
      },
    },
  ],
})
