/**
 * Hostile input, fuzzed with fast-check over real HTTP (the app served on 127.0.0.1): random JSON,
 * deep nesting, huge strings and arrays, wrong types, unicode (NUL, lone surrogates, RTL marks),
 * SQL-looking strings, `__proto__`/`constructor` keys, bad ids, bad query strings and bad headers.
 * Every answer is a 2xx or one of the contract's 4xx codes in its error shape, never a 5xx; a
 * refused request changes nothing in the database.
 */
import { sampleSignature } from '../machines/signature';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/index';
import { roles, type Role } from '../machines/index';
import { createApp } from '../server/app';
import { errorStatus } from '../server/api/errors';
import { addStaff } from '../server/core/staff';
import { verifyCases } from '../server/read/verify';
import { backends, createTestDatabase, type TestDatabase } from './support/databases';
import { namedItemsChecked } from './support/api';

/** Runs per backend, for the mixed property; the fixed examples run on top. */
const RUNS: Record<string, number> = { pglite: 1000, postgres: 1000 };
/** A bound on the property's time per backend, whatever the machine's speed. */
const TIME_LIMIT_MS = 20_000;
const CONTRACT_4XX = new Set([400, 401, 403, 404, 409, 412, 413, 415]);
const DAY = 24 * 3600_000;

// ── JSON as text, so keys like __proto__ reach the server literally ─────────────────────────

const utf16Unit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const nasty = fc.constantFrom(
  "' OR '1'='1",
  "'; DROP TABLE journal; --",
  '"; DELETE FROM cases; --',
  '1; SELECT pg_sleep(5)',
  '$$; TRUNCATE journal CASCADE; $$',
  "') OR 1=1 --",
  '\\',
  '%',
  '_',
  '%_%',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ud83d',
  '🚗粤A·12345',
  '\u202eevil',
  '\ufeff',
  '𝕏'.repeat(50),
  '<script>alert(1)</script>',
  '{{7*7}}${7*7}',
  '../../etc/passwd',
  '__proto__',
  'constructor',
  'null',
  'NaN',
  '',
  ' ',
  '\t\n\r',
);
const hostileString = fc.oneof(
  { weight: 4, arbitrary: nasty },
  { weight: 3, arbitrary: fc.string({ unit: utf16Unit, maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 300_000 }).map((n) => 'x'.repeat(n)) },
);
const hostileKey = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'then', 'type', '') },
  { weight: 1, arbitrary: fc.string({ unit: utf16Unit, maxLength: 10 }) },
);
const numberText = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  fc.constantFrom('1e400', '-1e400', '1e-400', '-0', '9007199254740993', '123456789012345678901234567890', '0.1', '1.005', '-1', '0'),
);

const { json } = fc.letrec<{ json: string }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('null', 'true', 'false'),
    numberText,
    hostileString.map((s) => JSON.stringify(s)),
    fc.array(tie('json'), { maxLength: 5 }).map((items) => `[${items.join(',')}]`),
    fc.array(fc.tuple(hostileKey, tie('json')), { maxLength: 5 }).map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  ),
}));

