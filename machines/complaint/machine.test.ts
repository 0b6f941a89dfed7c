import { describe, expect, it } from 'vitest';
import { complaintProcess } from './index.js';
import { statusOf } from '../process.js';
import { eventRoles, eventSchemas, handledEventTypes, isTransient, openCase, referencedGuards, staff, stateNodes, type TestCase } from '../testing.js';

const input = {
  channel: 'phone',
  customer: { name: 'Zhang Min', phone: '139 0000 1111' },
  statement: 'The brakes still squeak after the repair.',
  severity: 'medium',
};
const notSubstantiated = { findings: 'Test drive: no noise; pads bedded in normally.', substantiated: false };
const substantiated = { findings: 'Pads fitted without anti-squeal paste.', rootCause: 'assembly step skipped', substantiated: true };
const correction = {
  actions: [{ description: 'refit the pads with paste; add the step to the checklist', owner: 'Wang Qiang', dueDate: '2026-12-01' }],
  verifiedBy: 'QA lead',
};
const answer = { channel: 'phone', message: 'We refitted the pads and changed our checklist. Thank you for telling us.' };

function investigated(findings: Record<string, unknown>): TestCase {
  const c = openCase(complaintProcess, input);
  expect(c.send('investigation.recorded', findings).state).toBe('investigated');
  return c;
}

function answered(): TestCase {
  const c = investigated(notSubstantiated);
  expect(c.send('answer.sent', answer).state).toBe('answered');
  return c;
}

describe('investigating a complaint', () => {
  it('records the findings and who investigated', () => {
    const c = openCase(complaintProcess, input);
    expect(c.state).toBe('received');
    expect(c.send('investigation.recorded', substantiated).state).toBe('investigated');
    expect(c.context.round.investigation).toMatchObject({ ...substantiated, by: staff('qa'), at: '2026-11-26T10:00:00.000Z' });
  });

  it('answers a complaint found not substantiated directly', () => {
    const c = investigated(notSubstantiated);
    expect(c.send('answer.sent', answer).state).toBe('answered');
    expect(c.context.round.answer).toMatchObject({ ...answer, by: staff('qa') });
    expect(c.context.round.correction).toBeNull();
  });

  it('refuses a correction for a complaint found not substantiated', () => {
    const c = investigated(notSubstantiated);
    const outcome = c.send('correction.recorded', correction);
    expect(outcome).toMatchObject({ accepted: false, state: 'investigated' });
    expect(outcome.reason).toMatch(/not substantiated: answer the customer instead/);
  });
});

describe('correcting a substantiated complaint', () => {
  it('refuses to answer a substantiated complaint before the correction', () => {
    const c = investigated(substantiated);
    const outcome = c.send('answer.sent', answer);
    expect(outcome).toMatchObject({ accepted: false, state: 'investigated' });
    expect(outcome.reason).toMatch(/substantiated: record the corrective actions/);
  });

  it('refuses a correction without any corrective action', () => {
    const c = investigated(substantiated);
    const outcome = c.send('correction.recorded', { actions: [], verifiedBy: 'QA lead' });
    expect(outcome).toMatchObject({ accepted: false, state: 'investigated' });
    expect(outcome.reason).toMatch(/at least one corrective action/);
  });

  it('records the correction, then the answer', () => {
    const c = investigated(substantiated);
    expect(c.send('correction.recorded', correction).state).toBe('corrected');
    expect(c.context.round.correction).toMatchObject({ ...correction, by: staff('qa') });
    expect(c.allowed).toEqual(['answer.sent']);
    expect(c.send('answer.sent', answer).state).toBe('answered');
  });
});

