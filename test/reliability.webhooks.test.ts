/**
 * Webhooks and timers with real server processes. A server SIGKILLed while deliveries are pending
 * delivers every journal entry after its restart (a repeat only under the same webhook-id); two
 * servers on one PostgreSQL database deliver each entry once and fire each timer once.
 */
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/index';
import { addStaff } from '../server/core/staff';
import { verifyCases } from '../server/read/verify';
import { backends, createTestDatabase, databaseForServers } from './support/databases';
import { startReceiver, TEST_WEBHOOK_SECRET, type Received, type Receiver } from './support/receiver';
import { callServer, killAll, startServer, type ServerProcess } from './support/servers';
import { namedItemsChecked } from './support/api';
import { sampleSignature } from '../machines/signature';

const DAY = 24 * 3600_000;

const call = callServer;

const estimate = (description: string) => ({
  type: 'estimate.prepared',
  lines: [{ kind: 'labour', description, quantity: 1, unitPriceMinor: 10_000, labourHours: 1 }],
  promisedAt: new Date(Date.now() + 30 * DAY).toISOString(),
});

/** A work order walked to `sign`, where `estimate.prepared` may be sent again and again. */
async function workOrderAtSign(bases: string[], token: string, index: number): Promise<string> {
  const input = {
    customer: { name: `Hook Customer ${index}`, phone: `+86 138 0000 ${String(index).padStart(4, '0')}` },
    vehicle: { plate: `粤D·${String(10_000 + index)}`, odometerKm: 10_000 + index },
    requests: ['Service'],
  };
  const opened = await call(bases[index % bases.length]!, token, 'POST', '/api/cases', { type: 'work-order', input });
  expect(opened.status).toBe(201);
  const steps = [
    { type: 'requests.confirmed' },
    { type: 'inspection.recorded', coversFitted: true, checklist: namedItemsChecked(), findings: [], belongings: [], valuablesReminderGiven: true, customerSignature: sampleSignature('Customer') },
    estimate(`setup ${index}`),
  ];
  for (const [i, step] of steps.entries()) {
    expect((await call(bases[(index + i + 1) % bases.length]!, token, 'POST', `/api/cases/${opened.body.id}/events`, step)).status).toBe(200);
  }
  return opened.body.id;
}

/** Waits until `done()` holds, checking every 100 ms, up to `ms`. */
async function until(done: () => Promise<boolean> | boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await done()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return done();
}

/** What a receiver got, set against the journals: every entry there, in order, repeats identical. */
function tally(received: readonly Received[], journals: Map<string, number>) {
  const byId = new Map<string, Received[]>();
  for (const r of received) byId.set(r.webhookId, [...(byId.get(r.webhookId) ?? []), r]);
  const firstArrivals = new Map<string, number[]>();
  for (const [id, copies] of byId) {
    const { caseId, seq } = copies[0]!.body;
    expect(id).toBe(`${caseId}:${seq}`);
    for (const copy of copies) expect(copy.body).toEqual(copies[0]!.body);
  }
  for (const r of received) {
    if (byId.get(r.webhookId)![0] !== r) continue;
    firstArrivals.set(r.body.caseId, [...(firstArrivals.get(r.body.caseId) ?? []), r.body.seq]);
  }
  let entries = 0;
  const missing: string[] = [];
  for (const [caseId, length] of journals) {
    entries += length;
    const seqs = firstArrivals.get(caseId) ?? [];
    if (seqs.length !== length || seqs.some((seq, i) => seq !== i + 1)) missing.push(`${caseId}: ${seqs.join(',')} of ${length}`);
  }
  return {
    entries,
    deliveries: received.length,
    duplicates: received.length - byId.size,
    unsigned: received.filter((r) => !r.signatureValid).length,
    missingOrOutOfOrder: missing,
  };
}

afterAll(async () => {
  await killAll();
});

