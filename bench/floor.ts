/**
 * The floor: the SQL caseflow sends for each request of a walk, captured from the real app (in
 * this process, through `app.request`, with the server's own database client) and then replayed
 * with postgres.js alone at concurrency C: no HTTP, no XState, no validation, no JSON building.
 * What the replay costs is what our SQL costs; what caseflow costs beyond it is our code.
 */
import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import { connectPostgres, openDatabase } from '../db/index.js';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { walk, type BenchRole } from './walk.js';

export interface Statement {
  query: string;
  parameters: unknown[];
}

export interface CapturedRequest {
  kind: 'open' | 'event';
  statements: Statement[];
}

export interface Capture {
  requests: CapturedRequest[];
  caseId: string;
  number: string;
  /** The snapshot column as each request left it, by state: the scale seed reuses them. */
  snapshots: Array<{ state: string; step: string; status: string; version: number; snapshot: string; dueInMinutes: number | null }>;
}

/** Walks work orders `orderNumber` and `orderNumber + 1` through the app, in-process, recording every statement the second sends to PostgreSQL. */
export async function captureWalk(url: string, tokens: Record<BenchRole, string>, orderNumber: number): Promise<Capture> {
  const sent: Statement[] = [];
  let capturing = false;
  const database = await openDatabase(url, {
    max: 1,
    onQuery: (query, parameters) => capturing && sent.push({ query, parameters: [...parameters] }),
  });
  // The app as `server/boot/main.ts` builds it (a token's member is kept for a moment there).
  const { app } = createApp({ database, authCacheMs: loadConfig(process.env).authCacheMs });
  // A first walk connects, and warms what the server keeps warm under load (the tokens seen,
  // the case just written); the second walk is the one captured.
  await walkThrough(app, tokens, orderNumber);
  capturing = true;
  const requests: CapturedRequest[] = [];
  let casePath = '';
  let caseId = '';
  let number = '';
  const snapshots: Capture['snapshots'] = [];
  try {
    for (const step of walk(orderNumber + 1)) {
      const mark = sent.length;
      const response = await app.request(step.kind === 'open' ? '/api/cases' : `${casePath}/events`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${tokens[step.role]}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(step.body),
      });
      if (response.status >= 300) throw new Error(`capture: ${response.status} ${await response.text()}`);
      const view = (await response.json()) as { id: string; number: string; state: string; step: string; status: string; version: number; context: unknown; dueAt: string | null; stateEnteredAt: string };
      if (step.kind === 'open') {
        casePath = response.headers.get('Location')!;
        caseId = view.id;
        number = view.number;
      }
      requests.push({ kind: step.kind, statements: sent.slice(mark) });
      snapshots.push({
        state: view.state,
        step: view.step,
        status: view.status,
        version: view.version,
        snapshot: '',
        dueInMinutes: view.dueAt === null ? null : (Date.parse(view.dueAt) - Date.parse(view.stateEnteredAt)) / 60_000,
      });
    }
  } finally {
    await database.close();
  }
  // Each write statement carries the new snapshot in a JSON parameter (an opening's as itself, an
  // event's as the `snapshot` of its write): the scale seed reuses them.
  const isSnapshot = (value: unknown) => typeof value === 'object' && value !== null && 'value' in value && 'context' in value;
  requests.forEach((request, index) => {
    for (const parameter of request.statements.flatMap((s) => s.parameters)) {
      if (typeof parameter !== 'string' || !/^\[?\{"/.test(parameter)) continue;
      // A write alone comes as an array of one, a group's as one parameter each.
      const parsed = JSON.parse(parameter) as unknown;
      const value = (Array.isArray(parsed) ? parsed[0] : parsed) as { snapshot?: unknown } | undefined;
      const snapshot = isSnapshot(value?.snapshot) ? value!.snapshot : value;
      if (isSnapshot(snapshot)) snapshots[index]!.snapshot = JSON.stringify(snapshot);
    }
    if (!snapshots[index]!.snapshot) throw new Error(`capture: no snapshot among the parameters of request ${index + 1}`);
  });
  return { requests, caseId, number, snapshots };
}

async function walkThrough(app: ReturnType<typeof createApp>['app'], tokens: Record<BenchRole, string>, orderNumber: number) {
  let casePath = '';
  for (const step of walk(orderNumber)) {
    const response = await app.request(step.kind === 'open' ? '/api/cases' : `${casePath}/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens[step.role]}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(step.body),
    });
    if (response.status >= 300) throw new Error(`capture: ${response.status} ${await response.text()}`);
    if (step.kind === 'open') casePath = response.headers.get('Location')!;
  }
}

export interface FloorResult {
  windowMs: number;
  transitions: number;
  latenciesMs: number[];
  cpuSeconds: number;
}

/** Replays the captured walk for fresh cases, C at a time, for the warm-up and the measured window. */
export async function runFloor(
  url: string,
  capture: Capture,
  options: { clients: number; warmupMs: number; durationMs: number; onMeasuring?: () => void; onMeasured?: () => void },
): Promise<FloorResult> {
  const sql = connectPostgres(url, { max: options.clients });
  // As drizzle sets up the server's client: json, jsonb and time parameters go as the text they
  // already are. Without this postgres.js would encode JSON again (a snapshot became a JSON string).
  for (const type of [114, 3802, 1184, 1082, 1083, 1114, 1182, 1185, 1115, 1231]) {
    sql.options.serializers[type] = (value: unknown) => value as string;
  }
  const prefix = capture.number.replace(/\d+$/, '');
  const digits = capture.number.length - prefix.length;
  const started = performance.now();
  const windowStart = started + options.warmupMs;
  const windowEnd = windowStart + options.durationMs;
  const result: FloorResult = { windowMs: options.durationMs, transitions: 0, latenciesMs: [], cpuSeconds: 0 };
  let cpuAtStart = process.cpuUsage();
  let cpuInWindow = { user: 0, system: 0 };
  const timer = setTimeout(() => {
    cpuAtStart = process.cpuUsage();
    options.onMeasuring?.();
  }, options.warmupMs);
  const endTimer = setTimeout(() => {
    cpuInWindow = process.cpuUsage(cpuAtStart);
    options.onMeasured?.();
  }, options.warmupMs + options.durationMs);

  /**
   * The captured parameters with the template case's id and number replaced by this case's: the
   * id also inside JSON text (an event statement takes its writes as one JSON parameter).
   */
  const substitute = (parameters: unknown[], id: string, number: string) =>
    parameters.map((p) => (p === capture.number ? number : typeof p === 'string' ? p.replaceAll(capture.caseId, id) : p));

  async function replay(executor: postgres.Sql | postgres.TransactionSql, statements: Statement[], state: { id: string; number: string }) {
    for (let i = 0; i < statements.length; i++) {
      const { query, parameters } = statements[i]!;
      if (/^begin\b/i.test(query)) {
        const end = statements.findIndex((s, j) => j > i && /^commit\b/i.test(s.query));
        const inside = statements.slice(i + 1, end);
        await (executor as postgres.Sql).begin((tx) => replay(tx, inside, state));
        i = end;
        continue;
      }
      // As drizzle's `db.execute` calls it; the client decides how to prepare, as it does for the server.
      const rows = await executor.unsafe(query, substitute(parameters, state.id, state.number) as never[], { prepare: false });
      const counter = (rows[0] as { last_number?: number } | undefined)?.last_number;
      if (counter !== undefined) state.number = `${prefix}${String(counter).padStart(digits, '0')}`;
    }
  }

  async function client() {
    while (performance.now() < windowEnd) {
      const state = { id: randomUUID(), number: '' };
      for (const request of capture.requests) {
        const begun = performance.now();
        await replay(sql, request.statements, state);
        const ended = performance.now();
        if (ended >= windowStart && ended < windowEnd) {
          result.transitions++;
          result.latenciesMs.push(ended - begun);
        }
        if (ended >= windowEnd) break;
      }
    }
  }

  try {
    await Promise.all(Array.from({ length: options.clients }, client));
  } finally {
    clearTimeout(timer);
    clearTimeout(endTimer);
    await sql.end({ timeout: 5 });
  }
  result.cpuSeconds = (cpuInWindow.user + cpuInWindow.system) / 1e6;
  return result;
}

/** Round trips per request of the walk: statements sent, BEGIN and COMMIT included. */
export function roundTrips(capture: Capture): { open: number; event: number } {
  const open = capture.requests.find((r) => r.kind === 'open')!.statements.length;
  const events = capture.requests.filter((r) => r.kind === 'event');
  const event = events.reduce((sum, r) => sum + r.statements.length, 0) / events.length;
  return { open, event };
}
