/**
 * Test support for the HTTP API tests: an app over a fresh test database with a clock the test
 * moves by hand, one staff member (and token) per role, a `call` helper around `app.request()`
 * (no port), and builders for valid inputs and for the events that walk a work order to done.
 */
import { sampleSignature } from '../../machines/signature';
import { expect } from 'vitest';
import type { DatabaseKind } from '../../db/index';
import type { Actor, Role } from '../../machines/index';
import { roles } from '../../machines/index';
import { createApp, type AppOptions } from '../../server/app';
import { addStaff } from '../../server/core/staff';
import type { JournalEntryView } from '../../server/read/queries';
import { createTestDatabase, type TestDatabase } from './databases';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Where every test clock starts unless told otherwise. */
export const T0 = new Date('2026-11-26T09:00:00.000Z');

/** A clock that stands still until the test moves it. */
export interface TestClock {
  now(): Date;
  set(at: Date): void;
  advance(ms: number): Date;
}

export function testClock(start: Date = T0): TestClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (at) => {
      current = at.getTime();
    },
    advance: (ms) => {
      current += ms;
      return new Date(current);
    },
  };
}

export type StaffMember = Actor & { token: string };
export type StaffByRole = Record<Role, StaffMember>;

export interface CallOptions {
  /** Bearer token; omit for an anonymous request. */
  token?: string;
  /** Sent as JSON (unless `raw`), with `Content-Type: application/json` unless `headers` say otherwise. */
  body?: unknown;
  /** A body sent as is: for malformed, oversized or non-JSON bodies. */
  raw?: string;
  headers?: Record<string, string>;
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or the text when it is not JSON. */
  body: T;
}

export type Call = <T = any>(method: string, path: string, options?: CallOptions) => Promise<ApiResponse<T>>;

/** An app over one database, with its own clock. */
export interface ApiClient {
  app: ReturnType<typeof createApp>['app'];
  /** Everything `createApp` built (engine, workers), for tests that drive them by hand. */
  built: ReturnType<typeof createApp>;
  clock: TestClock;
  staff: StaffByRole;
  call: Call;
}

export interface Api extends ApiClient {
  kind: DatabaseKind;
  database: TestDatabase;
  /**
   * Another fresh app over the same database and staff, with its own clock: for a test that
   * moves time without touching the clock of any other test.
   */
  withClock(start?: Date, options?: ExtraAppOptions): ApiClient;
  /** Adds one more staff member of a role (another holder of the same role). */
  addMember(role: Role, name?: string): Promise<StaffMember>;
  /** Closes and drops the database. */
  stop(): Promise<void>;
}

const staffNames: Record<Role, string> = {
  advisor: 'Wang Fang',
  technician: 'Liu Qiang',
  cashier: 'Chen Jing',
  qa: 'Zhao Min',
  manager: 'Sun Li',
};

/** What a test may add to the app it gets (webhooks, settings); the database and clock are the test's. */
export type ExtraAppOptions = Omit<AppOptions, 'database' | 'clock'>;

function clientOver(database: TestDatabase, staff: StaffByRole, clock: TestClock, options: ExtraAppOptions = {}): ApiClient {
  const built = createApp({ ...options, database, clock: clock.now });
  const { app } = built;
  const call: Call = async (method, path, options = {}) => {
    const headers: Record<string, string> = {};
    if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    Object.assign(headers, options.headers);
    const response = await app.request(path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('Content-Type') ?? '').includes('json')) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as any };
  };
  return { app, built, clock, staff, call };
}

