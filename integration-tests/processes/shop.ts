/**
 * `medusa exec integration-tests/processes/shop.ts <customers> <orders> <events file>`: the shop's
 * own traffic for the process tests, made in a process of its own (`medusa exec` boots in server
 * mode) so that with REDIS_URL its events go through Medusa's Redis event bus to the workers:
 * customers registered with Medusa's workflow (`customer.created`) and orders placed
 * (`order.placed`, as checkout emits it). Every event is then emitted again, the whole lot in a
 * shuffled order: a bus may deliver twice and out of order. It also makes a secret API key for
 * the admin routes and writes what it made to the events file as JSON.
 */
import fs from "node:fs"
import type { ExecArgs } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createApiKeysWorkflow, createCustomersWorkflow } from "@medusajs/medusa/core-flows"
import { createOrder, seedStore } from "../helpers/store-data"

/** A fixed shuffle (the test must be the same run after run). */
function shuffled<T>(items: T[], seed = 7): T[] {
  const out = [...items]
  let state = seed
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    const j = state % (i + 1)
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

export default async function shop({ container, args: [customers, orders, file] }: ExecArgs) {
  const store = await seedStore(container, { email: "owner@process.test" })
  const { result: [key] } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "Process test", type: "secret", created_by: "" }] },
  })
  const { result: created } = await createCustomersWorkflow(container).run({
    input: {
      customersData: Array.from({ length: Number(customers) }, (_, i) => ({
        email: `shopper${i}@process.test`,
        first_name: `Shopper ${i}`,
      })),
    },
  })
  const placed: string[] = []
  for (let i = 0; i < Number(orders); i++) placed.push((await createOrder(container, store)).id)

  const events = [
    ...placed.map((id) => ({ name: "order.placed", data: { id } })),
    ...created.map(({ id }) => ({ name: "customer.created", data: { id } })),
  ]
  const eventBus = container.resolve(Modules.EVENT_BUS)
  // Each order placed twice (once in order, once shuffled); each customer created again.
  await eventBus.emit(events.filter((event) => event.name === "order.placed"))
  await eventBus.emit(shuffled(events))
  fs.writeFileSync(
    file,
    JSON.stringify({ api_key: key.token, customers: created.map((c) => c.id), orders: placed, customer_id: store.customer.id })
  )
}
