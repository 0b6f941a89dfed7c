/**
 * Model-based tests: @xstate/graph walks every state the machines can reach with a set of sample
 * events (valid ones and ones a guard refuses), and each path it finds is checked against the
 * contract: the order of the steps, and which events each state handles.
 */
import { sampleSignature } from './signature.js';
import { getAdjacencyMap, getShortestPaths, getSimplePaths } from '@xstate/graph';
import { transition, type AnyMachineSnapshot } from 'xstate';
import { describe, expect, it } from 'vitest';
import { complaintProcess } from './complaint/index.js';
import { allowedEvents, statePath, type ProcessDefinition, type Role } from './process.js';
import { eventRoles, eventSchemas, iso, replayEvents, staff, T0 } from './testing.js';
import { workOrderProcess } from './work-order/index.js';

type Snapshot = AnyMachineSnapshot;
type Sample = { type: string; [key: string]: unknown };
/** @xstate/graph's adjacency map: each serialized state with its transitions (keys are branded strings there). */
type Adjacency = Record<string, { state: Snapshot; transitions: Record<string, { event: Sample; state: Snapshot }> }>;

/**
 * CONTRACT.md, "Work-order input and events": the events each state handles. The settle row's
 * three events are taken in turn ("after the review", "after the invoice is signed"), so each
 * settle sub-state handles one of them.
 */
const workOrderContract: Record<string, string[]> = {
  greet: ['requests.confirmed', 'order.cancelled'],
  inspect: ['inspection.recorded', 'order.cancelled'],
  estimate: ['estimate.prepared', 'order.cancelled'],
  sign: ['estimate.prepared', 'estimate.approved', 'estimate.declined', 'order.cancelled'],
  'repair.waitingParts': ['parts.received'],
  'repair.ready': ['repair.started'],
  'repair.inProgress': ['repair.lineCompleted', 'repair.additionalWorkFound', 'repair.completed'],
  'repair.awaitingSupplement': ['supplement.approved', 'supplement.declined'],
  'settle.reviewingRequests': ['settlement.requestsReviewed'],
  'settle.awaitingInvoiceSignature': ['invoice.signed'],
  'settle.awaitingPayment': ['payment.recorded'],
  handover: ['vehicle.handedOver'],
  done: [],
  cancelled: [],
};

/** CONTRACT.md, "Complaint input and events". */
const complaintContract: Record<string, string[]> = {
  received: ['investigation.recorded'],
  investigated: ['correction.recorded', 'answer.sent'],
  corrected: ['answer.sent'],
  answered: ['complaint.closed', 'complaint.reopened'],
  closed: [],
};

// ── Sample events ───────────────────────────────────────────────────────────────────────────

/** Every sample is stamped with the same moment; the promised delivery time is a day later. */
const at = iso(T0);
const stamp = (type: string, payload: Record<string, unknown> = {}, role?: Role): Sample => ({
  type,
  ...payload,
  at,
  actor: staff(role ?? (eventRoles(workOrderProcess)[type] ?? eventRoles(complaintProcess)[type])![0]!),
});

const signature = sampleSignature('Li Wei');
const promisedAt = iso(T0 + 24 * 3_600_000);
const labour = { kind: 'labour', description: 'brake job', quantity: 1.5, unitPriceMinor: 10_001, labourHours: 1.5 };
const pads = { kind: 'part', description: 'brake pads', quantity: 1, unitPriceMinor: 30_000, inStock: true };
const checklist = { windowGlass: { condition: 'intact' }, powerWindows: { condition: 'work' }, bodyPaint: { condition: 'scratched' }, trunk: { condition: 'fine' } };
const inspection = { coversFitted: true, checklist, findings: [], belongings: [], valuablesReminderGiven: true, customerSignature: signature };
const maintenanceConfirmation = [{ item: 'brake pads', result: 'replaced' }];

