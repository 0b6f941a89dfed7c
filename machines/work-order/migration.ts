/**
 * How an open work order of version 1 moves to version 2. Every resting state of version 1 is a
 * state of version 2, so each maps to itself. The record gains what version 2 keeps: who received
 * the car (the advisor who recorded the inspection), and, where the case already passed a step,
 * the mark that version 1 did not keep it (an inspection without the named items, a settlement
 * without the maintenance confirmation list) rather than anything made up.
 */
import type { Migration } from '../versions.js';
import type { WorkOrderContext } from './machine.js';
import type { WorkOrderContextV2 } from './version2.js';

const unchanged = [
  'greet',
  'inspect',
  'estimate',
  'sign',
  'repair.waitingParts',
  'repair.ready',
  'repair.inProgress',
  'repair.awaitingSupplement',
  'settle.reviewingRequests',
  'settle.awaitingInvoiceSignature',
  'settle.awaitingPayment',
  'handover',
] as const;

export const workOrderFromVersion1: Migration = {
  from: 1,
  states: Object.fromEntries(unchanged.map((state) => [state, state])),
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
