import type { EntityManager } from "@medusajs/framework/mikro-orm/knex"

/**
 * The module's one way to run SQL: a statement in the manager's transaction with its values sent
 * as parameters. MikroORM's execute() inlines them into the SQL text instead, an escape pass in
 * Node over each batch's JSON (a measured tenth of the sweep's CPU). Arrays bind as one
 * PostgreSQL array: `= any(?)`, not `in (?)`. Batches of rows travel as one JSON array, read with
 * json_to_recordset: unlike jsonb's, json's input is not parsed into a tree first (half the cost
 * on a batch's 1,500 timeline rows).
 */
export async function query<T>(manager: EntityManager, sql: string, bindings: unknown[] = []): Promise<T[]> {
  const statement = manager.getKnex().raw(sql, bindings as never[])
  const transaction = manager.getTransactionContext()
  if (transaction) statement.transacting(transaction)
  return (await statement).rows as T[]
}
