import type { EntityManager } from "@medusajs/framework/mikro-orm/knex"
import type { Context } from "@medusajs/framework/types"
import {
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaService,
} from "@medusajs/framework/utils"
import Activity from "./models/activity"
import CartActivity from "./models/cart-activity"
import Consent from "./models/consent"
import Effect from "./models/effect"
import Enrollment from "./models/enrollment"
import Journey from "./models/journey"
import JourneyEvent from "./models/journey-event"
import JourneyJobRun from "./models/job-run"
import JourneyVersion from "./models/journey-version"
import Message from "./models/message"
import MessageTemplate from "./models/message-template"
import PushDevice from "./models/push-device"
import JourneySegment from "./models/segment"
import JourneySegmentRead from "./models/segment-read"
import TriggerCursor from "./models/trigger-cursor"
import { JourneyOptions, parseJourneyOptions } from "./options"
import { withSegmentMembers } from "./segments"
import { withJobRuns } from "./job-runs"
import { EFFECT_OUTBOX, MESSAGE_OUTBOX } from "./repositories"
import type { CartActivityRepository, ConsentRepository, EnrollmentRepository, JourneyVersionRepository } from "./repositories"
import type { JsonTable, MessageRepository, OutboxRepository, PushDeviceRepository, StatisticsRepository } from "./repositories"
import type {
  CartSnapshot,
  ClaimedEffect,
  ClaimedMessage,
  ConsentEntry,
  ConsentStatus,
  CustomerEvent,
  Decide,
  DecideTransitions,
  EffectRecord,
  EventBatchPlan,
  EventBatchResult,
  ExpiredAttempt,
  ExpiredEffect,
  IdleCart,
  JourneyEnrollmentCounts,
  JourneyEnrollmentFilters,
  JourneyEnrollmentRow,
  JourneyStats,
  LiveVersion,
  MessageEvent,
  MessageRecord,
  NewEnrollment,
  OutboxChange,
  PushDeviceRow,
  ReactingEnrollment,
  ReportedMessage,
  Transition,
} from "./types"
import type { Channel } from "../../engine"

type InjectedDependencies = {
  enrollmentRepository: EnrollmentRepository
  journeyVersionRepository: JourneyVersionRepository
  outboxRepository: OutboxRepository
  messageRepository: MessageRepository
  statisticsRepository: StatisticsRepository
  consentRepository: ConsentRepository
  cartActivityRepository: CartActivityRepository
  pushDeviceRepository: PushDeviceRepository
}

/**
 * The journey module: Medusa's generated CRUD for its models, plus the operations below, each a
 * call into the repository of its concern (./repositories) in the context's transaction. What
 * the module stores is decided by its callers: `decide` callbacks and decided records. Segment
 * members are read by the layer of ./segments, job runs and the backlog by that of ./job-runs.
 */
