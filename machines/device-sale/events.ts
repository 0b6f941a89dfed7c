/**
 * The device sale's input and its events: per event its payload schema, who may send it, its
 * name in three languages and its form's starting values. CONTRACT.md "Processes added in v2".
 */
import { z } from 'zod';
import { isoDate, longText, text, type EventDefinition, type StaffRole, type StampedEvent } from '../process.js';
import type { DeviceSaleContext } from './machine.js';

export const buyerKinds = ['business', 'medicalInstitution', 'individual'] as const;
export const licenceKinds = ['businessLicence', 'deviceFilingRecord', 'deviceOperatingPermit', 'practiceLicence'] as const;

export const deviceSaleInputSchema = z.strictObject({
  buyer: z.strictObject({
    kind: z.enum(buyerKinds),
    name: text(200),
    phone: text(50).optional(),
    address: text(500).optional(),
  }),
});
export type DeviceSaleInput = z.infer<typeof deviceSaleInputSchema>;

export const licenceSchema = z.strictObject({
  kind: z.enum(licenceKinds),
  number: text(100),
  holder: text(200),
  /** The last day the licence is valid. */
  expiresOn: isoDate(),
});
export type Licence = z.infer<typeof licenceSchema>;

export const soldUnitSchema = z.strictObject({
  product: text(200),
  manufacturer: text(200),
  /** Specification / model (規格型號). */
  model: text(200),
  productionDate: isoDate(),
  /** The serial number (出廠編號) of one unit; a line with a serial is that one unit. */
  serialNumber: text(100).optional(),
  lot: text(100).optional(),
  quantity: z.number().int().min(1).max(1_000_000),
  /** The product's expiry date, or else its service life: the record is kept a year past it. */
  expiryDate: isoDate().optional(),
  serviceLifeYears: z.number().int().min(1).max(100).optional(),
  /** A specially managed product (特殊管理產品): sold only after its own check. */
  speciallyManaged: z.boolean().optional(),
});
export type SoldUnitInput = z.infer<typeof soldUnitSchema>;

const sales: readonly StaffRole[] = ['advisor', 'manager'];
const DAY = 24 * 3600_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The licences a buyer of this kind shows (4.1), as the form's starting rows. */
const licencesFor = (ctx: DeviceSaleContext) => {
  const blank = (kind: (typeof licenceKinds)[number]) => ({ kind, number: '', holder: ctx.buyer?.name ?? '', expiresOn: '' });
  if (ctx.buyer?.kind === 'business') return [blank('businessLicence'), blank('deviceOperatingPermit')];
  if (ctx.buyer?.kind === 'medicalInstitution') return [blank('practiceLicence')];
  return [];
};

/** Declares one event, keeping its payload type for the machine. */
const event = <P extends z.ZodObject>(definition: EventDefinition<P, DeviceSaleContext>) => definition;

export const deviceSaleEvents = {
  'buyer.qualified': event({
    schema: z.strictObject({
      licences: z.array(licenceSchema).max(10),
      /** The check that specially managed products require (the rule applied and who checked it). */
      specialManagementCheck: z.strictObject({ basis: text(500), checkedBy: text(200) }).optional(),
      note: longText().optional(),
    }),
    roles: sales,
    label: { en: 'Buyer qualified', 'zh-Hans': '购货单位资质审核通过', 'zh-Hant': '購貨單位資質審核通過' },
    formDefaults: (ctx) => ({ licences: licencesFor(ctx) }),
    example: (ctx, { now }) => ({
      licences: licencesFor(ctx).map((l, i) => ({ ...l, number: `EX-${i + 1}`, holder: ctx.buyer.name, expiresOn: isoDay(new Date(now.getTime() + 365 * DAY)) })),
    }),
  }),
  'sale.recorded': event({
    schema: z.strictObject({
      saleDate: isoDate(),
      /** The staff member who handled the sale (經辦人). */
      handler: text(200),
      invoiceNumber: text(100),
      contractNumber: text(100),
      units: z.array(soldUnitSchema).max(500),
    }),
    roles: sales,
    label: { en: 'Sale recorded', 'zh-Hans': '建立销售记录', 'zh-Hant': '建立銷售記錄' },
    formDefaults: (_, { actor, now }) => ({
      saleDate: isoDay(now),
      handler: actor.name,
      units: [{ product: '', manufacturer: '', model: '', productionDate: '', quantity: 1 }],
    }),
    example: (_, { now }) => ({
      saleDate: isoDay(now),
      handler: 'Zhou Li',
      invoiceNumber: 'INV 44010023',
      contractNumber: 'HT-2026-118',
      units: [
        { product: 'Pulse oximeter', manufacturer: 'Shenzhen Medtech', model: 'PX-200', productionDate: isoDay(new Date(now.getTime() - 90 * DAY)), serialNumber: 'PX200-0001', quantity: 1, serviceLifeYears: 5 },
        { product: 'Sterile syringe 5 ml', manufacturer: 'Jiangxi Hongda', model: '5ml-LL', productionDate: isoDay(new Date(now.getTime() - 30 * DAY)), lot: 'L-EXAMPLE', quantity: 200, expiryDate: isoDay(new Date(now.getTime() + 3 * 365 * DAY)) },
      ],
    }),
  }),
  'sale.cancelled': event({
    schema: z.strictObject({ reason: longText() }),
    roles: sales,
    label: { en: 'Sale cancelled', 'zh-Hans': '取消销售', 'zh-Hant': '取消銷售' },
    turnsAway: true,
    example: () => ({ reason: 'The buyer withdrew the order.' }),
  }),
};

type Payloads = { [K in keyof typeof deviceSaleEvents]: z.infer<(typeof deviceSaleEvents)[K]['schema']> };
export type DeviceSalePayload<T extends keyof Payloads> = Payloads[T];
export type DeviceSaleEvent = { [K in keyof Payloads]: StampedEvent<K, Payloads[K]> }[keyof Payloads];
export type EventOf<T extends DeviceSaleEvent['type']> = Extract<DeviceSaleEvent, { type: T }>;
