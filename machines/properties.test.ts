/**
 * Property-based tests: random runs of each process, events drawn from the whole vocabulary with
 * valid and invalid payloads and any staff role, passed through the payload schema and the pure
 * `transition` as the engine does. The rules of the business must hold after every event. The
 * engine's role check is left out on purpose: the machine's own rules must hold whoever sends.
 */
import { sampleSignature } from './signature.js';
import fc from 'fast-check';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { describe, expect, it } from 'vitest';
import { complaintProcess } from './complaint/index.js';
import { allowedEvents, refusalReason, roles, statePath, type ProcessDefinition, type Role } from './process.js';
import { eventSchemas, iso, MINUTE, staff, T0 } from './testing.js';
import { workOrderProcess, type EstimateLine } from './work-order/index.js';

type Snapshot = AnyMachineSnapshot;
type Payload = Record<string, unknown>;

/**
 * One random step. The event type is either one the current state handles (`steer`, so that runs
 * get far) or any type of the process; the payload is built from the other fields, read against
 * the case where a value only makes sense relative to it (the current revision, what is owed).
 */
interface Step {
  steer: boolean;
  pick: number;
  role: Role;
  variant: number;
  flags: [boolean, boolean, boolean];
  lines: Payload[];
  text: string;
  revisionDelta: number;
  amount: number;
  minutesAhead: number;
}

const drop = (o: Payload): Payload => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const mostly = (weight = 9) => fc.integer({ min: 0, max: weight }).map((n) => n > 0);

const lineArb: fc.Arbitrary<Payload> = fc
  .record({
    id: fc.option(fc.constantFrom('L1', 'L2', 'L3', 'extra', 'S1'), { freq: 3 }),
    kind: fc.constantFrom('labour', 'part', 'fluid'),
    description: fc.constantFrom('brake job', 'pads', 'oil', ' '),
    quantity: fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 1, max: 400 }).map((n) => n / 100) },
      { weight: 1, arbitrary: fc.constantFrom(1.005, 0, -2, 0.333) },
    ),
    unitPriceMinor: fc.oneof(fc.integer({ min: 0, max: 200_000 }), fc.constant(0)),
    labourHours: fc.option(fc.constantFrom(0.5, 1, 2.5), { freq: 6 }),
    inStock: fc.option(fc.boolean(), { freq: 6 }),
  })
  .map((l) => drop({ ...l, id: l.id ?? undefined, labourHours: l.labourHours ?? undefined, inStock: l.inStock ?? undefined }));

const stepArb: fc.Arbitrary<Step> = fc.record({
  steer: mostly(5),
  pick: fc.nat(1000),
  role: fc.constantFrom(...roles),
  variant: fc.nat(9),
  flags: fc.tuple(mostly(), mostly(), mostly()),
  lines: fc.array(lineArb, { maxLength: 4 }),
  text: fc.oneof({ weight: 9, arbitrary: fc.constantFrom('noted', 'Wang Qiang', '客戶要求') }, { weight: 1, arbitrary: fc.string({ maxLength: 5 }) }),
  revisionDelta: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: -2, max: 2 }) }),
  amount: fc.integer({ min: -1_000, max: 500_000 }),
  minutesAhead: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 10_000 }) }, { weight: 1, arbitrary: fc.integer({ min: -600, max: 0 }) }),
});

const stepsArb = fc.array(stepArb, { maxLength: 40, size: 'max' });

// ── Payloads, valid or not ──────────────────────────────────────────────────────────────────

const signature = sampleSignature('Li Wei');

function lineIdFor(step: Step, lines: EstimateLine[], wanted: (l: EstimateLine) => boolean): string {
  const candidates = step.variant < 7 ? lines.filter(wanted) : step.variant < 9 ? lines : [];
  return candidates.length > 0 ? candidates[step.pick % candidates.length]!.id : 'X9';
}