class JourneyModuleService extends withJobRuns(withSegmentMembers(MedusaService({
  Journey,
  JourneyVersion,
  Enrollment,
  Activity,
  Message,
  Consent,
  MessageTemplate,
  JourneyEvent,
  Effect,
  CartActivity,
  TriggerCursor,
  PushDevice,
  JourneySegment,
  JourneySegmentRead,
  JourneyJobRun,
}))) {
  protected readonly options_: JourneyOptions
  protected readonly enrollments_: EnrollmentRepository
  protected readonly versions_: JourneyVersionRepository
  protected readonly outbox_: OutboxRepository
  protected readonly messages_: MessageRepository
  protected readonly statistics_: StatisticsRepository
  protected readonly consent_: ConsentRepository
  protected readonly carts_: CartActivityRepository
  protected readonly pushDevices_: PushDeviceRepository

  constructor(container: InjectedDependencies, options?: unknown) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = parseJourneyOptions(options)
    this.enrollments_ = container.enrollmentRepository
    this.versions_ = container.journeyVersionRepository
    this.outbox_ = container.outboxRepository
    this.messages_ = container.messageRepository
    this.statistics_ = container.statisticsRepository
    this.consent_ = container.consentRepository
    this.carts_ = container.cartActivityRepository
    this.pushDevices_ = container.pushDeviceRepository
  }

  /** The validated plugin options (subscribers receive none of their own in Medusa 2.21). */
  getOptions(): JourneyOptions {
    return this.options_
  }

  /**
   * Enters customers into journeys, skipping silently every row a unique index refuses (a
   * re-delivered trigger key, a re-entry guard still held): constraints, not read-then-write,
   * decide who enters. `decide` turns the rows that did enter into their first transition,
   * written in the same transaction. Returns the transitions applied.
   */
  @InjectTransactionManager()
  async enroll(
    rows: NewEnrollment[],
    decide: DecideTransitions,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<Transition[]> {
    return this.enrollments_.enroll(rows, decide, sharedContext)
  }

  /**
   * A batch of customer events in one transaction: each recorded by its id, then, for each
   * event seen for the first time, its customer's enrollments that await it react (see
   * `transitionAwaiting`), then the entries of the plan (the journeys the events start) enter
   * (see `enroll`). The plan may still be loading when called: it is awaited once the events are
   * recorded and the waiting enrollments locked, so what it reads overlaps those round trips.
   * Its entries must be of the events' customers (their decision locks are the events'). At most
   * one event per customer: a customer's events are ordered, so they go in separate batches.
   */
  @InjectTransactionManager()
  async handleCustomerEvents(
    events: CustomerEvent[],
    plan: Promise<EventBatchPlan> | EventBatchPlan,
    enter: DecideTransitions,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<EventBatchResult> {
    return this.enrollments_.handleCustomerEvents(events, plan, enter, sharedContext)
  }

  /**
   * Claims up to `limit` enrollments whose wait is due (rows another worker holds are skipped,
   * so workers share the work without waiting on each other), lets `decide` advance them and
   * writes the whole batch — states, activity, outbox — in one transaction, one statement per
   * table. Enrollments of paused journeys stay where they are. With `lane` (0 to SWEEP_LANES − 1),
   * only the customers of that lane are claimed. Customers whose decision lock another holds are
   * left due for the next claim. Returns the transitions applied.
   */
  @InjectTransactionManager()
  async transitionDue(
    now: Date,
    limit: number,
    decide: DecideTransitions,
    lane: number | null = null,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<Transition[]> {
    return this.enrollments_.transitionDue(now, limit, decide, lane, sharedContext)
  }

  /**
   * Records events by their ids and, for each id not processed before, claims the enrollments of
   * its customer that await it (a reaction or a goal) and lets `decide` advance them, all in one
   * transaction. Unlike the sweep it waits for rows another worker holds: an event must not be
   * lost because a timer was being processed at the same moment. Only enrollments that entered
   * before the event can react to it. At most one event per customer (see handleCustomerEvents).
   * Returns, per event, the transitions applied, or null for an id already processed.
   */
  @InjectTransactionManager()
  async transitionAwaiting(
    events: CustomerEvent[],
    decide: DecideTransitions<ReactingEnrollment>,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<(Transition[] | null)[]> {
    return this.enrollments_.transitionAwaiting(events, decide, sharedContext)
  }

  /**
   * Test mode's clock: brings the waits of a journey's test enrollments `ms` closer, so the
   * next sweep runs them as if that much time had passed. Real enrollments are never touched.
   */
  @InjectTransactionManager()
  async fastForwardTestEnrollments(
    journeyId: string,
    ms: number,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<number> {
    return this.enrollments_.fastForwardTest(journeyId, ms, sharedContext)
  }

  /**
   * The published versions of live journeys, each with its definition unless its id is in
   * `known` (the caller has it already: a published definition never changes).
   */
  @InjectManager()
  async listLiveVersions(
    known: string[] = [],
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<LiveVersion[]> {
    return this.versions_.listLive(known, sharedContext)
  }

  /**
   * Replaces JSON columns wholesale. Medusa's generated update merges JSON objects into the
   * stored ones (`mergeObjectProperties`), so a key removed from a definition or from push data
   * would silently survive; these columns must hold exactly what was saved.
   */
  @InjectTransactionManager()
  async replaceJson(
    table: JsonTable,
    id: string,
    values: Record<string, unknown>,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<void> {
    return this.versions_.replaceJson(table, id, values, sharedContext)
  }

  /** Archives draining versions nobody is inside any more; returns how many. */
  @InjectTransactionManager()
  async archiveDrainedVersions(@MedusaContext() sharedContext: Context<EntityManager> = {}): Promise<number> {
    return this.versions_.archiveDrained(sharedContext)
  }

  /**
   * Claims up to `limit` queued messages due at `now` (rows another worker holds are skipped) and
   * marks them `sending` with one more attempt, committed before anything is sent. Their
   * `next_attempt_at` becomes `leaseUntil`: a worker that stops between this claim and
   * `recordDispatch` leaves rows that `requeueExpiredSends` puts back once the lease is over.
   * Each row comes with its enrollment's context and its template (null once deleted).
   */
  @InjectTransactionManager()
  async claimDueMessages(
    now: Date,
    limit: number,
    leaseUntil: Date,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<ClaimedMessage[]> {
    return this.outbox_.claim(MESSAGE_OUTBOX, now, leaseUntil, limit, sharedContext)
  }

  /**
   * Writes a batch's decided records in one statement, each with its timeline line. A row whose
   * claim is no longer the one recorded (its lease expired and it was requeued) is left alone.
   * Returns the rows written.
   */
  @InjectTransactionManager()
  async recordDispatch(
    records: MessageRecord[],
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<{ id: string; status: MessageRecord["status"] }[]> {
    return this.outbox_.record(MESSAGE_OUTBOX, records, sharedContext)
  }

  /** Locks messages left `sending` past their lease and records what `decide` makes of them; returns those written. */
  @InjectTransactionManager()
  async requeueExpiredSends(
    now: Date,
    decide: Decide<ExpiredAttempt, MessageRecord>,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<{ id: string; status: MessageRecord["status"] }[]> {
    return this.outbox_.requeueExpired(MESSAGE_OUTBOX, now, decide, sharedContext)
  }

  /**
   * Marketing messages sent on a channel to these recipients since `since`, by recipient: what a
   * channel-wide frequency cap counts.
   */
  @InjectManager()
  async countRecentSends(
    channel: Channel,
    recipients: string[],
    since: Date,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<Map<string, number>> {
    return this.messages_.countRecentSends(channel, recipients, since, sharedContext)
  }

  /**
   * As claimDueMessages, for effects (made `running`, leased until `requeueExpiredEffects`). A
   * customer update waits while an earlier one of the same customer is pending.
   */
  @InjectTransactionManager()
  async claimDueEffects(
    now: Date,
    limit: number,
    leaseUntil: Date,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<ClaimedEffect[]> {
    return this.outbox_.claim(EFFECT_OUTBOX, now, leaseUntil, limit, sharedContext)
  }

  /** As recordDispatch, for effects. */
  @InjectTransactionManager()
  async recordEffects(
    records: EffectRecord[],
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<{ id: string; status: EffectRecord["status"] }[]> {
    return this.outbox_.record(EFFECT_OUTBOX, records, sharedContext)
  }

  /** As requeueExpiredSends, for effects left `running`. */
  @InjectTransactionManager()
  async requeueExpiredEffects(
    now: Date,
    decide: Decide<ExpiredEffect, EffectRecord>,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<{ id: string; status: EffectRecord["status"] }[]> {
    return this.outbox_.requeueExpired(EFFECT_OUTBOX, now, decide, sharedContext)
  }

  /** An admin's retry or cancel of one message or effect; null when its status no longer allows it. */
  @InjectTransactionManager()
  async changeOutbox(kind: "message" | "effect", change: OutboxChange, @MedusaContext() sharedContext: Context<EntityManager> = {}) {
    return this.outbox_.change(kind === "message" ? MESSAGE_OUTBOX : EFFECT_OUTBOX, change, sharedContext)
  }

  /**
   * Records what a provider (or a signed tracking call) reports about one sent message, found by
   * our id or the provider's. Returns the message and whether this is news (the first open, the
   * first delivery…) — a replayed report is not — or null for a message we do not know.
   */
  @InjectTransactionManager()
  async recordMessageEvent(
    event: MessageEvent,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<{ message: ReportedMessage; first: boolean } | null> {
    return this.messages_.recordEvent(event, sharedContext)
  }

  /**
   * Live enrollment counts per journey in one aggregate query (test enrollments excluded):
   * entered, in progress (active or waiting), completed, exited, converted.
   */
  @InjectManager()
  async countEnrollmentsByJourney(
    journeyIds: string[],
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<Record<string, JourneyEnrollmentCounts>> {
    return this.statistics_.countByJourney(journeyIds, sharedContext)
  }

  /**
   * One page of a journey's enrollments, newest first, with the version each is pinned to, and
   * the count of all that match. `email` matches a part of the address in any case (taken
   * literally: no LIKE wildcards).
   */
  @InjectManager()
  async listJourneyEnrollments(
    journeyId: string,
    filters: JourneyEnrollmentFilters,
    page: { limit: number; offset: number },
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<[JourneyEnrollmentRow[], number]> {
    return this.statistics_.listEnrollments(journeyId, filters, page, sharedContext)
  }

  /**
   * Live numbers for the canvas, test enrollments and their messages excluded, in two aggregate
   * queries: per node of any version (drafts included, so new nodes show zeros), who is there
   * now, how many different enrollments visited it and of those how many converted (revenue),
   * its messages by status with opens and clicks; then the journey's totals. `since` keeps what
   * happened from then on (entries, exits, messages, conversions); who is where is always now.
   */
  @InjectManager()
  async journeyStats(
    journeyId: string,
    { since }: { since?: Date } = {},
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<JourneyStats> {
    return this.statistics_.journeyStats(journeyId, since ?? null, sharedContext)
  }

  /**
   * Records recipients' consent per channel and address. A suppression (hard bounce, complaint)
   * is only lifted by the admin: a shopper's or a provider's "subscribed" leaves it in place.
   */
  @InjectTransactionManager()
  async setConsent(
    entries: ConsentEntry[],
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<{ channel: string; address: string; status: string }[]> {
    return this.consent_.setConsent(entries, sharedContext)
  }

  /** The recorded consent of these addresses on a channel: address → status (absent: no answer yet). */
  @InjectManager()
  async consentOf(
    channel: ConsentEntry["channel"],
    addresses: string[],
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<Map<string, ConsentStatus>> {
    return this.consent_.consentOf(channel, addresses, sharedContext)
  }

  /**
   * Records what the cart subscribers saw. A cart whose fingerprint changed was active at `at`
   * and starts a new idle period; the same fingerprint again (a re-delivered event, an update
   * that changed nothing) changes nothing. A completed cart stays completed.
   */
  @InjectTransactionManager()
  async recordCartActivity(
    carts: CartSnapshot[],
    at: Date,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<number> {
    return this.carts_.record(carts, at, sharedContext)
  }

  /** Carts that became orders: never abandoned again. */
  @InjectTransactionManager()
  async completeCartActivity(
    cartIds: string[],
    at: Date,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<number> {
    return this.carts_.complete(cartIds, at, sharedContext)
  }

  /**
   * Leases the abandonment cursor of a version for `leaseMs` of wall-clock time, creating it at
   * `initial` the first time. Returns its position, or null while another worker holds it.
   */
  @InjectTransactionManager()
  async leaseTriggerCursor(
    versionId: string,
    initial: Date,
    leaseMs: number,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<Date | null> {
    return this.carts_.leaseCursor(versionId, initial, leaseMs, sharedContext)
  }

  /** Saves how far a scan got; `release` ends the lease, otherwise it is extended by `leaseMs`. */
  @InjectTransactionManager()
  async moveTriggerCursor(
    versionId: string,
    position: Date,
    lease: { release: true } | { release: false; leaseMs: number },
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<void> {
    return this.carts_.moveCursor(versionId, position, lease.release ? null : lease.leaseMs, sharedContext)
  }

  /**
   * Open carts with an email and items whose last activity is after `after` (keyset on time,
   * then id) and at or before `until`, oldest first: read through the partial idle index.
   */
  @InjectManager()
  async listIdleCarts(
    after: { at: Date; id: string },
    until: Date,
    limit: number,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<IdleCart[]> {
    return this.carts_.listIdle(after, until, limit, sharedContext)
  }

  /**
   * Registers a customer's device token, or refreshes it. One statement, so two registrations
   * of the same token at once cannot both insert; a token registered by another customer moves
   * to this one (the device changed hands or accounts).
   */
  @InjectTransactionManager()
  async registerPushDevice(
    device: { customer_id: string; token: string; platform: "ios" | "android" | "web" },
    at: Date,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<PushDeviceRow> {
    return this.pushDevices_.register(device, at, sharedContext)
  }

  /** Deletes these device tokens — only the customer's own when `customer_id` is given. Returns those deleted. */
  @InjectTransactionManager()
  async removePushDevices(
    tokens: string[],
    customer_id: string | null,
    @MedusaContext() sharedContext: Context<EntityManager> = {}
  ): Promise<string[]> {
    return this.pushDevices_.remove(tokens, customer_id, sharedContext)
  }
}

export default JourneyModuleService
