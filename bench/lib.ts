// What the scenarios share: journeys and customers made through the plugin's and Medusa's own
// workflows (so the benchmarked rows are the rows a store has), statistics and the result file.
import fs from "node:fs"
import os from "node:os"
import { createCustomersWorkflow } from "@medusajs/medusa/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createJourneyWorkflow, createMessageTemplateWorkflow, publishJourneyWorkflow } from "../src/workflows"

/** A published email template and a live journey built around it; returns their ids. */
export async function publishJourney(
  container: MedusaContainer,
  name: string,
  definition: (templateId: string) => Record<string, unknown>
) {
  const { result: template } = await createMessageTemplateWorkflow(container).run({
    input: {
      handle: `bench-${name.toLowerCase().replace(/\W+/g, "-")}`,
      name,
      channel: "email",
      status: "published",
      subject: "Hello {{ customer.first_name }}",
      html: "<p>Hello {{ customer.first_name }}, we kept something for you.</p>",
      text: "Hello {{ customer.first_name }}, we kept something for you.",
    },
  })
  const { result: journey } = await createJourneyWorkflow(container).run({
    input: { name, definition: definition(template.id) },
  })
  const { result: version } = await publishJourneyWorkflow(container).run({ input: { journey_id: journey.id } })
  return { templateId: template.id, journeyId: journey.id, versionId: (version as { id: string }).id }
}

/** `count` customers with an address and a zone, as Medusa creates them. */
export async function createCustomers(container: MedusaContainer, count: number) {
  const { result } = await createCustomersWorkflow(container).run({
    input: {
      customersData: Array.from({ length: count }, (_, i) => ({
        first_name: `Shopper${i}`,
        last_name: "Bench",
        email: `shopper${i}@bench.example.com`,
        phone: `+3361234${String(i).padStart(4, "0")}`,
        metadata: { timezone: "Europe/Paris" },
        addresses: [{ address_1: `${i} rue de Rivoli`, city: "Paris", country_code: "fr", postal_code: "75001" }],
      })),
    },
  })
  return result
}

/** The knex connection Medusa opened, for seeding and reading back (never for the measured work). */
export const sql = (container: MedusaContainer) => container.resolve(ContainerRegistrationKeys.PG_CONNECTION)

/**
 * CPU seconds used so far by this process and by the PostgreSQL server it talks to (its
 * postmaster's children, when it runs on this machine), and the machine's load. Other work on a
 * shared machine inflates wall-clock times; CPU seconds show what the measured work itself cost.
 */
export async function usage(container: MedusaContainer) {
  const { user, system } = process.cpuUsage()
  let postgres: number | null = null
  try {
    const { rows } = await sql(container).raw(`select pg_backend_pid() as pid`)
    const postmaster = processCpu(rows[0].pid).ppid
    // Backends that closed meanwhile (another process's pool, a worker that ended) count through the postmaster.
    const server = processCpu(postmaster)
    let seconds = server.seconds + server.exited
    for (const pid of fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
      try {
        const child = processCpu(pid)
        if (child.ppid === postmaster) seconds += child.seconds
      } catch {
        // exited meanwhile
      }
    }
    postgres = seconds
  } catch {
    // not on this machine (or no /proc): unknown
  }
  return { node: (user + system) / 1e6, postgres, load: os.loadavg()[0] }
}

/** CPU seconds process `pid` has used so far, and its children that have exited (`exited`); its parent. */
export function processCpu(pid: string | number) {
  const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
  // Fields after the command name, which may itself hold spaces: state, ppid, … utime (14), stime (15),
  // cutime (16), cstime (17), in ticks of USER_HZ (100).
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ").map(Number)
  return { ppid: fields[1], seconds: (fields[11] + fields[12]) / 100, exited: (fields[13] + fields[14]) / 100 }
}

/** What `usage()` grew by between two readings. */
export function usageSince(before: Awaited<ReturnType<typeof usage>>, after: Awaited<ReturnType<typeof usage>>) {
  return {
    node_cpu_seconds: round(after.node - before.node, 2),
    postgres_cpu_seconds:
      before.postgres === null || after.postgres === null ? null : round(after.postgres - before.postgres, 2),
    load_average_1m: [round(before.load, 1), round(after.load, 1)],
  }
}

/** Nearest-rank percentile of sorted numbers. */
export function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

export const round = (value: number, digits = 1) => Number(value.toFixed(digits))

/** What a scenario reports: `summary` is one line, `pass` whether every target was met. */
export type ScenarioResult = { summary: string; pass: boolean } & Record<string, unknown>

export function writeResult(result: ScenarioResult) {
  fs.writeFileSync(process.env.BENCH_OUTPUT ?? "/dev/stdout", JSON.stringify(result, null, 2))
}

export const log = (line: string) => console.log(`[bench] ${line}`)
