/**
 * The device-return process module: the return record, QA's inspection and disposition, and its
 * closing (DOMAIN.md §3; the source, 4.6). A return for a quality problem opens a complaint.
 * `events.ts` (input, events, roles, names), `machine.ts` (the machine, its rule, each state's
 * copy and time limit, the complaint it opens), `views.ts` (fields, search, case page, list), `demo.ts`.
 */
import { defineProcess } from '../process.js';
import { deviceReturnDemo } from './demo.js';
import { deviceReturnEvents, deviceReturnInputSchema } from './events.js';
import { complaintForReturn, deviceReturnMachine, deviceReturnRules, type DeviceReturnContext } from './machine.js';
import { deviceReturnFields, deviceReturnList, deviceReturnSearch, deviceReturnSummary } from './views.js';

export const deviceReturnProcess = defineProcess<DeviceReturnContext>({
  type: 'device-return',
  definitionVersion: 1,
  numberPrefix: 'DR-',
  title: { en: 'Device return', 'zh-Hans': '医疗器械退货', 'zh-Hant': '醫療器械退貨' },
  machine: deviceReturnMachine,
  inputSchema: deviceReturnInputSchema,
  exampleInput: (now) => ({
    returningParty: { name: 'Kangjian Medical Supplies Ltd', phone: '020-3333 4444' },
    returnedOn: now.toISOString().slice(0, 10),
    product: { name: 'Pulse oximeter', manufacturer: 'Shenzhen Medtech', model: 'PX-200', productionDate: '2026-03-01' },
    serialNumber: 'PX200-0001',
    quantity: 1,
    reason: { kind: 'qualityProblem', description: 'Reads 10 % low against the hospital reference.' },
  }),
  events: deviceReturnEvents,
  rules: deviceReturnRules,
  fields: deviceReturnFields,
  links: { saleId: 'device-sale' },
  search: deviceReturnSearch,
  dueMoments: () => ({}),
  summary: deviceReturnSummary,
  list: deviceReturnList,
  demo: deviceReturnDemo,
  opensWhenOpened: complaintForReturn,
  party: (input) => (input.returningParty.phone ? { customer: { name: input.returningParty.name, phone: input.returningParty.phone } } : null),
});

export * from './events.js';
export * from './machine.js';
