import { createHmac, timingSafeEqual } from "node:crypto"
import type { Channel } from "../../engine"

/**
 * Signed tokens for links that act without a login (one-click unsubscribe, push-open tracking):
 * `<payload>.<signature>`, both base64url, the signature an HMAC-SHA256 of the purpose and the
 * payload under the plugin's `secret`. A token only works for its purpose and its recipient,
 * and cannot be forged or altered without the secret.
 */
export type TokenPurpose = "unsubscribe" | "push_open"

const mac = (secret: string, purpose: TokenPurpose, payload: string) =>
  createHmac("sha256", secret).update(`${purpose}.${payload}`).digest("base64url")

export function signToken(secret: string, purpose: TokenPurpose, claims: Record<string, string>): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url")
  return `${payload}.${mac(secret, purpose, payload)}`
}

/** The claims of a genuine token for `purpose`, or null for anything else (never throws). */
export function verifyToken(secret: string, purpose: TokenPurpose, token: unknown): Record<string, string> | null {
  if (typeof token !== "string" || token.length > 4096) return null
  const [payload, signature, extra] = token.split(".")
  if (!payload || !signature || extra !== undefined) return null
  const expected = Buffer.from(mac(secret, purpose, payload))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"))
    if (!claims || typeof claims !== "object" || Array.isArray(claims)) return null
    return Object.values(claims).every((value) => typeof value === "string") ? claims : null
  } catch {
    return null
  }
}

/** How addresses are compared for consent: emails case-insensitively, phones and ids as given. */
export function normalizeAddress(channel: Channel, address: string) {
  return channel === "email" ? address.trim().toLowerCase() : address.trim()
}
