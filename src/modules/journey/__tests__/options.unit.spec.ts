import validateOptionsLoader from "../loaders/validate-options"
import { optionWarnings, parseJourneyOptions } from "../options"

describe("plugin options", () => {
  it("fills documented defaults when nothing is given", () => {
    expect(parseJourneyOptions(undefined)).toEqual({
      default_timezone: "UTC",
      consent: "opt_in",
      batch_size: 500,
      max_attempts: 5,
      retry_delay_seconds: 60,
      claim_lease_seconds: 600,
      quiet_hours: { email: null, sms: { from: "21:00", to: "08:00" }, push: null },
      frequency_caps: {},
      webhooks: {},
    })
  })

  it("validates quiet hours and channel caps, naming the bad option", () => {
    expect(() => parseJourneyOptions({ quiet_hours: { sms: { from: "21:00", to: "21:00" } } })).toThrow(
      /option "quiet_hours.sms" from and to must differ/
    )
    expect(() => parseJourneyOptions({ quiet_hours: { sms: { from: "9pm", to: "08:00" } } })).toThrow(/quiet_hours.sms.from/)
    expect(() => parseJourneyOptions({ frequency_caps: { email: { max: 0, within: "P1D" } } })).toThrow(/frequency_caps.email.max/)
    expect(() => parseJourneyOptions({ frequency_caps: { sms: { max: 2, within: "two days" } } })).toThrow(/frequency_caps.sms.within/)
    const options = parseJourneyOptions({ quiet_hours: { sms: null, push: { from: "22:00", to: "07:00" } }, frequency_caps: { email: { max: 3, within: "P7D" } } })
    expect(options.quiet_hours).toEqual({ email: null, sms: null, push: { from: "22:00", to: "07:00" } })
    expect(options.frequency_caps.email).toEqual({ max: 3, within: "P7D" })
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
    [{ retry_delay_seconds: 0 }, /option "retry_delay_seconds"/],
    [{ claim_lease_seconds: 5 }, /option "claim_lease_seconds"/],
    [{ consnet: "opt_in" }, /unknown option "consnet"/],
  ])("refuses %j with a message naming the option", (given, message) => {
    expect(() => parseJourneyOptions(given)).toThrow(message)
  })

  it("names every bad option at once", () => {
    expect(() => parseJourneyOptions({ consent: "x", batch_size: -1 })).toThrow(
      /option "consent".*option "batch_size"/
    )
  })

  it("warns at boot when public_url is plain http outside this machine, since unsubscribe links must be https", async () => {
    const warnings = (public_url?: string) => optionWarnings(parseJourneyOptions(public_url ? { public_url } : {}))
    expect(warnings("http://api.shop.com")).toEqual([expect.stringMatching(/public_url "http:\/\/api\.shop\.com" is not https.*Gmail and Yahoo/)])
    for (const quiet of [undefined, "https://api.shop.com", "http://localhost:9000", "http://127.0.0.1:9000", "http://[::1]:9000", "http://store.localhost"]) {
      expect(warnings(quiet)).toEqual([])
    }
    const logged: string[] = []
    const logger = { warn: (message: string) => logged.push(message) }
    await validateOptionsLoader({ container: {} as never, options: { public_url: "http://api.shop.com" }, logger: logger as never })
    expect(logged).toEqual([expect.stringMatching(/^medusa-plugin-journeys: public_url "http:\/\/api\.shop\.com" is not https/)])
  })
})
