import { sql } from 'drizzle-orm';
import {
  check,
  date as drizzleDate,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { caseStatuses, staffRoles, type Actor, type CaseStatus, type StaffRole } from '../machines/vocabulary';

export { caseStatuses, staffRoles, type Actor, type CaseStatus, type StaffRole };

/** `column IN ('a', 'b')` from a list of literals we own (never user input). */
const oneOf = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((value) => `'${value}'`).join(', ')})`);

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const staff = pgTable(
  'staff',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    role: text('role').$type<StaffRole>().notNull(),
    /** sha-256 hex of the bearer token; the token itself is never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    revokedAt: timestamptz('revoked_at'),
  },
  () => [check('staff_role_check', oneOf('role', staffRoles))],
);

/** One row per process: the last case number handed out, bumped inside the creating transaction so numbers stay gap-free. */
export const caseCounters = pgTable('case_counters', {
  processType: text('process_type').primaryKey(),
  lastNumber: integer('last_number').notNull(),
});

export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique(),
    processType: text('process_type').notNull(),
    definitionVersion: integer('definition_version').notNull(),
    /** Full dotted state path, e.g. `repair.waitingParts`. */
    state: text('state').notNull(),
    /** Top-level state of `state`. */
    step: text('step').notNull(),
    status: text('status').$type<CaseStatus>().notNull(),
    version: integer('version').notNull(),
    snapshot: jsonb('snapshot').$type<unknown>().notNull(),
    plate: text('plate'),
    customerName: text('customer_name'),
    customerPhone: text('customer_phone'),
    lastActor: jsonb('last_actor').$type<Actor>(),
    stateEnteredAt: timestamptz('state_entered_at').notNull(),
    dueAt: timestamptz('due_at'),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
    /** When the earliest timer the case declares and has not yet fired is due; null when none. */
    nextTimerAt: timestamptz('next_timer_at'),
    /** Keys of the timers that have fired (each key names one occurrence, e.g. one visit of a state). */
    timersFired: jsonb('timers_fired').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [
    check('cases_status_check', oneOf('status', caseStatuses)),
    // NULLS FIRST is what a plain `ORDER BY ... DESC` means; drizzle-kit would otherwise emit NULLS LAST
    // and the planner could not use these indexes for the newest-first listing.
    index('cases_process_type_created_at_idx').on(
      t.processType,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index('cases_created_at_idx').on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // Open cases only, and holding every column the board counts (per version too): the board is
    // an index-only scan over the open cases, however many closed ones history holds.
    index('cases_active_state_idx')
      .on(t.processType, t.state, t.dueAt, t.stateEnteredAt, t.definitionVersion)
      .where(sql`status = 'active'`),
    // The stuck list, newest first: walks open cases from the newest and stops at a page.
    index('cases_active_created_at_idx')
      .on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst(), t.dueAt)
      .where(sql`status = 'active'`),
    index('cases_active_due_at_idx').on(t.dueAt).where(sql`status = 'active'`),
    // The timer worker's queue: cases with a timer still to fire, soonest first.
    index('cases_next_timer_at_idx').on(t.nextTimerAt).where(sql`next_timer_at IS NOT NULL`),
  ],
);

/**
 * The haystack for `q`, one row per case: number, plate, customer name and phone, lower-cased,
 * trigram-indexed. Written once, by a trigger on inserting the case (and again only if those
 * columns change), so that an event, which rewrites its case's row, never touches this index.
 */
export const caseSearch = pgTable(
  'case_search',
  {
    caseId: uuid('case_id')
      .primaryKey()
      .references(() => cases.id, { onDelete: 'cascade' }),
    searchText: text('search_text').notNull(),
  },
  (t) => [index('case_search_text_trgm_idx').using('gin', t.searchText.op('gin_trgm_ops'))],
);

export const journal = pgTable(
  'journal',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    seq: integer('seq').notNull(),
    eventType: text('event_type').notNull(),
    payload: jsonb('payload').$type<unknown>().notNull(),
    actor: jsonb('actor').$type<Actor>().notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    at: timestamptz('at').notNull(),
  },
  (t) => [primaryKey({ name: 'journal_pkey', columns: [t.caseId, t.seq] })],
);

export const idempotencyRecords = pgTable(
  'idempotency_records',
  {
    /** `case:<uuid>` for events, `staff:<uuid>` for creation. */
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    responseBody: jsonb('response_body').$type<unknown>().notNull(),
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>().notNull(),
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [
    primaryKey({ name: 'idempotency_records_pkey', columns: [t.scope, t.key] }),
    index('idempotency_records_created_at_idx').on(t.createdAt),
  ],
);

export const deliveryStatuses = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/**
 * The transactional outbox: one row per journal entry and webhook endpoint, inserted by the very
 * statement that appends the entry, so an acknowledged event always has its deliveries and a
 * refused one never has. The payload is not copied: it is read from the journal when sent.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    caseId: uuid('case_id').notNull(),
    seq: integer('seq').notNull(),
    endpoint: text('endpoint').notNull(),
    status: text('status').$type<DeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamptz('next_attempt_at').notNull(),
    /** A worker's claim: until then no other worker (or server) sends this row. */
    leasedUntil: timestamptz('leased_until'),
    leasedBy: text('leased_by'),
    lastAttemptAt: timestamptz('last_attempt_at'),
    lastError: text('last_error'),
    deliveredAt: timestamptz('delivered_at'),
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [
    primaryKey({ name: 'deliveries_pkey', columns: [t.caseId, t.endpoint, t.seq] }),
    check('deliveries_status_check', oneOf('status', deliveryStatuses)),
    // What is left to send, in order per case and endpoint: the worker's queue.
    index('deliveries_pending_idx').on(t.caseId, t.endpoint, t.seq).where(sql`status = 'pending'`),
    // The worker's claim: what is due, oldest first, without reading the whole queue.
    index('deliveries_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index('deliveries_failed_idx').on(t.lastAttemptAt).where(sql`status = 'failed'`),
  ],
);

/**
 * Signed-in screens: the cookie holds a random session id, this table its sha-256 hash (never the
 * staff member's token). Logging out deletes the row; revoking the member ends every session.
 */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    createdAt: timestamptz('created_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
  },
  (t) => [index('sessions_staff_id_idx').on(t.staffId), index('sessions_expires_at_idx').on(t.expiresAt)],
);

export type Staff = typeof staff.$inferSelect;
export type NewStaff = typeof staff.$inferInsert;
export type CaseCounter = typeof caseCounters.$inferSelect;
export type CaseRow = typeof cases.$inferSelect;
export type NewCaseRow = typeof cases.$inferInsert;
export type JournalEntry = typeof journal.$inferSelect;
export type NewJournalEntry = typeof journal.$inferInsert;
export type IdempotencyRecord = typeof idempotencyRecords.$inferSelect;
export type NewIdempotencyRecord = typeof idempotencyRecords.$inferInsert;
export type Delivery = typeof deliveries.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

// ── What cases declare about themselves (the process module says which rows; no process named here) ──

const date = (name: string) => drizzleDate(name, { mode: 'string' });

/**
 * Units a case has put into the world (a sale's units), one row each, for a recall: found by
 * product, model, lot or serial in an index, whatever the number of cases. Written in the same
 * transaction as the event that records them, append-only, and kept at least until
 * `retain_until` (a trigger refuses any change, and any removal before that day).
 */
export const tracedUnits = pgTable(
  'traced_units',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    /** The unit's place in its case's list, from 0. */
    line: integer('line').notNull(),
    product: text('product').notNull(),
    manufacturer: text('manufacturer'),
    model: text('model'),
    serial: text('serial'),
    lot: text('lot'),
    quantity: integer('quantity').notNull(),
    productionDate: date('production_date'),
    /** Who holds the units now (the buyer). */
    party: text('party').notNull(),
    /** The calendar day the units changed hands (the sale date). */
    tradedOn: date('traded_on').notNull(),
    /** When the event that recorded them was committed. */
    recordedAt: timestamptz('recorded_at').notNull(),
    retainUntil: date('retain_until').notNull(),
  },
  (t) => [
    primaryKey({ name: 'traced_units_pkey', columns: [t.caseId, t.line] }),
    index('traced_units_lot_idx').on(sql`lower(${t.lot})`),
    index('traced_units_serial_idx').on(sql`lower(${t.serial})`),
    index('traced_units_product_model_idx').on(sql`lower(${t.product})`, sql`lower(${t.model})`),
    index('traced_units_model_idx').on(sql`lower(${t.model})`),
  ],
);

/** The customer file: one row per customer, found again by phone (digits only). */
export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    /** The phone's digits: how a returning customer is recognised. */
    phoneKey: text('phone_key').notNull().unique(),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [
    index('customers_search_trgm_idx').using('gin', sql`lower(${t.name} || ' ' || ${t.phoneKey}) gin_trgm_ops`),
  ],
);

/** Vehicles in the customer file, found again by plate (upper case, without spaces or dots). */
export const vehicles = pgTable(
  'vehicles',
  {
    id: uuid('id').primaryKey(),
    plate: text('plate').notNull(),
    plateKey: text('plate_key').notNull().unique(),
    /** The customer who brought it last. */
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    model: text('model'),
    vin: text('vin'),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [index('vehicles_customer_idx').on(t.customerId)],
);

/** Which customer (and vehicle) each case is about, written when the case is opened. */
export const caseParties = pgTable(
  'case_parties',
  {
    caseId: uuid('case_id')
      .primaryKey()
      .references(() => cases.id),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    vehicleId: uuid('vehicle_id').references(() => vehicles.id),
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [
    index('case_parties_customer_idx').on(t.customerId, t.createdAt.desc().nullsFirst()),
    index('case_parties_vehicle_idx').on(t.vehicleId),
  ],
);

/** Scores a case reports (an opinion card's 1–5 per key indicator), for averages on the board. */
export const caseScores = pgTable(
  'case_scores',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    processType: text('process_type').notNull(),
    /** What the score is grouped by on the board (an opinion card's touchpoint). */
    dimension: text('dimension').notNull(),
    indicator: text('indicator').notNull(),
    score: integer('score').notNull(),
    recordedAt: timestamptz('recorded_at').notNull(),
  },
  (t) => [
    primaryKey({ name: 'case_scores_pkey', columns: [t.caseId, t.indicator] }),
    index('case_scores_process_dimension_idx').on(t.processType, t.dimension),
  ],
);

export type TracedUnitRow = typeof tracedUnits.$inferSelect;
export type CustomerRow = typeof customers.$inferSelect;
export type VehicleRow = typeof vehicles.$inferSelect;

/**
 * The links between cases that a case's input declares (a complaint's `saleId`, a return's
 * `saleId`, …), written when the case opens: so a case page shows the cases that name it.
 */
export const caseLinks = pgTable(
  'case_links',
  {
    /** The case whose input names the other. */
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    /** The input field that names it (`saleId`). */
    field: text('field').notNull(),
    linkedCaseId: uuid('linked_case_id')
      .notNull()
      .references(() => cases.id),
  },
  (t) => [primaryKey({ name: 'case_links_pkey', columns: [t.caseId, t.field] }), index('case_links_linked_case_idx').on(t.linkedCaseId)],
);

/**
 * A link a customer opens on their own phone to sign one document (CONTRACT.md "The customer's
 * own phone"): single-use, expiring, and gone once the case has moved on. Only the token's hash
 * is kept; the payload fixes what is signed (the estimate revision).
 */
export const customerLinks = pgTable(
  'customer_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    event: text('event').notNull(),
    /** The event's payload but for the signature, as it was when the link was made. */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** The case's state when the link was made: a link is superseded once the case moves on. */
    state: text('state').notNull(),
    createdBy: jsonb('created_by').$type<Actor>().notNull(),
    createdAt: timestamptz('created_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    usedAt: timestamptz('used_at'),
  },
  (t) => [index('customer_links_case_id_idx').on(t.caseId)],
);
