import { describe, expect, it } from 'vitest';
import { applyEvent } from '../apply.js';
import { stateMeta } from '../process.js';
import { openCase, staff, type TestCase } from '../testing.js';
import { workOrderProcess, workOrderVersion1 } from './index.js';
import { nextStep, walkedTo as walkedToOn, walkInput } from './walk.js';

const walkedTo = (state: string) => walkedToOn(workOrderProcess, state);

const inspectionV2 = () => nextStep(2, 'inspect', walkInput(1), new Date()).event;
const reviewV2 = (c: TestCase) => nextStep(2, 'settle.reviewingRequests', c.context, new Date(c.now)).event;

describe('version 2 of the work order: the inspection checks the source\'s named items', () => {
  it('opens new work orders on version 2, keeping version 1 for the cases opened on it', () => {
    expect(workOrderProcess.definitionVersion).toBe(2);
    expect(workOrderVersion1.definitionVersion).toBe(1);
  });

  it('refuses an inspection that leaves out a named item, and names it', () => {
    const c = walkedTo('inspect');
    const { checklist, ...rest } = inspectionV2() as any;
    const { trunk: _left, ...withoutTrunk } = checklist;
    const refused = applyEvent(workOrderProcess, c.snapshot, { ...rest, checklist: withoutTrunk }, staff('advisor'), new Date(c.now));
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.refusal.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(refused.refusal.details)).toContain('checklist.trunk');
  });

  it('records each named item with its condition besides the free findings, and who received the car', () => {
    const c = walkedTo('estimate');
    expect(c.context.inspection.checklist).toMatchObject({
      windowGlass: { condition: 'intact' },
      powerWindows: { condition: 'all four work' },
      bodyPaint: { condition: 'scratch on the rear bumper', note: 'shown to the customer' },
      trunk: { condition: 'empty, closes well' },
    });
    expect(c.context.inspection.findings).toEqual([{ area: 'windscreen', condition: 'small chip' }]);
    expect(c.context.receivedBy).toEqual(staff('advisor'));
  });

  it('keeps the engine check for when the engine was started to listen for noises', () => {
    const c = walkedTo('inspect');
    const event = inspectionV2() as any;
    const { type, ...payload } = { ...event, checklist: { ...event.checklist, engineNoise: { condition: 'no abnormal noise' } } };
    expect(c.send(type, payload).accepted).toBe(true);
    expect(c.context.inspection.checklist.engineNoise).toEqual({ condition: 'no abnormal noise' });
  });
});

describe('version 2: the advisor who received the car explains the bill', () => {
  it('refuses the explanation from another advisor, and says who received the car', () => {
    const c = walkedTo('settle.reviewingRequests');
    const other = { id: 'advisor-2', name: 'Zhang Min', role: 'advisor' as const };
    const refused = applyEvent(workOrderProcess, c.snapshot, reviewV2(c), other, new Date(c.now));
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.refusal.code).toBe('TRANSITION_NOT_ALLOWED');
    expect(refused.refusal.message).toBe('advisor on duty received the car and explains the bill; a manager may take over');
  });

  it('lets a manager take over, and records whose place they took', () => {
    const c = walkedTo('settle.reviewingRequests');
    const { type, ...payload } = reviewV2(c);
    expect(c.send(type, payload, { role: 'manager' }).state).toBe('settle.awaitingInvoiceSignature');
    expect(c.context.explanation).toMatchObject({ by: staff('manager'), tookOverFrom: staff('advisor') });
  });

  it('records the explanation by the advisor who received the car as theirs, with no takeover', () => {
    const c = walkedTo('settle.awaitingInvoiceSignature');
    expect(c.context.explanation).toMatchObject({ by: staff('advisor'), tookOverFrom: null });
  });

  it('keeps the maintenance confirmation list with the settlement, and refuses a review without it', () => {
    const c = walkedTo('settle.reviewingRequests');
    const { maintenanceConfirmation: _left, ...withoutList } = reviewV2(c) as any;
    const refused = applyEvent(workOrderProcess, c.snapshot, withoutList, staff('advisor'), new Date(c.now));
    expect(refused.ok ? 'accepted' : refused.refusal.code).toBe('VALIDATION_FAILED');
    const { type, ...payload } = reviewV2(c);
    c.send(type, payload);
    expect(c.context.maintenanceConfirmation).toEqual([{ item: 'brake fluid level', result: 'topped up' }]);
  });
});

describe('version 2: the source\'s courtesy phrases', () => {
  const say = (path: string) => (stateMeta(workOrderProcess.machine, path).say ?? []).map((p) => p['zh-Hant']);

  it('greets in person and on the phone', () => {
    expect(say('greet')).toEqual(['您好,我是***,很高興為您服務!', '接電話時:您好,廣州本田得佳店,有什麼可以幫到您?']);
  });

  it('keeps customers out of the workshop with both of the workshop\'s phrases', () => {
    expect(say('repair.inProgress')).toEqual([
      '對不起!**先生/小姐,車間危險,請您到休息室休息。',
      '對不起先生/小姐,跟您講話會影響到保養/修理好您的愛車。請您到前臺咨詢。',
    ]);
  });

  it('apologises for the wait and says farewell at handover', () => {
    expect(say('handover')).toEqual(['不好意思,**先生/小姐,讓您久等了!', '感謝您光臨得佳店,祝您駕車愉快!']);
  });
});

describe('version 2 walked end to end', () => {
  it('takes a car from greet to done through every resting state', () => {
    const c = walkedTo('handover');
    const { type, ...payload } = nextStep(2, 'handover', c.context, new Date(c.now)).event;
    expect(c.send(type, payload).state).toBe('done');
  });

  it('refuses version 2\'s named items on a version-1 case: each version has its own events', () => {
    const c = openCase(workOrderVersion1, walkInput(1));
    c.send('requests.confirmed');
    expect(() => c.send('inspection.recorded', (({ type: _type, ...p }) => p)(inspectionV2()))).toThrow(/VALIDATION_FAILED/);
  });
});
