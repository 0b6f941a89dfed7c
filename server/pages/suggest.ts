/**
 * What an event form starts with, taken from the case so staff type less: the current estimate
 * revision, the customer's name as the signer, one resolution per request, the amount still
 * owed. Only starting values: the schema and the machine still decide what is accepted.
 */
import type { Actor } from '../../machines/index.js';
import type { CaseView } from '../caseView.js';

type WorkOrderLike = {
  customer?: { name?: string };
  vehicle?: { odometerKm?: number };
  requests?: string[];
  estimate?: {
    revision: number;
    lines: Array<{ id: string; kind: string; approval: string; done: boolean; inStock?: boolean }>;
  } | null;
  billing?: { owedMinor: number } | null;
};

const DAY = 24 * 3600_000;

/** Tomorrow at 17:00 (server time): a plausible promised delivery. */
function tomorrowAfternoon(now: Date): string {
  const d = new Date(now.getTime() + DAY);
  d.setHours(17, 0, 0, 0);
  return d.toISOString();
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export function suggestedPayload(view: CaseView, event: string, actor: Actor, now: Date): Record<string, unknown> {
  const ctx = view.context as WorkOrderLike;
  const customer = ctx.customer?.name ? { signedBy: ctx.customer.name } : undefined;
  const approved = ctx.estimate?.lines.filter((l) => l.approval === 'approved') ?? [];
  switch (event) {
    case 'inspection.recorded':
      return { findings: [], belongings: [], customerSignature: customer };
    case 'estimate.prepared':
      return {
        lines: [
          { kind: 'labour', description: 'labour', quantity: 1, unitPriceMinor: 20000, labourHours: 1 },
          { kind: 'part', description: 'part', quantity: 1, unitPriceMinor: 10000, inStock: true },
        ],
        promisedAt: tomorrowAfternoon(now),
      };
    case 'repair.additionalWorkFound':
      return { lines: [{ kind: 'part', description: 'part', quantity: 1, unitPriceMinor: 10000, inStock: true }] };
    case 'estimate.approved':
    case 'supplement.approved':
      return { revision: ctx.estimate?.revision, customerSignature: customer };
    case 'invoice.signed':
      return { customerSignature: customer };
    case 'parts.received':
      return { lineIds: approved.filter((l) => l.kind !== 'labour' && l.inStock === false).map((l) => l.id) };
    case 'repair.started':
      return { technician: actor.name };
    case 'repair.lineCompleted':
      return { lineId: approved.find((l) => !l.done)?.id };
    case 'settlement.requestsReviewed':
      return { resolutions: (ctx.requests ?? []).map((_, request) => ({ request, resolved: true })) };
    case 'payment.recorded':
      return { amountMinor: ctx.billing?.owedMinor, method: 'card' };
    case 'vehicle.handedOver':
      return { nextService: { dueOdometerKm: ctx.vehicle?.odometerKm !== undefined ? ctx.vehicle.odometerKm + 5000 : undefined } };
    case 'correction.recorded':
      return { actions: [{ description: '', owner: '', dueDate: isoDay(new Date(now.getTime() + 7 * DAY)) }], verifiedBy: actor.name };
    default:
      return {};
  }
}