function workOrderPayload(type: string, step: Step, ctx: any, at: number): Payload {
  const [a, b, c] = step.flags;
  const lines: EstimateLine[] = ctx.estimate?.lines ?? [];
  const revision = (ctx.estimate?.revision ?? 1) + step.revisionDelta;
  const owed: number = ctx.billing?.owedMinor ?? 0;
  switch (type) {
    case 'requests.confirmed':
    case 'repair.completed':
      return step.variant === 9 ? { unexpected: true } : {};
    case 'inspection.recorded':
      return drop({
        coversFitted: a,
        checklist: { windowGlass: { condition: 'intact' }, powerWindows: { condition: 'work' }, bodyPaint: { condition: 'fine' }, trunk: { condition: 'fine' } },
        findings: step.variant > 5 ? [{ area: 'paint', condition: 'scratched' }] : [],
        belongings: [],
        valuablesReminderGiven: b,
        customerSignature: c ? signature : undefined,
      });
    case 'estimate.prepared':
      return { lines: step.lines, promisedAt: iso(at + step.minutesAhead * MINUTE) };
    case 'estimate.approved':
    case 'supplement.approved':
      return { revision, customerSignature: signature };
    case 'estimate.declined':
    case 'supplement.declined':
    case 'order.cancelled':
      return { reason: step.text };
    case 'parts.received':
      return { lineIds: [lineIdFor(step, lines, (l) => l.approval === 'approved' && l.inStock === false)] };
    case 'repair.started':
      return { technician: step.text };
    case 'repair.lineCompleted':
      return { lineId: lineIdFor(step, lines, (l) => l.approval === 'approved' && !l.done) };
    case 'repair.additionalWorkFound':
      return { lines: step.lines, note: step.text };
    case 'settlement.requestsReviewed': {
      const requests: string[] = ctx.requests;
      const all = requests.map((_, request) => ({ request, resolved: true }));
      const kinds = [
        all,
        all.slice(1), // a request left out
        [...all, { request: requests.length, resolved: true }], // a request number not on the sheet
        all.map((r) => ({ ...r, resolved: false })), // unresolved without a note
        [...all, { request: 0, resolved: true }], // two resolutions for one request
        all.map((r) => ({ ...r, resolved: false, note: 'next visit' })),
      ];
      const resolutions = kinds[[0, 1, 2, 3, 4, 5, 0, 0, 0, 5][step.variant]!]!;
      return { resolutions, maintenanceConfirmation: [{ item: 'engine oil', result: 'changed' }] };
    }
    case 'invoice.signed':
      return { customerSignature: signature };
    case 'payment.recorded': {
      const amounts = [owed, Math.floor(owed / 2), owed + 1 + (step.amount % 100), 0, -owed, step.amount];
      return { amountMinor: amounts[step.variant % amounts.length]!, method: (['cash', 'card', 'transfer', 'other'] as const)[step.pick % 4] };
    }
    case 'vehicle.handedOver': {
      const nextService = [{ dueOdometerKm: 70_000 }, { dueDate: '2027-06-01' }, {}, { dueDate: '2027-06-01', dueOdometerKm: 70_000 }];
      return { coversRemoved: a, nextService: nextService[step.variant % 4]! };
    }
    default:
      throw new Error(`no payload recipe for ${type}`);
  }
}

function complaintPayload(type: string, step: Step): Payload {
  const [a, b] = step.flags;
  switch (type) {
    case 'investigation.recorded':
      return drop({ findings: step.text, rootCause: step.variant > 5 ? 'assembly' : undefined, substantiated: step.pick % 2 === 0 });
    case 'correction.recorded': {
      const action = { description: 'refit the pads', owner: step.text, dueDate: step.variant === 9 ? '2026-13-40' : '2026-12-01' };
      return { actions: Array.from({ length: step.variant % 3 }, () => action), verifiedBy: 'QA lead' };
    }
    case 'answer.sent':
      return { channel: step.variant === 9 ? 'fax' : 'phone', message: step.text };
    case 'complaint.closed':
      return { customerResponse: step.text, satisfied: a && b };
    case 'complaint.reopened':
      return { reason: step.text };
    default:
      throw new Error(`no payload recipe for ${type}`);
  }
}

