import { fieldProblems } from "../field-problems"

const FIELDS = ["name", "handle", "status", "subject", "html", "text", "title", "body", "data"]

describe("fieldProblems", () => {
  it("puts each problem of the workflow's 400 under its field", () => {
    expect(
      fieldProblems(
        "Invalid message template: subject is required for email templates; html undefined filter: nope, line:1, col:4",
        FIELDS
      )
    ).toEqual({
      byField: { subject: ["is required for email templates"], html: ["undefined filter: nope, line:1, col:4"] },
      other: [],
    })
  })

  it("puts a push data problem under data, naming its key", () => {
    expect(fieldProblems("Invalid message template: data.deep-link must be text", FIELDS).byField).toEqual({
      data: ["deep-link: must be text"],
    })
  })

  it("reads the field Medusa's body validation quotes, and a custom message that starts with it", () => {
    expect(fieldProblems("Invalid request: Value for field 'name' too big, expected at most: '200'", FIELDS).byField).toEqual({
      name: ["Value for field 'name' too big, expected at most: '200'"],
    })
    expect(
      fieldProblems("Invalid request: handle must be a lowercase slug: letters, digits and single dashes", FIELDS).byField
    ).toEqual({ handle: ["must be a lowercase slug: letters, digits and single dashes"] })
  })

  it("gives the 409 for a handle taken to the handle", () => {
    expect(fieldProblems('A message template with handle "cart-1" already exists', FIELDS).byField).toEqual({
      handle: ['A message template with handle "cart-1" already exists'],
    })
  })

  it("keeps what names no field of the form as a general message", () => {
    expect(fieldProblems("Message template with id \"jtpl_1\" was not found", FIELDS)).toEqual({
      byField: {},
      other: ['Message template with id "jtpl_1" was not found'],
    })
    expect(fieldProblems("Invalid request: Unrecognized fields: 'channel'", FIELDS).other).toEqual(["Unrecognized fields: 'channel'"])
  })
})