describe.each(backends)('webhook deliveries across a SIGKILL on %s', (kind) => {
  it('delivers every journal entry after the restart, in order per case, a repeat only under its own webhook-id', async () => {
    const { url: databaseUrl, token, cleanUp } = await databaseForServers(kind, 'Hook Advisor');
    // A slow receiver: the queue grows under load, so deliveries are pending (and some in flight) at the kill.
    const receiver = await startReceiver({ delayMs: 15 });
    const env = { WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, WEBHOOK_TIMEOUT_SECONDS: '1' };
    try {
      const server = await startServer(databaseUrl, env);
      const CASES = 8;
      const caseIds: string[] = [];
      for (let i = 0; i < CASES; i++) caseIds.push(await workOrderAtSign([server.url], token, i));

      let killed = false;
      let acknowledged = CASES * 4; // each case opened and walked to sign: four entries
      const lane = async (caseId: string, laneIndex: number) => {
        for (let n = 0; n < 200 && !killed; n++) {
          try {
            const response = await call(server.url, token, 'POST', `/api/cases/${caseId}/events`, estimate(`load ${laneIndex}.${n}`));
            if (response.status === 200) acknowledged += 1;
          } catch {
            return; // the server died under this request
          }
        }
      };
      const lanes = caseIds.flatMap((caseId, c) => [lane(caseId, c * 2), lane(caseId, c * 2 + 1)]);
      await until(() => acknowledged >= 150 && acknowledged - receiver.accepted.length >= 40, 20_000);
      const pendingAtKill = acknowledged - receiver.accepted.length;
      killed = true;
      await server.kill();
      await Promise.all(lanes);
      const receivedBeforeRestart = receiver.accepted.length;

      const restarted = await startServer(databaseUrl, env);
      const journals = new Map<string, number>();
      for (const caseId of caseIds) {
        const journal = await call(restarted.url, token, 'GET', `/api/cases/${caseId}/events`);
        journals.set(caseId, journal.body.length);
      }
      await until(() => tally(receiver.accepted, journals).missingOrOutOfOrder.length === 0, 45_000);
      const figures = tally(receiver.accepted, journals);
      console.log(
        `[webhooks, SIGKILL on ${kind}] entries ${figures.entries}, acknowledged ${acknowledged}, pending at the kill ~${pendingAtKill}, ` +
          `received before the restart ${receivedBeforeRestart}, deliveries ${figures.deliveries}, duplicates ${figures.duplicates} (each under its own webhook-id)`,
      );
      expect(pendingAtKill).toBeGreaterThan(0);
      expect(figures.missingOrOutOfOrder).toEqual([]);
      expect(figures.unsigned).toBe(0);
      await restarted.stop();
    } finally {
      await killAll();
      await receiver.close();
      await cleanUp();
    }
  }, 120_000);
});

describe('two servers on one PostgreSQL database', () => {
  let receiver: Receiver | undefined;

  afterAll(async () => {
    await receiver?.close();
  });

  it('deliver each journal entry once, in order per case, and fire each timer once', async () => {
    const database = await createTestDatabase('postgres');
    receiver = await startReceiver();
    try {
      const token = (await addStaff(database.db, 'Race Advisor', 'advisor')).token;
      const env = {
        WEBHOOK_URL: receiver.url,
        WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
        // A complaint is overdue 3 s after it is received; both servers look for due timers twice a second.
        TIME_LIMITS: JSON.stringify({ complaint: { received: 0.05 } }),
        TIMER_POLL_SECONDS: '0.5',
      };
      const servers: ServerProcess[] = await Promise.all([startServer(database.url, env), startServer(database.url, env)]);
      const bases = servers.map((s) => s.url);

      const workOrders = await Promise.all(Array.from({ length: 8 }, (_, i) => workOrderAtSign(bases, token, i)));
      await Promise.all(
        workOrders.map(async (caseId, c) => {
          for (let n = 0; n < 15; n++) {
            const response = await call(bases[(c + n) % 2]!, token, 'POST', `/api/cases/${caseId}/events`, estimate(`race ${c}.${n}`));
            expect(response.status).toBe(200);
          }
        }),
      );
      const complaints: string[] = [];
      for (let i = 0; i < 16; i++) {
        const opened = await call(bases[i % 2]!, token, 'POST', '/api/cases', {
          type: 'complaint',
          input: { channel: 'phone', customer: { name: `Caller ${i}` }, statement: 'Noise again.', severity: 'low' },
        });
        expect(opened.status).toBe(201);
        complaints.push(opened.body.id);
      }

      const journals = async () =>
        new Map(
          (await queryRows<{ case_id: string; n: number }>(database.db, sql`SELECT case_id, count(*)::int AS n FROM journal GROUP BY case_id`)).map((r) => [r.case_id, r.n]),
        );
      const overdueEntries = async () =>
        queryRows<{ case_id: string; n: number }>(
          database.db,
          sql`SELECT case_id, count(*)::int AS n FROM journal WHERE event_type = 'case.overdue' GROUP BY case_id`,
        );
      await until(async () => (await overdueEntries()).length >= complaints.length, 20_000);
      await until(async () => tally(receiver!.accepted, await journals()).missingOrOutOfOrder.length === 0, 20_000);
      // A little longer: a second delivery of anything, or a second escalation, would show up now.
      await new Promise((resolve) => setTimeout(resolve, 1500));

      const figures = tally(receiver.accepted, await journals());
      const overdue = await overdueEntries();
      console.log(
        `[webhooks, two servers on postgres] entries ${figures.entries}, deliveries ${figures.deliveries}, duplicates ${figures.duplicates}; ` +
          `timers: ${complaints.length} complaints past due, case.overdue entries ${overdue.reduce((sum, r) => sum + r.n, 0)}`,
      );
      expect(figures.missingOrOutOfOrder).toEqual([]);
      expect(figures.duplicates).toBe(0);
      expect(figures.unsigned).toBe(0);
      expect(overdue.map((r) => r.n).sort()).toEqual(complaints.map(() => 1));
      expect(new Set(overdue.map((r) => r.case_id))).toEqual(new Set(complaints));
      expect((await verifyCases(database.db)).discrepancies).toEqual([]);
      await Promise.all(servers.map((s) => s.stop()));
    } finally {
      await killAll();
      await database.drop();
    }
  }, 120_000);
});