// ── Running a sequence as the engine would ──────────────────────────────────────────────────

interface Applied {
  before: Snapshot;
  event: { type: string; at: string; actor: { role: Role } } & Payload;
  after: Snapshot;
  accepted: boolean;
}

interface Process {
  definition: ProcessDefinition;
  input: unknown;
  payload: (type: string, step: Step, ctx: any, at: number) => Payload;
  /** Events that end a run early: steering picks them only now and then, so runs get far. */
  rare: string[];
}

const workOrder: Process = {
  definition: workOrderProcess,
  input: { customer: { name: 'Li Wei', phone: '138' }, vehicle: { plate: '粤A·12345', odometerKm: 61_200 }, requests: ['brakes squeak', 'oil change'] },
  payload: workOrderPayload,
  rare: ['order.cancelled', 'estimate.declined'],
};
const complaint: Process = {
  definition: complaintProcess,
  input: { channel: 'web', customer: { name: 'Zhang Min' }, statement: 'still squeaks', severity: 'high' },
  payload: (type, step) => complaintPayload(type, step),
  rare: [],
};

const start = (p: Process) => initialTransition(p.definition.machine, p.input)[0] as Snapshot;

/**
 * Applies the steps from `snapshot`; `clockFrom` numbers the minutes so that a run split in two
 * stamps the same times as the run in one go. Events whose payload fails the schema are skipped.
 */
function run(p: Process, snapshot: Snapshot, steps: Step[], clockFrom = 0, onEvent?: (applied: Applied) => void): { snapshot: Snapshot; outcomes: string[] } {
  const vocabulary = Object.keys(eventSchemas(p.definition));
  const outcomes: string[] = [];
  steps.forEach((step, i) => {
    const handled = allowedEvents(snapshot).filter((t) => step.variant === 9 || !p.rare.includes(t));
    const type = step.steer && handled.length > 0 ? handled[step.pick % handled.length]! : vocabulary[step.pick % vocabulary.length]!;
    const at = T0 + (clockFrom + i) * MINUTE;
    const parsed = eventSchemas(p.definition)[type]!.safeParse(p.payload(type, step, snapshot.context, at));
    if (!parsed.success) {
      outcomes.push(`${type}:invalid`);
      return;
    }
    const event = { ...parsed.data, type, at: iso(at), actor: staff(step.role) };
    const [after] = transition(p.definition.machine, snapshot, event as never) as [Snapshot, unknown];
    const accepted = after !== snapshot;
    outcomes.push(`${type}:${accepted ? 'accepted' : 'refused'}`);
    onEvent?.({ before: snapshot, event, after, accepted });
    snapshot = after;
  });
  return { snapshot, outcomes };
}

const step = (s: Snapshot) => statePath(s).split('.')[0]!;
/** Runs per property: about a second each on this 2-core box. */
const RUNS = 200;

// ── Work order ──────────────────────────────────────────────────────────────────────────────

