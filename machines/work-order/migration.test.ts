import { describe, expect, it } from 'vitest';
import { applyEvent, restoreSnapshot } from '../apply.js';
import { describeProcess } from '../describe.js';
import { statePath, statusOf } from '../process.js';
import { staff } from '../testing.js';
import { migrateSnapshot, type PersistedSnapshot } from '../versions.js';
import { workOrderProcess, workOrderVersion1 } from './index.js';
import { nextStep, walkedTo } from './walk.js';

const versions = [workOrderVersion1, workOrderProcess];

/** A version-1 case walked until it rests in `state`: its snapshot as stored, and its clock. */
function version1CaseAt(state: string) {
  const c = walkedTo(workOrderVersion1, state);
  return { snapshot: JSON.parse(JSON.stringify(c.snapshot)) as PersistedSnapshot, now: c.now };
}

/** Every state an open version-1 case can rest in, as the process describes itself. */
const openStates = describeProcess(workOrderVersion1).states.filter((s) => !s.final).map((s) => s.path);

describe('migrating an open work order from version 1 to version 2', () => {
  it('has a mapping for every state a version-1 case can rest in, each to the same state', () => {
    expect(openStates).toHaveLength(12);
    expect(workOrderProcess.migration?.states).toEqual(Object.fromEntries(openStates.map((s) => [s, s])));
  });

  it('makes the advisor who recorded the inspection the one who received the car, and marks the named items as not kept', () => {
    const { snapshot } = version1CaseAt('sign');
    const outcome = migrateSnapshot(versions, snapshot, 1, 2);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const context = outcome.snapshot.context as any;
    expect(context.receivedBy).toEqual(staff('advisor'));
    expect(context.inspection.checklist).toBeNull();
    expect(context.inspection.findings).toEqual((snapshot.context as any).inspection.findings);
    expect(context.maintenanceConfirmation).toBeNull();
    expect(context.explanation).toBeNull();
  });

  it('leaves nobody as the receiver of a car not yet inspected, so the inspection on version 2 records them', () => {
    const { snapshot } = version1CaseAt('inspect');
    const outcome = migrateSnapshot(versions, snapshot, 1, 2);
    expect(outcome).toMatchObject({ ok: true, state: 'inspect', snapshot: { context: { receivedBy: null, inspection: null } } });
  });

  it.each(openStates)('moves a case resting in %s to version 2, where it walks on to done', (state) => {
    const { snapshot, now } = version1CaseAt(state);
    const outcome = migrateSnapshot(versions, snapshot, 1, 2);
    expect(outcome).toMatchObject({ ok: true, state });
    if (!outcome.ok) return;
    let live = restoreSnapshot(workOrderProcess, outcome.snapshot);
    let clock = now;
    for (let steps = 0; statePath(live) !== 'done'; steps++) {
      expect(steps, `stuck in ${statePath(live)}`).toBeLessThan(40);
      const { role, event } = nextStep(2, statePath(live), live.context, new Date(clock));
      const applied = applyEvent(workOrderProcess, live, event, staff(role), new Date(clock));
      if (!applied.ok) throw new Error(`${event.type} refused in ${statePath(live)}: ${applied.refusal.message}`);
      live = applied.value.snapshot;
      clock += 60_000;
    }
    expect(statusOf(live)).toBe('done');
  });
});
