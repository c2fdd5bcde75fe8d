import Medusa from "@medusajs/js-sdk"

// The dashboard is served by the same server, so its session cookie authenticates calls.
export const sdk = new Medusa({ baseUrl: "/", auth: { type: "session" } })
