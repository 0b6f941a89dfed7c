import { describe, expect, it } from 'vitest';
import { createMachine, initialTransition } from 'xstate';
import { everyOpenStateToItself, migrateSnapshot, pathOfValue, refuseMigration, valueOfPath, type PersistedSnapshot, type VersionedMachine } from './versions.js';

// A small process in three versions: v2 splits `work` into two sub-states and renames `notes`;
// v3 drops the `paused` state. Enough to show every way a migration can answer.
const v1 = createMachine({
  id: 'job',
  context: { notes: 'hello' },
  initial: 'open',
  states: { open: { on: { go: 'work' } }, work: { on: { pause: 'paused', finish: 'done' } }, paused: {}, done: { type: 'final' } },
});
const v2 = createMachine({
  id: 'job',
  context: { remarks: [] as string[], priority: 'normal' },
  initial: 'open',
  states: {
    open: {},
    work: {
      initial: 'routing',
      states: { routing: { always: 'doing' }, doing: {}, checking: {} },
    },
    paused: {},
    done: { type: 'final' },
  },
});
const v3 = createMachine({ id: 'job', context: { remarks: [] as string[], priority: 'normal' }, initial: 'open', states: { open: {}, work: { initial: 'doing', states: { doing: {}, checking: {} } }, done: { type: 'final' } } });

const versions: VersionedMachine[] = [
  { definitionVersion: 1, machine: v1 },
  {
    definitionVersion: 2,
    machine: v2,
    migration: {
      from: 1,
      states: { open: 'open', work: 'work.doing', paused: 'paused' },
      context: (context: { notes: string }) =>
        context.notes === 'secret' ? refuseMigration('its notes are marked secret') : { context: { remarks: [context.notes], priority: 'normal' } },
    },
  },
  {
    definitionVersion: 3,
    machine: v3,
    migration: { from: 2, states: { open: 'open', 'work.doing': 'work.doing', 'work.checking': 'work.checking' }, context: (c) => ({ context: c }) },
  },
];

const snapshotAt = (state: string, context: unknown = { notes: 'hello' }): PersistedSnapshot => ({
  ...(initialTransition(v1)[0].toJSON() as PersistedSnapshot),
  value: valueOfPath(state),
  context,
});

describe('migrating a snapshot to a later version', () => {
  it('maps the state and changes the context by the version\'s own migration', () => {
    const outcome = migrateSnapshot(versions, snapshotAt('work'), 1, 2);
    expect(outcome).toMatchObject({ ok: true, state: 'work.doing' });
    if (!outcome.ok) return;
    expect(outcome.snapshot.value).toEqual({ work: 'doing' });
    expect(outcome.snapshot.context).toEqual({ remarks: ['hello'], priority: 'normal' });
    expect(v2.resolveState(outcome.snapshot as never).status).toBe('active');
  });

  it('goes through every version in between, one migration at a time', () => {
    expect(migrateSnapshot(versions, snapshotAt('open'), 1, 3)).toMatchObject({ ok: true, state: 'open', snapshot: { context: { remarks: ['hello'] } } });
  });

  it('leaves a case whose state has no mapping, and says which state', () => {
    expect(migrateSnapshot(versions, snapshotAt('paused'), 1, 3)).toEqual({ ok: false, reason: 'its state "paused" has no mapping to version 3' });
  });

  it('leaves a case the context change refuses, with the migration\'s own reason', () => {
    expect(migrateSnapshot(versions, snapshotAt('open', { notes: 'secret' }), 1, 2)).toEqual({ ok: false, reason: 'its notes are marked secret' });
  });

  it('never moves a case back to an earlier version, nor to the version it is on', () => {
    expect(migrateSnapshot(versions, snapshotAt('open'), 2, 1)).toMatchObject({ ok: false, reason: expect.stringContaining('never moves back') });
    expect(migrateSnapshot(versions, snapshotAt('open'), 2, 2)).toEqual({ ok: false, reason: 'it is already on version 2' });
  });

  it('refuses a version that declares no migration, or does not exist', () => {
    const unlinked = [versions[0]!, { definitionVersion: 2, machine: v2 }];
    expect(migrateSnapshot(unlinked, snapshotAt('open'), 1, 2)).toEqual({ ok: false, reason: 'version 2 declares no migration from version 1' });
    expect(migrateSnapshot(versions, snapshotAt('open'), 1, 4)).toEqual({ ok: false, reason: 'there is no version 4' });
  });

  it('refuses a mapping to a state a case cannot rest in: unknown, a parent, or a routing state', () => {
    const mappedTo = (target: string) =>
      migrateSnapshot([versions[0]!, { ...versions[1]!, migration: { ...versions[1]!.migration!, states: { open: target } } }], snapshotAt('open'), 1, 2);
    expect(mappedTo('nowhere')).toMatchObject({ ok: false, reason: '"nowhere" is not a state of version 2' });
    expect(mappedTo('work')).toMatchObject({ ok: false, reason: '"work" has sub-states: name one of version 2' });
    expect(mappedTo('work.routing')).toMatchObject({ ok: false, reason: expect.stringContaining('only routes') });
  });

  it('maps every state an open case can rest in to itself, for a version that kept its states', () => {
    expect(everyOpenStateToItself(v1)).toEqual({ open: 'open', work: 'work', paused: 'paused' });
    expect(everyOpenStateToItself(v2)).toEqual({ open: 'open', 'work.doing': 'work.doing', 'work.checking': 'work.checking', paused: 'paused' });
  });

  it('reads and writes dotted state paths as XState values', () => {
    expect(valueOfPath('repair.waitingParts')).toEqual({ repair: 'waitingParts' });
    expect(pathOfValue({ settle: { deep: 'leaf' } })).toBe('settle.deep.leaf');
    expect(pathOfValue('greet')).toBe('greet');
  });
});