describe('closing a complaint', () => {
  it('closes the complaint of a satisfied customer', () => {
    const c = answered();
    expect(c.send('complaint.closed', { customerResponse: 'Thank you', satisfied: true }).state).toBe('closed');
    expect(statusOf(c.snapshot)).toBe('done');
    expect(c.context.closure).toMatchObject({ satisfied: true, closedOverDissatisfactionBy: null, by: staff('qa') });
  });

  it('refuses QA closing the complaint of a dissatisfied customer', () => {
    const c = answered();
    const outcome = c.send('complaint.closed', { customerResponse: 'Still squeaks', satisfied: false }, { role: 'qa' });
    expect(outcome).toMatchObject({ accepted: false, state: 'answered' });
    expect(outcome.reason).toMatch(/not satisfied: reopen the complaint, or a manager may decide to close it/);
    expect(c.context.closure).toBeNull();
  });

  it('lets a manager close a dissatisfied customer\'s complaint, on the manager\'s record', () => {
    const c = answered();
    const outcome = c.send('complaint.closed', { customerResponse: 'Still squeaks', satisfied: false }, { role: 'manager' });
    expect(outcome).toMatchObject({ accepted: true, state: 'closed' });
    expect(c.context.closure).toMatchObject({ satisfied: false, closedOverDissatisfactionBy: staff('manager'), by: staff('manager') });
  });

  it.each([
    ['received', () => openCase(complaintProcess, input)],
    ['investigated', () => investigated(substantiated)],
    ['corrected', () => {
      const c = investigated(substantiated);
      c.send('correction.recorded', correction);
      return c;
    }],
  ])('cannot close a complaint without an answer (%s)', (state, reach) => {
    const c = reach();
    expect(c.state).toBe(state);
    expect(c.allowed).not.toContain('complaint.closed');
    const outcome = c.send('complaint.closed', { customerResponse: 'fine', satisfied: true }, { role: 'manager' });
    expect(outcome).toMatchObject({ accepted: false, state });
    expect(outcome.reason).toMatch(/"complaint.closed" cannot happen while the case is in/);
  });
});

describe('reopening a complaint', () => {
  it('starts a new round from received and keeps the earlier round in the history', () => {
    const c = answered();
    expect(c.send('complaint.reopened', { reason: 'customer called again: still squeaks' }).state).toBe('received');
    expect(c.context.round).toEqual({ investigation: null, correction: null, answer: null, reopened: null });
    expect(c.context.history).toHaveLength(1);
    expect(c.context.history[0]).toMatchObject({
      investigation: notSubstantiated,
      answer,
      reopened: { reason: 'customer called again: still squeaks', by: staff('qa') },
    });

    c.send('investigation.recorded', substantiated);
    expect(c.send('answer.sent', answer).accepted).toBe(false);
    c.send('correction.recorded', correction);
    c.send('answer.sent', answer);
    expect(c.send('complaint.closed', { customerResponse: 'Quiet now', satisfied: true }).state).toBe('closed');
    expect(c.context.history).toHaveLength(1);
    expect(c.context.round.correction).toMatchObject(correction);
  });
});

describe('the complaint definition', () => {
  const vocabulary = Object.keys(eventSchemas(complaintProcess));

  it('gives every event a payload schema, the roles that may send it, and a state that handles it', () => {
    expect(vocabulary.sort()).toEqual(Object.keys(eventRoles(complaintProcess)).sort());
    expect([...handledEventTypes(complaintProcess)].sort()).toEqual(vocabulary.sort());
  });

  it('lets QA and managers, and no one else, run the lifecycle', () => {
    for (const type of vocabulary) expect(eventRoles(complaintProcess)[type], type).toEqual(['qa', 'manager']);
  });

  it('labels every state in English and Chinese and tells staff what to do there', () => {
    const resting = stateNodes(complaintProcess).filter(({ node }) => !isTransient(node));
    expect(resting.map((s) => s.path)).toEqual(['received', 'investigated', 'corrected', 'answered', 'closed']);
    for (const { path, node } of resting) {
      expect(node.meta?.label?.en, path).toEqual(expect.stringMatching(/\S/));
      expect(node.meta?.label?.['zh-Hant'], path).toEqual(expect.stringMatching(/\S/));
      expect(node.meta?.guidance?.en, path).toEqual(expect.stringMatching(/\S/));
      expect(node.meta?.guidance?.['zh-Hant'], path).toEqual(expect.stringMatching(/\S/));
    }
  });

  it('has a rule, with its refusal sentence, for every guard the machine uses', () => {
    const guards = [...referencedGuards(complaintProcess)].sort();
    expect(guards).toEqual(['complaintIsNotSubstantiated', 'correctionIsWarranted', 'customerIsSatisfiedOrManagerCloses']);
    for (const guard of guards) expect(complaintProcess.rules[guard], guard).toBeTypeOf('function');
  });
});
