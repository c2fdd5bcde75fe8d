import { normalizeAddress, signToken, verifyToken } from "../tokens"

const SECRET = "s".repeat(32)

describe("signed tokens", () => {
  it("round-trips its claims for its purpose only", () => {
    const token = signToken(SECRET, "unsubscribe", { c: "email", a: "jane@example.com" })
    expect(verifyToken(SECRET, "unsubscribe", token)).toEqual({ c: "email", a: "jane@example.com" })
    expect(verifyToken(SECRET, "push_open", token)).toBeNull()
    expect(verifyToken("t".repeat(32), "unsubscribe", token)).toBeNull()
  })

  it("refuses altered, truncated or foreign tokens without throwing", () => {
    const token = signToken(SECRET, "unsubscribe", { c: "email", a: "jane@example.com" })
    const [payload, signature] = token.split(".")
    const other = Buffer.from(JSON.stringify({ c: "email", a: "john@example.com" })).toString("base64url")
    for (const bad of [`${other}.${signature}`, payload, `${payload}.`, `${token}.x`, "", 42, null, undefined, "a".repeat(5000)]) {
      expect(verifyToken(SECRET, "unsubscribe", bad)).toBeNull()
    }
  })

  it("compares emails case-insensitively", () => {
    expect(normalizeAddress("email", " Jane@Example.COM ")).toBe("jane@example.com")
    expect(normalizeAddress("sms", "+33612345678")).toBe("+33612345678")
  })
})
