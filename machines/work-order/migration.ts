/**
 * How an open work order of version 1 moves to version 2. Version 2 kept version 1's states, so
 * each state an open case rests in maps to itself. The record gains what version 2 keeps: who
 * received the car (the advisor who recorded the inspection), and, where the case already passed
 * a step, the mark that version 1 did not keep it (an inspection without the named items, a
 * settlement without the maintenance confirmation list) rather than anything made up.
 */
import { everyOpenStateToItself, type Migration } from '../versions.js';
import { workOrderMachine, type WorkOrderContext } from './machine.js';
import type { WorkOrderContextV2 } from './version2.js';

export const workOrderFromVersion1: Migration = {
  from: 1,
  states: everyOpenStateToItself(workOrderMachine),
  context: (context: WorkOrderContext): { context: WorkOrderContextV2 } => ({
    context: {
      ...context,
      inspection: context.inspection && { ...context.inspection, checklist: null },
      receivedBy: context.inspection?.recordedBy ?? null,
      maintenanceConfirmation: null,
      explanation: null,
    },
  }),
};
