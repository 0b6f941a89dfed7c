/**
 * The work-order process module: the car-service front desk, greet → inspect → estimate → sign
 * → repair → settle → handover (DOMAIN.md §1). Everything about the process is in this folder:
 * `events.ts` (input, events, roles, names, form defaults), `machine.ts` (the machine, its rules
 * and each state's copy and time limit), `views.ts` (fields, search, case page, list screen) and
 * `demo.ts`. Version 2 (`version2.ts`, `version2.views.ts`) is built on version 1 and says what it
 * changes; `migration.ts` moves open version-1 cases to it.
 */
import { defineProcess } from '../process.js';
import { workOrderDemo } from './demo.js';
import { workOrderEvents, workOrderInputSchema } from './events.js';
import { workOrderMachine, workOrderRules, type WorkOrderContext } from './machine.js';
import { workOrderTimers } from './timers.js';
import { workOrderFromVersion1 } from './migration.js';
import { workOrderEventsV2, workOrderMachineV2, workOrderRulesV2, type WorkOrderContextV2 } from './version2.js';
import { workOrderFieldsV2, workOrderSummaryV2 } from './version2.views.js';
import { workOrderFields, workOrderList, workOrderOtherLists, workOrderSearch, workOrderSummary } from './views.js';

/** Version 1, kept for the cases opened on it until they are migrated. */
export const workOrderVersion1 = defineProcess<WorkOrderContext>({
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
  timers: workOrderTimers,
  summary: workOrderSummary,
  list: workOrderList,
  otherLists: workOrderOtherLists,
  // The current version's demo opens the demo's older cases on this one.
  demo: () => [],
});

export const workOrderProcess = defineProcess<WorkOrderContextV2>({
  ...(workOrderVersion1 as unknown as ReturnType<typeof defineProcess<WorkOrderContextV2>>),
  definitionVersion: 2,
  machine: workOrderMachineV2,
  events: workOrderEventsV2,
  rules: workOrderRulesV2,
  fields: workOrderFieldsV2,
  summary: workOrderSummaryV2,
  demo: workOrderDemo,
  migration: workOrderFromVersion1,
  earlierVersions: [workOrderVersion1],
  party: (input) => ({
    customer: input.customer,
    vehicle: { plate: input.vehicle.plate, ...(input.vehicle.model ? { model: input.vehicle.model } : {}), ...(input.vehicle.vin ? { vin: input.vehicle.vin } : {}) },
  }),
});

export * from './events.js';
export * from './machine.js';
export * from './version2.js';
