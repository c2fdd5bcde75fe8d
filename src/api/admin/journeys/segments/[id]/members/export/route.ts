import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { once } from "node:events"
import { journeyService } from "../../../../helpers"
import { attachmentHeader, csvCell, retrieveSegment } from "../../../helpers"

const COLUMNS = ["id", "email", "first_name", "last_name"] as const

/**
 * Every member as CSV, written batch by batch as the database gives them (keyset by customer id),
 * waiting for the client to take each one: the segment is never held whole in memory.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const segment = await retrieveSegment(req.scope, req.params.id)
  res.status(200)
  res.setHeader("content-type", "text/csv; charset=utf-8")
  res.setHeader("content-disposition", attachmentHeader(segment.name))
  res.write(`${COLUMNS.join(",")}\r\n`)
  for await (const batch of journeyService(req.scope).segmentMemberBatches(segment.rule)) {
    const lines = batch.map((member) => `${COLUMNS.map((column) => csvCell(member[column])).join(",")}\r\n`)
    if (!res.write(lines.join(""))) {
      await Promise.race([once(res, "drain"), once(res, "close")])
      if (res.destroyed) return // the client left: stop reading
    }
  }
  res.end()
}