/** The work-order samples that do not depend on the case (ids of supplement lines are given, so each can be added once). */
const workOrderFixedSamples: Sample[] = [
  stamp('requests.confirmed'),
  stamp('inspection.recorded', inspection),
  stamp('inspection.recorded', { ...inspection, coversFitted: false }),
  stamp('inspection.recorded', { ...inspection, valuablesReminderGiven: false }),
  stamp('inspection.recorded', (({ customerSignature: _, ...unsigned }) => unsigned)(inspection)),
  stamp('estimate.prepared', { lines: [labour, pads], promisedAt }),
  stamp('estimate.prepared', { lines: [labour, { ...pads, inStock: false }], promisedAt }),
  stamp('estimate.prepared', { lines: [{ ...labour, unitPriceMinor: 0 }], promisedAt }),
  stamp('estimate.prepared', { lines: [], promisedAt }),
  stamp('estimate.prepared', { lines: [labour], promisedAt: iso(T0 - 60_000) }),
  stamp('estimate.declined', { reason: 'too expensive' }),
  stamp('parts.received', { lineIds: ['L2'] }),
  stamp('parts.received', { lineIds: ['S2'] }),
  stamp('parts.received', { lineIds: ['L1'] }),
  stamp('repair.started', { technician: 'Wang' }),
  stamp('repair.lineCompleted', { lineId: 'L1' }),
  stamp('repair.lineCompleted', { lineId: 'L2' }),
  stamp('repair.lineCompleted', { lineId: 'S1' }),
  stamp('repair.lineCompleted', { lineId: 'S2' }),
  stamp('repair.lineCompleted', { lineId: 'X9' }),
  stamp('repair.additionalWorkFound', {
    lines: [{ id: 'S1', kind: 'fluid', description: 'brake fluid', quantity: 0.5, unitPriceMinor: 999, inStock: true }],
    note: 'fluid is dark',
  }),
  stamp('repair.additionalWorkFound', {
    lines: [{ id: 'S2', kind: 'part', description: 'brake disc', quantity: 2, unitPriceMinor: 45_000, inStock: false }],
    note: 'disc worn',
  }),
  stamp('repair.additionalWorkFound', { lines: [], note: 'nothing' }),
  stamp('supplement.declined', { reason: 'next time' }),
  stamp('repair.completed'),
  stamp('settlement.requestsReviewed', { resolutions: [{ request: 0, resolved: true }, { request: 1, resolved: false, note: 'next visit' }], maintenanceConfirmation }),
  stamp('settlement.requestsReviewed', { resolutions: [{ request: 0, resolved: true }], maintenanceConfirmation }),
  stamp('settlement.requestsReviewed', { resolutions: [{ request: 0, resolved: true }, { request: 1, resolved: false }], maintenanceConfirmation }),
  stamp('invoice.signed', { customerSignature: signature }),
  stamp('payment.recorded', { amountMinor: 0, method: 'cash' }),
  stamp('vehicle.handedOver', { coversRemoved: true, nextService: { dueOdometerKm: 66_000 } }),
  stamp('vehicle.handedOver', { coversRemoved: true, nextService: { dueDate: '2027-05-01' } }),
  stamp('vehicle.handedOver', { coversRemoved: false, nextService: { dueOdometerKm: 66_000 } }),
  stamp('vehicle.handedOver', { coversRemoved: true, nextService: {} }),
  stamp('order.cancelled', { reason: 'customer left' }),
];

/** Samples whose values are read off the case: the current and a stale revision, what is owed. */
function workOrderSamples(snapshot: Snapshot): Sample[] {
  const revision: number = snapshot.context.estimate?.revision ?? 1;
  const owed: number = snapshot.context.billing?.owedMinor ?? 100;
  return [
    ...workOrderFixedSamples,
    stamp('estimate.approved', { revision, customerSignature: signature }),
    stamp('estimate.approved', { revision: revision + 1, customerSignature: signature }),
    ...(revision > 1 ? [stamp('estimate.approved', { revision: revision - 1, customerSignature: signature })] : []),
    stamp('supplement.approved', { revision, customerSignature: signature }),
    ...(revision > 1 ? [stamp('supplement.approved', { revision: revision - 1, customerSignature: signature })] : []),
    stamp('payment.recorded', { amountMinor: owed, method: 'card' }),
    stamp('payment.recorded', { amountMinor: Math.max(1, Math.floor(owed / 2)), method: 'cash' }),
    stamp('payment.recorded', { amountMinor: owed + 1, method: 'cash' }),
  ];
}

/**
 * What matters about a work order, and nothing that grows in loops: where it is, whether the
 * estimate was ever revised, each line's approval/done/stock, whether work started, and whether
 * money is owed or was paid.
 */
