import { checkTemplate } from "../../../../engine"
import type { MessageTemplate } from "../../../lib/api-templates"
import { changesOf, contentOf, dataRowProblems, formOf, handleFrom, handleProblem } from "../template-form"

const template = (fields: Partial<MessageTemplate>): MessageTemplate => ({
  id: "jtpl_1",
  handle: "cart-reminder",
  name: "Cart reminder",
  channel: "email",
  status: "draft",
  subject: null,
  html: null,
  text: null,
  title: null,
  body: null,
  data: null,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
  ...fields,
})

describe("the template form", () => {
  it("sends only the channel's fields, clearing an emptied optional one", () => {
    const form = formOf(template({ subject: "Hi", html: "<p>Hi</p>", text: "Hi" }))
    expect(changesOf({ ...form, text: "" }, "email")).toEqual({
      name: "Cart reminder",
      handle: "cart-reminder",
      status: "draft",
      subject: "Hi",
      html: "<p>Hi</p>",
      text: null,
    })
    expect(changesOf(formOf(template({ channel: "sms", body: "Hi {{ customer.first_name }}" })), "sms")).toEqual({
      name: "Cart reminder",
      handle: "cart-reminder",
      status: "draft",
      body: "Hi {{ customer.first_name }}",
    })
  })

  it("gives the engine a content it accepts exactly when the template is complete", () => {
    const push = formOf(template({ channel: "push", title: "Back?", body: "Your cart", data: { url: "/cart/{{ cart.id }}" } }))
    expect(contentOf(push, "push")).toEqual({ channel: "push", title: "Back?", body: "Your cart", data: { url: "/cart/{{ cart.id }}" } })
    expect(checkTemplate(contentOf(push, "push"))).toEqual([])
    expect(checkTemplate(contentOf({ ...push, title: "" }, "push")).map((problem) => problem.path)).toEqual(["title"])
  })

  it("keeps push data rows in order, leaves out rows without a key and flags them and repeated keys", () => {
    const rows = [
      { key: "url", value: "/cart" },
      { key: "", value: "orphan" },
      { key: "url", value: "/other" },
      { key: "", value: "" },
    ]
    expect(contentOf({ ...formOf(template({ channel: "push" })), title: "T", body: "B", data: rows }, "push").data).toEqual({
      url: "/other",
    })
    expect([...dataRowProblems(rows)]).toEqual([
      [1, "missingKey"],
      [2, "duplicateKey"],
    ])
    expect(changesOf({ ...formOf(template({ channel: "push" })), title: "T", body: "B", data: [] }, "push").data).toBeNull()
  })

  it("derives a valid handle from a name", () => {
    expect(handleFrom("Panier abandonné — rappel n°1")).toBe("panier-abandonne-rappel-n-1")
    expect(handleFrom("  --Hello  World--  ")).toBe("hello-world")
    expect(handleFrom("a".repeat(99) + " b")).toBe("a".repeat(99))
  })

  it("says what the server would refuse in a handle", () => {
    expect(handleProblem("cart-reminder-2")).toBeNull()
    expect(handleProblem("")).toBe("required")
    for (const handle of ["Cart", "cart--1", "-cart", "cart-", "cart reminder", "a".repeat(101)]) {
      expect([handle, handleProblem(handle)]).toEqual([handle, "invalid"])
    }
    expect(handleProblem(handleFrom("Rappel n°1 — panier"))).toBeNull()
  })
})
