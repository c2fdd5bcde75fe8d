import { generateKeyPairSync } from "node:crypto"
import { startFakeFcm, type FakeFcm } from "../../../../integration-tests/fakes/fcm"
import { PUSH_INVALID_TOKENS_EVENT } from "../events"
import { FirebaseNotificationService } from "../service"

jest.setTimeout(30_000)

const { privateKey, publicKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
})
const account = { project_id: "demo-shop", client_email: "push@demo-shop.iam.gserviceaccount.com", private_key: privateKey }

describe("Firebase notification provider (firebase-admin against a fake FCM)", () => {
  let fcm: FakeFcm
  let events: { name: string; data: any }[]
  let warnings: string[]

  beforeEach(async () => {
    fcm = await startFakeFcm({ publicKey })
    events = []
    warnings = []
  })
  afterEach(() => fcm.close())

  const provider = (options: Record<string, unknown> = {}) =>
    new FirebaseNotificationService(
      {
        event_bus: { emit: async (event: { name: string; data: unknown }) => void events.push(event as any) },
        logger: { warn: (message: string) => void warnings.push(message) },
      },
      { channels: ["push"], ...account, endpoint: fcm.url, ...options }
    )

  const push = (tokens: string[] | undefined, pushData: Record<string, unknown> = {}) => ({
    to: "cus_1",
    channel: "push",
    template: "tpl_1",
    content: { subject: "Your cart misses you", text: "The yoga mat is still there" },
    data: { ...(tokens && { tokens }), push_data: pushData, message_id: "jmsg_1" },
  })

  it("sends title, body and data to every device, authorised by the service account, and returns FCM's message name", async () => {
    const result = await provider().send(push(["tok-a", "tok-b", "tok-a"], { url: "/cart", count: 2, open_token: "abc.def" }))

    expect(result).toEqual({ id: "projects/demo-shop/messages/fake-1" })
    expect(fcm.sends.map((s) => s.message)).toEqual(
      ["tok-a", "tok-b"].map((token) => ({
        token,
        notification: { title: "Your cart misses you", body: "The yoga mat is still there" },
        data: { url: "/cart", count: "2", open_token: "abc.def" },
      }))
    )
    expect(fcm.sends.every((s) => s.project === "demo-shop")).toBe(true)
    expect(fcm.grants).toHaveLength(1)
    expect(fcm.grants[0]).toMatchObject({
      iss: account.client_email,
      aud: "https://oauth2.googleapis.com/token",
      scope: expect.stringContaining("https://www.googleapis.com/auth/firebase.messaging"),
    })
    expect(events).toEqual([])
  })

  it("sends to `to` itself when no token list is given", async () => {
    await provider().send({ ...push(undefined), to: "device-token-1" })
    expect(fcm.sends.map((s) => s.message.token)).toEqual(["device-token-1"])
  })

  it("reports dead tokens (UNREGISTERED, INVALID_ARGUMENT on the token) and still succeeds for the live device", async () => {
    fcm.answer("unregistered", { token: "tok-gone" })
    fcm.answer("invalid_token", { token: "not-a-token" })

    const result = await provider().send(push(["tok-gone", "tok-live", "not-a-token"]))

    expect(result).toEqual({ id: "projects/demo-shop/messages/fake-1" })
    expect(events).toEqual([
      {
        name: PUSH_INVALID_TOKENS_EVENT,
        data: {
          provider: "firebase",
          to: "cus_1",
          tokens: [
            { token: "tok-gone", code: "messaging/registration-token-not-registered" },
            { token: "not-a-token", code: "messaging/invalid-argument" },
          ],
        },
      },
    ])
  })

  it("fails when every device is dead, naming why, after reporting them", async () => {
    fcm.answer("unregistered")
    await expect(provider().send(push(["tok-1", "tok-2"]))).rejects.toThrow(
      "FCM delivered to none of 2 device(s): 2 dead token(s) (messaging/registration-token-not-registered)"
    )
    expect(events[0].data.tokens.map((t: { token: string }) => t.token)).toEqual(["tok-1", "tok-2"])
  })

  it("keeps a token FCM refused for a bad payload: only a violation on message.token condemns it", async () => {
    fcm.answer("invalid_payload")
    await expect(provider().send(push(["tok-1"]))).rejects.toThrow("messaging/invalid-argument: Invalid data key")
    expect(events).toEqual([])
  })

  it("fails on a 500 for the caller to retry, and rides out a 503 with the SDK's own retry", async () => {
    fcm.answer({ status: 500 }, { times: 1 })
    await expect(provider().send(push(["tok-1"]))).rejects.toThrow("messaging/internal-error: Internal error encountered.")
    expect(fcm.sends).toHaveLength(1)

    fcm.answer({ status: 503 }, { times: 1 })
    await expect(provider().send(push(["tok-1"]))).resolves.toEqual({ id: "projects/demo-shop/messages/fake-1" })
    expect(fcm.sends).toHaveLength(3)
    expect(events).toEqual([])
  })

  it("fails on 429 with FCM's Retry-After in the error, the token kept", async () => {
    fcm.answer({ status: 429, retryAfter: 30 })
    await expect(provider().send(push(["tok-1"]))).rejects.toThrow(
      "messaging/message-rate-exceeded: Quota exceeded for sending messages. (retry after 30 s)"
    )
    expect(events).toEqual([])
  })

  it("logs the devices a successful push missed for other reasons", async () => {
    fcm.answer({ status: 500 }, { token: "tok-flaky" })
    await provider().send(push(["tok-1", "tok-flaky"]))
    expect(warnings).toEqual([expect.stringContaining("push to cus_1 missed 1 device(s): messaging/internal-error")])
  })

  it("gives up on a hanging FCM after timeout_ms", async () => {
    fcm.answer("hang")
    const started = Date.now()
    await expect(provider({ timeout_ms: 300 }).send(push(["tok-1"]))).rejects.toThrow("FCM did not answer within 300 ms")
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it("refuses a notification with an empty token list", async () => {
    await expect(provider().send(push([]))).rejects.toThrow("has no device token")
    expect(fcm.sends).toEqual([])
  })

  describe("options", () => {
    const validate = (options: Record<string, unknown>) => () => FirebaseNotificationService.validateOptions(options)

    it("takes a service account field by field or as JSON, with escaped newlines in the key", async () => {
      expect(validate(account)).not.toThrow()
      expect(validate({ service_account_json: JSON.stringify(account), channels: ["push"] })).not.toThrow()
      // Environment variables often hold the PEM with literal \n.
      const escaped = { ...account, private_key: privateKey.replace(/\n/g, "\\n") }
      await provider(escaped).send(push(["tok-1"]))
      expect(fcm.grants).toHaveLength(1)
    })

    it("names every bad option", () => {
      expect(validate({})).toThrow(
        'option "project_id" is required (or give service_account_json); option "client_email" is required (or give service_account_json); option "private_key" is required (or give service_account_json)'
      )
      expect(validate({ ...account, service_account_json: "{}" })).toThrow('option "project_id" give service_account_json or the fields, not both')
      expect(validate({ service_account_json: "nope" })).toThrow('option "service_account_json" is not JSON')
      expect(validate({ service_account_json: '{"project_id":"x"}' })).toThrow("needs project_id, client_email and private_key")
      expect(validate({ ...account, client_email: "nobody" })).toThrow('option "client_email"')
      expect(validate({ ...account, endpoint: "ftp://fcm.local" })).toThrow('option "endpoint"')
      expect(validate({ ...account, timeout_ms: 10 })).toThrow('option "timeout_ms"')
      expect(validate({ ...account, api_key: "x" })).toThrow('unknown option "api_key"')
    })
  })
})
