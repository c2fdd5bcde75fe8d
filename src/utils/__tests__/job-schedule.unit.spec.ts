import { jobSchedule } from "../job-schedule"

describe("jobSchedule", () => {
  it("runs the jobs every minute unless the store asks for an interval in seconds", () => {
    expect(jobSchedule({})).toBe("* * * * *")
    expect(jobSchedule({ JOURNEYS_JOB_INTERVAL_SECONDS: "" })).toBe("* * * * *")
    expect(jobSchedule({ JOURNEYS_JOB_INTERVAL_SECONDS: "5" })).toEqual({ interval: 5000 })
  })

  it.each(["0", "1.5", "ten", "3601", "-2"])("refuses %j, saying what it takes", (given) => {
    expect(() => jobSchedule({ JOURNEYS_JOB_INTERVAL_SECONDS: given })).toThrow(
      `JOURNEYS_JOB_INTERVAL_SECONDS must be a whole number of seconds from 1 to 3600, not "${given}"`
    )
  })
})
