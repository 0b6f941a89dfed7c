/**
 * The conformance suite every process module passes (`describe.each` over the registry in
 * `conformance.test.ts`, and over test fixtures): its copy is complete in every language, every
 * guard has a reason, every state is reachable and has a way out, its examples walk a real case
 * to each final state through the engine's own `applyEvent`, and its demo cases open and run.
 * Imported by tests only.
 */
import type { AnyMachineSnapshot } from 'xstate';
import { describe, expect, it } from 'vitest';
import { applyEvent, startCase } from './apply.js';
import { describeProcess } from './describe.js';
import { allowedEvents, findProcess, listsOf, locales, statePath, type Copy, type ProcessDefinition } from './index.js';
import { processes } from './registry.js';
import { handledEventTypes, referencedGuards, staff, T0 } from './testing.js';

/** Every piece of copy a module declares, with where it is, for the language check. */
function copiesOf(definition: ProcessDefinition): Array<[string, Copy]> {
  const copies: Array<[string, Copy]> = [['title', definition.title]];
  for (const state of describeProcess(definition).states) {
    copies.push([`${state.path}.label`, state.label], [`${state.path}.guidance`, state.guidance]);
    (state.say ?? []).forEach((phrase, i) => copies.push([`${state.path}.say[${i}]`, phrase]));
  }
  for (const [type, event] of Object.entries(definition.events)) copies.push([`events.${type}.label`, event.label]);
  for (const [name, field] of Object.entries(definition.fields)) {
    copies.push([`fields.${name}.label`, field.label]);
    if (field.hint) copies.push([`fields.${name}.hint`, field.hint]);
  }
  for (const list of listsOf(definition)) {
    const at = `lists[${list.path}]`;
    copies.push([`${at}.nav`, list.nav], [`${at}.heading`, list.heading]);
    if (list.newCase) copies.push([`${at}.newCase`, list.newCase]);
    if (list.explain) copies.push([`${at}.explain`, list.explain]);
    list.columns.forEach((column, i) => copies.push([`${at}.columns[${i}].label`, column.label]));
  }
  return copies;
}

interface Step {
  type: string;
  payload: Record<string, unknown>;
}

/**
 * Breadth-first over real runs: from the module's example input, each event the state allows,
 * with its module's example, applied by `applyEvent`. Answers the shortest run found to each
 * final state.
 */
function walkToFinals(definition: ProcessDefinition, maxNodes = 4000): Map<string, Step[]> {
  const now = new Date(T0);
  const finals = new Set(describeProcess(definition).states.filter((s) => s.final).map((s) => s.path));
  const started = startCase(definition, definition.exampleInput(now));
  if (!started.ok) throw new Error(`the example input does not open a ${definition.type}: ${started.refusal.message}`);
  const found = new Map<string, Step[]>();
  const seen = new Set<string>();
  const queue: Array<{ snapshot: AnyMachineSnapshot; path: Step[] }> = [{ snapshot: started.value.snapshot, path: [] }];
  while (queue.length > 0 && found.size < finals.size && seen.size < maxNodes) {
    const { snapshot, path } = queue.shift()!;
    const key = JSON.stringify([snapshot.value, snapshot.context]);
    if (seen.has(key)) continue;
    seen.add(key);
    const state = statePath(snapshot);
    if (finals.has(state)) {
      if (!found.has(state)) found.set(state, path);
      continue;
    }
    for (const type of allowedEvents(snapshot)) {
      const event = definition.events[type];
      if (!event) continue;
      const payload = event.example(snapshot.context, { now });
      const applied = applyEvent(definition, snapshot, { ...payload, type }, staff(event.roles[0]!), now);
      if (applied.ok) queue.push({ snapshot: applied.value.snapshot, path: [...path, { type, payload }] });
    }
  }
  return found;
}

