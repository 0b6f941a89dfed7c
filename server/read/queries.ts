/** Read-only questions about cases: one case, a filtered page of them, a journal, the board. */
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { PLANNED_PER_CALL, queryRows, type Db } from '../../db/index.js';
import { describeProcess } from '../../machines/describe.js';
import { caseStatuses, findProcess, processVersions } from '../../machines/index.js';
import { toCaseView, type CaseView } from '../core/caseView.js';
import { CASE_COLUMNS, fromRawCase, loadCase, type RawCase } from '../core/caseRows.js';
import { isUuid } from '../core/sqlValues.js';
import { apiCopy } from './processView.js';
import { scoreAverageSchema, scoreAverages } from './scores.js';

/** Query text goes to PostgreSQL as a parameter, and PostgreSQL text cannot hold a NUL character. */
const queryText = (max: number) => z.string().max(max).regex(/^[^\u0000]*$/, 'may not contain a NUL character');

export const listQuerySchema = z.strictObject({
  type: queryText(200).optional(),
  state: queryText(200).optional(),
  status: z.enum(caseStatuses).optional(),
  stuck: z.enum(['true', 'false']).optional(),
  q: queryText(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: queryText(200).optional(),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export const journalEntrySchema = z.object({
  seq: z.number().int(),
  type: z.string(),
  payload: z.unknown(),
  actor: z.object({ id: z.string(), name: z.string(), role: z.string() }),
  from: z.string().nullable(),
  to: z.string(),
  at: z.iso.datetime({ offset: true }),
});
export type JournalEntryView = z.infer<typeof journalEntrySchema>;

export const boardSchema = z.object({
  type: z.string(),
  /** The version whose states are listed; the counts are of its cases only when `version` was asked for. */
  definitionVersion: z.number().int(),
  /** The open cases on each version of the process, oldest version first. */
  versions: z.array(z.object({ definitionVersion: z.number().int(), open: z.number().int() })),
  states: z.array(
    z.object({
      state: z.string(),
      label: z.object({ en: z.string(), 'zh-Hans': z.string(), 'zh-Hant': z.string(), zh: z.string() }),
      final: z.boolean(),
      open: z.number().int(),
      stuck: z.number().int(),
      oldestStateEnteredAt: z.iso.datetime({ offset: true }).nullable(),
    }),
  ),
  /** For a process whose cases report scores: the average per dimension. */
  scores: z.array(scoreAverageSchema).optional(),
});
export type Board = z.infer<typeof boardSchema>;

/** An opaque position in the newest-first order: (createdAt, id) of the last case shown. */
const encodeCursor = (view: CaseView) => Buffer.from(`${view.createdAt}|${view.id}`).toString('base64url');
function decodeCursor(cursor: string): { createdAt: string; id: string } | undefined {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  // Exactly the form `encodeCursor` writes (toISOString), which PostgreSQL reads back as it was meant.
  if (!createdAt || !id || !isUuid(id) || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(createdAt) || Number.isNaN(Date.parse(createdAt))) {
    return undefined;
  }
  return { createdAt, id };
}

const iso = (value: string | Date | null) => (value === null ? null : new Date(value).toISOString());

export function createQueries(db: Db, clock: () => Date) {
  async function getCase(id: string): Promise<CaseView | undefined> {
    if (!isUuid(id)) return undefined;
    const stored = await loadCase(db, id);
    return stored && toCaseView(stored, clock());
  }

  /** The cases whose input names case `id` (a complaint naming a sale, the complaint a return opened), newest first. */
  async function casesNaming(id: string): Promise<CaseView[]> {
    if (!isUuid(id)) return [];
    const raws = await queryRows<RawCase>(
      db,
      sql`SELECT ${CASE_COLUMNS} FROM case_links l JOIN cases c ON c.id = l.case_id
          WHERE l.linked_case_id = ${id} ORDER BY c.created_at DESC, c.id DESC`,
    );
    const now = clock();
    return raws.map((raw) => toCaseView(fromRawCase(raw), now));
  }

  /** A page of cases, newest first; `undefined` when the cursor is not one this API gave out. */
  async function listCases(query: ListQuery): Promise<{ items: CaseView[]; nextCursor: string | null } | undefined> {
    const now = clock();
    const where: SQL[] = [];
    if (query.type) where.push(sql`c.process_type = ${query.type}`);
    if (query.state) where.push(sql`(c.state = ${query.state} OR c.state LIKE ${`${escapeLike(query.state)}.%`})`);
    if (query.status) where.push(sql`c.status = ${query.status}`);
    if (query.stuck === 'true') where.push(sql`c.status = 'active' AND c.due_at < ${now.toISOString()}::timestamptz`);
    if (query.stuck === 'false') where.push(sql`NOT (c.status = 'active' AND coalesce(c.due_at < ${now.toISOString()}::timestamptz, false))`);
    if (query.q) where.push(sql`c.id IN (SELECT case_id FROM case_search WHERE search_text LIKE ${`%${escapeLike(query.q.toLowerCase())}%`})`);
    if (query.cursor) {
      const position = decodeCursor(query.cursor);
      if (!position) return undefined;
      where.push(sql`(c.created_at, c.id) < (${position.createdAt}::timestamptz, ${position.id}::uuid)`);
    }
    const condition = where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``;
    // The page is chosen on narrow rows first, so cases that match but fall outside it are never
    // read whole (a snapshot is kilobytes, compressed); then the page's cases are read.
    const raws = await queryRows<RawCase>(
      db,
      sql`${sql.raw(PLANNED_PER_CALL)}
          SELECT ${CASE_COLUMNS} FROM (
            SELECT c.id FROM cases c ${condition} ORDER BY c.created_at DESC, c.id DESC LIMIT ${query.limit + 1}
          ) page JOIN cases c ON c.id = page.id
          ORDER BY c.created_at DESC, c.id DESC`,
    );
    const items = raws.slice(0, query.limit).map((raw) => toCaseView(fromRawCase(raw), now));
    const nextCursor = raws.length > query.limit ? encodeCursor(items.at(-1)!) : null;
    return { items, nextCursor };
  }

  async function journalOf(id: string): Promise<JournalEntryView[] | undefined> {
    if (!isUuid(id)) return undefined;
    const [exists] = await queryRows(db, sql`SELECT 1 FROM cases WHERE id = ${id}`);
    if (!exists) return undefined;
    const entries = await queryRows<{
      seq: number;
      event_type: string;
      payload: unknown;
      actor: JournalEntryView['actor'];
      from_state: string | null;
      to_state: string;
      at: string;
    }>(db, sql`SELECT seq, event_type, payload, actor, from_state, to_state, at FROM journal WHERE case_id = ${id} ORDER BY seq`);
    return entries.map((e) => ({
      seq: e.seq,
      type: e.event_type,
      payload: e.payload,
      actor: e.actor,
      from: e.from_state,
      to: e.to_state,
      at: iso(e.at)!,
    }));
  }

  /**
   * Every resting state of a process with its open and stuck counts, including empty ones, and
   * the open cases per version. With `version`, that version's states and its cases only; else
   * the current version's states, counting every case resting in one of them.
   */
  async function board(type: string, version?: number): Promise<Board | undefined> {
    const definition = findProcess(type, version);
    if (!definition) return undefined;
    // One scan of the open cases (index-only: the partial index holds every column read here).
    const counts = await queryRows<{ definition_version: number; state: string; open: number; stuck: number; oldest: string | null }>(
      db,
      sql`SELECT definition_version, state, count(*)::int AS open,
            count(*) FILTER (WHERE due_at < ${clock().toISOString()}::timestamptz)::int AS stuck,
            min(state_entered_at) AS oldest
          FROM cases WHERE process_type = ${type} AND status = 'active' GROUP BY definition_version, state`,
    );
    const openOn = new Map<number, number>();
    const byState = new Map<string, { open: number; stuck: number; oldest: string | null }>();
    for (const c of counts) {
      openOn.set(c.definition_version, (openOn.get(c.definition_version) ?? 0) + c.open);
      if (version !== undefined && c.definition_version !== version) continue;
      const seen = byState.get(c.state);
      byState.set(c.state, {
        open: (seen?.open ?? 0) + c.open,
        stuck: (seen?.stuck ?? 0) + c.stuck,
        oldest: earlier(seen?.oldest ?? null, c.oldest),
      });
    }
    const scores = await scoreAverages(db, definition);
    return {
      type,
      ...(scores ? { scores } : {}),
      definitionVersion: definition.definitionVersion,
      versions: processVersions(type).map((v) => ({ definitionVersion: v.definitionVersion, open: openOn.get(v.definitionVersion) ?? 0 })),
      states: describeProcess(definition).states.map((s) => {
        const c = byState.get(s.path);
        return {
          state: s.path,
          label: apiCopy(s.label),
          final: s.final,
          open: c?.open ?? 0,
          stuck: c?.stuck ?? 0,
          oldestStateEnteredAt: iso(c?.oldest ?? null),
        };
      }),
    };
  }

  return { getCase, listCases, journalOf, board, casesNaming };
}

export type Queries = ReturnType<typeof createQueries>;

/** The earlier of two moments as the drivers give them; null only when both are. */
function earlier(a: string | null, b: string | null): string | null {
  if (a === null || b === null) return a ?? b;
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
