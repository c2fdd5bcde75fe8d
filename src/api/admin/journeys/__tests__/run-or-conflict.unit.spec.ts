import type { MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { runOrConflict } from "../helpers"

function response() {
  const res = { statusCode: 200, body: undefined as unknown }
  const api = {
    status: (code: number) => ((res.statusCode = code), api),
    json: (body: unknown) => ((res.body = body), api),
  }
  return { res, api: api as unknown as MedusaResponse }
}

// Workflow errors reach routes serialised: plain objects keeping the error's own properties.
const serialised = (error: Error) => ({ ...error, name: error.name, message: error.message })

describe("runOrConflict", () => {
  it("passes the result through", async () => {
    const { api } = response()
    await expect(runOrConflict(api, async () => 42)).resolves.toBe(42)
  })

  it("answers 409 with the validator's errors for a journey conflict", async () => {
    const { res, api } = response()
    const errors = [{ node_id: "w1", path: "nodes[1].duration", message: "bad" }]
    const conflict = Object.assign(new MedusaError(MedusaError.Types.CONFLICT, "The draft has 1 error(s)"), {
      journey_errors: errors,
    })
    await expect(runOrConflict(api, async () => Promise.reject(serialised(conflict)))).resolves.toBeUndefined()
    expect(res).toEqual({ statusCode: 409, body: { type: "conflict", message: "The draft has 1 error(s)", errors } })
  })

  it("answers 409 when a concurrent request won a unique constraint", async () => {
    const { res, api } = response()
    const duplicate = new MedusaError(MedusaError.Types.DUPLICATE_ERROR, "Journey version with journey_id, number already exists.")
    await runOrConflict(api, async () => Promise.reject(serialised(duplicate)))
    expect(res.statusCode).toBe(409)
    expect(res.body).toMatchObject({ type: "conflict", message: /already exists/ })
  })

  it("answers 409 when the database refuses to change a published definition", async () => {
    const { res, api } = response()
    const refused = new Error(
      'update "journey_version" set "definition" = $1 - journey version jver_1 is published: its definition cannot change; save a draft and publish it as a new version'
    )
    await runOrConflict(api, async () => Promise.reject(refused))
    expect(res).toEqual({
      statusCode: 409,
      body: {
        type: "conflict",
        message: "A published version cannot change; save a draft and publish it as a new version",
        errors: [],
      },
    })
  })

  it("rethrows anything else for Medusa's error handler", async () => {
    const { res, api } = response()
    const notFound = new MedusaError(MedusaError.Types.NOT_FOUND, "nope")
    await expect(runOrConflict(api, async () => Promise.reject(notFound))).rejects.toBe(notFound)
    expect(res.statusCode).toBe(200)
  })
})