function serializeWorkOrder(snapshot: Snapshot, revisionCap = 2): string {
  const ctx = snapshot.context;
  const lines = (ctx.estimate?.lines ?? [])
    .map((l: any) => `${l.id}:${l.approval[0]}${l.done ? 'd' : ''}${l.inStock === false ? 'm' : ''}`)
    .join(',');
  return [
    statePath(snapshot),
    `rev${Math.min(ctx.estimate?.revision ?? 0, revisionCap)}`,
    lines,
    ctx.repair.startedAt ? 'started' : '',
    ctx.billing ? `owed${ctx.billing.owedMinor > 0 ? '+' : '0'}paid${ctx.billing.paidMinor > 0 ? '+' : '0'}` : '',
    ctx.estimateDeclined ? 'declined' : '',
  ].join('|');
}

const workOrderInput = {
  customer: { name: 'Li Wei', phone: '138' },
  vehicle: { plate: '粤A·12345', odometerKm: 61_200 },
  requests: ['brakes squeak', 'oil change'],
};

// ── Complaint samples ───────────────────────────────────────────────────────────────────────

const complaintSamples: Sample[] = [
  stamp('investigation.recorded', { findings: 'pads not bedded in', substantiated: true }),
  stamp('investigation.recorded', { findings: 'no fault found', substantiated: false }),
  stamp('correction.recorded', { actions: [{ description: 'refit pads', owner: 'Wang', dueDate: '2026-12-01' }], verifiedBy: 'QA lead' }),
  stamp('correction.recorded', { actions: [], verifiedBy: 'QA lead' }),
  stamp('answer.sent', { channel: 'phone', message: 'We have fixed it.' }),
  stamp('complaint.closed', { customerResponse: 'thanks', satisfied: true }, 'qa'),
  stamp('complaint.closed', { customerResponse: 'still bad', satisfied: false }, 'qa'),
  stamp('complaint.closed', { customerResponse: 'still bad', satisfied: false }, 'manager'),
  stamp('complaint.reopened', { reason: 'customer called again' }),
];

function serializeComplaint(snapshot: Snapshot): string {
  const ctx = snapshot.context;
  const investigation = ctx.round.investigation;
  return [
    statePath(snapshot),
    investigation ? (investigation.substantiated ? 'substantiated' : 'unsubstantiated') : '',
    ctx.history.length > 0 ? 'reopened' : '',
  ].join('|');
}

const complaintInput = { channel: 'visit', customer: { name: 'Zhang Min' }, statement: 'still squeaks', severity: 'low' };

// ── Checks shared by both processes ─────────────────────────────────────────────────────────

/** The samples are built to pass their schemas, as the engine would require. */
function expectSamplesToPassTheirSchemas(definition: ProcessDefinition, samples: Sample[]) {
  for (const { type, at: _at, actor: _actor, ...payload } of samples) {
    const clean = JSON.parse(JSON.stringify(payload));
    expect(eventSchemas(definition)[type]!.safeParse(clean).success, `${type} ${JSON.stringify(clean)}`).toBe(true);
  }
}

/** Replays a path's events through the real machine from the start: the path is concrete, not an artefact of the abstraction. */

/**
 * The samples offered to the graph walk in a state: only those of the event types it handles. The
 * others are all refused (`expectContractInEveryState` sends each of them), so they add no edge.
 */
const handledOnly = (samplesFor: (s: Snapshot) => Sample[]) => (snapshot: Snapshot) => {
  const handled = allowedEvents(snapshot);
  return samplesFor(snapshot).filter((e) => handled.includes(e.type));
};

/** Consecutive repeats collapsed: the states a case went through, in order. */
const distinct = (list: string[]) => list.filter((s, i) => i === 0 || s !== list[i - 1]);

/**
 * For every reachable state: the events it handles are exactly the contract's, and every other
 * event of the process leaves the snapshot untouched (returns the same object).
 */
function expectContractInEveryState(
  definition: ProcessDefinition,
  states: Snapshot[],
  contract: Record<string, string[]>,
  samplesFor: (s: Snapshot) => Sample[],
) {
  const seen = new Set<string>();
  const vocabulary = Object.keys(eventSchemas(definition));
  for (const snapshot of states) {
    const path = statePath(snapshot);
    seen.add(path);
    expect(Object.keys(contract), `state ${path} is not in the contract`).toContain(path);
    expect([...allowedEvents(snapshot)].sort(), path).toEqual([...contract[path]!].sort());
    const samples = samplesFor(snapshot);
    for (const type of vocabulary.filter((t) => !contract[path]!.includes(t))) {
      const ofType = samples.filter((s) => s.type === type);
      expect(ofType.length, type).toBeGreaterThan(0);
      for (const event of ofType) {
        const [next] = transition(definition.machine, snapshot, event as never);
        expect(next, `${type} in ${path}`).toBe(snapshot);
      }
    }
  }
  return seen;
}

