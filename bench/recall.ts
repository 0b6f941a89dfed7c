/**
 * Recall at scale: a million recorded device sales seeded by SQL (each with the snapshot the
 * real machine gives a recorded sale, and two traced units: a serial-numbered one and a line of
 * a lot shared by 50 sales), then, against the running server, the time of a recall by lot and
 * by serial number (`GET /api/recall`, as QA).
 */
import postgres from 'postgres';
import { applyEvent, findProcess, startCase, type Actor } from '../machines/index.js';
import { deferCaseSearch, fillCaseSearch, ms, secondaryIndexes, summarize } from './support.js';

export interface RecallOptions {
  url: string;
  baseUrl: string;
  /** A QA member's token: a recall is theirs to run. */
  qaToken: string;
  sales: number;
  log: (line: string) => void;
}

/** How many sales share one lot. */
const SALES_PER_LOT = 50;
export const benchLot = (n: number) => `LB-${String(n).padStart(6, '0')}`;
export const benchSerial = (n: number) => `SB-${String(n).padStart(8, '0')}`;

/** A recorded sale's snapshot, made by the machine itself (its buyer is rewritten per seeded case). */
function recordedSaleSnapshot(now: Date): unknown {
  const definition = findProcess('device-sale')!;
  const actor: Actor = { id: 'bench', name: 'Bench', role: 'advisor' };
  const started = startCase(definition, { buyer: { kind: 'medicalInstitution', name: 'Bench Hospital' } });
  if (!started.ok) throw new Error(started.refusal.message);
  const day = now.toISOString().slice(0, 10);
  const qualified = applyEvent(definition, started.value.snapshot, { type: 'buyer.qualified', licences: [{ kind: 'practiceLicence', number: 'P1', holder: 'Bench Hospital', expiresOn: '2099-12-31' }] }, actor, now);
  if (!qualified.ok) throw new Error(qualified.refusal.message);
  const unit = { product: 'Infusion pump', manufacturer: 'Bench Medical', model: 'IP-7', productionDate: '2026-01-01', serviceLifeYears: 8 };
  const recorded = applyEvent(
    definition,
    qualified.value.snapshot,
    { type: 'sale.recorded', saleDate: day, handler: 'Bench', invoiceNumber: 'INV', contractNumber: 'HT', units: [{ ...unit, serialNumber: benchSerial(0), quantity: 1 }, { ...unit, lot: benchLot(0), quantity: 10 }] },
    actor,
    now,
  );
  if (!recorded.ok) throw new Error(recorded.refusal.message);
  return recorded.value.snapshot.toJSON();
}

