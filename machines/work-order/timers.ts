/**
 * What a work order waits for after its handover (DOMAIN.md §5): the follow-up call,
 * `followUpDays` later, and the reminder on the next-service date (at 00:00 UTC, the morning in
 * China), when the customer was given a date; a mileage alone cannot be timed. Pure.
 */
import type { CaseStanding, TimerDeclaration, TimerSettings } from '../timers.js';
import type { WorkOrderContext } from './machine.js';

const DAY = 24 * 3600_000;

export function workOrderTimers(standing: CaseStanding<WorkOrderContext>, settings: TimerSettings): TimerDeclaration[] {
  const { context, state } = standing;
  if (state !== 'done' || !context.handover) return [];
  const handedOverAt = context.handover.at;
  const timers: TimerDeclaration[] = [
    {
      key: 'follow-up',
      at: new Date(Date.parse(handedOverAt) + settings.followUpDays * DAY).toISOString(),
      action: {
        open: {
          type: 'follow-up',
          input: {
            workOrderId: standing.id,
            workOrderNumber: standing.number,
            customer: { name: context.customer.name, phone: context.customer.phone },
            vehicle: { plate: context.vehicle.plate },
            handedOverAt,
          },
        },
      },
    },
  ];
  const { dueDate, dueOdometerKm } = context.handover.nextService;
  if (dueDate) {
    timers.push({
      key: `service.due@${dueDate}`,
      at: `${dueDate}T00:00:00.000Z`,
      action: { note: 'service.due', payload: { dueDate, ...(dueOdometerKm === undefined ? {} : { dueOdometerKm }) } },
    });
  }
  return timers;
}
