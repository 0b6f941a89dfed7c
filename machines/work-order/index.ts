/**
 * The work-order process module: the car-service front desk, greet → inspect → estimate → sign
 * → repair → settle → handover (DOMAIN.md §1). Everything about the process is in this folder:
 * `events.ts` (input, events, roles, names, form defaults), `machine.ts` (the machine, its rules
 * and each state's copy and time limit), `views.ts` (fields, search, case page, list screen) and
 * `demo.ts`.
 */
import { defineProcess } from '../process.js';
import { workOrderDemo } from './demo.js';
import { workOrderEvents, workOrderInputSchema } from './events.js';
import { workOrderMachine, workOrderRules, type WorkOrderContext } from './machine.js';
import { workOrderFields, workOrderList, workOrderOtherLists, workOrderSearch, workOrderSummary } from './views.js';

export const workOrderProcess = defineProcess<WorkOrderContext>({
  type: 'work-order',
  definitionVersion: 1,
  numberPrefix: 'WO-',
  title: { en: 'Work order', 'zh-Hans': '维修工单', 'zh-Hant': '維修工單' },
  machine: workOrderMachine,
  inputSchema: workOrderInputSchema,
  exampleInput: () => ({
    customer: { name: 'Li Lei', phone: '13800138000' },
    vehicle: { plate: '粤A·12345', odometerKm: 42000, model: 'Camry 2.0' },
    requests: ['brakes squeak when cold', 'oil change'],
  }),
  events: workOrderEvents,
  rules: workOrderRules,
  fields: workOrderFields,
  links: {},
  search: workOrderSearch,
  dueMoments: (ctx) => (ctx.estimate ? { promisedDelivery: ctx.estimate.promisedAt } : {}),
  summary: workOrderSummary,
  list: workOrderList,
  otherLists: workOrderOtherLists,
  demo: workOrderDemo,
});

export * from './events.js';
export * from './machine.js';