// ── Work order ──────────────────────────────────────────────────────────────────────────────

const STEPS = ['greet', 'inspect', 'estimate', 'sign', 'repair', 'settle', 'handover', 'done'];
const stepOf = (snapshot: Snapshot) => statePath(snapshot).split('.')[0]!;

/** The step sequence of a path to done: all seven steps in order, repair left out only after a declined estimate. */
function expectStepsInOrder(steps: string[], declined: boolean) {
  expect(steps).toEqual(declined ? STEPS.filter((s) => s !== 'repair') : STEPS);
}

describe('work order, model-based', () => {
  const full = { input: workOrderInput, events: handledOnly(workOrderSamples), serializeState: (s: Snapshot) => serializeWorkOrder(s) };
  /** The walk of the full model, made once for the tests below (it is a pure function of the machine). */
  let walked: Adjacency | undefined;
  const fullAdjacency = () => (walked ??= getAdjacencyMap(workOrderProcess.machine, full) as unknown as Adjacency);

  it('uses sample events the engine would accept', () => {
    const representatives = Object.values(fullAdjacency()).map((a) => a.state);
    for (const snapshot of representatives) expectSamplesToPassTheirSchemas(workOrderProcess, workOrderSamples(snapshot));
  });

  it('reaches every abstract state by a real run of the machine', () => {
    const paths = getShortestPaths(workOrderProcess.machine, full);
    console.log(`work order: ${paths.length} shortest paths, one to each abstract state, replayed`);
    expect(paths.length).toBeGreaterThan(100);
    for (const path of paths) {
      const events = path.steps.slice(1).map((s) => s.event as Sample);
      const replayed = replayEvents(workOrderProcess, workOrderInput, events).at(-1)!;
      expect(serializeWorkOrder(replayed)).toBe(serializeWorkOrder(path.state as Snapshot));
    }
  });

  it('handles, in every reachable state, exactly the events the contract lists and refuses all others', () => {
    const states = Object.values(fullAdjacency()).map((a) => a.state);
    console.log(`work order: ${states.length} abstract states checked against the contract`);
    const seen = expectContractInEveryState(workOrderProcess, states, workOrderContract, workOrderSamples);
    expect([...seen].sort()).toEqual(Object.keys(workOrderContract).sort());
  });

  it('never moves a case back a step or past one: every transition stays in its step or goes to the next', () => {
    const adjacency = fullAdjacency();
    let edges = 0;
    for (const { state, transitions } of Object.values(adjacency)) {
      const from = stepOf(state);
      for (const { state: next } of Object.values(transitions)) {
        edges++;
        const to = stepOf(next);
        if (to === from) continue;
        if (to === 'cancelled') expect(['greet', 'inspect', 'estimate', 'sign']).toContain(from);
        else if (from === 'sign' && to === 'settle') expect(next.context.estimateDeclined).not.toBeNull();
        else expect(STEPS.indexOf(to), `${from} → ${to}`).toBe(STEPS.indexOf(from) + 1);
      }
    }
    console.log(`work order: ${edges} transitions checked`);
    expect(edges).toBeGreaterThan(0);
  });

  it('goes through greet, inspect, estimate, sign, repair, settle and handover in order on every simple path to done', () => {
    // Every simple path of the full model, enumerated once over @xstate/graph's adjacency map
    // (getSimplePaths searches again for each of the hundreds of states, which takes minutes here).
    const adjacency = fullAdjacency();
    const successors = new Map(
      Object.entries(adjacency).map(([key, { transitions }]) => [
        key,
        [...new Set(Object.values(transitions).map(({ state }) => serializeWorkOrder(state)))],
      ]),
    );
    const startKey = Object.keys(adjacency)[0]!;
    const onPath = new Set<string>();
    let count = 0;
    let declinedCount = 0;
    const walk = (key: string, steps: string[]) => {
      const snapshot = adjacency[key]!.state;
      const step = stepOf(snapshot);
      const here = steps.at(-1) === step ? steps : [...steps, step];
      if (step === 'done') {
        count++;
        const declined = snapshot.context.estimateDeclined !== null;
        if (declined) declinedCount++;
        expectStepsInOrder(here, declined);
        return;
      }
      onPath.add(key);
      for (const next of successors.get(key)!) if (!onPath.has(next)) walk(next, here);
      onPath.delete(key);
    };
    walk(startKey, []);
    console.log(`work order: ${count} simple paths to done in the full model (${declinedCount} after a declined estimate)`);
    expect(count).toBeGreaterThan(0);
    expect(declinedCount).toBeGreaterThan(0);
  });

  it('goes through the seven steps in order on every path getSimplePaths finds to done, replayed on the machine', () => {
    // A smaller model, exact enough to replay each path event for event: the estimate is
    // re-prepared at most once, one supplement (the in-stock one) may be found, revisions are kept
    // exactly. getSimplePaths searches again for each state, so a larger model takes minutes.
    const smallerSamples = (s: Snapshot) =>
      workOrderSamples(s).filter(
        (e) =>
          !(e.type === 'repair.additionalWorkFound' && JSON.stringify(e).includes('"S2"')) &&
          !(e.type === 'estimate.prepared' && s.context.estimate?.revision >= 2),
      );
    const smaller = {
      input: workOrderInput,
      events: handledOnly(smallerSamples),
      serializeState: (s: Snapshot) => serializeWorkOrder(s, Infinity),
      toState: (s: Snapshot) => statePath(s) === 'done',
    };
    const paths = getSimplePaths(workOrderProcess.machine, smaller);
    console.log(`work order: ${paths.length} getSimplePaths paths to done, replayed`);
    expect(paths.length).toBeGreaterThan(0);
    const kinds = new Set<string>();
    for (const path of paths) {
      const events = path.steps.slice(1).map((s) => s.event as Sample);
      const visited = replayEvents(workOrderProcess, workOrderInput, events);
      const final = visited.at(-1)!;
      expect(statePath(final)).toBe('done');
      expect(final.context.billing.owedMinor).toBe(0);
      const declined = final.context.estimateDeclined !== null;
      expectStepsInOrder(distinct(visited.map(stepOf)), declined);
      kinds.add(declined ? 'declined' : final.context.billing.totalMinor === 0 ? 'free' : 'paid');
    }
    expect([...kinds].sort()).toEqual(['declined', 'free', 'paid']);
  });
});

