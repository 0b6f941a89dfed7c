/**
 * The log: one JSON line per request with its id (also answered as `X-Request-Id`), levels, the
 * real cause of a 5xx written once, and nothing secret or personal (tokens, signatures, names,
 * phones, SQL parameters). Also: the embedded database flushes each commit to its disk.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../db/index';
import { createApp } from '../server/app';
import { createLogger, loggablePath } from '../server/api/log';
import { isDatabaseUnavailable } from '../server/api/outage';
import { addStaff } from '../server/core/staff';
import { backends, createTestDatabase, type TestDatabase } from './support/databases';

describe.each(backends)('the log on %s', (kind) => {
  let database: TestDatabase;
  let token: string;
  const lines: Array<Record<string, any>> = [];
  let app: ReturnType<typeof createApp>['app'];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    token = (await addStaff(database.db, 'Log Advisor', 'advisor')).token;
    const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) });
    ({ app } = createApp({ database, logger }));
  });

  afterAll(async () => {
    await database?.drop();
  });

  const customer = { name: 'Privacy Person', phone: '+86 135 7777 8888' };
  const openCase = (headers: Record<string, string> = {}) =>
    app.request('/api/cases', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify({ type: 'work-order', input: { customer, vehicle: { plate: '粤B·LOG01', odometerKm: 1 }, requests: ['Log check'] } }),
    });

  it('writes one line per request, with the request id it answers in X-Request-Id, and keeps a sensible id it was given', async () => {
    const response = await openCase();
    expect(response.status).toBe(201);
    const id = response.headers.get('X-Request-Id');
    expect(id).toBeTruthy();
    const line = lines.find((l) => l.requestId === id && l.msg === 'request')!;
    expect(line).toMatchObject({ level: 'info', method: 'POST', path: '/api/cases', status: 201 });
    expect(typeof line.durationMs).toBe('number');

    const given = await app.request('/health', { headers: { 'X-Request-Id': 'desk-7-retry-2' } });
    expect(given.headers.get('X-Request-Id')).toBe('desk-7-retry-2');
  });

  it('logs the real cause of a 500 once, at error level, with the SQL text but none of its parameters', async () => {
    await database.db.execute(sql`ALTER TABLE journal RENAME TO journal_away`);
    try {
      const response = await openCase();
      expect(response.status).toBe(500);
      const id = response.headers.get('X-Request-Id');
      const about = lines.filter((l) => l.requestId === id);
      const causes = about.filter((l) => l.msg === 'unexpected failure');
      expect(causes).toHaveLength(1);
      expect(causes[0]!.level).toBe('error');
      const cause = JSON.stringify(causes[0]);
      expect(cause).toMatch(/relation \\"journal\\" does not exist/);
      expect(cause).toContain('42P01');
      expect(cause).toContain('INSERT INTO cases');
      for (const secret of [customer.name, customer.phone, '粤B·LOG01', token]) expect(cause).not.toContain(secret);
      expect(about.find((l) => l.msg === 'request failed')).toMatchObject({ level: 'error', status: 500 });
    } finally {
      await database.db.execute(sql`ALTER TABLE journal_away RENAME TO journal`);
    }
  });

  it('never writes a token, cookie, signature or customer detail, even when asked to log them', () => {
    const written: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void written.push(line) });
    logger.info({ token, headers: { authorization: `Bearer ${token}`, cookie: 'cf_session=s_secret' }, event: { customerSignature: { signedBy: 'Li Lei', strokes: [[[1, 2]]] }, customer } }, 'careless');
    const text = written.join('');
    for (const secret of [token, 's_secret', 'Li Lei', customer.name, customer.phone]) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });
});

it('hides secret-looking path segments (customer-link tokens) but keeps ids and words', () => {
  expect(loggablePath('/sign/Zx81kQ2mN0pLr7sT4vWy9bC3')).toBe('/sign/[redacted]');
  expect(loggablePath('/api/cases/3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e/events')).toBe('/api/cases/3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e/events');
});

it('tells the database being unavailable apart from a statement that failed', () => {
  const withCause = (cause: object) => Object.assign(new Error('Failed query: …'), { query: 'SELECT 1', params: [], cause });
  for (const unavailable of [{ code: 'ECONNREFUSED' }, { code: 'CONNECTION_CLOSED' }, { code: '57P01' }, { code: '53100' }, { code: '57014' }, { code: '08006' }]) {
    expect(isDatabaseUnavailable(withCause(unavailable)), unavailable.code).toBe(true);
  }
  for (const failed of [{ code: '42P01' }, { code: '23505' }, { code: '22P02' }]) expect(isDatabaseUnavailable(withCause(failed)), failed.code).toBe(false);
});

describe('durability of the embedded database in a folder', () => {
  let folder: string;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'caseflow-durable-'));
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('runs PostgreSQL with fsync on and a WAL sync that reaches the disk, unless told to leave it to the OS', async () => {
    const durable = await openDatabase(`pglite:${join(folder, 'fsync')}`);
    try {
      const [settings] = await queryRows<{ fsync: string; method: string }>(durable.db, sql`SELECT current_setting('fsync') AS fsync, current_setting('wal_sync_method') AS method`);
      expect(settings).toEqual({ fsync: 'on', method: 'fsync' });
    } finally {
      await durable.close();
    }
    const cached = await openDatabase(`pglite:${join(folder, 'os-cache')}`, { pgliteDurability: 'os-cache' });
    try {
      const [settings] = await queryRows<{ fsync: string }>(cached.db, sql`SELECT current_setting('fsync') AS fsync`);
      expect(settings).toEqual({ fsync: 'off' });
    } finally {
      await cached.close();
    }
  });
});
