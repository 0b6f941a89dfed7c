/**
 * A migration killed part-way: `npm run cli -- migrate` moving many open version-1 work orders
 * is SIGKILLed after it has printed some of them. Every case must then be either migrated (on
 * version 2, its last journal entry the `case.migrated` one at its version) or untouched (on
 * version 1, no such entry, its version unchanged); `verify` must pass; and running the
 * migration again finishes the job. Before that, a dry run prints every case and writes nothing.
 * On PostgreSQL and on PGlite (whose folder the killed CLI held).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows, type Database } from '../db/index';
import { migrateDatabase } from '../db/migrate';
import { walkInput } from '../machines/work-order/walk';
import { createEngine } from '../server/core/engine';
import { addStaff } from '../server/core/staff';
import { backends, createTestDatabase } from './support/databases';
import { killAll, runCli, startCli } from './support/servers';

const CASES = 300;
/** Kill once this many cases have been reported migrated. */
const MIGRATED_AT_KILL = 40;

afterAll(async () => {
  await killAll();
});

/** Opens `CASES` work orders on version 1 (with one event each, so each has a history to keep). */
async function seedVersion1Cases(database: Database) {
  const { member } = await addStaff(database.db, 'Crash Advisor', 'advisor');
  const engine = createEngine({ db: database.db, clock: () => new Date(), timeLimits: {}, idempotencyRetentionMs: 3600_000 });
  for (let n = 0; n < CASES; n++) {
    const opened = await engine.openCase(member, { type: 'work-order', input: walkInput(n) }, { onVersion: { definitionVersion: 1 } });
    if (!opened.ok) throw new Error(opened.refusal.message);
    const sent = await engine.sendEvent(member, opened.value.view.id, { type: 'requests.confirmed' });
    if (!sent.ok) throw new Error(sent.refusal.message);
  }
}

describe.each(backends)('a migration SIGKILLed part-way on %s', (kind) => {
  it('leaves every case migrated with its journal entry or untouched, verify passes, and a second run finishes', async () => {
    let databaseUrl: string;
    let cleanUp: () => Promise<void>;
    if (kind === 'postgres') {
      const database = await createTestDatabase('postgres');
      await seedVersion1Cases(database);
      await database.close();
      databaseUrl = database.url;
      cleanUp = database.drop;
    } else {
      const folder = await mkdtemp(join(tmpdir(), 'caseflow-migrate-crash-'));
      databaseUrl = `pglite:${folder}`;
      const database = await openDatabase(databaseUrl);
      await migrateDatabase(database);
      await seedVersion1Cases(database);
      await database.close();
      cleanUp = () => rm(folder, { recursive: true, force: true });
    }

    try {
      const unknown = await runCli(['migrate', '--type', 'work-order', '--to', '9'], databaseUrl);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('work-order has no version 9 (it has 1, 2)');

      // A dry run prints what it would do for each case, and writes nothing.
      const dry = await runCli(['migrate', '--type', 'work-order', '--to', '2', '--dry-run'], databaseUrl);
      expect(dry.code, dry.stderr).toBe(0);
      const dryLines = dry.stdout.split('\n').filter((line) => line.startsWith('WO-'));
      expect(dryLines).toHaveLength(CASES);
      expect(dryLines[0]).toMatch(/^WO-000001 +would migrate +v1 → v2 +inspect$/);
      expect(dry.stdout).toContain(`dry run, nothing written: ${CASES} work-order case(s) would move to version 2, 0 would stay on their version`);

      const cli = startCli(['migrate', '--type', 'work-order', '--to', '2'], databaseUrl);
      const migratedLines = () => cli.stdout().split('\n').filter((line) => / migrated +v1 → v2 /.test(line)).length;
      const deadline = Date.now() + 60_000;
      while (migratedLines() < MIGRATED_AT_KILL && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
      await cli.kill();
      const printedBeforeKill = migratedLines();
      expect(cli.stdout(), 'the migration ran to its end before the kill').not.toContain('moved to version 2');

      const database = await openDatabase(databaseUrl);
      let migrated: number;
      let untouched: number;
      try {
        const rows = await queryRows<{ definition_version: number; version: number; last_type: string; last_seq: number; migrations: number }>(
          database.db,
          sql`SELECT c.definition_version, c.version, j.event_type AS last_type, j.seq AS last_seq,
                (SELECT count(*)::int FROM journal m WHERE m.case_id = c.id AND m.event_type = 'case.migrated') AS migrations
              FROM cases c JOIN journal j ON j.case_id = c.id
                AND j.seq = (SELECT max(seq) FROM journal k WHERE k.case_id = c.id)`,
        );
        expect(rows.length).toBe(CASES);
        const onVersion2 = rows.filter((r) => r.definition_version === 2);
        const onVersion1 = rows.filter((r) => r.definition_version === 1);
        for (const r of onVersion2) expect(r).toMatchObject({ version: 3, last_type: 'case.migrated', last_seq: 3, migrations: 1 });
        for (const r of onVersion1) expect(r).toMatchObject({ version: 2, last_type: 'requests.confirmed', last_seq: 2, migrations: 0 });
        migrated = onVersion2.length;
        untouched = onVersion1.length;
      } finally {
        await database.close();
      }
      console.log(`[migration crash on ${kind}] ${CASES} cases; killed after ${printedBeforeKill} were printed; found ${migrated} migrated, ${untouched} untouched`);
      expect(migrated).toBeGreaterThanOrEqual(printedBeforeKill);
      expect(untouched).toBeGreaterThan(0);

      const verify = await runCli(['verify'], databaseUrl);
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);

      const again = await runCli(['migrate', '--type', 'work-order', '--to', '2'], databaseUrl);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain(`${untouched} work-order case(s) moved to version 2, 0 left on their version`);
      const finalVerify = await runCli(['verify'], databaseUrl);
      expect(finalVerify.stdout).toContain(`verified ${CASES} cases`);
      expect(finalVerify.code).toBe(0);
    } finally {
      await killAll();
      await cleanUp();
    }
  }, 180_000);
});