export async function measureRecall(options: RecallOptions): Promise<{ lotMs: number; serialMs: number }> {
  const { log, sales } = options;
  const sql = postgres(options.url, { max: 1, onnotice: () => {} });
  try {
    await seedSales(sql, sales, log);
  } finally {
    await sql.end({ timeout: 5 });
  }
  const get = async (path: string) => {
    const started = performance.now();
    const response = await fetch(`${options.baseUrl}${path}`, { headers: { Authorization: `Bearer ${options.qaToken}` } });
    const body = await response.text();
    const elapsed = performance.now() - started;
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${body.slice(0, 300)}`);
    return { elapsed, items: (JSON.parse(body) as { items: unknown[] }).items };
  };
  const medians: number[] = [];
  const lots = Math.max(1, Math.floor(sales / SALES_PER_LOT));
  for (const [name, path] of [
    ['recall by lot', `/api/recall?lot=${benchLot(Math.floor(lots / 3))}`],
    ['recall by serial', `/api/recall?serial=${benchSerial(Math.floor(sales / 2))}`],
  ] as const) {
    const first = await get(path);
    const times: number[] = [];
    for (let i = 0; i < 20; i++) times.push((await get(path)).elapsed);
    const s = summarize(times);
    medians.push(s.p50);
    log(`[recall] ${name.padEnd(16)} GET ${path}: first ${ms(first.elapsed)}, then median ${ms(s.p50)}, max ${ms(s.max)} over 20 (${first.items.length} units)`);
  }
  return { lotMs: medians[0]!, serialMs: medians[1]! };
}

/** Seeds `sales` recorded device sales and their traced units by SQL, in one transaction, numbered on from the counter. */
export async function seedSales(sql: postgres.Sql, sales: number, log: (line: string) => void) {
  const type = 'device-sale';
  const snapshot = recordedSaleSnapshot(new Date());
  const [{ last_number: base } = { last_number: 0 }] = await sql<{ last_number: number }[]>`
    SELECT last_number FROM case_counters WHERE process_type = ${type}`;
  const started = performance.now();
  log(`[recall] seeding ${sales.toLocaleString('en-US')} device sales with ${(2 * sales).toLocaleString('en-US')} traced units by SQL`);
  const indexes = [...(await secondaryIndexes(sql, 'traced_units')), ...(await secondaryIndexes(sql, 'case_search'))];
  await sql.begin(async (tx) => {
    await tx`SET LOCAL maintenance_work_mem = '256MB'`;
    await tx`SET LOCAL synchronous_commit = off`;
    for (const index of indexes) await tx.unsafe(`DROP INDEX ${index.indexname}`);
    await deferCaseSearch(tx);
    await tx`CREATE TEMPORARY TABLE seed_sales (k int PRIMARY KEY, id uuid, created timestamptz) ON COMMIT DROP`;
    const batch = 100_000;
    for (let from = 1; from <= sales; from += batch) {
      const to = Math.min(sales, from + batch - 1);
      await tx`
        INSERT INTO seed_sales SELECT k, gen_random_uuid(), now() - (${sales}::int - k) * (interval '3 years' / ${sales}::int)
        FROM generate_series(${from}::int, ${to}::int) AS k`;
      await tx`
        INSERT INTO cases (id, number, process_type, definition_version, state, step, status, version, snapshot,
          plate, customer_name, customer_phone, last_actor, state_entered_at, due_at, created_at, updated_at)
        SELECT s.id, 'DS-' || lpad((${base} + s.k)::text, greatest(6, length((${base} + s.k)::text)), '0'), ${type}, 1, 'done', 'done', 'done', 3,
          jsonb_set(${sql.json(snapshot as never)}::jsonb, '{context,buyer,name}', to_jsonb('Bench Hospital ' || s.k)),
          NULL, 'Bench Hospital ' || s.k, NULL, NULL, s.created, NULL, s.created, s.created
        FROM seed_sales s WHERE s.k BETWEEN ${from} AND ${to}`;
      await tx`
        INSERT INTO traced_units (case_id, line, product, manufacturer, model, serial, lot, quantity, production_date, party, traded_on, recorded_at, retain_until)
        SELECT s.id, u.line, 'Infusion pump', 'Bench Medical', 'IP-7',
          CASE WHEN u.line = 0 THEN 'SB-' || lpad(s.k::text, 8, '0') END,
          CASE WHEN u.line = 1 THEN 'LB-' || lpad((s.k % ${Math.max(1, Math.floor(sales / SALES_PER_LOT))})::text, 6, '0') END,
          CASE WHEN u.line = 0 THEN 1 ELSE 10 END, date '2026-01-01', 'Bench Hospital ' || s.k, s.created::date, s.created, date '2035-01-01'
        FROM seed_sales s CROSS JOIN (VALUES (0), (1)) AS u(line) WHERE s.k BETWEEN ${from} AND ${to}`;
      log(`[recall]   ${to.toLocaleString('en-US')} sales (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
    await tx`
      INSERT INTO case_counters (process_type, last_number) VALUES (${type}, ${base + sales})
      ON CONFLICT (process_type) DO UPDATE SET last_number = excluded.last_number`;
    await fillCaseSearch(tx);
    for (const index of indexes) await tx.unsafe(index.indexdef);
    log(`[recall]   ${indexes.length} traced-unit and search indexes rebuilt (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  });
  await sql`VACUUM (ANALYZE) traced_units`;
  await sql`ANALYZE cases`;
  log(`[recall] seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
