/**
 * The follow-up process module: the call a few days after a work order's handover, due → called
 * → closed (DOMAIN.md §5). The server opens it itself (a timer of the work order); a dissatisfied
 * answer opens a complaint linked to the work order. `events.ts` (input, events), `machine.ts`
 * (the machine, its rules, each state's copy and time limit), `views.ts` (fields, case page, list).
 */
import { defineProcess, type CaseToOpen } from '../process.js';
import { followUpEvents, followUpInputSchema } from './events.js';
import { followUpMachine, followUpRules, type FollowUpContext } from './machine.js';
import { followUpFields, followUpList, followUpSearch, followUpSummary } from './views.js';

/** The complaint a dissatisfied answer opens, linked to the work order, in the customer's words. */
export function complaintForDissatisfiedCall(after: FollowUpContext, event: { type: string }): CaseToOpen[] {
  const call = after.calls.at(-1);
  if (event.type !== 'call.made' || !call?.reached || call.satisfied !== false) return [];
  return [
    {
      type: 'complaint',
      input: {
        channel: 'phone',
        customer: { name: after.customer.name, phone: after.customer.phone },
        statement: call.notes,
        severity: 'medium',
        workOrderId: after.workOrderId,
      },
    },
  ];
}

export const followUpProcess = defineProcess<FollowUpContext>({
  type: 'follow-up',
  definitionVersion: 1,
  numberPrefix: 'FU-',
  title: { en: 'Follow-up call', 'zh-Hans': '回访', 'zh-Hant': '回訪' },
  machine: followUpMachine,
  inputSchema: followUpInputSchema,
  exampleInput: () => ({
    workOrderId: '00000000-0000-4000-8000-000000000001',
    workOrderNumber: 'WO-000001',
    customer: { name: 'Li Lei', phone: '13800138000' },
    vehicle: { plate: '粤A·12345' },
    handedOverAt: '2026-11-23T10:00:00.000Z',
  }),
  events: followUpEvents,
  rules: followUpRules,
  fields: followUpFields,
  links: { workOrderId: 'work-order' },
  openedBy: 'system',
  search: followUpSearch,
  dueMoments: () => ({}),
  opens: (_before, after, event) => complaintForDissatisfiedCall(after.context, event),
  summary: followUpSummary,
  list: followUpList,
  // Opened only by the server, after a handover: no demo cases of its own.
  demo: () => [],
});

export * from './events.js';
export * from './machine.js';
