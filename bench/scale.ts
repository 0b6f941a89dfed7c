/**
 * Scale: a million work orders seeded by SQL (not HTTP), then, against the running server, the
 * time of the board, the stuck list and a search by plate; and the latency of a transition on
 * cases with 10,000 journal entries against cases with 10.
 *
 * The seed copies the snapshots the capture walk stored for each state, so every seeded case
 * is one the engine can read and move on. History is three years of orders, newest last:
 * the most recent 30,000 are 60 % open, older ones 1 % open (abandoned, long stuck); open cases
 * are spread over the ten resting states. Seeded cases carry no journal (the board, lists and
 * search never read it); the deep-journal cases carry every entry.
 */
import postgres from 'postgres';
import type { Capture } from './floor.js';
import { deferCaseSearch, fillCaseSearch, latencyLine, memoryMb, ms, secondaryIndexes, summarize } from './support.js';
import { walkEvents, type BenchRole } from './walk.js';
import { findProcess } from '../machines/registry.js';

/** The version new work orders open on, which the captured snapshots and the walk's events are of. */
const VERSION = findProcess('work-order')!.definitionVersion;

export interface ScaleOptions {
  url: string;
  baseUrl: string;
  serverPid: number;
  tokens: Record<BenchRole, string>;
  capture: Capture;
  cases: number;
  log: (line: string) => void;
}

const RECENT = 30_000;
const DEEP_CASES = 20;
const DEEP_JOURNAL = 10_000;
const SHALLOW_JOURNAL = 10;
/** `粤S·` and seven digits: no walk or test makes plates like these. */
export const seededPlate = (n: number) => `粤S·${String(n).padStart(7, '0')}`;

