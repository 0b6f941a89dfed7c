/**
 * What the managers' board shows beyond `GET /api/board`: how overdue each state's worst case
 * is (the diagram's colours), the stuck cases themselves, and the diagram drawn with the board's
 * counts. Counts come from `queries.board`, so the diagram and the JSON always agree.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/index.js';
import type { Actor } from '../../machines/index.js';
import type { TimeLimitOverrides } from '../core/timeLimits.js';
import { diagramLayout, drawDiagram, overdueLevel, type DrawOptions, type Lang, type StateLoad } from './diagram.js';
import type { Queries } from './queries.js';
import { processView } from './processView.js';
import { deliveryBacklog, listDeliveries, type DeliveryView } from './deliveries.js';

export interface DeliveryTrouble {
  pending: number;
  failed: number;
  latestFailed: DeliveryView[];
}

export interface StuckCase {
  id: string;
  number: string;
  type: string;
  state: string;
  customerName: string | null;
  plate: string | null;
  stateEnteredAt: string;
  dueAt: string;
  lastActor: Actor | null;
  /** The server has escalated it: its `case.overdue` entry for this visit of the state is in the journal. */
  escalated: boolean;
}

export interface StuckFilter {
  type?: string;
  /** A state path, or a step (its sub-states included). */
  state?: string;
  /** Only cases that have been in their state at least this long. */
  minAgeMinutes?: number;
  limit?: number;
}

const iso = (value: string | Date) => new Date(value).toISOString();
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

export function createBoard(db: Db, clock: () => Date, queries: Queries, overrides: TimeLimitOverrides) {
  /** Each state's open and stuck counts, and the colour of its most overdue case. */
  async function stateLoads(type: string, version?: number): Promise<StateLoad[] | undefined> {
    const board = await queries.board(type, version);
    if (!board) return undefined;
    const now = clock().toISOString();
    // How far past due the worst case is, as a share of the time it was given in its state
    // (its due time minus its entry: the limit, or the promise in repair).
    const overdue = await queryRows<{ state: string; fraction: number }>(
      db,
      sql`SELECT state, max(extract(epoch FROM (${now}::timestamptz - due_at))
                 / greatest(extract(epoch FROM (due_at - state_entered_at)), 60))::float8 AS fraction
          FROM cases WHERE process_type = ${type} AND status = 'active' AND due_at < ${now}::timestamptz
            ${version === undefined ? sql`` : sql`AND definition_version = ${version}`}
          GROUP BY state`,
    );
    const fractions = new Map(overdue.map((row) => [row.state, Number(row.fraction)]));
    return board.states.map((s) => ({
      state: s.state,
      open: s.open,
      stuck: s.stuck,
      level: overdueLevel(s.open, s.stuck, fractions.get(s.state) ?? null),
    }));
  }

  /** Stuck cases, most overdue first, and how many there are in all. */
  async function stuckCases(filter: StuckFilter = {}): Promise<{ cases: StuckCase[]; total: number }> {
    const now = clock();
    const where: SQL[] = [sql`status = 'active'`, sql`due_at < ${now.toISOString()}::timestamptz`];
    if (filter.type) where.push(sql`process_type = ${filter.type}`);
    if (filter.state) where.push(sql`(state = ${filter.state} OR state LIKE ${`${escapeLike(filter.state)}.%`})`);
    if (filter.minAgeMinutes) {
      where.push(sql`state_entered_at <= ${new Date(now.getTime() - filter.minAgeMinutes * 60_000).toISOString()}::timestamptz`);
    }
    const rows = await queryRows<{
      id: string;
      number: string;
      process_type: string;
      state: string;
      customer_name: string | null;
      plate: string | null;
      state_entered_at: string;
      due_at: string;
      last_actor: Actor | null;
      escalated: boolean;
      total: number;
    }>(
      db,
      // The overdue timer comes due at due_at: while it waits, next_timer_at is at or before due_at.
      sql`SELECT id, number, process_type, state, customer_name, plate, state_entered_at, due_at, last_actor,
                 (next_timer_at IS NULL OR next_timer_at > due_at) AS escalated, (count(*) OVER ())::int AS total
          FROM cases WHERE ${sql.join(where, sql` AND `)}
          ORDER BY due_at ASC, number ASC LIMIT ${filter.limit ?? 100}`,
    );
    return {
      total: rows[0] ? Number(rows[0].total) : 0,
      cases: rows.map((r) => ({
        id: r.id,
        number: r.number,
        type: r.process_type,
        state: r.state,
        customerName: r.customer_name,
        plate: r.plate,
        stateEnteredAt: iso(r.state_entered_at),
        dueAt: iso(r.due_at),
        lastActor: r.last_actor,
        escalated: r.escalated,
      })),
    };
  }

  /**
   * The process's diagram with the current counts (of one version's cases, drawn as that version,
   * when `version` is given); undefined for an unknown process or version.
   */
  async function diagram(
    type: string,
    options: { lang?: Lang; link?: (state: string) => string; selected?: string; version?: number; path?: DrawOptions['path'] } = {},
  ): Promise<string | undefined> {
    const { version } = options;
    const layout = diagramLayout(type, version);
    const view = processView(type, overrides, version);
    if (!layout || !view) return undefined;
    const [laidOut, loads] = await Promise.all([layout, stateLoads(type, version)]);
    const limits = Object.fromEntries(view.states.map((s) => [s.path, s.timeLimitMinutes]));
    return drawDiagram(type, laidOut, loads!, { lang: options.lang ?? 'en', limits, link: options.link, selected: options.selected, version, path: options.path });
  }

  /** Webhook deliveries that wait, and the latest that failed for good: what a manager must know of the outbox. */
  async function deliveryTrouble(limit = 10): Promise<DeliveryTrouble> {
    const [backlog, failed] = await Promise.all([deliveryBacklog(db), listDeliveries(db, { status: 'failed', limit })]);
    return { ...backlog, latestFailed: failed };
  }

  /** The open cases on each version of a process, oldest version first. */
  async function openByVersion(type: string): Promise<Array<{ definitionVersion: number; open: number }>> {
    return (await queries.board(type))?.versions ?? [];
  }

  return { stateLoads, stuckCases, deliveryTrouble, diagram, openByVersion };
}

export type Board = ReturnType<typeof createBoard>;
