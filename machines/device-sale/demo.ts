/** Demo device sales for a newcomer's first start: one per step, and two recorded sales sharing a lot to recall. */
import type { DemoCase } from '../process.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const daysFrom = (now: Date, days: number) => isoDay(new Date(now.getTime() + days * DAY));

const hospital = { kind: 'medicalInstitution', name: 'Guangzhou Third People\'s Hospital', phone: '020-8888 0000' };
const dealer = { kind: 'business', name: 'Kangjian Medical Supplies Ltd', phone: '020-3333 4444' };

const practiceLicence = (now: Date) => ({ kind: 'practiceLicence', number: 'PDY-440100-0031', holder: hospital.name, expiresOn: daysFrom(now, 400) });
const dealerLicences = (now: Date) => [
  { kind: 'businessLicence', number: '91440101MA5C0001', holder: dealer.name, expiresOn: daysFrom(now, 2000) },
  { kind: 'deviceOperatingPermit', number: 'YUE-SHI-YAO-JIAN-20240017', holder: dealer.name, expiresOn: daysFrom(now, 700) },
];

/** The demo lot that two sales share: type it on the recall page. */
export const DEMO_RECALL_LOT = 'L2026-09-A';

const syringes = (quantity: number) => ({
  product: 'Sterile syringe 5 ml',
  manufacturer: 'Jiangxi Hongda',
  model: '5ml-LL',
  productionDate: '2026-09-01',
  lot: DEMO_RECALL_LOT,
  quantity,
  expiryDate: '2029-08-31',
});

export function deviceSaleDemo(now: Date): DemoCase[] {
  return [
    { openedAgoMs: 3 * HOUR, openedBy: 'advisor', input: { buyer: hospital }, events: [] },
    {
      openedAgoMs: 2 * DAY,
      openedBy: 'advisor',
      input: { buyer: dealer },
      events: [{ agoMs: 2 * DAY - HOUR, role: 'advisor', event: { type: 'buyer.qualified', licences: dealerLicences(now) } }],
    },
    {
      openedAgoMs: 6 * DAY,
      openedBy: 'advisor',
      input: { buyer: hospital },
      events: [
        { agoMs: 6 * DAY - HOUR, role: 'advisor', event: { type: 'buyer.qualified', licences: [practiceLicence(now)] } },
        {
          agoMs: 6 * DAY - 2 * HOUR,
          role: 'advisor',
          event: {
            type: 'sale.recorded',
            saleDate: daysFrom(now, -6),
            handler: 'Demo Advisor',
            invoiceNumber: 'INV 44010023',
            contractNumber: 'HT-2026-118',
            units: [
              { product: 'Pulse oximeter', manufacturer: 'Shenzhen Medtech', model: 'PX-200', productionDate: '2026-03-01', serialNumber: 'PX200-0001', quantity: 1, serviceLifeYears: 5 },
              { product: 'Pulse oximeter', manufacturer: 'Shenzhen Medtech', model: 'PX-200', productionDate: '2026-03-01', serialNumber: 'PX200-0002', quantity: 1, serviceLifeYears: 5 },
              syringes(2000),
            ],
          },
        },
      ],
    },
    {
      openedAgoMs: 4 * DAY,
      openedBy: 'advisor',
      input: { buyer: dealer },
      events: [
        { agoMs: 4 * DAY - HOUR, role: 'advisor', event: { type: 'buyer.qualified', licences: dealerLicences(now) } },
        {
          agoMs: 4 * DAY - 2 * HOUR,
          role: 'advisor',
          event: { type: 'sale.recorded', saleDate: daysFrom(now, -4), handler: 'Demo Advisor', invoiceNumber: 'INV 44010031', contractNumber: 'HT-2026-121', units: [syringes(5000)] },
        },
      ],
    },
    {
      openedAgoMs: 5 * DAY,
      openedBy: 'advisor',
      input: { buyer: { kind: 'individual', name: 'Chen Jing', phone: '139 0000 2222' } },
      events: [
        { agoMs: 5 * DAY - HOUR, role: 'advisor', event: { type: 'buyer.qualified', licences: [] } },
        { agoMs: 5 * DAY - 2 * HOUR, role: 'advisor', event: { type: 'sale.cancelled', reason: 'The customer bought a home model elsewhere.' } },
      ],
    },
  ];
}