export async function measureScale(options: ScaleOptions): Promise<{ boardMs: number; stuckMs: number; searchMs: number; deepMs: number; shallowMs: number }> {
  const { log } = options;
  const sql = postgres(options.url, { max: 1, onnotice: () => {} });
  try {
    await seedCases(sql, options.capture, options.cases, log);
    const timings = await timeQueries(options);
    const depth = await journalDepth(sql, options);
    return { ...timings, ...depth };
  } finally {
    await sql.end({ timeout: 5 });
  }

  async function timeQueries({ baseUrl, tokens, cases }: ScaleOptions) {
    const get = async (path: string) => {
      const started = performance.now();
      const response = await fetch(`${baseUrl}${path}`, { headers: { Authorization: `Bearer ${tokens.advisor}` } });
      const body = await response.text();
      const elapsed = performance.now() - started;
      if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${body.slice(0, 300)}`);
      return { elapsed, body: JSON.parse(body) as unknown };
    };
    const plate = seededPlate(Math.floor(cases / 3));
    const queries = [
      { name: 'board', path: '/api/board?type=work-order', check: (b: any) => `${b.states.reduce((n: number, s: any) => n + s.open, 0)} open` },
      { name: 'stuck list', path: '/api/cases?stuck=true', check: (b: any) => `${b.items.length} cases` },
      { name: 'search by plate', path: `/api/cases?q=${encodeURIComponent(plate)}`, check: (b: any) => `${b.items.length} found (${plate})` },
    ];
    const medians: Record<string, number> = {};
    for (const query of queries) {
      const first = await get(query.path);
      const times: number[] = [];
      for (let i = 0; i < 20; i++) times.push((await get(query.path)).elapsed);
      const s = summarize(times);
      medians[query.name] = s.p50;
      log(`[scale] ${query.name.padEnd(15)} GET ${query.path}: first ${ms(first.elapsed)}, then median ${ms(s.p50)}, max ${ms(s.max)} over 20 (${query.check(first.body)})`);
    }
    return { boardMs: medians.board!, stuckMs: medians['stuck list']!, searchMs: medians['search by plate']! };
  }

  /**
   * Cases in greet whose journal already holds 10,000 entries (version 10,000), beside cases with
   * 10; each is walked to done, one request at a time, deep and shallow in turn.
   */
  async function journalDepth(sql: postgres.Sql, { baseUrl, tokens, capture }: ScaleOptions) {
    const greet = capture.snapshots.find((s) => s.state === 'greet')!;
    const started = performance.now();
    const make = async (entries: number) => {
      const ids: string[] = [];
      for (let i = 0; i < DEEP_CASES; i++) {
        const [row] = await sql.begin(async (tx) => {
          const [counter] = await tx<{ last_number: number }[]>`
            UPDATE case_counters SET last_number = last_number + 1 WHERE process_type = 'work-order' RETURNING last_number`;
          const [created] = await tx<{ id: string }[]>`
            INSERT INTO cases (id, number, process_type, definition_version, state, step, status, version, snapshot,
              plate, customer_name, customer_phone, state_entered_at, due_at, created_at, updated_at)
            VALUES (gen_random_uuid(), ${`WO-${String(counter!.last_number).padStart(6, '0')}`}, 'work-order', ${VERSION}, 'greet', 'greet', 'active',
              ${entries}, ${sql.json(JSON.parse(greet.snapshot))}, ${`粤J·${entries}-${i}`}, 'Journal Depth', '13700000000', now(), now() + interval '15 minutes', now(), now())
            RETURNING id`;
          // Every entry is a real one in form; the triggers check each follows the one before.
          await tx`
            INSERT INTO journal (case_id, seq, event_type, payload, actor, from_state, to_state, at)
            SELECT ${created!.id}, seq, CASE WHEN seq = 1 THEN 'case.created' ELSE 'note.added' END, '{}'::jsonb,
              '{"id": "seed", "name": "Seed", "role": "advisor"}'::jsonb, CASE WHEN seq = 1 THEN NULL ELSE 'greet' END, 'greet',
              now() - (${entries} - seq) * interval '1 second'
            FROM generate_series(1, ${entries}) AS seq ORDER BY seq`;
          return [created];
        });
        ids.push(row!.id);
      }
      return ids;
    };
    const deep = await make(DEEP_JOURNAL);
    const shallow = await make(SHALLOW_JOURNAL);
    await sql`VACUUM (ANALYZE) journal`;
    log(`[scale] journal depth: ${DEEP_CASES} cases with ${DEEP_JOURNAL.toLocaleString('en-US')} entries and ${DEEP_CASES} with ${SHALLOW_JOURNAL}, made in ${((performance.now() - started) / 1000).toFixed(0)} s`);

    const times = { deep: [] as number[], shallow: [] as number[] };
    const post = async (id: string, role: BenchRole, body: unknown) => {
      const begun = performance.now();
      const response = await fetch(`${baseUrl}/api/cases/${id}/events`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${tokens[role]}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`event on ${id}: ${response.status} ${text.slice(0, 300)}`);
      return performance.now() - begun;
    };
    for (const event of walkEvents()) {
      for (let i = 0; i < DEEP_CASES; i++) {
        times.deep.push(await post(deep[i]!, event.role, event.body));
        times.shallow.push(await post(shallow[i]!, event.role, event.body));
      }
    }
    const d = summarize(times.deep);
    const s = summarize(times.shallow);
    log(`[scale] events 10,001–10,012 of a case: ${latencyLine(d)}`);
    log(`[scale] events 11–22 of a case:         ${latencyLine(s)}`);
    log(`[scale] deep journal vs shallow: median ${((d.p50 / s.p50 - 1) * 100).toFixed(1)} % (target within 10 %)`);
    log(`[scale] server memory: RSS ${memoryMb(options.serverPid).rss.toFixed(0)} MB now, peak ${memoryMb(options.serverPid).peak.toFixed(0)} MB`);
    return { deepMs: d.p50, shallowMs: s.p50 };
  }
}

/** Seeds `cases` work orders by SQL, in one transaction, numbered on from the process's counter. */
export async function seedCases(sql: postgres.Sql, capture: Capture, cases: number, log: (line: string) => void) {
  const resting = capture.snapshots.filter((s) => s.status === 'active');
  // One snapshot per resting state (the walk passes repair.inProgress three times: the first).
  const states = [...new Map(resting.map((s) => [s.state, s])).values()];
  const done = capture.snapshots.find((s) => s.status === 'done')!;
  const type = 'work-order';
  const [{ last_number: base } = { last_number: 0 }] = await sql<{ last_number: number }[]>`
    SELECT last_number FROM case_counters WHERE process_type = ${type}`;
  const started = performance.now();
  log(`[scale] seeding ${cases.toLocaleString('en-US')} work orders by SQL (numbers ${base + 1}…${base + cases})`);

  const indexes = [...(await secondaryIndexes(sql, 'cases')), ...(await secondaryIndexes(sql, 'case_search'))];
  await sql.begin(async (tx) => {
    await tx`SET LOCAL maintenance_work_mem = '256MB'`;
    await tx`SET LOCAL synchronous_commit = off`;
    for (const index of indexes) await tx.unsafe(`DROP INDEX ${index.indexname}`);
    await deferCaseSearch(tx);
    await tx`
      CREATE TEMPORARY TABLE seed_states (slot int, state text, step text, version int, snapshot jsonb, due_minutes float8) ON COMMIT DROP`;
    for (const [slot, s] of states.entries()) {
      await tx`INSERT INTO seed_states VALUES (${slot}, ${s.state}, ${s.step}, ${s.version}, ${sql.json(JSON.parse(s.snapshot))}, ${s.dueInMinutes})`;
    }
    const batch = 100_000;
    for (let from = 1; from <= cases; from += batch) {
      const to = Math.min(cases, from + batch - 1);
      const batchStarted = performance.now();
      // Open cases: one of the resting states' snapshots, entered within the last four hours
      // (or when opened, if later), due by that state's limit.
      await tx`
        INSERT INTO cases (id, number, process_type, definition_version, state, step, status, version, snapshot,
          plate, customer_name, customer_phone, last_actor, state_entered_at, due_at, created_at, updated_at)
        SELECT gen_random_uuid(),
          'WO-' || lpad((${base} + k)::text, greatest(6, length((${base} + k)::text)), '0'),
          ${type}, ${VERSION}, st.state, st.step, 'active', st.version,
          jsonb_set(jsonb_set(jsonb_set(st.snapshot,
            '{context,vehicle,plate}', to_jsonb(${'粤S·'}::text || lpad(k::text, 7, '0'))),
            '{context,customer,name}', to_jsonb('Seeded Customer ' || k)),
            '{context,customer,phone}', to_jsonb('139' || lpad(k::text, 8, '0'))),
          ${'粤S·'}::text || lpad(k::text, 7, '0'), 'Seeded Customer ' || k, '139' || lpad(k::text, 8, '0'),
          NULL, entered, CASE WHEN st.due_minutes IS NULL THEN NULL ELSE entered + st.due_minutes * interval '1 minute' END,
          created, entered
        FROM (
          SELECT k, created, greatest(created, now() - (k % 240) * interval '1 minute') AS entered
          FROM (
            SELECT k,
              CASE WHEN ${cases}::int - k < ${RECENT} THEN now() - (${cases}::int - k) * interval '10 seconds'
                   ELSE now() - interval '3.5 days' - (${cases}::int - k - ${RECENT}) * (interval '3 years' / ${Math.max(1, cases - RECENT)}) END AS created
            FROM generate_series(${from}::int, ${to}::int) AS k
            WHERE CASE WHEN ${cases}::int - k < ${RECENT} THEN (k * 2654435761::int8 % 1000) < 600 ELSE (k * 2654435761::int8 % 1000) < 10 END
          ) o
        ) e
        JOIN seed_states st ON st.slot = k % ${states.length}`;
      const openDone = performance.now();
      // Closed cases: the done snapshot as stored, unchanged (rewriting a 3 KB jsonb per row
      // would triple the seed's time): their context names the capture's customer, while the
      // columns that lists and search read (plate, name, phone) are each case's own.
      await tx`
        INSERT INTO cases (id, number, process_type, definition_version, state, step, status, version, snapshot,
          plate, customer_name, customer_phone, last_actor, state_entered_at, due_at, created_at, updated_at)
        SELECT gen_random_uuid(),
          'WO-' || lpad((${base} + k)::text, greatest(6, length((${base} + k)::text)), '0'),
          ${type}, ${VERSION}, ${done.state}, ${done.step}, 'done', ${done.version}, ${sql.json(JSON.parse(done.snapshot))},
          ${'粤S·'}::text || lpad(k::text, 7, '0'), 'Seeded Customer ' || k, '139' || lpad(k::text, 8, '0'),
          NULL, created + interval '2 hours', NULL, created, created + interval '2 hours'
        FROM (
          SELECT k,
            CASE WHEN ${cases}::int - k < ${RECENT} THEN now() - (${cases}::int - k) * interval '10 seconds'
                 ELSE now() - interval '3.5 days' - (${cases}::int - k - ${RECENT}) * (interval '3 years' / ${Math.max(1, cases - RECENT)}) END AS created
          FROM generate_series(${from}::int, ${to}::int) AS k
          WHERE NOT CASE WHEN ${cases}::int - k < ${RECENT} THEN (k * 2654435761::int8 % 1000) < 600 ELSE (k * 2654435761::int8 % 1000) < 10 END
        ) d`;
      log(`[scale]   ${to.toLocaleString('en-US')} rows (${((performance.now() - started) / 1000).toFixed(0)} s; open ${(openDone - batchStarted).toFixed(0)} ms, closed ${(performance.now() - openDone).toFixed(0)} ms)`);
    }
    await tx`
      INSERT INTO case_counters (process_type, last_number) VALUES (${type}, ${base + cases})
      ON CONFLICT (process_type) DO UPDATE SET last_number = excluded.last_number`;
    await fillCaseSearch(tx);
    for (const index of indexes) await tx.unsafe(index.indexdef);
    log(`[scale]   ${indexes.length} indexes rebuilt (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  });
  await sql`VACUUM (ANALYZE) cases`;
  await sql`VACUUM (ANALYZE) case_search`;
  const [counts] = await sql<{ total: number; open: number; stuck: number }[]>`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'active')::int AS open,
      count(*) FILTER (WHERE status = 'active' AND due_at < now())::int AS stuck FROM cases`;
  log(`[scale] seeded in ${((performance.now() - started) / 1000).toFixed(0)} s: ${counts!.total.toLocaleString('en-US')} cases, ${counts!.open.toLocaleString('en-US')} open, ${counts!.stuck.toLocaleString('en-US')} stuck (vacuumed and analyzed, as autovacuum would)`);
}
