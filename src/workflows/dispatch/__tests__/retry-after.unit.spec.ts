import { retryAfterMs, sendErrors } from "../steps"

describe("a provider's Retry-After", () => {
  it("reads the seconds the plugin's providers put on their errors or in their messages", () => {
    expect(retryAfterMs(Object.assign(new Error("HTTP 429"), { retry_after_seconds: 30 }))).toBe(30_000)
    expect(retryAfterMs(new Error("Resend answered HTTP 429 rate_limit_exceeded: slow down (retry after 12 s)"))).toBe(12_000)
    expect(retryAfterMs(new Error("twilio: HTTP 429 (Twilio error 20429): Too Many Requests; retry after 5s"))).toBe(5_000)
    expect(retryAfterMs(new Error("messaging/quota-exceeded: quota (retry after 1.5 s)"))).toBe(1_500)
  })

  it("is null when the provider said nothing", () => {
    expect(retryAfterMs(new Error("HTTP 500"))).toBeNull()
    expect(retryAfterMs("retry after soon")).toBeNull()
    expect(retryAfterMs(undefined)).toBeNull()
  })
})

describe("the Notification Module's error for a group of sends", () => {
  it("gives each failed notification its provider's error, multi-line ones whole", () => {
    const message = [
      "Failed to send notification with id noti_01A:",
      "Resend answered HTTP 429 rate_limit_exceeded: slow down (retry after 12 s)",
      "Failed to send notification with id noti_01B:",
      "twilio: HTTP 400 (Twilio error 21211): invalid 'To'",
      "see https://www.twilio.com/docs/errors/21211",
    ].join("\n")
    expect(sendErrors(message)).toEqual(
      new Map([
        ["noti_01A", "Resend answered HTTP 429 rate_limit_exceeded: slow down (retry after 12 s)"],
        ["noti_01B", "twilio: HTTP 400 (Twilio error 21211): invalid 'To'\nsee https://www.twilio.com/docs/errors/21211"],
      ])
    )
  })

  it("is empty for an error that names no notification (no provider for the channel, a database error)", () => {
    expect(sendErrors("Could not find a notification provider for channel: sms for notification id noti_1").size).toBe(0)
  })
})
