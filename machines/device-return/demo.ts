/** Demo device returns for a newcomer's first start: two waiting for QA (one a quality problem, so a complaint too), one inspected, one closed. */
import type { DemoCase } from '../process.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const daysFrom = (now: Date, days: number) => isoDay(new Date(now.getTime() + days * DAY));

const oximeter = { name: 'Pulse oximeter', manufacturer: 'Shenzhen Medtech', model: 'PX-200', productionDate: '2026-03-01' };
const dealer = { name: 'Kangjian Medical Supplies Ltd', phone: '020-3333 4444' };

export function deviceReturnDemo(now: Date): DemoCase[] {
  return [
    {
      openedAgoMs: 2 * HOUR,
      openedBy: 'advisor',
      input: {
        returningParty: dealer,
        returnedOn: daysFrom(now, 0),
        product: { name: 'Sterile syringe 5 ml', manufacturer: 'Jiangxi Hongda', model: '5ml-LL', productionDate: '2026-09-01' },
        lot: 'L2026-09-A',
        quantity: 200,
        reason: { kind: 'wrongItem', description: 'We ordered 10 ml syringes and were sent 5 ml ones.' },
      },
      events: [],
    },
    {
      openedAgoMs: 5 * HOUR,
      openedBy: 'advisor',
      input: {
        returningParty: { name: 'Guangzhou Third People\'s Hospital', phone: '020-8888 0000' },
        returnedOn: daysFrom(now, 0),
        product: oximeter,
        serialNumber: 'PX200-0002',
        quantity: 1,
        reason: { kind: 'qualityProblem', description: 'Reads 10 % low against the ward\'s reference monitor.' },
      },
      events: [],
    },
    {
      openedAgoMs: 3 * DAY,
      openedBy: 'qa',
      input: {
        returningParty: dealer,
        returnedOn: daysFrom(now, -3),
        product: oximeter,
        serialNumber: 'PX200-0107',
        quantity: 1,
        reason: { kind: 'notNeeded', description: 'Surplus to the order.' },
      },
      events: [{ agoMs: 3 * DAY - 3 * HOUR, role: 'qa', event: { type: 'return.inspected', findings: 'Sealed, undamaged, within spec.', conforming: true } }],
    },
    {
      openedAgoMs: 9 * DAY,
      openedBy: 'qa',
      input: {
        returningParty: { name: 'Guangzhou Third People\'s Hospital', phone: '020-8888 0000' },
        returnedOn: daysFrom(now, -9),
        product: oximeter,
        serialNumber: 'PX200-0044',
        quantity: 1,
        reason: { kind: 'damagedInTransit', description: 'The display cracked in the delivery van.' },
      },
      events: [
        { agoMs: 9 * DAY - 4 * HOUR, role: 'qa', event: { type: 'return.inspected', findings: 'Display cracked; sensor fine.', conforming: false } },
        { agoMs: 8 * DAY, role: 'qa', event: { type: 'return.dispositioned', disposition: 'repair', note: 'Display replaced by the maker\'s service centre.' } },
        { agoMs: 2 * DAY, role: 'qa', event: { type: 'return.closed', note: 'Repaired unit sent back to the hospital.' } },
      ],
    },
  ];
}
