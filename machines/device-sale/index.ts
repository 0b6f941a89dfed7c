/**
 * The device-sale process module: the buyer's qualification, then the sales record of every
 * unit (DOMAIN.md §3; the source's first procedure, 4.1–4.5). `events.ts` (input, events, roles,
 * names, form defaults), `machine.ts` (the machine, its rules, each state's copy and time limit,
 * the retention date), `views.ts` (fields, search, case page, list screen), `demo.ts`.
 */
import { defineProcess } from '../process.js';
import { deviceSaleDemo } from './demo.js';
import { deviceSaleEvents, deviceSaleInputSchema } from './events.js';
import { deviceSaleMachine, deviceSaleRules, type DeviceSaleContext } from './machine.js';
import { deviceSaleFields, deviceSaleList, deviceSaleSearch, deviceSaleSummary } from './views.js';

export const deviceSaleProcess = defineProcess<DeviceSaleContext>({
  type: 'device-sale',
  definitionVersion: 1,
  numberPrefix: 'DS-',
  title: { en: 'Device sale', 'zh-Hans': '医疗器械销售', 'zh-Hant': '醫療器械銷售' },
  machine: deviceSaleMachine,
  inputSchema: deviceSaleInputSchema,
  exampleInput: () => ({ buyer: { kind: 'business', name: 'Kangjian Medical Supplies Ltd', phone: '020-3333 4444' } }),
  events: deviceSaleEvents,
  rules: deviceSaleRules,
  fields: deviceSaleFields,
  links: {},
  search: deviceSaleSearch,
  dueMoments: () => ({}),
  summary: deviceSaleSummary,
  list: deviceSaleList,
  demo: deviceSaleDemo,
  party: (input) => (input.buyer.phone ? { customer: { name: input.buyer.name, phone: input.buyer.phone } } : null),
  tracedUnits: (ctx) =>
    (ctx.sale?.units ?? []).map((u) => ({
      product: u.product,
      manufacturer: u.manufacturer,
      model: u.model,
      serial: u.serialNumber ?? null,
      lot: u.lot ?? null,
      quantity: u.quantity,
      productionDate: u.productionDate,
      party: ctx.buyer.name,
      tradedOn: ctx.sale!.saleDate,
      retainUntil: u.retainUntil,
    })),
});

export * from './events.js';
export * from './machine.js';
