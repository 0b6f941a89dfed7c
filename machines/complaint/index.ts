/**
 * The complaint process module: received → investigated → corrected → answered → closed
 * (DOMAIN.md §2). Everything about the process is in this folder: `events.ts` (input, events,
 * roles, names, form defaults), `machine.ts` (the machine, its rules and each state's copy and
 * time limit), `views.ts` (fields, search, case page, list screen) and `demo.ts`.
 */
import { defineProcess } from '../process.js';
import { complaintDemo } from './demo.js';
import { complaintEvents, complaintInputSchema } from './events.js';
import { complaintMachine, complaintRules, type ComplaintContext } from './machine.js';
import { complaintFields, complaintList, complaintSearch, complaintSummary } from './views.js';

export const complaintProcess = defineProcess<ComplaintContext>({
  type: 'complaint',
  definitionVersion: 1,
  numberPrefix: 'CP-',
  title: { en: 'Complaint', 'zh-Hans': '客户投诉', 'zh-Hant': '客戶投訴' },
  machine: complaintMachine,
  inputSchema: complaintInputSchema,
  exampleInput: () => ({
    channel: 'phone',
    customer: { name: 'Guo Qiang', phone: '13900139001' },
    statement: 'The brakes still squeak a week after the repair.',
    severity: 'high',
    workOrderId: '00000000-0000-4000-8000-000000000001',
  }),
  events: complaintEvents,
  rules: complaintRules,
  fields: complaintFields,
  links: { workOrderId: 'work-order' },
  search: complaintSearch,
  dueMoments: () => ({}),
  summary: complaintSummary,
  list: complaintList,
  demo: complaintDemo,
});

export * from './events.js';
export * from './machine.js';