describe('work order, for any sequence of events', () => {
  it('never throws, and every refusal comes with a reason', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(stepsArb, (steps) => {
        const { snapshot } = run(workOrder, start(workOrder), steps, 0, ({ before, event, accepted }) => {
          if (!accepted) expect(refusalReason(workOrderProcess, before, event)).toMatch(/\w/);
        });
        reached.add(statePath(snapshot));
      }),
      { numRuns: RUNS },
    );
    // The generator reaches the end of the process, so the properties below are not vacuous.
    expect(reached).toContain('done');
    expect(reached).toContain('cancelled');
  });

  it('never starts repair without the customer\'s signature on the revision current at that moment', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        run(workOrder, start(workOrder), steps, 0, ({ before, event, after }) => {
          if (step(after) === 'repair' && step(before) !== 'repair') {
            expect(event.type).toBe('estimate.approved');
            expect(after.context.approval.revision).toBe(before.context.estimate.revision);
            expect(after.context.approval.customerSignature.signedBy).toMatch(/\S/);
          }
          if (['repair', 'settle', 'handover', 'done'].includes(step(after)) && !after.context.estimateDeclined) {
            // Each approved line was on a revision the customer signed: the estimate or a supplement.
            for (const line of after.context.estimate.lines as EstimateLine[]) {
              if (line.approval !== 'approved') continue;
              const signedSupplement = after.context.supplements.some(
                (s: any) => s.revision === line.addedInRevision && s.status === 'approved' && s.customerSignature,
              );
              expect(line.addedInRevision === after.context.approval.revision || signedSupplement, line.id).toBe(true);
            }
          }
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('never hands the car over while money is owed, and never takes more than is owed', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        run(workOrder, start(workOrder), steps, 0, ({ after }) => {
          const billing = after.context.billing;
          if (billing) expect(billing.owedMinor).toBeGreaterThanOrEqual(0);
          if (step(after) === 'handover' || step(after) === 'done') {
            const approved = (after.context.estimate?.lines ?? []).filter((l: EstimateLine) => l.approval === 'approved');
            const total = approved.reduce((sum: number, l: EstimateLine) => sum + l.amountMinor, 0);
            expect(billing).toEqual({ totalMinor: total, paidMinor: total, owedMinor: 0 });
          }
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('never marks done a line the customer has not approved', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        run(workOrder, start(workOrder), steps, 0, ({ event, after, accepted }) => {
          for (const line of (after.context.estimate?.lines ?? []) as EstimateLine[]) {
            if (line.done) expect(line.approval, line.id).toBe('approved');
          }
          if (accepted && event.type === 'repair.lineCompleted') {
            expect(after.context.estimate.lines.find((l: EstimateLine) => l.id === event.lineId).approval).toBe('approved');
          }
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('continues the same way from a snapshot saved as JSON and restored', () => {
    fc.assert(
      fc.property(stepsArb, stepsArb, (before, after) => {
        expectSameContinuation(workOrder, before, after);
      }),
      { numRuns: RUNS },
    );
  });
});

// ── Complaint ───────────────────────────────────────────────────────────────────────────────

describe('complaint, for any sequence of events', () => {
  it('never throws, and every refusal comes with a reason', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(stepsArb, (steps) => {
        const { snapshot } = run(complaint, start(complaint), steps, 0, ({ before, event, accepted }) => {
          if (!accepted) expect(refusalReason(complaintProcess, before, event)).toMatch(/\w/);
        });
        reached.add(statePath(snapshot));
      }),
      { numRuns: RUNS },
    );
    expect(reached).toContain('closed');
  });

  it('never closes a complaint without an answer in the current round, nor over dissatisfaction unless a manager does', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        run(complaint, start(complaint), steps, 0, ({ after }) => {
          if (statePath(after) !== 'closed') return;
          expect(after.context.round.answer).not.toBeNull();
          if (after.context.round.investigation.substantiated) expect(after.context.round.correction).not.toBeNull();
          if (!after.context.closure.satisfied) {
            expect(after.context.closure.by.role).toBe('manager');
            expect(after.context.closure.closedOverDissatisfactionBy).toEqual(after.context.closure.by);
          }
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('continues the same way from a snapshot saved as JSON and restored', () => {
    fc.assert(
      fc.property(stepsArb, stepsArb, (before, after) => {
        expectSameContinuation(complaint, before, after);
      }),
      { numRuns: RUNS },
    );
  });
});

/** Runs `before`, saves and restores the snapshot as the engine does, then runs `after` on both. */
function expectSameContinuation(p: Process, before: Step[], after: Step[]) {
  const { snapshot: middle } = run(p, start(p), before);
  const restored = p.definition.machine.resolveState(JSON.parse(JSON.stringify(middle)));
  expect(statePath(restored)).toBe(statePath(middle));
  const original = run(p, middle, after, before.length);
  const resumed = run(p, restored, after, before.length);
  expect(resumed.outcomes).toEqual(original.outcomes);
  expect(statePath(resumed.snapshot)).toBe(statePath(original.snapshot));
  expect(resumed.snapshot.status).toBe(original.snapshot.status);
  expect(resumed.snapshot.context).toEqual(original.snapshot.context);
}