// ── Complaint ───────────────────────────────────────────────────────────────────────────────

describe('complaint, model-based', () => {
  const options = { input: complaintInput, events: handledOnly(() => complaintSamples), serializeState: serializeComplaint };

  it('uses sample events the engine would accept', () => {
    expectSamplesToPassTheirSchemas(complaintProcess, complaintSamples);
  });

  it('handles, in every reachable state, exactly the events the contract lists and refuses all others', () => {
    const adjacency = getAdjacencyMap(complaintProcess.machine, options);
    const states = Object.values(adjacency).map((a) => a.state as Snapshot);
    console.log(`complaint: ${states.length} abstract states reached`);
    const seen = expectContractInEveryState(complaintProcess, states, complaintContract, () => complaintSamples);
    expect([...seen].sort()).toEqual(Object.keys(complaintContract).sort());
  });

  it('closes only after an answer, and after a correction when the complaint was substantiated, on every path', () => {
    const paths = getSimplePaths(complaintProcess.machine, { ...options, toState: (s: Snapshot) => statePath(s) === 'closed' });
    console.log(`complaint: ${paths.length} getSimplePaths paths to closed, replayed`);
    expect(paths.length).toBeGreaterThan(0);
    const kinds = new Set<string>();
    for (const path of paths) {
      const events = path.steps.slice(1).map((s) => s.event as Sample);
      const visited = replayEvents(complaintProcess, complaintInput, events);
      const final = visited.at(-1)!;
      expect(statePath(final)).toBe('closed');
      expect(final.context.round.answer).not.toBeNull();
      const trail = visited.map(statePath);
      const lastRound = distinct(trail.slice(trail.lastIndexOf('received')));
      expect(lastRound).toEqual(
        final.context.round.investigation.substantiated
          ? ['received', 'investigated', 'corrected', 'answered', 'closed']
          : ['received', 'investigated', 'answered', 'closed'],
      );
      if (!final.context.closure.satisfied) expect(final.context.closure.by.role).toBe('manager');
      kinds.add(`${final.context.history.length > 0 ? 'reopened, ' : ''}${final.context.closure.satisfied ? 'satisfied' : 'closed by a manager'}`);
    }
    expect([...kinds].sort()).toEqual(['closed by a manager', 'reopened, closed by a manager', 'reopened, satisfied', 'satisfied']);
  });
});
