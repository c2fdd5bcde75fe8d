import { countSms } from "../sms-segments"

describe("countSms", () => {
  it("counts nothing for an empty text", () => {
    expect(countSms("")).toEqual({ encoding: "GSM-7", characters: 0, units: 0, segments: 0, perSegment: 160, remaining: 160 })
  })

  it("fits 160 GSM-7 characters in one message, then splits by 153", () => {
    expect(countSms("a".repeat(160))).toMatchObject({ encoding: "GSM-7", segments: 1, remaining: 0 })
    expect(countSms("a".repeat(161))).toMatchObject({ segments: 2, perSegment: 153, remaining: 145 })
    expect(countSms("a".repeat(306))).toMatchObject({ segments: 2, remaining: 0 })
    expect(countSms("a".repeat(307))).toMatchObject({ segments: 3, remaining: 152 })
  })

  it("keeps accented letters of the GSM-7 alphabet in GSM-7 (é, è, à, ù, Ç)", () => {
    expect(countSms("Votre panier vous attend à l'entrée, Ça part vite è ù")).toMatchObject({ encoding: "GSM-7", segments: 1 })
  })

  it("counts an extension character (€, {, [, ~) as two units", () => {
    expect(countSms("10 €")).toMatchObject({ encoding: "GSM-7", characters: 4, units: 5, remaining: 155 })
    expect(countSms("{".repeat(80))).toMatchObject({ units: 160, segments: 1 })
    expect(countSms("{".repeat(81))).toMatchObject({ units: 162, segments: 2 })
  })

  it("never splits an extension character's two units across segments", () => {
    // 152 units, then "{" would need units 153 and 154: it opens the second segment.
    expect(countSms(`${"a".repeat(152)}{${"a".repeat(10)}`)).toMatchObject({ segments: 2, remaining: 153 - 12 })
  })

  it("switches the whole text to UCS-2 for one character outside GSM-7: 70, then 67 per segment", () => {
    expect(countSms("Merci, ça arrive")).toMatchObject({ encoding: "UCS-2", segments: 1, perSegment: 70, remaining: 54 })
    expect(countSms("ç".repeat(70))).toMatchObject({ segments: 1, remaining: 0 })
    expect(countSms("ç".repeat(71))).toMatchObject({ segments: 2, perSegment: 67, remaining: 63 })
    expect(countSms("ç".repeat(135))).toMatchObject({ segments: 3 })
  })

  it("counts an emoji as one character but two UCS-2 units, never split across segments", () => {
    expect(countSms("Hi 😀")).toMatchObject({ encoding: "UCS-2", characters: 4, units: 5 })
    expect(countSms(`${"ç".repeat(66)}😀${"ç".repeat(10)}`)).toMatchObject({ segments: 2, remaining: 67 - 12 })
  })
})
