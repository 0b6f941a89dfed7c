import { sql } from 'drizzle-orm';
import {
  check,
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
    /** Lower-cased haystack for `q`: number, plate, customer name and phone (trigram-indexed). */
    searchText: text('search_text').generatedAlwaysAs(
      sql`lower(number || ' ' || coalesce(plate, '') || ' ' || coalesce(customer_name, '') || ' ' || coalesce(customer_phone, ''))`,
    ),
    lastActor: jsonb('last_actor').$type<Actor>(),
    stateEnteredAt: timestamptz('state_entered_at').notNull(),
    dueAt: timestamptz('due_at'),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
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
    index('cases_search_text_trgm_idx').using('gin', t.searchText.op('gin_trgm_ops')),
  ],
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
export type SessionRow = typeof sessions.$inferSelect;

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
