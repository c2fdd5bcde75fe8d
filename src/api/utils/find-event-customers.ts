import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

type Addressed = { customer_id?: string; email?: string }

/**
 * Each event's customer: the one it names, else the customer with its email address (found for
 * the whole batch in one query), else null — the event is a guest's, known by its address alone.
 * Addresses compare in any case; a registered account wins over guest records with the same one.
 */
export async function findEventCustomers(scope: MedusaContainer, events: Addressed[]): Promise<(string | null)[]> {
  const emails = [...new Set(events.flatMap((event) => (!event.customer_id && event.email ? [event.email.toLowerCase()] : [])))]
  const byEmail = new Map<string, string>()
  if (emails.length) {
    const query = scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "customer", fields: ["id", "email", "has_account"], filters: { email: emails } })
    for (const customer of data as { id: string; email: string; has_account: boolean }[]) {
      const email = customer.email.toLowerCase()
      if (!byEmail.has(email) || customer.has_account) byEmail.set(email, customer.id)
    }
  }
  return events.map((event) => event.customer_id ?? (event.email && byEmail.get(event.email.toLowerCase())) ?? null)
}
