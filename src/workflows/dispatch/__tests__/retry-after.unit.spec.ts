import { retryAfterMs } from "../steps"

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
