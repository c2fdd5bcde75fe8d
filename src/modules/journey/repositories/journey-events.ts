import type { EntityManager } from "@medusajs/framework/mikro-orm/knex"
import type { Context } from "@medusajs/framework/types"
import { mikroOrmBaseRepositoryFactory } from "@medusajs/framework/utils"
import JourneyEvent from "../models/journey-event"
import { query } from "../utils/query"

/**
 * The distinct products of customers' `product.viewed` events (data.product_id), each customer's
 * newest view first, at most `limit` per customer (bindings: customers, limit). Read through the
 * (customer_id, occurred_at) index.
 */
const VIEWED_PRODUCTS = `
  select customer_id, product_id from (
    select e.customer_id, e.data ->> 'product_id' as product_id,
           row_number() over (partition by e.customer_id order by max(e.occurred_at) desc, e.data ->> 'product_id') as rank
      from journey_event e
     where e.deleted_at is null and e.customer_id = any(?) and e.name = 'product.viewed'
       and jsonb_typeof(e.data -> 'product_id') = 'string'
     group by e.customer_id, e.data ->> 'product_id') viewed
   where rank <= ?
   order by customer_id, rank`

/** What customers did, from the events the journeys recorded. */
export class JourneyEventRepository extends mikroOrmBaseRepositoryFactory(JourneyEvent) {
  async viewedProducts(customerIds: string[], limit: number, context: Context): Promise<Map<string, string[]>> {
    const viewed = new Map<string, string[]>()
    if (!customerIds.length) return viewed
    const rows = await query<{ customer_id: string; product_id: string }>(
      this.getActiveManager<EntityManager>(context),
      VIEWED_PRODUCTS,
      [[...new Set(customerIds)], limit]
    )
    for (const { customer_id, product_id } of rows) {
      if (!viewed.has(customer_id)) viewed.set(customer_id, [])
      viewed.get(customer_id)!.push(product_id)
    }
    return viewed
  }
}