type Fields = Array<[string, string]>;
const objectText = (fields: Fields) => `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
const fieldsOf = (value: Record<string, unknown>): Fields => Object.entries(value).map(([k, v]) => [k, JSON.stringify(v)]);

/** A valid object turned hostile in one of several ways (it may, rarely, stay valid). */
function mutated(valid: Record<string, unknown>): fc.Arbitrary<string> {
  const fields = fieldsOf(valid);
  const keys = Object.keys(valid);
  const someKey = keys.length > 0 ? fc.constantFrom(...keys) : fc.constant('type');
  return fc.oneof(
    // one field gets a hostile value (wrong type, huge, unicode, SQL)
    fc.tuple(someKey, json).map(([key, value]) => objectText(fields.map(([k, v]) => [k, k === key ? value : v]))),
    // every string leaf gets a hostile string (shape stays valid)
    fc.array(hostileString, { minLength: 8, maxLength: 8 }).map((strings) => {
      let i = 0;
      const replace = (v: unknown, key?: string): unknown =>
        typeof v === 'string' && key !== 'type'
          ? strings[i++ % strings.length]
          : Array.isArray(v)
            ? v.map((x) => replace(x))
            : v && typeof v === 'object'
              ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replace(x, k)]))
              : v;
      return JSON.stringify(replace(valid));
    }),
    // an extra key: prototype pollution attempts, unknown fields
    fc.tuple(hostileKey, json).map(([key, value]) => objectText([...fields, [key, value]])),
    fc.constantFrom('__proto__', 'constructor').map((key) => objectText([...fields, [key, '{"polluted":true,"isAdmin":true}']])),
    // a field removed
    someKey.map((key) => objectText(fields.filter(([k]) => k !== key))),
    // a wrong or hostile type
    json.map((type) => objectText([...fields.filter(([k]) => k !== 'type'), ['type', type]])),
  );
}

const deepNesting = fc
  .tuple(fc.integer({ min: 30, max: 200_000 }), fc.constantFrom('array', 'object'))
  .map(([depth, kind]) => (kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)));
const hugeArray = fc
  .tuple(fc.integer({ min: 1_000, max: 60_000 }), fc.constantFrom('"L1"', '1', '{}', 'null', '"\\u0000"'))
  .map(([n, item]) => `{"type":"parts.received","lineIds":[${Array(n).fill(item).join(',')}]}`);

// ── Requests ────────────────────────────────────────────────────────────────────────────────

interface Probe {
  method: string;
  path: string;
  role: Role | null;
  headers: Record<string, string>;
  body?: string;
}

/** Percent-encodes the UTF-8 bytes of any string (lone surrogates included), or leaves raw escapes in. */
const pathSegment = fc.oneof(
  { weight: 3, arbitrary: hostileString.filter((s) => s.length < 300).map((s) => [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%ZZ', '%00', '%ED%A0%80', '%C0%AF', '..', '.', '%2e%2e%2f', '00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', '6ba7b810-9dad-11d1-80b4-00c04fd430c8x', '1 OR 1=1', "1'--") },
  { weight: 1, arbitrary: fc.uuid() },
);
const latin1Unit = fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c));
const headerValue = fc.string({ unit: latin1Unit, maxLength: 300 });
const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'text/plain',
      'application/json; charset=utf-16',
      'application/JSON',
      'application/jsonp',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json;;;',
      '*/*',
    ),
  },
  { weight: 1, arbitrary: headerValue },
);
const extraHeaders = fc.record(
  {
    'If-Match': fc.oneof(fc.constantFrom('"1"', '"2"', '*', 'W/"3"', '"abc"', '"-1"', '"99999999999999"', ',,,', '"1", "2"'), headerValue),
    'Idempotency-Key': fc.oneof(fc.constantFrom('k', 'same-key', ''), headerValue),
    'X-Forwarded-For': fc.constantFrom('1.2.3.4', "'; DROP TABLE staff; --"),
    'Content-Encoding': fc.constantFrom('gzip', 'br', 'identity'),
  },
  { requiredKeys: [] },
);
const authorization = (role: Role | null, tokens: Record<Role, string>) =>
  role
    ? fc.oneof({ weight: 9, arbitrary: fc.constant(`Bearer ${tokens[role]}`) }, { weight: 1, arbitrary: fc.constantFrom(`bearer  ${tokens[role]}  `, `Bearer ${tokens[role]}x`) })
    : fc.oneof(fc.constant(undefined), fc.constantFrom('Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', "Bearer ' OR 1=1 --", 'Bearer cf_'), headerValue.map((v) => `Bearer ${v}`));

describe.each(backends)('hostile input over HTTP on %s', (kind) => {
  let database: TestDatabase;
  let server: ServerType;
  let base: string;
  const tokens = {} as Record<Role, string>;
  /** Cases in the states the fuzz aims at; a slot is refilled when an event moves its case on. */
  const targets: Record<string, string> = {};
  let tried = 0;
  let fiveHundreds = 0;
  const byStatus = new Map<number, number>();

  /** One request on its own connection (a refused oversized body may leave a kept-alive one closed). */
  function request(probe: Probe): Promise<{ status: number; headers: Headers; text: string }> {
    return new Promise((resolve, reject) => {
      const body = probe.body === undefined ? undefined : Buffer.from(probe.body, 'utf8');
      const outgoing = httpRequest(
        `${base}${probe.path}`,
        {
          method: probe.method,
          agent: false,
          headers: { ...probe.headers, ...(body ? { 'Content-Length': String(body.length) } : {}) },
          timeout: 20_000,
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string') headers.set(name, value);
            resolve({ status: incoming.statusCode!, headers, text: Buffer.concat(chunks).toString('utf8') });
          });
          incoming.on('error', reject);
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within 20 s: ${probe.method} ${probe.path}`)));
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  async function send(role: Role, method: string, path: string, body?: unknown) {
    const response = await request({
      method,
      path,
      role,
      headers: { Authorization: `Bearer ${tokens[role]}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status, response.text).toBeLessThan(300);
    return JSON.parse(response.text);
  }

  const workOrderInput = { customer: { name: 'Fuzz Customer', phone: '+86 1' }, vehicle: { plate: '粤F·1', odometerKm: 1 }, requests: ['Check it'] };
  const complaintInput = { channel: 'phone', customer: { name: 'Fuzz Complainant' }, statement: 'It broke.', severity: 'low' };
  const signature = sampleSignature('Fuzz Customer');
  const lines = [
    { kind: 'labour', description: 'Look', quantity: 1, unitPriceMinor: 100, labourHours: 1 },
    { kind: 'part', description: 'Part', quantity: 1, unitPriceMinor: 100, inStock: true },
  ];
  const estimate = () => ({ type: 'estimate.prepared', lines, promisedAt: new Date(Date.now() + DAY).toISOString() });
  const inspection = { type: 'inspection.recorded', coversFitted: true, checklist: namedItemsChecked(), findings: [], belongings: [], valuablesReminderGiven: true, customerSignature: signature };

  /** How to bring a fresh case to each target state, and valid events there (the seeds of mutation). */
  const slots: Record<string, { setup: () => Promise<string>; events: Array<Record<string, unknown>>; role: Role }> = {
    'wo:greet': { setup: () => workOrder([]), events: [{ type: 'requests.confirmed' }, { type: 'order.cancelled', reason: 'No.' }], role: 'advisor' },
    'wo:inspect': { setup: () => workOrder([{ type: 'requests.confirmed' }]), events: [inspection], role: 'advisor' },
    'wo:sign': {
      setup: () => workOrder([{ type: 'requests.confirmed' }, inspection, estimate()]),
      events: [estimate(), { type: 'estimate.approved', revision: 1, customerSignature: signature }, { type: 'estimate.declined', reason: 'No.' }],
      role: 'advisor',
    },
    'wo:repair': {
      setup: async () => {
        const id = await workOrder([{ type: 'requests.confirmed' }, inspection, estimate(), { type: 'estimate.approved', revision: 1, customerSignature: signature }]);
        await send('technician', 'POST', `/api/cases/${id}/events`, { type: 'repair.started', technician: 'Tech' });
        return id;
      },
      events: [{ type: 'repair.lineCompleted', lineId: 'L1' }, { type: 'repair.additionalWorkFound', lines, note: 'More.' }, { type: 'parts.received', lineIds: ['L2'] }],
      role: 'technician',
    },
    'cp:received': {
      setup: async () => (await send('qa', 'POST', '/api/cases', { type: 'complaint', input: complaintInput })).id,
      events: [{ type: 'investigation.recorded', findings: 'Found.', substantiated: false }],
      role: 'qa',
    },
  };

  async function workOrder(events: Array<Record<string, unknown>>): Promise<string> {
    const { id } = await send('advisor', 'POST', '/api/cases', { type: 'work-order', input: workOrderInput });
    for (const event of events) await send('advisor', 'POST', `/api/cases/${id}/events`, event);
    return id;
  }

  const footprint = async () =>
    queryRows(
      database.db,
      sql`SELECT (SELECT count(*) FROM journal)::int AS journal, (SELECT count(*) FROM cases)::int AS cases,
            (SELECT coalesce(sum(version), 0) FROM cases)::int AS versions, (SELECT count(*) FROM idempotency_records)::int AS remembered,
            (SELECT count(*) FROM staff)::int AS staff, (SELECT md5(string_agg(snapshot::text, ',' ORDER BY id)) FROM cases) AS snapshots`,
    );

  /** Every probe the fuzz can make, given the cases that exist now. */
  function probes(): fc.Arbitrary<Probe> {
    const slot = fc.constantFrom(...Object.keys(slots));
    const anyRole = fc.constantFrom(...roles);
    const maybeRole = fc.oneof({ weight: 6, arbitrary: anyRole }, { weight: 1, arbitrary: fc.constant(null) });
    const body = (seed: Record<string, unknown>) =>
      fc.oneof({ weight: 6, arbitrary: mutated(seed) }, { weight: 2, arbitrary: json }, { weight: 1, arbitrary: deepNesting }, { weight: 1, arbitrary: hugeArray });

    const event = fc
      .tuple(slot, maybeRole)
      .chain(([name, role]) =>
        fc.record({
          method: fc.constant('POST'),
          path: fc.oneof({ weight: 5, arbitrary: fc.constant(`/api/cases/${targets[name]}/events`) }, { weight: 1, arbitrary: pathSegment.map((id) => `/api/cases/${id}/events`) }),
          role: fc.oneof({ weight: 3, arbitrary: fc.constant(slots[name]!.role) }, { weight: 1, arbitrary: fc.constant(role) }),
          body: fc.constantFrom(...slots[name]!.events).chain(body),
          slot: fc.constant(name),
        }),
      );
    const creation = fc.record({
      method: fc.constant('POST'),
      path: fc.constant('/api/cases'),
      role: maybeRole,
      body: fc.oneof(
        fc.constantFrom({ type: 'work-order', input: workOrderInput }, { type: 'complaint', input: complaintInput }).chain(mutated),
        fc.constantFrom(workOrderInput, complaintInput).chain(mutated).map((input) => `{"type":"work-order","input":${input}}`),
        fc.constantFrom(workOrderInput, complaintInput).chain(mutated).map((input) => `{"type":"complaint","input":${input}}`),
        json,
        deepNesting,
      ),
    });
    const read = fc.record({
      method: fc.constantFrom('GET', 'GET', 'GET', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'),
      path: fc.oneof(
        pathSegment.map((id) => `/api/cases/${id}`),
        pathSegment.map((id) => `/api/cases/${id}/events`),
        pathSegment.map((type) => `/api/processes/${type}`),
        pathSegment.map((type) => `/api/processes/${type}/diagram.svg`),
        pathSegment.map((type) => `/api/board?type=${type}`),
        pathSegment.map((segment) => `/api/${segment}`),
        fc
          .array(fc.tuple(fc.constantFrom('type', 'state', 'status', 'stuck', 'q', 'limit', 'cursor', 'x', '__proto__'), pathSegment), { maxLength: 4 })
          .map((pairs) => `/api/cases?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`),
        slot.map((name) => `/api/cases/${targets[name]}`),
      ),
      role: maybeRole,
      body: fc.constant(undefined),
    });

    return fc
      .tuple(fc.oneof({ weight: 5, arbitrary: event }, { weight: 2, arbitrary: creation }, { weight: 3, arbitrary: read }), contentType, extraHeaders)
      .chain(([probe, type, extra]) =>
        authorization(probe.role, tokens).map((auth) => {
          const headers: Record<string, string> = { ...extra };
          if (auth !== undefined) headers.Authorization = auth;
          const hasBody = probe.body !== undefined && !['GET', 'HEAD'].includes(probe.method);
          if (hasBody) headers['Content-Type'] = type;
          return { method: probe.method, path: probe.path, role: probe.role, headers, body: hasBody ? probe.body : undefined, slot: (probe as { slot?: string }).slot } as Probe;
        }),
      );
  }

  async function check(probe: Probe & { slot?: string }) {
    tried += 1;
    const before = await footprint();
    const response = await request(probe);
    byStatus.set(response.status, (byStatus.get(response.status) ?? 0) + 1);
    if (response.status >= 500) fiveHundreds += 1;
    const label = `${probe.method} ${probe.path.slice(0, 200)} → ${response.status} ${response.text.slice(0, 300)}`;
    expect(response.status, label).toBeLessThan(500);
    expect(response.headers.get('Content-Security-Policy'), label).toContain("default-src 'self'");
    if (response.status >= 400) {
      expect(CONTRACT_4XX.has(response.status), label).toBe(true);
      if (probe.method !== 'HEAD') {
        const { error } = JSON.parse(response.text);
        expect(errorStatus[error.code as keyof typeof errorStatus], label).toBe(response.status);
        expect(typeof error.message).toBe('string');
      }
      expect(await footprint(), `a refused request changed something: ${label}`).toEqual(before);
    } else if (response.status >= 300) {
      // `/api/..` is `/`, a page: without a session it sends the browser to the login page.
      expect(response.headers.get('Location'), label).toMatch(/^\/login/);
      expect(await footprint()).toEqual(before);
    } else if (probe.method === 'POST' && probe.slot) {
      // The hostile-looking event was valid (free text stays free): the case moved on, so aim at a fresh one.
      targets[probe.slot] = await slots[probe.slot]!.setup();
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    for (const role of roles) tokens[role] = (await addStaff(database.db, `Fuzz ${role}`, role)).token;
    // Failed authentications are part of the fuzz; the limit on them has its own test.
    const { app } = createApp({ database, authFailureLimit: { max: Number.MAX_SAFE_INTEGER, windowMs: 60_000 } });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const [name, slot] of Object.entries(slots)) targets[name] = await slot.setup();
  });

  afterAll(async () => {
    const statuses = [...byStatus.entries()].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ');
    console.log(`[fuzz on ${kind}] cases tried ${tried}, 5xx ${fiveHundreds}; statuses ${statuses}`);
    await new Promise((resolve) => server?.close(resolve));
    await database?.drop();
  });

  it('answers known hazards with a 4xx and changes nothing', async () => {
    const advisor = { Authorization: `Bearer ${tokens.advisor}`, 'Content-Type': 'application/json' };
    const greet = () => `/api/cases/${targets['wo:greet']}/events`;
    const hazards: Array<Probe & { expect: number }> = [
      { method: 'POST', path: '/api/cases', role: 'advisor', headers: advisor, body: JSON.stringify({ type: 'work-order', input: { ...workOrderInput, customer: { name: 'a\u0000b', phone: '1' } } }), expect: 400 },
      { method: 'POST', path: '/api/cases', role: 'advisor', headers: advisor, body: JSON.stringify({ type: 'work-order', input: { ...workOrderInput, requests: ['\ud800'] } }), expect: 400 },
      { method: 'POST', path: '/api/cases', role: 'advisor', headers: advisor, body: `{"type":"work-order","input":{"__proto__":{"isAdmin":true},"customer":{"name":"x","phone":"1"},"vehicle":{"plate":"p","odometerKm":1},"requests":["r"]}}`, expect: 400 },
      { method: 'POST', path: '/api/cases', role: 'advisor', headers: advisor, body: `{"type":"constructor","input":{}}`, expect: 400 },
      { method: 'POST', path: '/api/cases', role: 'advisor', headers: advisor, body: `{"type":"toString"}`, expect: 400 },
      { method: 'POST', path: greet(), role: 'advisor', headers: advisor, body: '{"type":"order.cancelled","reason":"\\u0000"}', expect: 400 },
      { method: 'POST', path: greet(), role: 'advisor', headers: advisor, body: '{"type":"order.cancelled","reason":"\\udc00"}', expect: 400 },
      { method: 'POST', path: greet(), role: 'advisor', headers: advisor, body: '{"type":"__proto__"}', expect: 400 },
      { method: 'POST', path: greet(), role: 'advisor', headers: advisor, body: '{"type":"hasOwnProperty"}', expect: 400 },
      { method: 'POST', path: greet(), role: 'advisor', headers: advisor, body: '{"type":"requests.confirmed","__proto__":{"type":"order.cancelled"}}', expect: 400 },
      { method: 'POST', path: greet(), role: 'advisor', headers: { ...advisor, 'Idempotency-Key': 'deep' }, body: '['.repeat(100_000) + ']'.repeat(100_000), expect: 400 },
      { method: 'POST', path: greet(), role: 'advisor', headers: { ...advisor, 'Idempotency-Key': 'deep' }, body: '{"a":'.repeat(65) + '1' + '}'.repeat(65), expect: 400 },
      { method: 'POST', path: greet(), role: 'advisor', headers: advisor, body: '{"type":"requests.confirmed"', expect: 400 },
      { method: 'POST', path: greet(), role: 'advisor', headers: advisor, body: JSON.stringify({ type: 'order.cancelled', reason: 'x'.repeat(300_000) }), expect: 413 },
      { method: 'POST', path: greet(), role: 'advisor', headers: { ...advisor, 'Content-Type': 'text/plain' }, body: '{}', expect: 415 },
      { method: 'POST', path: greet(), role: 'advisor', headers: { ...advisor, 'If-Match': '"abc"' }, body: '{"type":"requests.confirmed"}', expect: 412 },
      { method: 'POST', path: greet(), role: 'advisor', headers: { ...advisor, 'Idempotency-Key': 'k'.repeat(201) }, body: '{"type":"requests.confirmed"}', expect: 400 },
      { method: 'POST', path: greet(), role: 'cashier', headers: { ...advisor, Authorization: `Bearer ${tokens.cashier}` }, body: '{"type":"order.cancelled","reason":"x"}', expect: 403 },
      { method: 'POST', path: '/api/cases/%00/events', role: 'advisor', headers: advisor, body: '{"type":"requests.confirmed"}', expect: 404 },
      { method: 'POST', path: "/api/cases/1'%20OR%20'1'='1/events", role: 'advisor', headers: advisor, body: '{"type":"requests.confirmed"}', expect: 404 },
      { method: 'GET', path: '/api/cases?q=%00', role: 'advisor', headers: advisor, expect: 400 },
      { method: 'GET', path: '/api/cases?type=a%00b', role: 'advisor', headers: advisor, expect: 400 },
      { method: 'GET', path: '/api/cases?state=%00', role: 'advisor', headers: advisor, expect: 400 },
      { method: 'GET', path: `/api/cases?cursor=${Buffer.from('-271821-04-20T00:00:00.000Z|00000000-0000-0000-0000-000000000000').toString('base64url')}`, role: 'advisor', headers: advisor, expect: 400 },
      { method: 'GET', path: `/api/cases?cursor=${Buffer.from('2026-01-01T00:00:00.000Z\u0000|00000000-0000-0000-0000-000000000000').toString('base64url')}`, role: 'advisor', headers: advisor, expect: 400 },
      { method: 'GET', path: '/api/cases?limit=1e400', role: 'advisor', headers: advisor, expect: 400 },
      { method: 'GET', path: '/api/board?type=%00', role: 'advisor', headers: advisor, expect: 400 },
      { method: 'GET', path: '/api/processes/%ED%A0%80', role: 'advisor', headers: advisor, expect: 404 },
      { method: 'GET', path: '/api/cases', role: null, headers: { Authorization: "Bearer ' OR 1=1 --" }, expect: 401 },
    ];
    for (const hazard of hazards) {
      const before = await footprint();
      const response = await request(hazard);
      tried += 1;
      byStatus.set(response.status, (byStatus.get(response.status) ?? 0) + 1);
      if (response.status >= 500) fiveHundreds += 1;
      expect(response.status, `${hazard.method} ${hazard.path.slice(0, 120)} ${hazard.body?.slice(0, 120)}: ${response.text.slice(0, 300)}`).toBe(hazard.expect);
      expect(await footprint()).toEqual(before);
    }
  });

  it('answers random hostile requests with a 2xx or a contract 4xx, never a 5xx, and a refusal changes nothing', async () => {
    const fiveHundredsBefore = fiveHundreds;
    await fc.assert(
      fc.asyncProperty(
        fc.constant(null).chain(() => probes()),
        (probe) => check(probe),
      ),
      { numRuns: RUNS[kind], interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false },
    );
    expect(fiveHundreds - fiveHundredsBefore).toBe(0);
    expect((await verifyCases(database.db)).discrepancies).toEqual([]);
  }, 60_000);
});