/** A fresh migrated database of `kind`, one staff member per role, and an app over them. */
export async function startApi(kind: DatabaseKind, start: Date = T0, options: ExtraAppOptions = {}): Promise<Api> {
  const database = await createTestDatabase(kind);
  try {
    const members = {} as StaffByRole;
    for (const role of roles) {
      const { member, token } = await addStaff(database.db, staffNames[role], role);
      members[role] = { ...member, token };
    }
    return {
      kind,
      database,
      ...clientOver(database, members, testClock(start), options),
      withClock: (at = start, extra = options) => clientOver(database, members, testClock(at), extra),
      addMember: async (role, name = `${staffNames[role]} II`) => {
        const { member, token } = await addStaff(database.db, name, role);
        return { ...member, token };
      },
      stop: () => database.drop(),
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

// ── Inputs ──────────────────────────────────────────────────────────────────────────────────

export const signature = (signedBy = 'Zhang Xiaoming') => sampleSignature(signedBy);

export function workOrderInput(overrides: Record<string, unknown> = {}) {
  return {
    customer: { name: 'Zhang Xiaoming', phone: '+86 138 0013 8000' },
    vehicle: { plate: '粤A·12345', odometerKm: 42_180, model: 'Toyota Corolla 2019' },
    requests: ['Squeak from the front left wheel when braking', 'Engine oil change'],
    ...overrides,
  };
}

export function complaintInput(overrides: Record<string, unknown> = {}) {
  return {
    channel: 'phone',
    customer: { name: 'Huang Lei', phone: '+86 139 2222 3333' },
    statement: 'The squeak came back two days after the brake job.',
    severity: 'medium',
    ...overrides,
  };
}

// ── The contract's role table ───────────────────────────────────────────────────────────────

const ALL_ROLES: Role[] = ['advisor', 'technician', 'cashier', 'qa', 'manager'];
const ADVISOR: Role[] = ['advisor', 'manager'];
const TECHNICIAN: Role[] = ['technician', 'manager'];
const QA: Role[] = ['qa', 'manager'];

/** The roles column of CONTRACT.md's event tables, written out from the contract (not read from the machines). */
export const contractRoles: Record<'work-order' | 'complaint', Record<string, Role[]>> = {
  'work-order': {
    'requests.confirmed': ALL_ROLES,
    'inspection.recorded': ADVISOR,
    'estimate.prepared': ADVISOR,
    'estimate.approved': ADVISOR,
    'estimate.declined': ADVISOR,
    'parts.received': ['technician', 'advisor', 'manager'],
    'repair.started': TECHNICIAN,
    'repair.lineCompleted': TECHNICIAN,
    'repair.additionalWorkFound': TECHNICIAN,
    'supplement.approved': ADVISOR,
    'supplement.declined': ADVISOR,
    'repair.completed': TECHNICIAN,
    'settlement.requestsReviewed': ADVISOR,
    'invoice.signed': ADVISOR,
    'payment.recorded': ['cashier', 'manager'],
    'vehicle.handedOver': ADVISOR,
    'order.cancelled': ADVISOR,
  },
  complaint: {
    'investigation.recorded': QA,
    'correction.recorded': QA,
    'answer.sent': QA,
    'complaint.closed': QA,
    'complaint.reopened': QA,
  },
};

// ── Events ──────────────────────────────────────────────────────────────────────────────────

export interface EstimateLineInput {
  id?: string;
  kind: 'labour' | 'part' | 'fluid';
  description: string;
  quantity: number;
  unitPriceMinor: number;
  labourHours?: number;
  partNumber?: string;
  inStock?: boolean;
}

/** Three lines: 1.5 h labour at 120.00, brake pads at 350.00, 4.5 l of oil at 69.99 (314.955 → 314.96). */
export const estimateLines = (): EstimateLineInput[] => [
  { kind: 'labour', description: 'Replace front brake pads', quantity: 1.5, unitPriceMinor: 12_000, labourHours: 1.5 },
  { kind: 'part', description: 'Front brake pads', quantity: 1, unitPriceMinor: 35_000, partNumber: 'BP-4411', inStock: true },
  { kind: 'fluid', description: 'Engine oil 5W-30', quantity: 4.5, unitPriceMinor: 6_999, inStock: true },
];
/** What `estimateLines()` amount to, each line rounded half-up. */
export const estimateLineAmounts = [18_000, 35_000, 31_496];
export const estimateTotal = 84_496;

/** `count` labour lines, each 0.5 h at 100.00, with ids W1…Wn. */
export const labourLines = (count: number): EstimateLineInput[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `W${i + 1}`,
    kind: 'labour' as const,
    description: `Job ${i + 1}`,
    quantity: 0.5,
    unitPriceMinor: 10_000,
    labourHours: 0.5,
  }));

/** Version 2's inspection: the source's named items (power-window glass, power windows, paint, trunk), each with its condition. */
export const namedItemsChecked = () => ({
  windowGlass: { condition: 'no chips' },
  powerWindows: { condition: 'all four work' },
  bodyPaint: { condition: 'scratch on the front bumper' },
  trunk: { condition: 'closes well' },
});

export const events = {
  requestsConfirmed: () => ({ type: 'requests.confirmed' }),
  inspectionRecorded: () => ({
    type: 'inspection.recorded',
    coversFitted: true,
    checklist: namedItemsChecked(),
    findings: [{ area: 'front bumper', condition: 'scratch 5 cm', note: 'customer aware' }],
    belongings: ['umbrella', 'child seat'],
    valuablesReminderGiven: true,
    customerSignature: signature(),
  }),
  estimatePrepared: (promisedAt: Date, lines: EstimateLineInput[] = estimateLines()) => ({
    type: 'estimate.prepared',
    lines,
    promisedAt: promisedAt.toISOString(),
  }),
  estimateApproved: (revision = 1) => ({ type: 'estimate.approved', revision, customerSignature: signature() }),
  estimateDeclined: () => ({ type: 'estimate.declined', reason: 'Too expensive; will come back next month.' }),
  partsReceived: (lineIds: string[]) => ({ type: 'parts.received', lineIds }),
  repairStarted: () => ({ type: 'repair.started', technician: 'Liu Qiang' }),
  lineCompleted: (lineId: string) => ({ type: 'repair.lineCompleted', lineId }),
  additionalWorkFound: (lines: EstimateLineInput[]) => ({ type: 'repair.additionalWorkFound', lines, note: 'Brake disc worn below limit' }),
  supplementApproved: (revision: number) => ({ type: 'supplement.approved', revision, customerSignature: signature() }),
  supplementDeclined: () => ({ type: 'supplement.declined', reason: 'Customer will do it later.' }),
  repairCompleted: () => ({ type: 'repair.completed' }),
  requestsReviewed: (requestCount = 2) => ({
    type: 'settlement.requestsReviewed',
    resolutions: Array.from({ length: requestCount }, (_, request) => ({ request, resolved: true })),
    maintenanceConfirmation: [{ item: 'brake pads', result: 'replaced' }],
  }),
  invoiceSigned: () => ({ type: 'invoice.signed', customerSignature: signature() }),
  paymentRecorded: (amountMinor: number, method = 'card') => ({ type: 'payment.recorded', amountMinor, method }),
  vehicleHandedOver: () => ({ type: 'vehicle.handedOver', coversRemoved: true, nextService: { dueDate: '2027-05-26', dueOdometerKm: 47_000 } }),
  orderCancelled: () => ({ type: 'order.cancelled', reason: 'Customer changed their mind.' }),
  investigationRecorded: (substantiated: boolean) => ({
    type: 'investigation.recorded',
    findings: 'Pads were seated without the anti-squeak shims.',
    rootCause: 'Shims missing from the parts kit.',
    substantiated,
  }),
  correctionRecorded: () => ({
    type: 'correction.recorded',
    actions: [{ description: 'Check kits for shims at goods-in', owner: 'Parts desk', dueDate: '2026-12-10' }],
    verifiedBy: 'Zhao Min',
  }),
  answerSent: () => ({ type: 'answer.sent', channel: 'phone', message: 'We fitted the shims free of charge.' }),
  complaintClosed: (satisfied: boolean) => ({ type: 'complaint.closed', customerResponse: satisfied ? 'Happy now.' : 'Still unhappy.', satisfied }),
  complaintReopened: () => ({ type: 'complaint.reopened', reason: 'The customer called again.' }),
};

/** A valid payload of every event type of both processes, whatever state it fits. */
export function sampleEvents(now: Date): Record<string, Record<string, unknown>> {
  const list = [
    events.requestsConfirmed(),
    events.inspectionRecorded(),
    events.estimatePrepared(new Date(now.getTime() + DAY)),
    events.estimateApproved(),
    events.estimateDeclined(),
    events.partsReceived(['L2']),
    events.repairStarted(),
    events.lineCompleted('L1'),
    events.additionalWorkFound(estimateLines().slice(0, 1)),
    events.supplementApproved(2),
    events.supplementDeclined(),
    events.repairCompleted(),
    events.requestsReviewed(),
    events.invoiceSigned(),
    events.paymentRecorded(100),
    events.vehicleHandedOver(),
    events.orderCancelled(),
    events.investigationRecorded(true),
    events.correctionRecorded(),
    events.answerSent(),
    events.complaintClosed(true),
    events.complaintReopened(),
  ];
  return Object.fromEntries(list.map((event) => [event.type, event]));
}

/** One step of a work order's way to done: who sends what, and where the case then rests. */
export interface WalkStep {
  role: Role;
  event: Record<string, unknown> & { type: string };
  state: string;
}

/**
 * Greet to done with `estimateLines()` (all in stock), two split payments, by the roles the
 * contract names: advisor, technician, cashier. `now` is when the estimate is prepared.
 */
export function walkToDone(now: Date): WalkStep[] {
  return [
    { role: 'advisor', event: events.requestsConfirmed(), state: 'inspect' },
    { role: 'advisor', event: events.inspectionRecorded(), state: 'estimate' },
    { role: 'advisor', event: events.estimatePrepared(new Date(now.getTime() + DAY)), state: 'sign' },
    { role: 'advisor', event: events.estimateApproved(1), state: 'repair.ready' },
    { role: 'technician', event: events.repairStarted(), state: 'repair.inProgress' },
    { role: 'technician', event: events.lineCompleted('L1'), state: 'repair.inProgress' },
    { role: 'technician', event: events.lineCompleted('L2'), state: 'repair.inProgress' },
    { role: 'technician', event: events.lineCompleted('L3'), state: 'repair.inProgress' },
    { role: 'technician', event: events.repairCompleted(), state: 'settle.reviewingRequests' },
    { role: 'advisor', event: events.requestsReviewed(), state: 'settle.awaitingInvoiceSignature' },
    { role: 'advisor', event: events.invoiceSigned(), state: 'settle.awaitingPayment' },
    { role: 'cashier', event: events.paymentRecorded(50_000, 'card'), state: 'settle.awaitingPayment' },
    { role: 'cashier', event: events.paymentRecorded(estimateTotal - 50_000, 'cash'), state: 'handover' },
    { role: 'advisor', event: events.vehicleHandedOver(), state: 'done' },
  ];
}

// ── Doing and checking things over HTTP ─────────────────────────────────────────────────────

/** Opens a case as `role` (advisor by default) and returns its view; fails the test unless 201. */
export async function openCase(client: ApiClient, type: 'work-order' | 'complaint', input?: unknown, role: Role = 'advisor') {
  const response = await client.call('POST', '/api/cases', {
    token: client.staff[role].token,
    body: { type, input: input ?? (type === 'work-order' ? workOrderInput() : complaintInput()) },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** Sends an event as `role` and returns the new view; fails the test unless 200. */
export async function send(client: ApiClient, caseId: string, role: Role, event: Record<string, unknown>) {
  const response = await client.call('POST', `/api/cases/${caseId}/events`, { token: client.staff[role].token, body: event });
  expect(response.status, `${String(event.type)} by ${role}: ${JSON.stringify(response.body)}`).toBe(200);
  return response.body;
}

/** Sends the steps in order (each 1 minute after the one before) and returns the last view. */
export async function walk(client: ApiClient, caseId: string, steps: WalkStep[]) {
  let view: any;
  for (const step of steps) {
    client.clock.advance(MINUTE);
    view = await send(client, caseId, step.role, step.event);
    expect(view.state, String(step.event.type)).toBe(step.state);
  }
  return view;
}

/** A work order walked to `sign`: confirmed, inspected, estimated with `lines` (promised a day from now). */
export async function workOrderAtSign(client: ApiClient, lines: EstimateLineInput[] = estimateLines()) {
  const created = await openCase(client, 'work-order');
  await walk(client, created.id, walkToDone(client.clock.now()).slice(0, 2));
  await send(client, created.id, 'advisor', events.estimatePrepared(new Date(client.clock.now().getTime() + DAY), lines));
  return (await client.call('GET', `/api/cases/${created.id}`, { token: client.staff.advisor.token })).body;
}

/** A work order whose `lines` (all labour or in stock) are approved and being worked. */
export async function workOrderInProgress(client: ApiClient, lines: EstimateLineInput[] = estimateLines()) {
  const atSign = await workOrderAtSign(client, lines);
  await send(client, atSign.id, 'advisor', events.estimateApproved(1));
  return send(client, atSign.id, 'technician', events.repairStarted());
}

/** A case's journal, read over HTTP by a manager. */
export async function journalOf(client: ApiClient, caseId: string): Promise<JournalEntryView[]> {
  const response = await client.call('GET', `/api/cases/${caseId}/events`, { token: client.staff.manager.token });
  expect(response.status).toBe(200);
  return response.body;
}

/** A case's version and journal length, read over HTTP: what a refused request must not change. */
export async function footprint(client: ApiClient, caseId: string) {
  const token = client.staff.manager.token;
  const view = await client.call('GET', `/api/cases/${caseId}`, { token });
  const journal = await client.call('GET', `/api/cases/${caseId}/events`, { token });
  expect(view.status).toBe(200);
  expect(journal.status).toBe(200);
  return { version: view.body.version as number, state: view.body.state as string, journalLength: (journal.body as unknown[]).length };
}

/** Asserts a refusal in the contract's shape: status, code, a message, and `details` present. */
export function expectError(response: ApiResponse, status: number, code: string) {
  expect({ status: response.status, code: response.body?.error?.code }, JSON.stringify(response.body)).toEqual({ status, code });
  expect(Object.keys(response.body)).toEqual(['error']);
  expect(Object.keys(response.body.error).sort()).toEqual(['code', 'details', 'message']);
  expect(typeof response.body.error.message).toBe('string');
  expect(response.body.error.message.length).toBeGreaterThan(0);
  expect(response.headers.get('Content-Type')).toMatch(/^application\/json/);
}

/** Logs in through the login form, as a person would; answers the session cookie (`cf_session=…`). */
export async function logIn(api: Pick<ApiClient, 'app'>, token: string): Promise<string> {
  const page = await api.app.request('/login');
  const loginCookie = page.headers.getSetCookie().find((c) => c.startsWith('cf_login='))!.split(';')[0]!;
  const csrf = (await page.text()).match(/name="_csrf" value="([^"]*)"/)![1]!;
  const response = await api.app.request('/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: loginCookie },
    body: new URLSearchParams({ _csrf: csrf, token, next: '/' }).toString(),
  });
  return response.headers.getSetCookie().find((c) => c.startsWith('cf_session='))!.split(';')[0]!;
}
