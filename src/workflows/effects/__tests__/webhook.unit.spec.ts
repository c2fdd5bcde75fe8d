import { createServer, type IncomingMessage, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import type { ClaimedEffect, WebhookContext } from "../../../modules/journey"
import { nextAttemptAt, retryDelayMs } from "../../retry-policy"
import { verifyWebhookSignature } from "../../../webhooks/signature"
import { classifyStatus, deliverWebhook, webhookBody } from "../webhook"

const MINUTE = 60_000
const secret = "s".repeat(32)

const context: WebhookContext = {
  journey_id: "jrn_1",
  enrollment_id: "jenr_1",
  node_id: "h1",
  is_test: false,
  occurred_at: "2026-03-01T09:00:00.000Z",
  customer: { id: "cus_1", email: "jane@example.com", first_name: "Jane", metadata: { tier: "gold" } },
  cart: null,
  order: { id: "order_1", total: 249.5 },
  event: { name: "order.placed", data: { id: "order_1" } },
}

describe("retry backoff", () => {
  it("waits a minute after the first failure, doubling, at most 6 hours", () => {
    expect([1, 2, 3, 4, 5].map((attempts) => retryDelayMs(attempts))).toEqual([1, 2, 4, 8, 16].map((n) => n * MINUTE))
    expect(retryDelayMs(9)).toBe(256 * MINUTE)
    expect(retryDelayMs(10)).toBe(6 * 60 * MINUTE)
    expect(retryDelayMs(50)).toBe(6 * 60 * MINUTE)
  })

  it("starts from retry_delay_seconds when the store sets it, with the same ceiling", () => {
    expect([1, 2, 3].map((attempts) => retryDelayMs(attempts, 5))).toEqual([5_000, 10_000, 20_000])
    expect(retryDelayMs(20, 5)).toBe(6 * 60 * MINUTE)
    const now = new Date("2026-01-01T00:00:00Z")
    expect(nextAttemptAt(2, { max_attempts: 5, retry_delay_seconds: 5 }, now)).toEqual(new Date("2026-01-01T00:00:10Z"))
    expect(nextAttemptAt(2, { max_attempts: 5, retry_delay_seconds: 5 }, now, 60_000)).toEqual(new Date("2026-01-01T00:01:00Z"))
    expect(nextAttemptAt(5, { max_attempts: 5, retry_delay_seconds: 5 }, now)).toBeNull()
  })
})

describe("classifyStatus", () => {
  it("delivers on 2xx, retries 408, 429 and 5xx, fails other answers at once", () => {
    const statuses = [200, 201, 204, 299, 408, 429, 500, 502, 503, 599, 301, 302, 400, 401, 404, 410, 422]
    expect(Object.fromEntries(statuses.map((status) => [status, classifyStatus(status)]))).toEqual({
      200: "done", 201: "done", 204: "done", 299: "done",
      408: "retry", 429: "retry", 500: "retry", 502: "retry", 503: "retry", 599: "retry",
      301: "failed", 302: "failed", 400: "failed", 401: "failed", 404: "failed", 410: "failed", 422: "failed",
    })
  })
})

describe("webhookBody", () => {
  it("sends the default document when the node has no body", () => {
    expect(JSON.parse(webhookBody({ url: "https://example.com", body: null, context }))).toEqual({
      journey_id: "jrn_1",
      enrollment_id: "jenr_1",
      node_id: "h1",
      is_test: false,
      customer: { id: "cus_1", email: "jane@example.com" },
      event: { name: "order.placed", data: { id: "order_1" } },
      occurred_at: "2026-03-01T09:00:00.000Z",
    })
    expect(JSON.parse(webhookBody({ url: "https://example.com", body: null, context: { ...context, customer: null } })).customer).toBeNull()
  })

  it("renders the node's body over the context", () => {
    const body = `{ "email": {{ customer.email }}, "tier": {{ customer.metadata.tier }}, "total": {{ order.total }}, "journey": {{ journey_id }} }`
    expect(JSON.parse(webhookBody({ url: "https://example.com", body, context }))).toEqual({
      email: "jane@example.com",
      tier: "gold",
      total: 249.5,
      journey: "jrn_1",
    })
  })
})

describe("deliverWebhook", () => {
  let server: Server
  let url: string
  const received: { request: IncomingMessage; body: string }[] = []
  let answer: (res: import("node:http").ServerResponse) => void

  beforeAll(async () => {
    server = createServer((request, res) => {
      let body = ""
      request.on("data", (chunk) => (body += chunk))
      request.on("end", () => {
        received.push({ request, body })
        answer(res)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
  beforeEach(() => (received.length = 0))

  const effect = (overrides: Partial<Extract<ClaimedEffect, { type: "webhook" }>> = {}): Extract<ClaimedEffect, { type: "webhook" }> => ({
    id: "jefx_1",
    type: "webhook",
    journey_id: "jrn_1",
    enrollment_id: "jenr_1",
    customer_id: "cus_1",
    node_id: "h1",
    is_test: false,
    attempts: 2,
    payload: { url, body: null, context },
    ...overrides,
  })

  it("POSTs signed JSON with the delivery id, and marks test enrollments", async () => {
    answer = (res) => res.writeHead(204).end()
    expect(await deliverWebhook(effect(), secret)).toEqual({
      id: "jefx_1",
      attempts: 2,
      result: "done",
      response_status: 204,
      detail: `delivered to ${url}: HTTP 204`,
    })
    await deliverWebhook(effect({ is_test: true }), secret)
    const [real, test] = received
    expect(real.request.method).toBe("POST")
    expect(real.request.headers).toMatchObject({ "content-type": "application/json", "x-journeys-delivery": "jefx_1" })
    expect(real.request.headers["x-journeys-test"]).toBeUndefined()
    expect(test.request.headers["x-journeys-test"]).toBe("true")
    expect(JSON.parse(real.body)).toMatchObject({ journey_id: "jrn_1", node_id: "h1" })
    const { "x-journeys-timestamp": timestamp, "x-journeys-signature": signature } = real.request.headers
    expect(verifyWebhookSignature({ secret, body: real.body, timestamp: String(timestamp), signature: String(signature) })).toBe(true)
  })

  it("keeps the start of the receiver's answer in the error, and does not follow redirects", async () => {
    answer = (res) => res.writeHead(503).end("  busy, try later  ")
    expect(await deliverWebhook(effect(), secret)).toMatchObject({ result: "retry", response_status: 503, error: "HTTP 503: busy, try later" })
    answer = (res) => res.writeHead(302, { location: `${url}/elsewhere` }).end()
    expect(await deliverWebhook(effect(), secret)).toMatchObject({ result: "failed", response_status: 302, error: "HTTP 302" })
    expect(received).toHaveLength(2)
  })

  it("retries when nothing answers", async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve))
    const { port } = closed.address() as AddressInfo
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const outcome = await deliverWebhook(effect({ payload: { url: `http://127.0.0.1:${port}/`, body: null, context } }), secret)
    expect(outcome).toMatchObject({ result: "retry", error: "network error: ECONNREFUSED" })
  })

  it("fails without sending when there is no secret or the body does not render", async () => {
    expect(await deliverWebhook(effect(), undefined)).toMatchObject({ result: "failed", error: expect.stringMatching(/`secret` option/) })
    const broken = await deliverWebhook(effect({ payload: { url, body: `{ "email": "{{ customer.email }}" }`, context } }), secret)
    expect(broken).toMatchObject({ result: "failed", error: expect.stringMatching(/^the body failed to render: body: does not render to JSON/) })
    expect(received).toHaveLength(0)
  })
})
