import type { ProviderSendNotificationDTO } from "@medusajs/framework/types"
import { TwilioFake } from "../../../../integration-tests/fakes/twilio"
import { TwilioNotificationService, TwilioSendError, type TwilioOptions } from "../service"

const ACCOUNT_SID = `AC${"a1".repeat(16)}`
const AUTH_TOKEN = "twilio-test-auth-token"
const SERVICE_SID = `MG${"b2".repeat(16)}`

const sms = (overrides: Partial<ProviderSendNotificationDTO> = {}): ProviderSendNotificationDTO => ({
  to: "+33612345678",
  channel: "sms",
  template: "tpl_1",
  content: { text: "Your cart misses you: 20% off & free shipping" },
  data: { message_id: "jmsg_1" },
  ...overrides,
})

describe("Twilio notification provider", () => {
  const fake = new TwilioFake(ACCOUNT_SID, AUTH_TOKEN)
  let baseUrl: string
  const provider = (options: Partial<TwilioOptions> = {}) =>
    new TwilioNotificationService(
      {},
      { account_sid: ACCOUNT_SID, auth_token: AUTH_TOKEN, from: "+15005550006", api_base_url: baseUrl, ...options }
    )
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error("the send succeeded")
      },
      (error: TwilioSendError) => error
    )

  beforeAll(async () => {
    baseUrl = await fake.start()
  })
  afterAll(() => fake.stop())
  beforeEach(() => fake.reset())

  it("posts the message form-encoded with basic auth and returns Twilio's message sid", async () => {
    const result = await provider({ status_callback_url: "https://api.shop.com/hooks/journeys/twilio" }).send(sms())

    expect(result).toEqual({ id: `SM${"1".padStart(32, "0")}` })
    expect(fake.requests).toHaveLength(1)
    const [request] = fake.requests
    expect(request).toMatchObject({ account_sid: ACCOUNT_SID, username: ACCOUNT_SID, password: AUTH_TOKEN })
    expect(request.headers["content-type"]).toBe("application/x-www-form-urlencoded")
    expect(request.headers["user-agent"]).toMatch(/^twilio-node\/6\.2\.0/)
    expect(request.form).toEqual({
      To: "+33612345678",
      From: "+15005550006",
      Body: "Your cart misses you: 20% off & free shipping",
      StatusCallback: "https://api.shop.com/hooks/journeys/twilio",
    })
  })

  it("sends through a messaging service instead of a number, without a status callback unless configured", async () => {
    await provider({ from: undefined, messaging_service_sid: SERVICE_SID }).send(sms())

    expect(fake.requests[0].form).toEqual({
      To: "+33612345678",
      MessagingServiceSid: SERVICE_SID,
      Body: "Your cart misses you: 20% off & free shipping",
    })
  })

  it("keeps the path when api_base_url has one: only the origin is replaced", async () => {
    await provider({ api_base_url: `${baseUrl}/ignored/prefix` }).send(sms())
    expect(fake.requests).toHaveLength(1)
  })

  it("throws Twilio's 4xx with the HTTP status and Twilio's error code", async () => {
    fake.plan({ kind: "error", status: 400, code: 21211, message: "The 'To' number +33612345678 is not a valid phone number." })

    const error = await failure(provider().send(sms()))

    expect(error).toBeInstanceOf(TwilioSendError)
    expect(error).toMatchObject({ status: 400, code: 21211, retry_after_seconds: null })
    expect(error.message).toBe(
      "twilio: HTTP 400 (Twilio error 21211): The 'To' number +33612345678 is not a valid phone number." +
        " — https://www.twilio.com/docs/errors/21211"
    )
  })

  it("throws a 5xx with its status even when the body is not Twilio's JSON", async () => {
    fake.plan({ kind: "server_error", status: 503 })

    const error = await failure(provider().send(sms()))

    expect(error).toMatchObject({ status: 503, code: null })
    expect(error.message).toMatch(/^twilio: HTTP 503: /)
  })

  it("throws a 429 with Retry-After in the message and on the error, without retrying itself", async () => {
    fake.plan({ kind: "rate_limited", retry_after: "37" })

    const error = await failure(provider().send(sms()))

    expect(error).toMatchObject({ status: 429, code: 20429, retry_after_seconds: 37 })
    expect(error.message).toContain("twilio: HTTP 429 (Twilio error 20429): Too Many Requests; retry after 37s")
    expect(fake.requests).toHaveLength(1)
  })

  it("reads a Retry-After given as an HTTP date", async () => {
    fake.plan({ kind: "rate_limited", retry_after: new Date(Date.now() + 120_000).toUTCString() })

    const error = await failure(provider().send(sms()))

    expect(error.retry_after_seconds).toBeGreaterThanOrEqual(118)
    expect(error.retry_after_seconds).toBeLessThanOrEqual(120)
  })

  it("keeps each concurrent send's own Retry-After", async () => {
    fake.plan({ kind: "rate_limited", retry_after: "5" }, { kind: "rate_limited", retry_after: "9" })
    const twilio = provider()

    const errors = await Promise.all([failure(twilio.send(sms())), failure(twilio.send(sms({ to: "+33699999999" })))])

    const byRecipient = new Map(fake.requests.map((request, index) => [request.form.To, index === 0 ? 5 : 9]))
    expect(errors[0].retry_after_seconds).toBe(byRecipient.get("+33612345678"))
    expect(errors[1].retry_after_seconds).toBe(byRecipient.get("+33699999999"))
  })

  it("gives up on a request Twilio does not answer, after timeout_ms", async () => {
    fake.plan({ kind: "hang" })
    const started = Date.now()

    const error = await failure(provider({ timeout_ms: 300 }).send(sms()))

    expect(error.message).toBe("twilio: no answer within 300 ms (request timed out)")
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it("refuses a message without a body or with a number that is not E.164, without calling Twilio", async () => {
    await expect(provider().send(sms({ content: { subject: "no text" } }))).rejects.toThrow("no content.text")
    await expect(provider().send(sms({ to: "0612345678" }))).rejects.toThrow('"0612345678" is not an E.164 phone number')
    expect(fake.requests).toHaveLength(0)
  })

  describe("validateOptions", () => {
    const valid = { channels: ["sms"], account_sid: ACCOUNT_SID, auth_token: AUTH_TOKEN, from: "+15005550006" }
    const validate = (options: Record<string, unknown>) => () => TwilioNotificationService.validateOptions(options)

    it("accepts a number or a messaging service, and Medusa's channels key", () => {
      expect(validate(valid)).not.toThrow()
      expect(validate({ ...valid, from: undefined, messaging_service_sid: SERVICE_SID })).not.toThrow()
    })

    it.each([
      [{ ...valid, account_sid: "SK123" }, 'option "account_sid" must be an Account SID'],
      [{ ...valid, auth_token: undefined }, 'option "auth_token"'],
      [{ ...valid, from: undefined }, 'option "from" one of "from" or "messaging_service_sid" is required'],
      [{ ...valid, from: "06 12 34 56 78" }, 'option "from" must be an E.164 number'],
      [{ ...valid, messaging_service_sid: "MG1" }, 'option "messaging_service_sid" must be a Messaging Service SID'],
      [{ ...valid, status_callback_url: "/hooks/journeys/twilio" }, 'option "status_callback_url" must be an absolute http(s) URL'],
      [{ ...valid, api_base_url: "localhost:4010" }, 'option "api_base_url" must be an absolute http(s) URL'],
      [{ ...valid, sender: "+15005550006" }, 'unknown option "sender"'],
    ])("refuses %j", (options, message) => {
      expect(validate(options)).toThrow(message)
      expect(validate(options)).toThrow(/^twilio notification provider: /)
    })
  })
})
