/**
 * Crash safety with real processes: a server under load (24 cases, 240 events in flight) is
 * SIGKILLed and started again over the same database. Every event that was answered 2xx must be
 * in the journal and in the snapshot, nothing may be applied twice or by halves, and
 * `npm run cli -- verify` must pass. On PostgreSQL and on PGlite (whose folder the killed process held).
 */
import { sampleSignature } from '../machines/signature';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backends, databaseForServers } from './support/databases';
import { callServer, killAll, runCli, startServer } from './support/servers';
import { namedItemsChecked } from './support/api';

const CASES = 24;
const LANES_PER_CASE = 10;
/** Kill once this many events are in flight (and some have been answered). */
const IN_FLIGHT_AT_KILL = 200;
const MIN_ACKNOWLEDGED_BEFORE_KILL = 150;
/** Bounds on the load, whatever happens. */
const MAX_EVENTS_PER_LANE = 400;
const LOAD_DEADLINE_MS = 20_000;
const REQUEST_TIMEOUT_MS = 15_000;

const DAY = 24 * 3600_000;

const call = (base: string, token: string, method: string, path: string, body?: unknown) => callServer(base, token, method, path, body, REQUEST_TIMEOUT_MS);

const estimate = (description: string) => ({
  type: 'estimate.prepared',
  lines: [{ kind: 'labour', description, quantity: 1, unitPriceMinor: 10_000, labourHours: 1 }],
  promisedAt: new Date(Date.now() + 30 * DAY).toISOString(),
});

/** A work order walked to `sign`, where `estimate.prepared` may be sent again and again. */
async function workOrderAtSign(base: string, token: string, index: number): Promise<string> {
  const input = {
    customer: { name: `Load Customer ${index}`, phone: `+86 138 0000 ${String(index).padStart(4, '0')}` },
    vehicle: { plate: `粤B·${String(10_000 + index)}`, odometerKm: 10_000 + index },
    requests: ['Service'],
  };
  const opened = await call(base, token, 'POST', '/api/cases', { type: 'work-order', input });
  expect(opened.status).toBe(201);
  const id: string = opened.body.id;
  const steps = [
    { type: 'requests.confirmed' },
    { type: 'inspection.recorded', coversFitted: true, checklist: namedItemsChecked(), findings: [], belongings: [], valuablesReminderGiven: true, customerSignature: sampleSignature('Customer') },
    estimate(`setup ${index}`),
  ];
  for (const step of steps) expect((await call(base, token, 'POST', `/api/cases/${id}/events`, step)).status).toBe(200);
  return id;
}

interface Acknowledged {
  caseId: string;
  description: string;
  version: number;
}

afterAll(async () => {
  await killAll();
});

