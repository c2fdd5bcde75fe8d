import type { EntityManager } from "@medusajs/framework/mikro-orm/knex"
import type { Context } from "@medusajs/framework/types"
import { InjectManager, InjectTransactionManager, MedusaContext } from "@medusajs/framework/utils"
import type { SegmentRule } from "../../engine"
import type { JourneyEventRepository, SegmentReadRepository, SegmentRepository } from "./repositories"
import type { ClaimedSegmentRead, SegmentMember, SegmentPreview, SegmentReadProgress } from "./types"

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ServiceClass = new (...args: any[]) => object

/**
 * The service's audience operations, a layer of the service class (service.ts stays a list of thin
 * calls), each reading members through the segment repository (the rule runs in the database),
 * leasing and recording segment reads, or reading what customers did (their recorded events).
 * Rules must be valid (engine `checkSegmentRule`); the workflows and routes check them first.
 */
export function withSegmentMembers<T extends ServiceClass>(Base: T) {
  class SegmentMembers extends Base {
    readonly #segments: SegmentRepository
    readonly #reads: SegmentReadRepository
    readonly #events: JourneyEventRepository

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    constructor(...args: any[]) {
      super(...args)
      const repositories = args[0] as {
        segmentRepository: SegmentRepository
        segmentReadRepository: SegmentReadRepository
        journeyEventRepository: JourneyEventRepository
      }
      this.#segments = repositories.segmentRepository
      this.#reads = repositories.segmentReadRepository
      this.#events = repositories.journeyEventRepository
    }

    /** How many customers a rule selects at `now`. */
    @InjectManager()
    async countSegmentMembers(
      rule: SegmentRule,
      now: Date,
      @MedusaContext() sharedContext: Context<EntityManager> = {}
    ): Promise<number> {
      return this.#segments.count(rule, now, sharedContext)
    }

    /**
     * Leases the segment read due first (queued and due at `now`, or running with its lease over)
     * until `leaseUntil`, rows another worker is claiming skipped; null when none is due.
     */
    @InjectTransactionManager()
    async claimSegmentRead(
      now: Date,
      leaseUntil: Date,
      @MedusaContext() sharedContext: Context<EntityManager> = {}
    ): Promise<ClaimedSegmentRead | null> {
      return this.#reads.claim(now, leaseUntil, sharedContext)
    }

    /**
     * Records a batch of a read (cursor, counts, renewed lease or done, and then the next read when
     * `progress.next` is set). False when the read is no longer at `progress.from` or no longer
     * running: another worker took it over, or it ended; nothing is written then.
     */
    @InjectTransactionManager()
    async recordSegmentReadBatch(
      id: string,
      progress: SegmentReadProgress,
      @MedusaContext() sharedContext: Context<EntityManager> = {}
    ): Promise<boolean> {
      return this.#reads.recordBatch(id, progress, sharedContext)
    }

    /** How many customers a rule selects and the first `sample` of them by id, timed. */
    @InjectManager()
    async previewSegment(
      rule: SegmentRule,
      { sample = 20 }: { sample?: number } = {},
      @MedusaContext() sharedContext: Context<EntityManager> = {}
    ): Promise<SegmentPreview> {
      const started = performance.now()
      const now = new Date()
      const count = await this.#segments.count(rule, now, sharedContext)
      const members = count ? await this.#segments.members(rule, now, { limit: sample }, sharedContext) : []
      return {
        count,
        sample: members.map(({ id, email, first_name, last_name }) => ({ id, email, first_name, last_name })),
        elapsed_ms: Math.round(performance.now() - started),
      }
    }

    /** One page of a rule's members, by customer id, and how many there are. */
    @InjectManager()
    async listSegmentMembers(
      rule: SegmentRule,
      page: { limit: number; offset: number },
      @MedusaContext() sharedContext: Context<EntityManager> = {}
    ): Promise<{ members: SegmentMember[]; count: number }> {
      const now = new Date()
      const count = await this.#segments.count(rule, now, sharedContext)
      const members = count ? await this.#segments.members(rule, now, page, sharedContext) : []
      return { members, count }
    }

    /** Up to `limit` members whose customer id comes after `after` (keyset: any size of segment, page by page). */
    @InjectManager()
    async listSegmentMembersAfter(
      rule: SegmentRule,
      after: string | null,
      limit: number,
      now: Date,
      @MedusaContext() sharedContext: Context<EntityManager> = {}
    ): Promise<SegmentMember[]> {
      return this.#segments.members(rule, now, { limit, after }, sharedContext)
    }

    /**
     * The products each customer viewed lately (their `product.viewed` events' data.product_id),
     * distinct, newest view first, at most `limit` each: a send's `viewed_products` enrichment.
     */
    @InjectManager()
    async listViewedProductIds(
      customerIds: string[],
      limit: number,
      @MedusaContext() sharedContext: Context<EntityManager> = {}
    ): Promise<Map<string, string[]>> {
      return this.#events.viewedProducts(customerIds, limit, sharedContext)
    }

    /** Which of these customers a rule selects at `now`: one query, however many segments a batch tests. */
    @InjectManager()
    async listSegmentMembersAmong(
      rule: SegmentRule,
      customerIds: string[],
      now: Date,
      @MedusaContext() sharedContext: Context<EntityManager> = {}
    ): Promise<string[]> {
      return customerIds.length ? this.#segments.membersAmong(rule, customerIds, now, sharedContext) : []
    }

    /**
     * Customers as the `customer` root of their message context, by id (unknown ids absent): the
     * fields and addresses the Customer Module gives (message-context.ts), read in one statement
     * for a whole batch of segment members.
     */
    @InjectManager()
    async listCustomerContexts(
      customerIds: string[],
      @MedusaContext() sharedContext: Context<EntityManager> = {}
    ): Promise<Map<string, Record<string, unknown>>> {
      return customerIds.length ? this.#segments.customerContexts(customerIds, sharedContext) : new Map()
    }

    /**
     * Every member, in batches by customer id, each read when the previous one is consumed: an
     * export or an enrolment never holds the whole segment. One `now` for the whole walk.
     */
    async *segmentMemberBatches(rule: SegmentRule, batchSize = 500): AsyncGenerator<SegmentMember[]> {
      const now = new Date()
      for (let after: string | null = null; ; ) {
        const batch = await this.listSegmentMembersAfter(rule, after, batchSize, now)
        if (batch.length) yield batch
        if (batch.length < batchSize) return
        after = batch[batch.length - 1].id
      }
    }
  }
  return SegmentMembers
}
