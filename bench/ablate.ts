/**
 * `npx tsx bench/ablate.ts [variant,…]`: what PostgreSQL spends on one transition, and on what.
 * Replays the floor's statements (the engine's SQL, token lookups left out) on fresh databases,
 * each migrated and then stripped of one thing (the journal triggers, the trigram index, …), and
 * prints PostgreSQL's CPU per transition for each. Variants: see `variants` below; default all.
 * Uses the PostgreSQL server at BENCH_SERVER_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../db/index.js';
import { migrateDatabase } from '../db/migrate.js';
import { addStaff } from '../server/core/staff.js';
import { captureWalk, runFloor } from './floor.js';
import { createDatabase, dropDatabase, machineBusySeconds, postgresCpu, postgresCpuBetween } from './support.js';
import type { BenchRole } from './walk.js';

const serverUrl = process.env.BENCH_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const secondaryIndexes = ['cases_created_at_idx', 'cases_process_type_created_at_idx', 'cases_active_state_idx', 'cases_active_created_at_idx', 'cases_active_due_at_idx'];
const noTriggers = ['ALTER TABLE journal DISABLE TRIGGER USER', 'ALTER TABLE cases DISABLE TRIGGER USER'];

const variants: Record<string, string[]> = {
  'as migrated': [],
  'no journal triggers': noTriggers,
  'no trigram index': ['DROP INDEX case_search_text_trgm_idx'],
  'no secondary indexes': secondaryIndexes.map((name) => `DROP INDEX ${name}`),
  'neither': [...secondaryIndexes.map((name) => `DROP INDEX ${name}`), ...noTriggers],
  'pglz snapshots': ['ALTER TABLE cases ALTER COLUMN snapshot SET COMPRESSION pglz'],
  // The journal checks as migration 0001 wrote them (four PL/pgSQL calls per event), before 0013.
  'checks of 0001': [
    'DROP TRIGGER cases_version_steps ON cases',
    'CREATE TRIGGER cases_version_steps BEFORE UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION cases_guard_version()',
    `CREATE FUNCTION journal_require_previous_entry() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF NEW.seq <> 1 AND NOT EXISTS (SELECT 1 FROM journal WHERE case_id = NEW.case_id AND seq = NEW.seq - 1) THEN
         RAISE EXCEPTION 'journal entry % of case % has no entry % before it', NEW.seq, NEW.case_id, NEW.seq - 1 USING ERRCODE = 'integrity_constraint_violation';
       END IF;
       RETURN NEW;
     END; $$`,
    'CREATE TRIGGER journal_gap_free BEFORE INSERT ON journal FOR EACH ROW EXECUTE FUNCTION journal_require_previous_entry()',
    `CREATE OR REPLACE FUNCTION journal_require_case_version() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF NOT EXISTS (SELECT 1 FROM cases WHERE id = NEW.case_id AND version >= NEW.seq) THEN
         RAISE EXCEPTION 'journal entry % of case % was appended without the case reaching that version', NEW.seq, NEW.case_id USING ERRCODE = 'integrity_constraint_violation';
       END IF;
       RETURN NULL;
     END; $$`,
  ],
};

const chosen = process.argv[2]?.split(',') ?? Object.keys(variants);
for (const name of chosen) {
  const statements = variants[name];
  if (!statements) throw new Error(`no variant "${name}"; one of: ${Object.keys(variants).join(', ')}`);
  const database = `caseflow_bench_ablate_${randomBytes(4).toString('hex')}`;
  const url = await createDatabase(serverUrl, database);
  try {
    const opened = await openDatabase(url);
    await migrateDatabase(opened);
    const tokens = {} as Record<BenchRole, string>;
    for (const role of ['advisor', 'technician', 'cashier'] as const) tokens[role] = (await addStaff(opened.db, `Bench ${role}`, role)).token;
    for (const statement of statements) await opened.db.execute(statement);
    await opened.close();

    const capture = await captureWalk(url, tokens, 1);
    for (const request of capture.requests) request.statements = request.statements.filter((s) => !/from "staff"/.test(s.query));
    let pgBefore = postgresCpu();
    let busyBefore = machineBusySeconds();
    let pgSeconds = 0;
    let busySeconds = 0;
    const seconds = 8;
    const result = await runFloor(url, capture, {
      clients: 32,
      warmupMs: 2000,
      durationMs: seconds * 1000,
      onMeasuring: () => {
        pgBefore = postgresCpu();
        busyBefore = machineBusySeconds();
      },
      onMeasured: () => {
        pgSeconds = postgresCpuBetween(pgBefore, postgresCpu());
        busySeconds = machineBusySeconds() - busyBefore;
      },
    });
    const perTransition = (cpu: number) => `${Math.round((cpu * 1e6) / result.transitions)} µs`;
    console.log(
      `${name.padEnd(22)} ${Math.round(result.transitions / seconds)} transitions/s; postgres ${perTransition(pgSeconds)} per transition, ` +
        `client ${perTransition(result.cpuSeconds)}; anything else ${((busySeconds - pgSeconds - result.cpuSeconds) / seconds).toFixed(2)} cores`,
    );
  } finally {
    await dropDatabase(serverUrl, database);
  }
}
process.exit(0);