/** The suite, for one process module. */
export function describeConformance(definition: ProcessDefinition) {
  const info = describeProcess(definition);
  const resting = info.states;
  const finals = resting.filter((s) => s.final);

  describe(`the ${definition.type} process module`, () => {
    it('names itself, its states, events, fields and list in English, Simplified and Traditional Chinese', () => {
      for (const [where, copy] of copiesOf(definition)) {
        for (const locale of locales) expect(copy[locale], `${where} in ${locale}`).toEqual(expect.stringMatching(/\S/));
      }
    });

    it('tells staff what to do in every state it rests in', () => {
      for (const state of resting) expect(state.guidance.en, state.path).toEqual(expect.stringMatching(/\S/));
    });

    it('declares every event its machine handles, each with roles and an example, and handles every event it declares', () => {
      expect([...handledEventTypes(definition)].sort()).toEqual(Object.keys(definition.events).sort());
      for (const [type, event] of Object.entries(definition.events)) {
        expect(event.roles.length, type).toBeGreaterThan(0);
        expect(event.example, type).toBeTypeOf('function');
      }
    });

    it('has a rule, with its refusal sentence, for every guard the machine uses', () => {
      for (const guard of referencedGuards(definition)) expect(definition.rules[guard], guard).toBeTypeOf('function');
    });

    it('reaches every state it rests in from its initial state', () => {
      const reached = new Set([info.initial]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const state of resting.filter((s) => reached.has(s.path))) {
          for (const target of state.transitions.flatMap((t) => t.targets)) {
            if (!reached.has(target)) reached.add(target), (grew = true);
          }
        }
      }
      expect(resting.map((s) => s.path).filter((path) => !reached.has(path))).toEqual([]);
    });

    it('gives every state that is not final a way out, and a way on to a final state', () => {
      const canFinish = new Set(finals.map((s) => s.path));
      for (let grew = true; grew; ) {
        grew = false;
        for (const state of resting) {
          if (!canFinish.has(state.path) && state.transitions.some((t) => t.targets.some((target) => canFinish.has(target)))) {
            canFinish.add(state.path);
            grew = true;
          }
        }
      }
      expect(finals.length).toBeGreaterThan(0);
      for (const state of resting.filter((s) => !s.final)) {
        expect(state.transitions.some((t) => t.targets.some((target) => target !== state.path)), `${state.path} has a way out`).toBe(true);
        expect(canFinish.has(state.path), `${state.path} can reach a final state`).toBe(true);
      }
    });

    it('walks a real case to each final state with its examples, through the same applyEvent the engine uses', () => {
      const runs = walkToFinals(definition);
      expect([...runs.keys()].sort()).toEqual(finals.map((s) => s.path).sort());
      for (const [final, steps] of runs) {
        // Replayed from the start on its own: each step is accepted and the run ends in that final state.
        const started = startCase(definition, definition.exampleInput(new Date(T0)));
        if (!started.ok) throw new Error(started.refusal.message);
        let snapshot = started.value.snapshot;
        for (const step of steps) {
          const role = definition.events[step.type]!.roles[0]!;
          const applied = applyEvent(definition, snapshot, { ...step.payload, type: step.type }, staff(role), new Date(T0));
          expect(applied.ok, `${final}: ${step.type} in ${statePath(snapshot)}`).toBe(true);
          if (applied.ok) snapshot = applied.value.snapshot;
        }
        expect(statePath(snapshot)).toBe(final);
        // What a case page shows can be drawn at the end of the run.
        expect(Array.isArray(definition.summary.record(snapshot.context))).toBe(true);
        expect(Array.isArray(definition.summary.headline(snapshot.context))).toBe(true);
      }
    });

    it('opens its demo cases and runs their events through the pure core', () => {
      const now = new Date(T0);
      for (const [i, demo] of definition.demo(now).entries()) {
        const onVersion = findProcess(definition.type, demo.definitionVersion) ?? definition;
        expect(onVersion.definitionVersion, `demo ${i} opens on a registered version`).toBe(demo.definitionVersion ?? definition.definitionVersion);
        const started = startCase(onVersion, demo.input);
        expect(started.ok, `demo ${i} opens`).toBe(true);
        if (!started.ok) continue;
        expect(definition.search(started.value.snapshot.context)).toEqual(
          expect.objectContaining({ customerName: expect.anything() }),
        );
        let snapshot = started.value.snapshot;
        for (const step of demo.events) {
          const applied = applyEvent(onVersion, snapshot, step.event, staff(step.role), new Date(now.getTime() - step.agoMs));
          expect(applied.ok, `demo ${i}: ${step.event.type} (${applied.ok ? '' : applied.refusal.message})`).toBe(true);
          if (applied.ok) snapshot = applied.value.snapshot;
        }
      }
    });

    it('links only to registered processes, and has list screens of its own, listing states it has', () => {
      for (const [field, type] of Object.entries(definition.links)) {
        expect(processes.map((p) => p.type), `${field} → ${type}`).toContain(type);
      }
      const everyPath = processes.flatMap((p) => listsOf(p).map((list) => list.path));
      for (const list of listsOf(definition)) {
        expect(list.path).toMatch(/^\/[a-z0-9-]+$/);
        expect(everyPath.filter((path) => path === list.path), list.path).toHaveLength(1);
        for (const state of list.states ?? []) {
          expect(resting.some((s) => s.path === state || s.path.startsWith(`${state}.`)), `${list.path} lists ${state}`).toBe(true);
        }
      }
      expect(processes.filter((p) => p.type !== definition.type && p.numberPrefix === definition.numberPrefix).map((p) => p.type)).toEqual([]);
    });

    const migration = definition.migration;
    if (migration) it('migrates from the version before it only states a case of that version rests in, onto states a case rests in here', () => {
      const before = findProcess(definition.type, migration.from);
      expect(migration.from).toBe(definition.definitionVersion - 1);
      expect(before, `version ${migration.from} is registered`).toBeDefined();
      const openBefore = new Set(describeProcess(before!).states.filter((s) => !s.final).map((s) => s.path));
      const here = new Set(resting.map((s) => s.path));
      for (const [from, to] of Object.entries(migration.states)) {
        expect(openBefore.has(from), `${from} is a state a version-${migration.from} case rests in`).toBe(true);
        expect(here.has(to), `${from} → ${to}: a state a case rests in here`).toBe(true);
      }
    });
  });
}
