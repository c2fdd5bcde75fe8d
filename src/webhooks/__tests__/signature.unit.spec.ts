import { createHmac } from "node:crypto"
import { signWebhook, verifyWebhookSignature } from "../signature"

const secret = "s".repeat(32)
const body = `{"journey_id":"jrn_1","customer":{"email":"jane@example.com"}}`
const timestamp = 1_800_000_000
const now = timestamp * 1000

describe("webhook signatures", () => {
  it("signs v1=hex HMAC-SHA256 of '<timestamp>.<body>'", () => {
    const hex = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")
    expect(signWebhook(secret, timestamp, body)).toBe(`v1=${hex}`)
    expect(signWebhook(secret, timestamp, Buffer.from(body))).toBe(`v1=${hex}`)
  })

  it("verifies what it signed, from the raw body as a string or bytes", () => {
    const signature = signWebhook(secret, timestamp, body)
    expect(verifyWebhookSignature({ secret, body, timestamp: String(timestamp), signature, now })).toBe(true)
    expect(verifyWebhookSignature({ secret, body: Buffer.from(body), timestamp: String(timestamp), signature, now })).toBe(true)
  })

  it("refuses another body, secret or timestamp, a missing header, and a malformed signature", () => {
    const signature = signWebhook(secret, timestamp, body)
    const valid = { secret, body, timestamp: String(timestamp), signature, now }
    expect(verifyWebhookSignature({ ...valid, body: body.replace("jane", "john") })).toBe(false)
    expect(verifyWebhookSignature({ ...valid, secret: "t".repeat(32) })).toBe(false)
    expect(verifyWebhookSignature({ ...valid, timestamp: String(timestamp + 1) })).toBe(false)
    expect(verifyWebhookSignature({ ...valid, timestamp: undefined })).toBe(false)
    expect(verifyWebhookSignature({ ...valid, timestamp: "1.8e9" })).toBe(false)
    expect(verifyWebhookSignature({ ...valid, signature: null })).toBe(false)
    expect(verifyWebhookSignature({ ...valid, signature: signature.slice(0, -1) })).toBe(false)
    expect(verifyWebhookSignature({ ...valid, signature: signature.replace("v1=", "v2=") })).toBe(false)
  })

  it("refuses a timestamp outside the tolerance, either way", () => {
    const signature = signWebhook(secret, timestamp, body)
    const at = (seconds: number) =>
      verifyWebhookSignature({ secret, body, timestamp: String(timestamp), signature, now: now + seconds * 1000 })
    expect([at(-300), at(300), at(301), at(-301)]).toEqual([true, true, false, false])
    expect(
      verifyWebhookSignature({ secret, body, timestamp: String(timestamp), signature, now: now + 3_600_000, toleranceSeconds: 3600 })
    ).toBe(true)
  })
})
