import type { ProviderSendNotificationDTO } from "@medusajs/framework/types"
import { resendReplies, startFakeResend, type FakeResend } from "../../../../integration-tests/fakes/resend"
import { ResendNotificationService, ResendSendError } from "../service"

describe("Resend notification provider, through the resend SDK against a fake Resend", () => {
  let fake: FakeResend
  beforeAll(async () => {
    fake = await startFakeResend()
  })
  afterAll(() => fake.close())
  beforeEach(() => fake.reset())

  const provider = (options: Record<string, unknown> = {}) =>
    new ResendNotificationService({}, { api_key: "re_test_123", from: "Shop <hello@shop.com>", base_url: fake.url, ...options } as any)

  const email = (overrides: Partial<ProviderSendNotificationDTO> = {}): ProviderSendNotificationDTO => ({
    to: "jane@example.com",
    channel: "email",
    template: "tmpl_welcome",
    content: { subject: "Welcome, Jane", html: "<p>Hello Jane</p>", text: "Hello Jane" },
    data: {
      message_id: "jmsg_01",
      category: "marketing",
      tag: "welcome",
      headers: {
        "List-Unsubscribe": "<https://api.shop.com/unsubscribe/abc>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      },
    },
    ...overrides,
  })

  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(ResendSendError)
    return error as ResendSendError
  }

  it("sends from, to, subject, html, text, reply-to and the extra headers, keyed by the message id", async () => {
    const result = await provider({ reply_to: "support@shop.com" }).send(email())

    expect(fake.delivered).toHaveLength(1)
    expect(result).toEqual({ id: fake.delivered[0].id })
    const [request] = fake.requests
    expect(request).toMatchObject({ method: "POST", path: "/emails" })
    expect(request.headers).toMatchObject({ authorization: "Bearer re_test_123", "idempotency-key": "jmsg_01" })
    expect(request.body).toMatchObject({
      from: "Shop <hello@shop.com>",
      to: "jane@example.com",
      subject: "Welcome, Jane",
      html: "<p>Hello Jane</p>",
      text: "Hello Jane",
      reply_to: "support@shop.com",
      headers: {
        "List-Unsubscribe": "<https://api.shop.com/unsubscribe/abc>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      },
    })
  })

  it("sends again with the same key on a retry, which Resend answers with the same email", async () => {
    const first = await provider().send(email())
    const retry = await provider().send(email())

    expect(retry).toEqual(first)
    expect(fake.requests.map((r) => r.headers["idempotency-key"])).toEqual(["jmsg_01", "jmsg_01"])
    expect(fake.delivered).toHaveLength(1)
  })

  it("keys a notification without a message id by the notification's idempotency key, and takes its from", async () => {
    const notification = { ...email({ data: null, from: "Orders <orders@shop.com>" }), idempotency_key: "order-placed-1" }
    await provider().send(notification)

    expect(fake.requests[0].headers["idempotency-key"]).toBe("order-placed-1")
    expect(fake.requests[0].body).toMatchObject({ from: "Orders <orders@shop.com>" })
    expect(fake.requests[0].body.headers).toBeUndefined()
  })

  it("sends a text-only email and passes attachments", async () => {
    await provider().send(
      email({
        content: { subject: "Your invoice", text: "Attached." },
        attachments: [{ content: "aGVsbG8=", filename: "invoice.pdf", content_type: "application/pdf" }],
      })
    )

    expect(fake.requests[0].body).toMatchObject({
      text: "Attached.",
      attachments: [{ content: "aGVsbG8=", filename: "invoice.pdf", content_type: "application/pdf" }],
    })
    expect(fake.requests[0].body.html).toBeUndefined()
  })

  it("throws Resend's 4xx with its status, name and message", async () => {
    fake.script(resendReplies.invalidFrom())
    const error = await failure(provider().send(email()))

    expect(error.message).toBe("Resend answered HTTP 403 validation_error: The shop.com domain is not verified.")
    expect(error).toMatchObject({ status: 403, code: "validation_error" })
    expect(fake.delivered).toHaveLength(0)
  })

  it("throws a 422 from Resend's own validation", async () => {
    const error = await failure(provider().send(email({ to: "" })))
    expect(error).toMatchObject({ status: 422, message: "Resend answered HTTP 422 missing_required_field: Missing `to` field." })
  })

  it("throws a 5xx, whether its body is Resend's JSON or a proxy's HTML page", async () => {
    fake.script(resendReplies.serverError(), { status: 502, body: "<html>Bad gateway</html>" })

    expect((await failure(provider().send(email()))).message).toBe(
      "Resend answered HTTP 500 internal_server_error: An unexpected error occurred."
    )
    expect(await failure(provider().send(email()))).toMatchObject({ status: 502, code: "application_error" })
    // A failed attempt delivered nothing, so the retry with the same key is delivered.
    await provider().send(email())
    expect(fake.delivered).toHaveLength(1)
  })

  it("throws a 429 saying when to retry, in the message and as retry_after_seconds", async () => {
    fake.script(resendReplies.rateLimited(7))
    const error = await failure(provider().send(email()))

    expect(error.message).toBe(
      "Resend answered HTTP 429 rate_limit_exceeded: Too many requests. You can only make 2 requests per second. (retry after 7 s)"
    )
    expect(error).toMatchObject({ status: 429, retry_after_seconds: 7 })
  })

  it("gives up on a Resend that does not answer after timeout_ms", async () => {
    fake.script("hang")
    const started = Date.now()
    const error = await failure(provider({ timeout_ms: 300 }).send(email()))

    expect(Date.now() - started).toBeLessThan(5_000)
    expect(error).toMatchObject({ status: null, code: "timeout" })
    expect(error.message).toMatch(/no answer within 300 ms/)
  })

  it("throws, without calling Resend, for a notification it cannot send", async () => {
    await expect(provider().send(email({ content: { html: "<p>No subject</p>" } }))).rejects.toThrow(
      /needs content.subject and content.html or content.text/
    )
    await expect(provider().send(email({ data: { headers: { "X-Count": 1 } } }))).rejects.toThrow(
      /data.headers must map header names to strings/
    )
    expect(fake.requests).toHaveLength(0)
  })

  describe("options", () => {
    const validate = (options: Record<string, unknown>) => () => ResendNotificationService.validateOptions(options)

    it("accepts the required ones, with Medusa's channels", () => {
      expect(validate({ api_key: "re_1", from: "hello@shop.com", channels: ["email"] })).not.toThrow()
      expect(validate({ api_key: "re_1", from: "Shop <hello@shop.com>", reply_to: "help@shop.com", base_url: fake.url })).not.toThrow()
    })

    it("names each missing or invalid option", () => {
      expect(validate({ from: "hello@shop.com" })).toThrow('Resend notification provider: option "api_key" is required')
      expect(validate({ api_key: "re_1" })).toThrow('option "from" is required')
      expect(validate({ api_key: "", from: "Shop" })).toThrow(
        'option "api_key" must not be empty; option "from" must be an email address, optionally with a display name'
      )
      expect(validate({ api_key: "re_1", from: "a@b.co", reply_to: "nobody" })).toThrow('option "reply_to" must be an email address')
      expect(validate({ api_key: "re_1", from: "a@b.co", base_url: "api.resend.com" })).toThrow('option "base_url" must be a URL')
      expect(validate({ api_key: "re_1", from: "a@b.co", timeout_ms: 0 })).toThrow('option "timeout_ms" must be a positive')
    })

    it("fails the provider's construction too", () => {
      expect(() => new ResendNotificationService({}, { from: "a@b.co" } as any)).toThrow('option "api_key" is required')
    })
  })
})
