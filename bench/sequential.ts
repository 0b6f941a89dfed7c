/**
 * `npx tsx bench/sequential.ts [walks]`: CPU per request with nothing else in flight. Walks work
 * orders greet → done one request at a time through the app in this process (no HTTP socket, the
 * TypeScript source under tsx) on a fresh PostgreSQL database, and prints this process's CPU,
 * PostgreSQL's CPU and the wall time per request. On a machine whose speed drifts under load this
 * tells two versions of the code apart where the load phase's throughput cannot: run it on each,
 * in turn, a few times. Uses the PostgreSQL server at BENCH_SERVER_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres).
 */
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../db/index.js';
import { migrateDatabase } from '../db/migrate.js';
import { createApp } from '../server/app.js';
import { addStaff } from '../server/core/staff.js';
import { createDatabase, dropDatabase, postgresCpu, postgresCpuBetween } from './support.js';
import { walkEvents, workOrderInput, type BenchRole } from './walk.js';

const serverUrl = process.env.BENCH_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const walks = Number(process.argv[2] ?? 200);
const WARM_UP_WALKS = 30;

const name = `caseflow_bench_sequential_${randomBytes(4).toString('hex')}`;
const database = await openDatabase(await createDatabase(serverUrl, name));
try {
  await migrateDatabase(database);
  const { app } = createApp({ database });
  const tokens = {} as Record<BenchRole, string>;
  for (const role of ['advisor', 'technician', 'cashier'] as const) tokens[role] = (await addStaff(database.db, `Bench ${role}`, role)).token;
  const post = async (role: BenchRole, path: string, body: unknown) => {
    const response = await app.request(path, { method: 'POST', headers: { Authorization: `Bearer ${tokens[role]}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (response.status >= 300) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as { id: string };
  };
  const walk = async (n: number) => {
    const { id } = await post('advisor', '/api/cases', { type: 'work-order', input: workOrderInput(n) });
    for (const step of walkEvents()) await post(step.role, `/api/cases/${id}/events`, step.body);
  };

  for (let n = 0; n < WARM_UP_WALKS; n++) await walk(n);
  const requests = walks * (1 + walkEvents().length);
  const [cpuBefore, postgresBefore, started] = [process.cpuUsage(), postgresCpu(), performance.now()];
  for (let n = 0; n < walks; n++) await walk(WARM_UP_WALKS + n);
  const [cpu, postgresSeconds, wallMs] = [process.cpuUsage(cpuBefore), postgresCpuBetween(postgresBefore, postgresCpu()), performance.now() - started];
  const perRequest = (micros: number) => `${Math.round(micros / requests)} µs`;
  console.log(
    `${walks} walks, ${requests} requests, one at a time. Per request: this process ${perRequest(cpu.user + cpu.system)}, ` +
      `PostgreSQL ${perRequest(postgresSeconds * 1e6)}, wall ${perRequest(wallMs * 1000)}`,
  );
} finally {
  await database.close();
  await dropDatabase(serverUrl, name);
}
