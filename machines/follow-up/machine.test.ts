import { describe, expect, it } from 'vitest';
import { complaintInputSchema } from '../complaint/index.js';
import { complaintForDissatisfiedCall as complaintsOpenedBy, followUpProcess } from './index.js';
import { statusOf } from '../process.js';
import { eventRoles, eventSchemas, handledEventTypes, openCase, referencedGuards, staff } from '../testing.js';

const input = {
  workOrderId: '0b5c2f4e-8f0a-4b7e-9a43-2d7f0f6a1c11',
  workOrderNumber: 'WO-000042',
  customer: { name: 'Zhang Xiaoming', phone: '+86 138 0013 8000' },
  vehicle: { plate: '粤A·12345' },
  handedOverAt: '2026-11-23T10:00:00.000Z',
};

describe('the follow-up call after a handover', () => {
  it('stays due after a call nobody answered, keeping the attempt, and moves on once the customer is reached', () => {
    const c = openCase(followUpProcess, input);
    expect(c.state).toBe('due');
    expect(c.send('call.made', { reached: false, notes: 'No answer.' }).state).toBe('due');
    expect(c.send('call.made', { reached: true, satisfied: true, notes: 'All good, brakes quiet.' }).state).toBe('called');
    expect(c.context.calls).toMatchObject([
      { reached: false, satisfied: null, notes: 'No answer.', by: staff('advisor') },
      { reached: true, satisfied: true, notes: 'All good, brakes quiet.' },
    ]);
    expect(c.send('follow-up.closed', {}).state).toBe('closed');
    expect(statusOf(c.snapshot)).toBe('done');
  });

  it('refuses to close a follow-up before anyone called the customer, and says why', () => {
    const c = openCase(followUpProcess, input);
    const outcome = c.send('follow-up.closed', { note: 'Forget it.' });
    expect(outcome).toEqual({ accepted: false, state: 'due', reason: 'call the customer at least once before closing the follow-up' });
  });

  it('closes a follow-up whose customer could not be reached after a call was tried', () => {
    const c = openCase(followUpProcess, input);
    c.send('call.made', { reached: false, notes: 'Number out of service.' });
    expect(c.send('follow-up.closed', { note: 'Tried three times.' }, { role: 'manager' }).state).toBe('closed');
    expect(c.context.closure).toMatchObject({ note: 'Tried three times.', by: staff('manager') });
  });

  it('asks whether a reached customer is satisfied, and nothing of one who was not reached', () => {
    const schema = eventSchemas(followUpProcess)['call.made']!;
    const problems = (payload: unknown) => schema.safeParse(payload).error?.issues.map((issue) => issue.path.join('.'));
    expect(problems({ reached: true, notes: 'Talked.' })).toEqual(['satisfied']);
    expect(problems({ reached: false, satisfied: true, notes: 'No answer.' })).toEqual(['satisfied']);
    expect(problems({ reached: true, satisfied: false, notes: 'Still squeaks.' })).toBeUndefined();
    expect(eventRoles(followUpProcess)['call.made']).toEqual(['advisor', 'manager']);
  });

  it('turns a dissatisfied answer into a complaint linked to the work order, in the customer\'s words', () => {
    const c = openCase(followUpProcess, input);
    c.send('call.made', { reached: true, satisfied: false, notes: 'The squeak is back.' });
    const opened = complaintsOpenedBy(c.context, { type: 'call.made' });
    expect(opened).toEqual([
      {
        type: 'complaint',
        input: {
          channel: 'phone',
          customer: input.customer,
          statement: 'The squeak is back.',
          severity: 'medium',
          workOrderId: input.workOrderId,
        },
      },
    ]);
    expect(complaintInputSchema.safeParse(opened[0]!.input).success).toBe(true);
  });

  it('opens no complaint for a satisfied customer or an unanswered call', () => {
    const satisfied = openCase(followUpProcess, input);
    satisfied.send('call.made', { reached: true, satisfied: true, notes: 'Fine.' });
    expect(complaintsOpenedBy(satisfied.context, { type: 'call.made' })).toEqual([]);
    const unanswered = openCase(followUpProcess, input);
    unanswered.send('call.made', { reached: false, notes: 'Voicemail.' });
    expect(complaintsOpenedBy(unanswered.context, { type: 'call.made' })).toEqual([]);
  });

  it('names every guard it uses as a rule with a sentence, and handles exactly its events', () => {
    expect([...referencedGuards(followUpProcess)].sort()).toEqual(Object.keys(followUpProcess.rules).sort());
    expect([...handledEventTypes(followUpProcess)].sort()).toEqual(Object.keys(followUpProcess.events).sort());
  });
});
