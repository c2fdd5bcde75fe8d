import { parseJourneyOptions } from "../options"

describe("plugin options", () => {
  it("fills documented defaults when nothing is given", () => {
    expect(parseJourneyOptions(undefined)).toEqual({
      default_timezone: "UTC",
      consent: "opt_in",
      batch_size: 500,
      max_attempts: 5,
      webhooks: {},
    })
  })

  it("keeps valid options", () => {
    const options = parseJourneyOptions({
      storefront_url: "https://shop.example.com",
      default_timezone: "Europe/Paris",
      consent: "opt_out",
      secret: "s".repeat(32),
      batch_size: 1000,
      max_attempts: 8,
    })
    expect(options.default_timezone).toBe("Europe/Paris")
    expect(options.consent).toBe("opt_out")
    expect(options.batch_size).toBe(1000)
  })

  it("ignores the database settings Medusa adds to every module", () => {
    expect(parseJourneyOptions({ database: { clientUrl: "postgres://x" } }).consent).toBe("opt_in")
  })

  it.each([
    [{ consent: "maybe" }, /option "consent"/],
    [{ default_timezone: "Mars/Olympus" }, /option "default_timezone" is not an IANA time zone/],
    [{ storefront_url: "not a url" }, /option "storefront_url"/],
    [{ secret: "short" }, /option "secret" must be at least 32 characters/],
    [{ batch_size: 0 }, /option "batch_size"/],
    [{ max_attempts: 2.5 }, /option "max_attempts"/],
    [{ consnet: "opt_in" }, /unknown option "consnet"/],
  ])("refuses %j with a message naming the option", (given, message) => {
    expect(() => parseJourneyOptions(given)).toThrow(message)
  })

  it("names every bad option at once", () => {
    expect(() => parseJourneyOptions({ consent: "x", batch_size: -1 })).toThrow(
      /option "consent".*option "batch_size"/
    )
  })
})
