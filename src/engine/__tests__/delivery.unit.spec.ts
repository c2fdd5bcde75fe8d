import { consentVerdict, quietHoursEnd } from "../delivery"

describe("consent at send time", () => {
  const send = { send: true }

  it("under opt-in, sends marketing only to subscribed recipients", () => {
    expect(consentVerdict("opt_in", "email", "marketing", "subscribed")).toEqual(send)
    expect(consentVerdict("opt_in", "email", "marketing", undefined)).toMatchObject({ send: false, reason: expect.stringMatching(/opt-in/) })
    expect(consentVerdict("opt_in", "push", "marketing", "unsubscribed")).toMatchObject({ send: false })
  })

  it("under opt-out, sends marketing unless the recipient unsubscribed", () => {
    expect(consentVerdict("opt_out", "email", "marketing", undefined)).toEqual(send)
    expect(consentVerdict("opt_out", "email", "marketing", "unsubscribed")).toMatchObject({ send: false, reason: expect.stringMatching(/unsubscribed/) })
  })

  it("sends transactional messages without marketing consent, but never to a suppressed address or an SMS opt-out", () => {
    expect(consentVerdict("opt_in", "email", "transactional", undefined)).toEqual(send)
    expect(consentVerdict("opt_in", "email", "transactional", "unsubscribed")).toEqual(send)
    expect(consentVerdict("opt_out", "email", "transactional", "suppressed")).toMatchObject({ send: false, reason: expect.stringMatching(/suppressed/) })
    expect(consentVerdict("opt_out", "sms", "transactional", "unsubscribed")).toMatchObject({ send: false, reason: expect.stringMatching(/STOP/) })
    expect(consentVerdict("opt_out", "push", "transactional", "unsubscribed")).toEqual(send)
  })
})

describe("quiet hours", () => {
  const night = { from: "21:00", to: "08:00" }

  it("holds a message due overnight until the morning, in the recipient's zone", () => {
    // 22:30 in Paris (CET, UTC+1) → 08:00 Paris the next day.
    expect(quietHoursEnd(new Date("2026-11-23T21:30:00Z"), night, "Europe/Paris")).toEqual(new Date("2026-11-24T07:00:00Z"))
    // 06:00 in New York → 08:00 the same day.
    expect(quietHoursEnd(new Date("2026-11-23T11:00:00Z"), night, "America/New_York")).toEqual(new Date("2026-11-23T13:00:00Z"))
  })

  it("lets a message go during the day, and at the very end of the quiet hours", () => {
    expect(quietHoursEnd(new Date("2026-11-23T12:00:00Z"), night, "Europe/Paris")).toBeNull()
    expect(quietHoursEnd(new Date("2026-11-24T07:00:00Z"), night, "Europe/Paris")).toBeNull()
    expect(quietHoursEnd(new Date("2026-11-23T20:00:00Z"), night, "Europe/Paris")).toEqual(new Date("2026-11-24T07:00:00Z"))
  })

  it("ends at 08:00 local time across a DST change", () => {
    // The night of 28–29 March 2026 loses an hour in Paris: 08:00 CEST is 06:00 UTC.
    expect(quietHoursEnd(new Date("2026-03-28T22:00:00Z"), night, "Europe/Paris")).toEqual(new Date("2026-03-29T06:00:00Z"))
  })
})
