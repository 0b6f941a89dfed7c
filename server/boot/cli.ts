/**
 * `npm run cli -- <command>`: staff administration against the database that DATABASE_URL names
 * (else the embedded one). Pending migrations are applied first, as the server does.
 *
 *   user add --name NAME --role ROLE   prints the new token alone on the last line
 *   user list
 *   user revoke --id ID
 *   verify                             replays every case's journal; exit 1 if any case differs from it
 *   migrate --type TYPE --to VERSION [--dry-run]
 *                                      moves the process's open cases to that version, one line per case
 */
import { parseArgs } from 'node:util';
import { openDatabase, type Database } from '../../db/index.js';
import { migrateDatabase } from '../../db/migrate.js';
import { roleSchema } from '../../machines/index.js';
import { loadConfig } from '../config.js';
import { addStaff, listStaff, revokeStaff } from '../core/staff.js';
import { migrateOpenCases, unknownTarget } from '../core/migration.js';
import { verifyCases } from '../read/verify.js';
import { migrationLine, migrationSummary } from './migrationReport.js';

const usage = `usage:
  npm run cli -- user add --name NAME --role advisor|technician|cashier|qa|manager
  npm run cli -- user list
  npm run cli -- user revoke --id ID
  npm run cli -- verify
  npm run cli -- migrate --type TYPE --to VERSION [--dry-run]`;

type Command = (database: Database, options: Record<string, string | boolean | undefined>) => Promise<number>;

const commands: Record<string, Command> = {
  'user add': async ({ db }, { name, role }) => {
    const parsedRole = roleSchema.safeParse(role);
    if (typeof name !== 'string' || name.trim() === '' || !parsedRole.success) {
      console.error(`user add needs --name and --role (one of ${roleSchema.options.join(', ')})`);
      return 2;
    }
    const { member, token } = await addStaff(db, name.trim(), parsedRole.data);
    console.log(`added ${member.role} ${member.name} (${member.id}); token:`);
    console.log(token);
    return 0;
  },
  'user list': async ({ db }) => {
    for (const m of await listStaff(db)) {
      console.log([m.id, m.role.padEnd(10), m.name, m.revokedAt ? `revoked ${m.revokedAt.toISOString()}` : 'active'].join('  '));
    }
    return 0;
  },
  'user revoke': async ({ db }, { id }) => {
    if (typeof id !== 'string') {
      console.error('user revoke needs --id');
      return 2;
    }
    const done = /^[0-9a-f-]{36}$/i.test(id) && (await revokeStaff(db, id));
    console.log(done ? `revoked ${id}` : `no active staff member ${id}`);
    return done ? 0 : 1;
  },
  verify: async ({ db }) => {
    const report = await verifyCases(db);
    for (const { number, caseId, problems } of report.discrepancies) {
      for (const problem of problems) console.log(`${number} ${caseId}: ${problem}`);
    }
    const differing = report.discrepancies.length;
    console.log(
      `verified ${report.cases} cases (${report.journalEntries} journal entries): ` +
        (differing === 0 ? 'every case matches its journal' : `${differing} differ from their journal`),
    );
    return differing === 0 ? 0 : 1;
  },
  migrate: async ({ db }, { type, to, 'dry-run': dryRun }) => {
    const version = Number(to);
    if (typeof type !== 'string' || typeof to !== 'string' || !/^[1-9][0-9]*$/.test(to)) {
      console.error('migrate needs --type TYPE and --to VERSION (a whole number)');
      return 2;
    }
    const problem = unknownTarget(type, version);
    if (problem) {
      console.error(problem);
      return 2;
    }
    const trial = dryRun === true;
    const run = await migrateOpenCases({
      db,
      type,
      to: version,
      dryRun: trial,
      timeLimits: loadConfig().timeLimits,
      onLine: (line) => console.log(migrationLine(line, trial)),
    });
    console.log(migrationSummary(type, version, run, trial));
    return 0;
  },
};

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        role: { type: 'string' },
        id: { type: 'string' },
        type: { type: 'string' },
        to: { type: 'string' },
        'dry-run': { type: 'boolean' },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const command = commands[parsed.positionals.slice(0, 2).join(' ')] ?? commands[parsed.positionals[0] ?? ''];
  if (!command) {
    console.error(usage);
    return 2;
  }
  const database = await openDatabase(loadConfig().databaseUrl);
  try {
    await migrateDatabase(database);
    return await command(database, parsed.values);
  } finally {
    await database.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