describe.each(backends)('a server SIGKILLed under load on %s', (kind) => {
  it('keeps every acknowledged event, applies none twice or by halves, and verify passes after the restart', async () => {
    // A fresh database with one advisor, made before any server holds it.
    const { url: databaseUrl, token, cleanUp } = await databaseForServers(kind, 'Load Advisor');

    try {
      // Warnings kept: a failure shows what the server saw (a pool it renewed, a statement that failed).
      const server = await startServer(databaseUrl, { LOG_LEVEL: 'warn' });
      const caseIds = await Promise.all(Array.from({ length: CASES }, (_, i) => workOrderAtSign(server.url, token, i)));

      // The load: every lane sends events to its case one after another, until the kill.
      let killed = false;
      let inFlight = 0;
      let sent = 0;
      let fiveHundreds = 0;
      let unanswered = 0;
      const acknowledged: Acknowledged[] = [];
      const loadStarted = Date.now();
      const lane = async (caseIndex: number, laneIndex: number) => {
        for (let n = 0; n < MAX_EVENTS_PER_LANE && !killed && Date.now() - loadStarted < LOAD_DEADLINE_MS; n++) {
          const description = `load ${caseIndex}.${laneIndex}.${n}`;
          inFlight += 1;
          sent += 1;
          try {
            const response = await call(server.url, token, 'POST', `/api/cases/${caseIds[caseIndex]}/events`, estimate(description));
            if (response.status >= 200 && response.status < 300) {
              acknowledged.push({ caseId: caseIds[caseIndex]!, description, version: response.body.version });
            } else if (response.status >= 500) {
              fiveHundreds += 1;
            }
          } catch {
            unanswered += 1; // the connection died with the server: the outcome is unknown
            return;
          } finally {
            inFlight -= 1;
          }
        }
      };
      const lanes = caseIds.flatMap((_, c) => Array.from({ length: LANES_PER_CASE }, (_, l) => lane(c, l)));

      while (!(inFlight >= IN_FLIGHT_AT_KILL && acknowledged.length >= MIN_ACKNOWLEDGED_BEFORE_KILL)) {
        if (Date.now() - loadStarted > LOAD_DEADLINE_MS) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      killed = true;
      const inFlightAtKill = inFlight;
      const acknowledgedAtKill = acknowledged.length;
      await server.kill();
      await Promise.all(lanes);

      // Start again over the same database (for PGlite: the folder the killed process held).
      const restarted = await startServer(databaseUrl);
      let foundAfterwards = 0;
      const seen = new Set<string>();
      for (const caseId of caseIds) {
        const [journal, view] = await Promise.all([
          call(restarted.url, token, 'GET', `/api/cases/${caseId}/events`),
          call(restarted.url, token, 'GET', `/api/cases/${caseId}`),
        ]);
        expect(journal.status).toBe(200);
        const entries = journal.body as Array<{ seq: number; type: string; payload: any }>;
        expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
        expect(view.body.version).toBe(entries.length);
        const revisions = new Set<string>(view.body.context.estimateRevisions.map((r: any) => r.lines[0].description));
        for (const entry of entries) {
          const description: string | undefined = entry.payload?.lines?.[0]?.description;
          if (!description?.startsWith('load ')) continue;
          expect(seen.has(description), `${description} applied twice`).toBe(false);
          seen.add(description);
          expect(revisions.has(description), `${description} is in the journal but not in the snapshot`).toBe(true);
          foundAfterwards += 1;
        }
        const acknowledgedHere = acknowledged.filter((a) => a.caseId === caseId);
        // On a failure, what the case holds and what was acknowledged on it, to tell a lost event from a misnumbered answer.
        const story = () =>
          `case at version ${view.body.version}; journal: ${entries.map((e) => `${e.seq}:${e.payload?.lines?.[0]?.description ?? e.type}`).join(', ')}; ` +
          `acknowledged: ${acknowledgedHere.map((a) => `${a.version}:${a.description}`).join(', ')}; the killed server's warnings:\n${server.output().slice(-4000)}`;
        const missing = acknowledgedHere.filter((ack) => entries[ack.version - 1]?.payload?.lines?.[0]?.description !== ack.description);
        expect(missing, missing.length > 0 ? `acknowledged but not in the journal at their versions; ${story()}` : undefined).toEqual([]);
        for (const ack of acknowledgedHere) expect(revisions.has(ack.description), `${ack.description} acknowledged but not in the snapshot`).toBe(true);
      }
      // The restarted server takes the next event on a case that was mid-load.
      const before = (await call(restarted.url, token, 'GET', `/api/cases/${caseIds[0]}`)).body.version;
      const after = await call(restarted.url, token, 'POST', `/api/cases/${caseIds[0]}/events`, estimate('after the restart'));
      expect(after.status).toBe(200);
      expect(after.body.version).toBe(before + 1);
      await restarted.stop();

      const verify = await runCli(['verify'], databaseUrl);

      console.log(
        `[crash on ${kind}] cases ${CASES}, events sent ${sent}, in flight at the kill ${inFlightAtKill}, ` +
          `acknowledged ${acknowledged.length} (${acknowledgedAtKill} before the kill), unanswered ${unanswered}, ` +
          `found afterwards ${foundAfterwards} (${foundAfterwards - acknowledged.length} committed but never answered), 5xx ${fiveHundreds}; ` +
          `verify: ${verify.stdout.trim().split('\n').at(-1)}`,
      );
      expect(inFlightAtKill).toBeGreaterThanOrEqual(IN_FLIGHT_AT_KILL);
      expect(acknowledged.length).toBeGreaterThanOrEqual(MIN_ACKNOWLEDGED_BEFORE_KILL);
      expect(fiveHundreds).toBe(0);
      expect(foundAfterwards).toBeGreaterThanOrEqual(acknowledged.length);
      expect(foundAfterwards - acknowledged.length).toBeLessThanOrEqual(unanswered);
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);
      expect(verify.stdout).toContain(`verified ${CASES} cases`);
      expect(verify.stdout).toContain('every case matches its journal');
    } finally {
      await killAll();
      await cleanUp();
    }
  }, 90_000);
});
