/**
 * How often the plugin's jobs run: every minute, or every JOURNEYS_JOB_INTERVAL_SECONDS seconds
 * when the store sets it (a shorter sweep makes waits end and retries go out closer to their
 * time, at the cost of more, smaller runs). Read when the jobs load: Medusa takes a job's
 * schedule from its exported config, before any module option is known.
 */
export function jobSchedule(env: NodeJS.ProcessEnv = process.env): string | { interval: number } {
  const given = env.JOURNEYS_JOB_INTERVAL_SECONDS
  if (given === undefined || given === "") return "* * * * *"
  const seconds = Number(given)
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600) {
    throw new Error(`JOURNEYS_JOB_INTERVAL_SECONDS must be a whole number of seconds from 1 to 3600, not "${given}"`)
  }
  return { interval: seconds * 1000 }
}
